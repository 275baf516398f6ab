"""The OEWS national adapter on the real BLS files: values, BLS's special values, one vintage per May."""

import datetime as dt

import pytest

from sources import oews
from sources.base import FetchRequest
from sources.errors import ParseError


def parsed(fixtures, year: int, path: str) -> dict:
    observations = oews.parse((fixtures / path).read_bytes(), FetchRequest("oews", oews.year_url(year)))
    return {(o.series_key, o.metric, o.period_date): o.value for o in observations}


def test_may_2024_workbook(fixtures):
    values = parsed(fixtures, 2024, "catalogue/bls_oews_national/national_M2024_dl.xlsx")
    may = dt.date(2024, 5, 31)
    assert values[("OEWS/29-1141", "annual_median_wage", may)] == 93600
    assert values[("OEWS/29-1141", "employment", may)] > 3_000_000
    # '#' (at or above BLS's top code) is unavailable, and flagged, never a number
    assert values[("OEWS/11-1011", "annual_wage_p90", may)] is None
    assert values[("OEWS/11-1011", "annual_wage_p90_topcoded", may)] == 1.0


def test_may_2025_flat_file_and_older_workbooks(fixtures):
    values = parsed(fixtures, 2025, "catalogue/bls_oews_national/oews_national_M2025_from_bls_flatfiles.csv")
    assert values[("OEWS/29-1141", "annual_median_wage", dt.date(2025, 5, 31))] == 97550
    old = parsed(fixtures, 2020, "catalogue/bls_oews_national/national_M2020_dl.xlsx")
    assert old[("OEWS/29-1141", "annual_median_wage", dt.date(2020, 5, 31))] == 75330
    assert not any(d.year != 2020 for _, _, d in old)  # one file, one May: its own vintage


def test_special_values_in_a_flat_file_are_null_not_numbers():
    header = (
        "OCC_CODE,OCC_TITLE,DISPLAY_LEVEL,TOT_EMP,A_MEAN,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,FOOTNOTE_A_PCT90\n"
    )
    rows = "".join(
        f"{11 + i // 1000:02d}-{i % 10000:04d},Job {i},3,{1000 + i},{50000 + i},30000,35000,{40000 + i},60000,,\n"
        for i in range(600)
    )
    rows += "99-9999,Top,3,**,*,*,*,#,*,#,5\n"
    observations = oews.parse((header + rows).encode(), FetchRequest("oews", oews.year_url(2025)))
    top = {o.metric: o.value for o in observations if o.series_key == "OEWS/99-9999"}
    assert top["employment"] is None and top["annual_median_wage"] is None and top["annual_median_wage_topcoded"] == 1.0


def test_not_an_oews_file_is_a_parse_error():
    with pytest.raises(ParseError, match="not a readable OEWS national file|at least"):
        oews.parse(b"PK\x03\x04 broken zip", FetchRequest("oews", oews.year_url(2024)))
    with pytest.raises(ParseError, match="not an OEWS national file URL"):
        oews.parse(b"", FetchRequest("oews", "https://example.org/x.zip"))


def test_the_live_download_is_a_zip_around_the_workbook(fixtures, tmp_path):
    import io
    import zipfile

    workbook = (fixtures / "catalogue/bls_oews_national/national_M2024_dl.xlsx").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # BLS's oesm24nat.zip holds oesm24nat/national_M2024_dl.xlsx
        archive.writestr("oesm24nat/national_M2024_dl.xlsx", workbook)
        archive.writestr("oesm24nat/field_descriptions.xlsx", b"")
    zipped = oews.parse(buffer.getvalue(), FetchRequest("oews", oews.year_url(2024)))
    direct = oews.parse(workbook, FetchRequest("oews", oews.year_url(2024)))
    assert zipped == direct and len(direct) > 5000
