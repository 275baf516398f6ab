"""BLS OEWS national estimates (May of each year): per 6-digit SOC, employment, median and mean annual wage and
wage percentiles. Each yearly file is its own vintage; BLS's special values ('*', '**' not available, '#'
top-coded) are stored as unavailable (NULL), top-coding flagged in its own metric, never as numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from typing import Mapping, Sequence

from scoring.signals import SeriesSpec
from sources.base import FetchRequest, Observation, Source, check_contract
from sources.bls import Params, median_wage_spec
from sources.errors import ParseError
from sources.tabular import month_end, number

NAME = "oews"
ATTRIBUTION = "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
YEARS = (2020, 2021, 2022, 2023, 2024, 2025)
REFERENCE_MONTH = 5  # estimates are for May of the reference year
TOP_CODED, UNAVAILABLE = "#", ("*", "**", "-", "")
METRICS = {
    "TOT_EMP": ("employment", "count"),
    "A_MEDIAN": ("annual_median_wage", "USD/year"),
    "A_MEAN": ("annual_mean_wage", "USD/year"),
    "A_PCT10": ("annual_wage_p10", "USD/year"),
    "A_PCT25": ("annual_wage_p25", "USD/year"),
    "A_PCT75": ("annual_wage_p75", "USD/year"),
    "A_PCT90": ("annual_wage_p90", "USD/year"),
    "MEAN_PRSE": ("mean_wage_rse", "percent"),  # relative standard error of the mean wage (sampling error)
}
TOTAL = "00-0000"  # All Occupations: the benchmark of the wage rule's "relative" basis
SOC = re.compile(r"^\d{2}-\d{4}$")


def year_url(year: int) -> str:
    return f"https://www.bls.gov/oes/special-requests/oesm{year % 100:02d}nat.zip"


def series_spec(params: Params, measure: str) -> SeriesSpec:
    return median_wage_spec(
        NAME,
        params.soc,
        f"US median wage, SOC {params.soc} (BLS OEWS, national)",
        ATTRIBUTION,
        rse_metric="mean_wage_rse",
        benchmark=f"OEWS/{TOTAL}",
    )


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    """Every yearly national file (each holds every occupation) when any role follows an OEWS series."""
    return [FetchRequest(NAME, year_url(year)) for year in YEARS] if signals else []


def _year(url: str) -> int:
    match = re.search(r"oesm(\d{2})nat", url)
    if not match:
        raise ParseError(url, "not an OEWS national file URL (oesmYYnat)")
    return 2000 + int(match.group(1))


def _workbook_rows(body: bytes, url: str) -> list[dict]:
    import openpyxl

    archive = zipfile.ZipFile(io.BytesIO(body))
    if "[Content_Types].xml" not in archive.namelist():  # BLS's zip around the workbook
        inner = next((n for n in archive.namelist() if n.endswith("_dl.xlsx")), None)
        if inner is None:
            raise ParseError(url, "zip holds no national_MYYYY_dl.xlsx")
        body = archive.read(inner)
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    header = [str(c) for c in rows[0]]
    return [
        {k: ("" if v is None else str(v)) for k, v in zip(header, row)}
        for row in rows[1:]
        if dict(zip(header, row)).get("O_GROUP") in ("detailed", "total")
    ]


def _flat_rows(body: bytes) -> list[dict]:
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    rows = [row for row in reader if row.get("DISPLAY_LEVEL") == "3" or row.get("OCC_CODE") == TOTAL]
    for row in rows:  # the flat files mark top-coding with footnote 5 instead of '#'
        for column in METRICS:
            if row.get(f"FOOTNOTE_{column}") == "5":
                row[column] = TOP_CODED
    return rows


def _rows(body: bytes, url: str) -> list[dict]:
    try:
        return _workbook_rows(body, url) if body[:2] == b"PK" else _flat_rows(body)
    except ParseError:
        raise
    except Exception as exc:  # a damaged workbook, zip or CSV
        raise ParseError(url, f"not a readable OEWS national file ({type(exc).__name__}: {exc})") from None


def _observations(row: dict, end: dt.date, url: str) -> list[Observation]:
    soc = str(row.get("OCC_CODE", "")).strip()
    if not SOC.match(soc):
        raise ParseError(url, f"OCC_CODE {soc!r} is not a 6-digit SOC code")
    out = []
    for column, (metric, unit) in METRICS.items():
        text = str(row.get(column, "")).strip()
        if text == TOP_CODED:
            out.append(
                Observation(
                    source=NAME,
                    series_key=f"OEWS/{soc}",
                    period_date=end,
                    metric=f"{metric}_topcoded",
                    value=1.0,
                    unit="flag",
                )
            )
        value = None if text in UNAVAILABLE or text == TOP_CODED else number(text, f"{url} {soc} {column}")
        out.append(
            Observation(source=NAME, series_key=f"OEWS/{soc}", period_date=end, metric=metric, value=value, unit=unit)
        )
    return out


# An occupation's wage percentiles rise in this order; a file where they do not has its columns swapped or shifted.
PERCENTILE_ORDER = ("annual_wage_p10", "annual_wage_p25", "annual_median_wage", "annual_wage_p75", "annual_wage_p90")


def check_percentile_order(observations: list[Observation], url: str) -> None:
    """ParseError naming the first occupation whose wage percentiles (those published) do not rise in order."""
    by_soc: dict[str, dict[str, float]] = {}
    for o in observations:
        if o.metric in PERCENTILE_ORDER and o.value is not None:
            by_soc.setdefault(o.series_key, {})[o.metric] = o.value
    for key, found in by_soc.items():
        values = [(m, found[m]) for m in PERCENTILE_ORDER if m in found]
        for (low_name, low), (high_name, high) in zip(values, values[1:]):
            if low > high:
                raise ParseError(
                    url, f"{key}: {low_name} {low:g} above {high_name} {high:g}: percentile columns swapped?"
                )


def parse(body: bytes, request: FetchRequest) -> list[Observation]:
    url = request.url
    end = month_end(_year(url), REFERENCE_MONTH)
    rows = _rows(body, url)
    observations = [o for row in rows for o in _observations(row, end, url)]
    observations.sort(key=lambda o: (o.series_key, o.metric))
    check_percentile_order(observations, url)
    return check_contract(
        observations,
        url,
        min_rows=500 * len(METRICS),
        positive=("annual_median_wage",),
        plausible={"annual_median_wage": (5_000, 1_000_000), "annual_mean_wage": (5_000, 1_000_000)},
    )


SOURCE = Source(
    name=NAME,
    title="BLS OEWS national estimates",
    attribution=ATTRIBUTION,
    licence="public domain (US government)",
    content_types=(
        "application/zip",
        "application/x-zip-compressed",
        "application/octet-stream",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
        "text/plain",
    ),
    yields="per 6-digit SOC: employment, median and mean annual wage, wage percentiles (May of each year)",
    requests_for=requests_for,
    parse=parse,
    examples=(
        (year_url(2024), "catalogue/bls_oews_national/national_M2024_dl.xlsx"),
        (year_url(2025), "catalogue/bls_oews_national/oews_national_M2025_from_bls_flatfiles.csv"),
    ),
    params=Params,
    series_spec=series_spec,
    measures=("pay",),
    parser_version=2,  # 2: MEAN_PRSE (sampling error) and the All Occupations row
)  # published: each May's estimates from BLS's release date, the file's vintage (the default)
