"""ONS Annual Survey of Hours and Earnings (ASHE), Table 14: annual gross pay by 4-digit UK SOC 2020 group (the
median, the number of jobs) and ONS's coefficients of variation of those medians, for all employee jobs in the
UK. One workbook per year and table (14.7a estimates, 14.7b CVs), each year published on its release date (the
recording's vintage). The 2021 tables are on SOC 2010 and are left out: their codes are another classification,
and ONS's own SOC 2020 re-estimate of 2021 was withdrawn for a coding error, so no bridge would be ONS's."""

from __future__ import annotations

import io
import re
from typing import Annotated, Mapping, Sequence
from urllib.parse import quote, unquote

from pydantic import StringConstraints

from scoring.signals import SeriesSpec
from sources.base import FetchRequest, Observation, SignalParams, Source, check_contract
from sources.errors import ParseError
from sources.inflation import deflators
from sources.tabular import month_end, number

NAME = "ashe"
ATTRIBUTION = "Source: Office for National Statistics licensed under the Open Government Licence v3.0"
YEARS = (2022, 2023, 2024)  # SOC 2020 years; 2021 is SOC 2010 (left out, see above)
REFERENCE_MONTH = 4  # pay in a pay period in April of the year
MIRROR = "https://raw.githubusercontent.com/PMOLDN/ukjobs/3db7a2ea7a459e1758e84e0e49d0aee880661eef/Data/Raw/pay"
TOTAL = "ALL"  # the "All employees" row: the relative basis's benchmark
CODE = re.compile(r"^\d{4}$")
# ONS's marks for a value it does not publish: CV over 20% (x), disclosive (..), not applicable (:), nil (-).
UNPUBLISHED = ("", "x", "..", ":", "-", ".")
TABLES = {"a": ("annual_median_pay", "GBP/year"), "b": ("annual_median_pay_cv", "percent")}


class Params(SignalParams):
    soc2020: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]


def file_name(year: int, table: str) -> str:
    """ONS's name of the year's Table 14.7 workbook (a: estimates, b: CVs); 2024's is .xlsx, earlier ones .xls."""
    extension = "xlsx" if year >= 2024 else "xls"
    return f"PROV - Occupation SOC20 (4) Table 14.7{table}   Annual pay - Gross {year}{' CV' if table == 'b' else ''}.{extension}"


def table_url(year: int, table: str) -> str:
    """The workbook as ONS published it, from the mirror's copy."""
    return f"{MIRROR}/ashetable14{year}provisional/{quote(file_name(year, table))}"


def series_key(soc2020: str) -> str:
    return f"ASHE/{soc2020}"


def series_spec(params: Params, measure: str) -> SeriesSpec:
    return SeriesSpec(
        source=NAME,
        series_key=series_key(params.soc2020),
        metric="annual_median_pay",
        shape="period",
        country="UK",
        label=f"UK median annual pay, SOC 2020 {params.soc2020} (ONS ASHE)",
        attribution=ATTRIBUTION,
        deflators=deflators("UK"),
        rse_metric="annual_median_pay_cv",
        rse_of_median=True,
        benchmark=series_key(TOTAL),
        currency="GBP",
    )


def requests_for(signals: Sequence[Mapping]) -> list[FetchRequest]:
    """Every year's two workbooks (each holds every group) when any role follows an ASHE series."""
    return [FetchRequest(NAME, table_url(year, table)) for year in YEARS for table in TABLES] if signals else []


def _year_and_table(url: str) -> tuple[int, str]:
    match = re.search(r"Table 14\.7([ab]) .*?Gross (\d{4})", unquote(url))
    if not match:
        raise ParseError(url, "not an ASHE Table 14.7a/b workbook URL (Annual pay - Gross, a year)")
    return int(match.group(2)), match.group(1)


def _rows(body: bytes, url: str) -> list[list]:
    from python_calamine import CalamineWorkbook  # imported here: only this source reads .xls

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(body))
    except Exception as exc:  # a damaged or non-Excel body: the reader raises several kinds
        raise ParseError(url, f"not a readable ASHE workbook ({type(exc).__name__}: {exc})") from None
    if "All" not in book.sheet_names:
        raise ParseError(url, f"has no sheet 'All' (all employee jobs); its sheets are {book.sheet_names}")
    return book.get_sheet_by_name("All").to_python()


def _header(rows: list[list], url: str) -> tuple[int, int, int]:
    """(the header row's index, the Code column, the Median column)."""
    for n, row in enumerate(rows[:20]):
        cells = [str(c).strip() for c in row]
        if cells and cells[0] == "Description" and "Code" in cells and "Median" in cells:
            return n, cells.index("Code"), cells.index("Median")
    raise ParseError(url, "no header row 'Description | Code | ... | Median' in the first 20 rows of sheet 'All'")


def parse(body: bytes, request: FetchRequest) -> list[Observation]:
    url = request.url
    year, table = _year_and_table(url)
    metric, unit = TABLES[table]
    period = month_end(year, REFERENCE_MONTH)
    rows = _rows(body, url)
    start, code_at, median_at = _header(rows, url)
    out = []
    for row in rows[start + 1 :]:
        description = str(row[0]).strip() if row else ""
        code = str(row[code_at]).strip() if len(row) > code_at else ""
        if description == "All employees":
            code = TOTAL
        elif not CODE.match(code):
            continue  # the 1- to 3-digit groups above the unit groups, and the footer
        text = str(row[median_at]).strip() if len(row) > median_at else ""
        value = number(text, f"{url} SOC 2020 {code} Median", missing=UNPUBLISHED)
        out.append(
            Observation(
                source=NAME, series_key=series_key(code), period_date=period, metric=metric, value=value, unit=unit
            )
        )
    if table == "a":
        bounds = {"annual_median_pay": (1_000.0, 1_000_000.0)}
    else:
        bounds = {"annual_median_pay_cv": (0.0, 1_000.0)}  # a thin group's CV can pass 100% (sports players: 175)
    return check_contract(out, url, min_rows=400, plausible=bounds, positive=("annual_median_pay",))


SOURCE = Source(
    name=NAME,
    title="ONS Annual Survey of Hours and Earnings, Table 14 (annual pay by UK SOC 2020)",
    attribution=ATTRIBUTION,
    licence="Open Government Licence v3.0",
    content_types=(
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/octet-stream",
    ),
    yields="per UK SOC 2020 unit group and all employees: median annual gross pay and its CV (April of each year)",
    requests_for=requests_for,
    parse=parse,
    examples=tuple((table_url(y, t), f"uk/ashe_table14/{y}/{file_name(y, t)}") for y in YEARS for t in TABLES),
    params=Params,
    series_spec=series_spec,
    measures=("pay",),
)  # published: each year's tables from ONS's release date, the recording's vintage (the default)
