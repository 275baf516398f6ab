"""FRED series as fredgraph.csv: one series per file, '.' marks a missing value."""

from __future__ import annotations

import re
from typing import Annotated, Mapping, Sequence

from pydantic import StringConstraints

from scoring.signals import SeriesSpec
from sources.base import FetchRequest, Observation, SignalParams, Source, check_contract
from sources.errors import ParseError
from sources.tabular import csv_rows, iso_date, number

NAME = "fred"
BASE = "https://fred.stlouisfed.org/graph/fredgraph.csv"
ATTRIBUTION = "Source: FRED, Federal Reserve Bank of St. Louis; series owners as credited on FRED"


class Params(SignalParams):
    series: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]+$")]


# Indeed's postings indexes on FRED: IHLIDX + country + TP + sector code (IHLIDXUSTPSOFTDEVE); the sectors a
# reader knows by name. IHLIDX + country alone is the country's aggregate.
INDEED = re.compile(r"^IHLIDX([A-Z]{2})(?:TP([A-Z0-9]+))?$")
INDEED_RANGE = (0.0, 1000.0)  # the same plausible range as the Hiring Lab files hold their index to
INDEED_SECTORS = {
    "SOFTDEVE": "software development",
    "BANKFINA": "banking and finance",
    "ACCO": "accounting",
    "NURS": "nursing",
    "ITOPHELP": "IT operations and helpdesk",
    "DATAANAL": "data and analytics",
    "MARK": "marketing",
}


def series_label(series: str) -> str:
    """The series as people know it: "Indeed US software development postings (FRED IHLIDXUSTPSOFTDEVE)"."""
    match = INDEED.match(series)
    if not match:
        return f"FRED series {series}"
    country, code = match.groups()
    what = f"{INDEED_SECTORS[code]} postings" if code in INDEED_SECTORS else "job postings"
    return f"Indeed {country} {what if code else 'job postings, all sectors'} (FRED {series})"


def series_spec(params: Params, measure: str) -> SeriesSpec:
    """A daily index, compared by 28-day window means."""
    match = INDEED.match(params.series)
    return SeriesSpec(
        source=NAME,
        series_key=params.series,
        metric="value",
        shape="window",
        label=series_label(params.series),
        attribution=ATTRIBUTION,
        benchmark=f"IHLIDX{match.group(1)}" if match and match.group(2) else None,
    )


def series_url(series: str) -> str:
    return f"{BASE}?id={series.upper()}"


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    return [FetchRequest(NAME, series_url(s)) for s in sorted({s["series"].upper() for s in signals})]


def parse(body: bytes, request: FetchRequest) -> list[Observation]:
    url = request.url
    series = url.rsplit("id=", 1)[-1]
    date_column = "observation_date"
    rows = csv_rows(body, url, (date_column,))
    if not rows or series not in rows[0]:
        raise ParseError(url, f"CSV lacks the value column {series!r}")
    observations = [
        Observation(
            source=NAME,
            series_key=series,
            period_date=iso_date(row[date_column], url, date_column),
            metric="value",
            value=number(row[series], f"{url} {row[date_column]}"),
            unit="index",
        )
        for row in rows
    ]
    # Indeed's indexes (2020-02-01 = 100) are held to Hiring Lab's own range; other FRED series have no common one.
    plausible = {"value": INDEED_RANGE} if INDEED.match(series) else None
    return check_contract(observations, url, min_rows=10, positive=("value",), plausible=plausible)


def url_for_body(body: bytes) -> str | None:
    """fredgraph.csv's header names its series: observation_date,<SERIES>."""
    header = body.split(b"\n", 1)[0].decode("utf-8", "replace").strip().split(",")
    if len(header) == 2 and header[0] == "observation_date" and header[1].replace("_", "").isalnum():
        return series_url(header[1])
    return None


SOURCE = Source(
    name=NAME,
    title="FRED (Federal Reserve Bank of St. Louis)",
    attribution=ATTRIBUTION,
    licence="per FRED and the series owner (Indeed for IHLIDX series)",
    content_types=("text/csv", "text/plain"),
    yields="one time series per request (e.g. IHLIDXUSTPSOFTDEVE, Indeed software development postings)",
    requests_for=requests_for,
    parse=parse,
    url_for_body=url_for_body,
    examples=((series_url("IHLIDXUSTPSOFTDEVE"), "fred/IHLIDXUSTPSOFTDEVE.csv"),),
    revises_history=True,
    params=Params,
    series_spec=series_spec,
    measures=("postings",),
    publication_lags=(("", 7),),  # a daily index, published about a week after the day
)
