"""Indeed Hiring Lab job postings index (daily, 2020-02-01 = 100), aggregate and by sector, per country."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Mapping, Sequence

from pydantic import StringConstraints

from scoring.signals import SeriesSpec
from sources.base import FetchRequest, Observation, SignalParams, Source, check_contract
from sources.errors import ParseError
from sources.tabular import csv_rows, iso_date, number

NAME = "hiringlab"
BASE = "https://raw.githubusercontent.com/hiring-lab/job_postings_tracker/master"
# The two files name their value column differently (the sector file has no _SA suffix).
VALUE_COLUMNS = ("indeed_job_postings_index_SA", "indeed_job_postings_index")
ATTRIBUTION = "Source: Indeed Hiring Lab"
# Each country's sector file lists its own sectors: the US sectors a country's file lacks (its recordings of
# 2024-2025). A role whose sector is missing there has no local postings reading in that country.
MISSING_SECTORS: dict[str, frozenset[str]] = {
    "US": frozenset(),
    "GB": frozenset({"Education & Instruction"}),
    "AU": frozenset({"Driving"}),
    "CA": frozenset(
        {"Childcare", "Civil Engineering", "Electrical Engineering", "Mathematics", "Medical Information"}
        | {"Pharmacy", "Sports", "Veterinary"}
    ),
    "DE": frozenset(
        {"Arts & Entertainment", "Banking & Finance", "Driving", "Food Preparation & Service", "Industrial Engineering"}
        | {"Medical Information", "Nursing", "Personal Care & Home Health", "Physicians & Surgeons", "Retail", "Sports"}
    ),
    "FR": frozenset(
        {"Architecture", "Beauty & Wellness", "Childcare", "Civil Engineering", "Community & Social Service", "Dental"}
        | {"Electrical Engineering", "Mathematics", "Medical Information", "Medical Technician"}
        | {"Scientific Research & Development", "Sports", "Veterinary"}
    ),
}


def has_sector(country: str, sector: str) -> bool:
    """Whether the country's sector file has this (US-named) sector."""
    return country in MISSING_SECTORS and sector not in MISSING_SECTORS[country]


class Params(SignalParams):
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "US"
    sector: Annotated[str, StringConstraints(min_length=1)] | None = None


def series_spec(params: Params, measure: str) -> SeriesSpec:
    """The daily postings index of a country (and sector), compared by 28-day window means."""
    what = f"{params.sector.lower()} postings" if params.sector else "job postings, all sectors"
    label = f"Indeed {params.country} {what} (Indeed Hiring Lab index)"
    return SeriesSpec(
        benchmark=series_key(params.country, ALL_SECTORS, "total postings") if params.sector else None,
        source=NAME,
        series_key=series_key(params.country, params.sector, "total postings"),
        metric="postings_index",
        shape="window",
        country=params.country,
        label=label,
        attribution=ATTRIBUTION,
    )


def file_url(country: str, sector: str | None) -> str:
    kind = "job_postings_by_sector" if sector else "aggregate_job_postings"
    return f"{BASE}/{country.upper()}/{kind}_{country.upper()}.csv"


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    urls = {file_url(s.get("country", "US"), s.get("sector")) for s in signals}
    return [FetchRequest(NAME, url) for url in sorted(urls)]


def series_key(country: str, sector: str | None, variable: str) -> str:
    return f"{country}/{sector or 'all'}/{variable}"


def parse(body: bytes, request: FetchRequest) -> list[Observation]:
    url = request.url
    # A by-sector file without its sector column would be read as the all-sectors series: refuse it.
    by_sector = "job_postings_by_sector" in url
    rows = csv_rows(body, url, ("date", "jobcountry", "variable") + (("display_name",) if by_sector else ()))
    value_column = next((c for c in VALUE_COLUMNS if c in rows[0]), None) if rows else None
    if value_column is None:
        raise ParseError(url, f"no value column (expected one of {', '.join(VALUE_COLUMNS)})")
    observations = [
        Observation(
            source=NAME,
            series_key=series_key(row["jobcountry"], row["display_name"] if by_sector else None, row["variable"]),
            period_date=iso_date(row["date"], url),
            metric="postings_index",
            value=number(row[value_column], f"{url} {row['date']}"),
            unit="index",
        )
        for row in rows
    ]
    if by_sector:
        observations += _equal_weight_aggregate(observations)
    # Upstream rows are not always in date order; sorted output makes a shuffled file parse identically.
    observations.sort(key=lambda o: (o.series_key, o.period_date))
    _all_series_end_together(observations, url)
    return check_contract(
        observations, url, min_rows=100, plausible={"postings_index": (0, 1000)}, positive=("postings_index",)
    )


ALL_SECTORS = "all sectors, equal weight"  # the sector file's own benchmark (the "relative" postings basis)
MIN_SECTOR_SHARE = 0.8  # a day's aggregate needs this share of the sectors


def _equal_weight_aggregate(observations: list[Observation]) -> list[Observation]:
    """Per country and day, the mean of the sector indexes (each 2020-02-01 = 100): the market as a whole, from
    the same file and vintage as the sectors it is compared with (no second download, no mixed revisions)."""
    by_day: dict[tuple[str, dt.date], list[float]] = {}
    sectors: dict[str, set[str]] = {}
    for obs in observations:
        if not obs.series_key.endswith("/total postings"):
            continue  # the aggregate, and the share a day needs, count the same series
        country = obs.series_key.split("/", 1)[0]
        sectors.setdefault(country, set()).add(obs.series_key)
        if obs.value is not None:
            by_day.setdefault((country, obs.period_date), []).append(obs.value)
    return [
        Observation(
            source=NAME,
            series_key=series_key(country, ALL_SECTORS, "total postings"),
            period_date=day,
            metric="postings_index",
            value=round(sum(values) / len(values), 4),
            unit="index",
        )
        for (country, day), values in sorted(by_day.items())
        if len(values) >= MIN_SECTOR_SHARE * len(sectors[country])
    ]


SAME_END_DAYS = 0  # every series of the recorded files (US, GB) ends on the same day


def _all_series_end_together(observations: list[Observation], url: str) -> None:
    """Indeed updates every series of a file to the same day; a file cut at a line boundary (rows are grouped by
    sector) leaves the sector it was cut in ending early, and drops those after it."""
    last: dict[str, dt.date] = {}
    for obs in observations:  # sorted by series, then date: the last one seen per series is its end
        last[obs.series_key] = obs.period_date
    if not last:
        return
    newest = max(last.values())
    early = sorted((end, key) for key, end in last.items() if (newest - end).days > SAME_END_DAYS)
    if early:
        end, key = early[0]
        raise ParseError(url, f"series {key!r} ends {end}, before the file's last day {newest}: a cut file?")


def url_for_body(body: bytes) -> str | None:
    """A saved file tells its kind by its columns (display_name: by sector) and its country by its rows."""
    lines = body.decode("utf-8", "replace").splitlines()[:2]
    if len(lines) < 2 or "jobcountry" not in lines[0]:
        return None
    header, first = lines[0].split(","), lines[1].split(",")
    country = first[header.index("jobcountry")] if len(first) == len(header) else ""
    if not country.isalpha():
        return None
    return file_url(country, "any" if "display_name" in header else None)


SOURCE = Source(
    name=NAME,
    title="Indeed Hiring Lab job postings index",
    attribution=ATTRIBUTION,
    licence="CC BY 4.0",
    content_types=("text/plain", "text/csv"),
    yields="daily job postings index (2020-02-01 = 100) per country, sector and variable",
    requests_for=requests_for,
    parse=parse,
    url_for_body=url_for_body,
    examples=(
        (file_url("US", None), "hiringlab/aggregate_job_postings_US.csv"),
        (file_url("US", "Software Development"), "hiringlab/job_postings_by_sector_US.csv"),
    ),
    revises_history=True,
    parser_version=2,  # 2: the equal-weight aggregate of the sector file
    params=Params,
    series_spec=series_spec,
    measures=("postings",),
    publication_lags=(("", 7),),  # a daily index, published about a week after the day
)
