"""ai-jobs.net salary survey (CC0): median salary in USD and respondent count per job title and year."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from typing import Annotated, Mapping, Sequence

from pydantic import StringConstraints

from scoring.signals import SeriesSpec
from sources.base import FetchRequest, Observation, SignalParams, Source, check_contract
from sources.errors import ParseError
from sources.inflation import deflators
from sources.tabular import csv_rows, number

NAME = "aijobs"
URL = "https://raw.githubusercontent.com/foorilla/ai-jobs-net-salaries/main/salaries.csv"
ATTRIBUTION = "Source: ai-jobs.net salaries (CC0)"


class Params(SignalParams):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def series_spec(params: Params, measure: str) -> SeriesSpec:
    """A survey year's median salary vs the year before, guarded by the respondent count; deflated by US CPI-U."""
    return SeriesSpec(
        source=NAME,
        series_key=params.title,
        metric="median_salary_usd",
        shape="period",
        sample_metric="respondents",
        country="US",
        label=f"median salary of '{params.title}' respondents (ai-jobs.net survey)",
        attribution=ATTRIBUTION,
        deflators=deflators("US"),
        currency="USD",
    )


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    titles = sorted({s["title"] for s in signals})
    return [FetchRequest(NAME, URL, params={"titles": titles})] if titles else []


def parse(body: bytes, request: FetchRequest, today: dt.date | None = None) -> list[Observation]:
    """Per (title, work year): median salary_in_usd and respondents; a survey year is dated at its end,
    and a year that has not ended yet is left out (its sample is still growing)."""
    today = today or dt.date.today()
    wanted = set(request.params.get("titles") or [])
    rows = csv_rows(body, request.url, ("work_year", "job_title", "salary_in_usd"))
    salaries: dict[tuple[str, int], list[float]] = defaultdict(list)
    for row in rows:
        if wanted and row["job_title"] not in wanted:
            continue
        value = number(row["salary_in_usd"], f"{request.url} salary_in_usd")
        if value is None:
            continue
        try:
            salaries[(row["job_title"], int(row["work_year"]))].append(value)
        except ValueError:
            raise ParseError(request.url, f"work_year {row['work_year']!r} is not a year") from None
    observations = []
    for (title, year), values in sorted(salaries.items()):
        end = dt.date(year, 12, 31)
        if end > today:
            continue
        observations.append(
            Observation(
                source=NAME,
                series_key=title,
                period_date=end,
                metric="median_salary_usd",
                value=statistics.median(values),
                unit="USD/year",
            )
        )
        observations.append(
            Observation(
                source=NAME,
                series_key=title,
                period_date=end,
                metric="respondents",
                value=float(len(values)),
                unit="count",
            )
        )
    return check_contract(
        observations,
        request.url,
        min_rows=2,
        today=today,
        plausible={"median_salary_usd": (5_000, 2_000_000)},
        positive=("median_salary_usd",),
    )


SOURCE = Source(
    name=NAME,
    title="ai-jobs.net salary survey",
    attribution=ATTRIBUTION,
    licence="CC0",
    content_types=("text/plain", "text/csv"),
    yields="median salary (USD) and respondent count per job title and survey year",
    requests_for=requests_for,
    parse=parse,
    examples=((URL, "aijobs/salaries.csv"),),
    params=Params,
    series_spec=series_spec,
    measures=("pay",),
)
