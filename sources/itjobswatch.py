"""IT Jobs Watch (UK): postings, rank and pay for a term, from the first table.summary of its page."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Literal, Mapping, Sequence
from urllib.parse import quote, unquote, urlsplit

from bs4 import BeautifulSoup
from pydantic import StringConstraints

from scoring.signals import SeriesSpec
from sources.base import FetchRequest, Observation, SignalParams, Source, check_contract
from sources.errors import ParseError
from sources.inflation import deflators

NAME = "itjobswatch"
BASE = "https://www.itjobswatch.co.uk"
KIND_PATHS = {"perm": "jobs", "contract": "contracts"}
FAMILY_UNITS = {"salary": "GBP/year", "daily_rate": "GBP/day", "hourly_rate": "GBP/hour"}
ATTRIBUTION = "Source: IT Jobs Watch (itjobswatch.co.uk)"
PLAUSIBLE = {"salary_median": (5_000, 1_000_000), "daily_rate_median": (50, 5_000), "hourly_rate_median": (5, 1_000)}


def page_url(term: str, location: str = "uk", kind: str = "perm") -> str:
    if kind not in KIND_PATHS:
        raise ValueError(f"itjobswatch kind must be one of {sorted(KIND_PATHS)}, got {kind!r}")
    return f"{BASE}/{KIND_PATHS[kind]}/{quote(location.lower())}/{quote(term.lower())}.do"


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    urls = {page_url(s["term"], s.get("location", "uk"), s.get("kind", "perm")): s for s in signals}
    return [FetchRequest(NAME, url, params=dict(params)) for url, params in sorted(urls.items())]


class Params(SignalParams):
    term: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    location: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = "uk"
    kind: Literal["perm", "contract"] = "perm"


def series_spec(params: Params, measure: str) -> SeriesSpec:
    """Postings citing the term, or its median pay (salary, or day rate for contracts), 6 months vs a year
    earlier, guarded by the count the page reports; pay is deflated by UK CPIH."""
    key = f"{params.kind}/{params.location.lower()}/{params.term.lower()}"
    if measure == "postings":
        return SeriesSpec(
            source=NAME,
            series_key=key,
            metric="job_count",
            shape="period",
            sample_metric="job_count",
            country="UK",
            label=f"UK {params.kind} job postings citing '{params.term}' (IT Jobs Watch, {params.location})",
            attribution=ATTRIBUTION,
        )
    pay = "salary" if params.kind == "perm" else "daily_rate"
    return SeriesSpec(
        source=NAME,
        series_key=key,
        metric=f"{pay}_median",
        shape="period",
        sample_metric=f"{pay}_quoted",
        country="UK",
        label=f"UK median {pay.replace('_', ' ')} for '{params.term}' (IT Jobs Watch, {params.location})",
        attribution=ATTRIBUTION,
        deflators=deflators("UK"),
        currency="GBP",
    )


def series_key(url: str) -> str:
    """'perm/uk/developer' from the page URL."""
    parts = [unquote(p) for p in urlsplit(url).path.strip("/").split("/")]
    kind = "contract" if parts[0] == "contracts" else "perm"
    return f"{kind}/{parts[1]}/{parts[2].removesuffix('.do')}"


UNAVAILABLE = ("", "-", "–", "—", "n/a", "na")
# Thousands separators the pages have used: comma, no-break space, narrow no-break space, thin space.
SEPARATORS = (",", "\u00a0", "\u202f", "\u2009")


def _number(text: str, where: str) -> float | None:
    """A cell's value: '34,634', '£50,500', '$50,500', '€400', '34.6k', '£50.5k', '-8.57%', NBSP thousands;
    '-' or 'n/a' is unavailable (None). Anything else is a ParseError naming the cell, never a silent NULL."""
    cleaned = text.strip()
    for mark in ("£", "$", "€", "%", *SEPARATORS):
        cleaned = cleaned.replace(mark, "")
    cleaned = cleaned.strip()
    if cleaned.lower() in UNAVAILABLE:
        return None
    scale = 1.0
    if cleaned[-1:] in ("k", "K"):
        cleaned, scale = cleaned[:-1], 1000.0
    try:
        value = float(cleaned) * scale
    except ValueError:
        raise ParseError(where, f"cell {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ParseError(where, f"cell {text!r} is not a finite number")
    return round(value, 6)


def _period_ends(headers: list[str], url: str) -> list[dt.date]:
    match = re.search(r"to (\d{1,2} \w{3} \d{4})", headers[0])
    if not match:
        raise ParseError(url, f"period header '6 months to <date>' not found (got {headers[0]!r})")
    try:
        end = dt.datetime.strptime(match.group(1), "%d %b %Y").date()
    except ValueError:
        raise ParseError(url, f"period end {match.group(1)!r} is not a date like '2 Mar 2020'") from None
    dates = [end]
    for header in headers[1:]:
        year = re.search(r"(\d{4})", header)
        if not year:
            raise ParseError(url, f"comparison column header without a year: {header!r}")
        day = min(end.day, 28) if end.month == 2 else end.day
        try:
            dates.append(end.replace(year=int(year.group(1)), day=day))
        except ValueError:
            raise ParseError(url, f"comparison column header {header!r} names no valid year") from None
    return dates


class _RowReader:
    """Names rows by meaning. Pay rows belong to a family (salary / daily_rate / hourly_rate) set by the
    nearest 'Number of ... quoted' or median row; a bare '% change year-on-year' refers to the row above."""

    def __init__(self, family: str):
        self.family = family
        self.last_median = f"{family}_median"

    def metric(self, label: str) -> str | None:
        text = label.lower()
        quoted = re.search(r"number of (salaries|daily rates|hourly rates) quoted", text)
        if quoted:
            self.family = {"salaries": "salary", "daily rates": "daily_rate", "hourly rates": "hourly_rate"}[
                quoted.group(1)
            ]
            return f"{self.family}_quoted"
        if text == "rank":
            return "rank"
        if text.startswith("rank change"):
            return "rank_change_yoy"
        if re.match(r"^(permanent|contract) jobs (requiring|citing)", text):
            return "job_count"
        if text.startswith("as % of all"):
            return "share_of_all_pct"
        if "change year-on-year" in text:
            return f"{self.family}_median_change_yoy_pct" if "median" in text else f"{self.last_median}_change_yoy_pct"
        if "median" in text:
            if "daily rate" in text or "hourly rate" in text:
                self.family = "daily_rate" if "daily" in text else "hourly_rate"
            self.last_median = f"{self.family}_median" + ("_excl_london" if "excluding" in text else "")
            return self.last_median
        percentile = re.match(r"^(10|25|75|90)th percentile", text)
        return f"{self.family}_p{percentile.group(1)}" if percentile else None


def _unit(metric: str) -> str:
    if metric == "job_count":
        return "postings"
    if metric.endswith("_quoted"):
        return "count"
    if metric.endswith("_pct"):
        return "%"
    if metric.startswith("rank"):
        return "rank"
    return next(unit for family, unit in FAMILY_UNITS.items() if metric.startswith(family))


def parse(body: bytes, request: FetchRequest) -> list[Observation]:
    """Observations from the first table.summary (the term's own; the second is the all-jobs baseline)."""
    url = request.url
    table = BeautifulSoup(body, "html.parser").select_one("table.summary")
    if table is None:
        raise ParseError(url, "no table.summary on the page (layout changed or not a term page)")
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
    header = next((r for r in rows if len(r) >= 2 and "months to" in r[1]), None)
    if header is None:
        raise ParseError(url, "no header row with '6 months to <date>'")
    dates = _period_ends(header[1:], url)
    key = series_key(url)
    reader = _RowReader("daily_rate" if key.startswith("contract") else "salary")
    observations: list[Observation] = []
    seen: set[str] = set()
    for cells in rows:
        if len(cells) != len(dates) + 1 or cells is header:
            continue
        metric = reader.metric(cells[0])
        if metric is None or metric in seen:
            continue
        seen.add(metric)
        observations += [
            Observation(
                source=NAME,
                series_key=key,
                period_date=date,
                metric=metric,
                value=_number(value, f"{url} {cells[0]!r}"),
                unit=_unit(metric),
            )
            for date, value in zip(dates, cells[1:])
        ]
    return check_contract(observations, url, min_rows=6, required_metrics=("job_count",), plausible=PLAUSIBLE)


PAGE_OF = re.compile(rb"\b(Permanent|Contract) jobs (?:citing|requiring) (?:an? )?([^<.\n]+?)\s*[.<]", re.IGNORECASE)


def url_for_body(body: bytes) -> str | None:
    """A saved term page names its kind and term ("Contract jobs requiring a QA Engineer"); UK-wide assumed."""
    found = PAGE_OF.search(body)
    if found is None:
        return None
    kind = "perm" if found.group(1).lower() == b"permanent" else "contract"
    return page_url(found.group(2).decode("utf-8", "replace").strip(), "uk", kind)


SOURCE = Source(
    name=NAME,
    title="IT Jobs Watch",
    attribution=ATTRIBUTION,
    licence="CC BY-NC-SA 4.0",
    content_types=("text/html",),
    yields="UK job count, rank, median salary or day rate and percentiles for a term (6 months to a date, "
    "and the same period one and two years earlier)",
    requests_for=requests_for,
    parse=parse,
    parser_version=2,  # 2: k-suffixed, currency and NBSP numbers parsed; unreadable cells are errors
    url_for_body=url_for_body,
    examples=(
        (page_url("developer"), "itjobswatch/itjobswatch_perm_page_stub.html"),
        (page_url("qa engineer", kind="contract"), "itjobswatch/itjobswatch_contract_test_page_stub.html"),
    ),
    params=Params,
    series_spec=series_spec,
    measures=("postings", "pay"),
)
