"""US CPI-U (BLS series CUUR0000SA0) as the datasets/cpi-us CSV: the long history for offline and backfill use."""

from __future__ import annotations

from typing import Mapping, Sequence

from sources.base import FetchRequest, Observation, Source, check_contract
from sources.tabular import csv_rows, iso_date, month_end, number

NAME = "uscpi"
URL = "https://raw.githubusercontent.com/datasets/cpi-us/main/data/cpiai.csv"
SERIES = "CUUR0000SA0"


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    return [FetchRequest(NAME, URL)] if signals else []


def parse(body: bytes, request: FetchRequest) -> list[Observation]:
    # The file's Inflation column is computed across gaps (2025-10 is missing): recompute from Index instead.
    rows = csv_rows(body, request.url, ("Date", "Index"))
    observations = []
    for row in rows:
        start = iso_date(row["Date"], request.url, "Date")
        observations.append(
            Observation(
                source=NAME,
                series_key=SERIES,
                period_date=month_end(start.year, start.month),
                metric="cpi_index",
                value=number(row["Index"], f"{request.url} {row['Date']}"),
                unit="index (1982-84=100)",
            )
        )
    return check_contract(
        observations, request.url, min_rows=12, plausible={"cpi_index": (1, 10_000)}, positive=("cpi_index",)
    )


SOURCE = Source(
    name=NAME,
    title="US CPI-U (datasets/cpi-us)",
    attribution="Source: U.S. Bureau of Labor Statistics, via datasets/cpi-us",
    licence="PDDL",
    content_types=("text/plain", "text/csv"),
    yields="monthly US CPI-U index, dated at month end",
    requests_for=requests_for,
    parse=parse,
    examples=((URL, "cpi/cpiai.csv"),),
    publication_lags=(("", 15),),  # a month's CPI-U is released about two weeks after the month ends
)
