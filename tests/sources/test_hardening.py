"""Parsers never turn a value into NULL, NaN or a wrong series silently: each case parses correctly or is a
ParseError naming the input (hardening issue, items 1, 4 and 20). Inputs are small, labelled, synthetic."""

import datetime as dt
import math

import pytest

from scoring.evidence import read_series
from scoring.evidence_rules import DEFAULT_RULES
from scoring.signals import SeriesSpec
from sources import bls, fred, hiringlab, itjobswatch, ons
from sources.base import FetchRequest
from sources.errors import ParseError
from tests.helpers import jobzone

FRED = FetchRequest("fred", fred.series_url("IHLIDXUSTPSOFTDEVE"))


def fred_body(value_at) -> bytes:
    rows = "".join(f"2024-01-{d:02d},{value_at(d)}\n" for d in range(1, 13))
    return ("observation_date,IHLIDXUSTPSOFTDEVE\n" + rows).encode()


@pytest.mark.parametrize(
    "bad, message",
    [
        ("nan", "not a finite number"),
        ("inf", "not a finite number"),
        ("-inf", "not a finite number"),
        ("0", "an index or price is > 0"),
        ("-3.5", "an index or price is > 0"),
        ("abc", "'abc' is not a number"),
    ],
)
def test_fred_refuses_non_finite_and_non_positive_index_values(bad, message):
    with pytest.raises(ParseError, match=message):
        fred.parse(fred_body(lambda d: bad if d == 7 else 70 + d), FRED)


def test_fred_file_with_an_empty_value_column_is_a_contract_violation():
    with pytest.raises(ParseError, match="12 of 12 values are unavailable"):
        fred.parse(fred_body(lambda d: ""), FRED)


def test_evidence_refuses_a_non_finite_change_whatever_its_source():
    spec = SeriesSpec(source="fred", series_key="X", metric="value", shape="window")
    day = dt.date(2026, 3, 31)
    points = [(day - dt.timedelta(i), float("nan") if i < 28 else 100.0) for i in range(800)]
    points.sort()
    reading = read_series(spec, 1.0, "job_posting_trends", {("fred", "X", "value"): points}, day, False, DEFAULT_RULES)
    assert not reading["ok"] and "refused" in reading["note"]
    with pytest.raises(ValueError, match="non-finite"):
        DEFAULT_RULES.ladder("job_posting_trends").level(math.nan)


PAGE = """<html><body><table class="summary">
<tr><th></th><th>6 months to 2 Mar 2020</th><th>Same period 2019</th><th>Same period 2018</th></tr>
<tr><td>Permanent jobs citing Developer</td><td>{jobs}</td><td>{jobs2}</td><td>43,056</td></tr>
<tr><td>Rank</td><td>5</td><td>4</td><td>6</td></tr>
<tr><td>Median annual salary (50th Percentile)</td><td>{salary}</td><td>£50,000</td><td>£47,500</td></tr>
<tr><td>Number of salaries quoted</td><td>1,200</td><td>1,100</td><td>n/a</td></tr>
</table></body></html>"""
ITJW = FetchRequest("itjobswatch", itjobswatch.page_url("developer"))


def page(**cells) -> bytes:
    return PAGE.format(**{"jobs": "34,634", "jobs2": "43,056", "salary": "£50,500", **cells}).encode()


@pytest.mark.parametrize(
    "jobs, salary, expected_jobs, expected_salary",
    [
        ("34,634", "£50,500", 34634, 50500),
        ("34.6k", "£50.5k", 34600, 50500),
        ("34\u00a0634", "$50,500", 34634, 50500),
        ("34\u202f634", "€50\u00a0500", 34634, 50500),
        ("n/a", "-", None, None),
    ],
)
def test_itjobswatch_cells_in_every_format_the_site_has_used(jobs, salary, expected_jobs, expected_salary):
    values = {(o.metric, o.period_date): o.value for o in itjobswatch.parse(page(jobs=jobs, salary=salary), ITJW)}
    assert values[("job_count", dt.date(2020, 3, 2))] == expected_jobs
    assert values[("salary_median", dt.date(2020, 3, 2))] == expected_salary
    assert values[("salary_quoted", dt.date(2018, 3, 2))] is None


@pytest.mark.parametrize(
    "cells, message", [({"jobs": "lots"}, "cell 'lots' is not a number"), ({"jobs": "nan"}, "not a finite number")]
)
def test_itjobswatch_unreadable_cells_are_errors_naming_the_cell(cells, message):
    with pytest.raises(ParseError, match=message):
        itjobswatch.parse(page(**cells), ITJW)


def test_itjobswatch_mostly_unavailable_page_and_impossible_dates_are_refused():
    blank = PAGE.replace("43,056", "-").replace("£50,000", "-").replace("£47,500", "-").replace("1,200", "-")
    blank = blank.replace("1,100", "-").replace(">5<", ">-<").replace(">4<", ">-<").replace(">6<", ">-<")
    with pytest.raises(ParseError, match="values are unavailable"):
        itjobswatch.parse(blank.format(jobs="-", jobs2="-", salary="-").encode(), ITJW)
    with pytest.raises(ParseError, match="'31 Feb 2020' is not a date"):
        itjobswatch.parse(page().replace(b"2 Mar 2020", b"31 Feb 2020"), ITJW)


SECTOR_URL = hiringlab.file_url("US", "Software Development")


def sector_rows(n: int = 120, header: str = "date,jobcountry,indeed_job_postings_index,variable,display_name") -> str:
    rows = [
        f"{dt.date(2024, 1, 1) + dt.timedelta(i)},US,{80 + i / 10:.2f},total postings,Software Development"
        for i in range(n)
    ]
    return "\n".join([header, *rows]) + "\n"


def test_hiringlab_sector_file_without_its_sector_column_is_not_read_as_all_sectors():
    body = "\n".join(",".join(line.split(",")[:4]) for line in sector_rows().splitlines()) + "\n"
    with pytest.raises(ParseError, match=r"lacks column\(s\) display_name"):
        hiringlab.parse(body.encode(), FetchRequest("hiringlab", SECTOR_URL))
    parsed = hiringlab.parse(sector_rows().encode(), FetchRequest("hiringlab", SECTOR_URL))
    assert {o.series_key for o in parsed} == {
        "US/Software Development/total postings",
        "US/all sectors, equal weight/total postings",  # the file's own benchmark: the mean of its sectors
    }


def test_a_truncated_last_line_is_a_parse_error():
    body = sector_rows() + "2024-05-01,US,81"
    with pytest.raises(ParseError, match=r"does not end with a newline \(ends .*2024-05-01,US,81'\)"):
        hiringlab.parse(body.encode(), FetchRequest("hiringlab", SECTOR_URL))
    with pytest.raises(ParseError, match=r"line 122 has 3 fields where the header has 5"):  # cut, then a newline
        hiringlab.parse((body + "\n").encode(), FetchRequest("hiringlab", SECTOR_URL))


@pytest.mark.parametrize(
    "body, message",
    [
        (b"[1,2,3]", "not a BLS API v2 response"),
        (b"null", "not a BLS API v2 response"),
        (
            b'{"status": "REQUEST_SUCCEEDED", "Results": {"series": [{"seriesID": "CUUR0000SA0", "data": '
            b'[{"year": "2024", "period": "M00", "value": "300"}]}]}}',
            "period 'M00'",
        ),
        (
            b'{"status": "REQUEST_SUCCEEDED", "Results": {"series": [{"seriesID": "CUUR0000SA0", "data": '
            b'[{"year": "2024", "period": "M01", "value": "abc"}]}]}}',
            "'abc' is not a number",
        ),
        (b'{"status": "REQUEST_SUCCEEDED", "Results": {"series": 5}}', "not a BLS API v2 series document"),
    ],
)
def test_bls_malformed_documents(body, message):
    with pytest.raises(ParseError, match=message):
        bls.parse(body, FetchRequest("bls", bls.URL))


def test_ons_months_must_be_a_list():
    body = b'{"description": {"cdid": "L522"}, "months": {"date": "2024 JAN", "value": "130"}}'
    with pytest.raises(ParseError, match="months must be a list"):
        ons.parse(body, FetchRequest("ons", ons.series_url("L522")))


def test_parse_command_prints_one_line_for_a_malformed_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(fred_body(lambda d: "abc"))
    result = jobzone("parse", "fred", str(path), db=tmp_path / "w.duckdb", check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "'abc' is not a number" in result.stderr


def test_a_fred_csv_cut_mid_number_is_refused_not_read_as_a_smaller_value(fixtures):
    """`2024-08-31,6` for 68.39 used to parse and move the 28-day mean."""
    whole = (fixtures / "fred" / "IHLIDXUSTPSOFTDEVE.csv").read_bytes()
    cut = whole[: whole.rindex(b",") + 2]  # the last value's first digit, no newline
    request = FetchRequest("fred", "https://fred.stlouisfed.org/graph/fredgraph.csv?id=IHLIDXUSTPSOFTDEVE")
    with pytest.raises(ParseError, match="does not end with a newline"):
        fred.parse(cut, request)
    assert len(fred.parse(whole, request)) > 2000


def test_a_sector_file_cut_at_a_line_boundary_is_refused_on_a_fresh_warehouse(fixtures):
    whole = (fixtures / "catalogue" / "indeed_hiring_lab" / "US" / "job_postings_by_sector_US.csv").read_bytes()
    lines = whole.splitlines(keepends=True)
    cut = b"".join(lines[: len(lines) * 29 // 46])  # about 29 of the 46 sectors, the last one cut short
    url = "https://raw.githubusercontent.com/hiring-lab/job_postings_tracker/master/US/job_postings_by_sector_US.csv"
    with pytest.raises(ParseError, match=r"ends \d{4}-\d\d-\d\d, before the file's last day 2024-09-27: a cut file"):
        hiringlab.parse(cut, FetchRequest("hiringlab", url))
    assert len({o.series_key for o in hiringlab.parse(whole, FetchRequest("hiringlab", url))}) >= 46


def test_a_new_download_that_lost_series_or_ends_earlier_than_the_last_is_refused():
    from sources.base import Observation, check_complete

    def obs(key, day):
        return Observation(
            source="x", series_key=key, period_date=dt.date(2024, 1, day), metric="m", value=1.0, unit="index"
        )

    previous = {"a": dt.date(2024, 1, 20), "b": dt.date(2024, 1, 20)}
    check_complete([obs("a", 21), obs("b", 21), obs("c", 2)], previous, "u")  # more is fine
    with pytest.raises(ParseError, match="1 of the 2 series the previous download had are missing"):
        check_complete([obs("a", 21)], previous, "u")
    with pytest.raises(ParseError, match="the data ends 2024-01-10, before the previous download's 2024-01-20"):
        check_complete([obs("a", 10), obs("b", 10)], previous, "u")


def test_an_implausible_day_of_an_indeed_index_on_fred_is_refused():
    """One FRED day of 1,000,000 (the series is about 70) once read as +76416.7% and moved the reference role
    : Indeed's indexes on FRED are held to Hiring Lab's own range."""
    body = fred_body(lambda day: 1_000_000 if day == 7 else 70.5)
    with pytest.raises(ParseError, match="outside plausible range 0..1000"):
        fred.parse(body, FRED)
    other = FetchRequest("fred", fred.series_url("CPIAUCSL"))  # a series with no common range is not bounded
    text = body.decode().replace("IHLIDXUSTPSOFTDEVE", "CPIAUCSL").encode()
    assert len(fred.parse(text, other)) == 12


def test_a_number_written_with_underscores_is_not_a_number():
    from sources.tabular import number

    with pytest.raises(ParseError, match="'1_000' is not a number"):
        number("1_000", "https://example.org/x.csv")
    assert number("1,000", "x") == 1000.0


def test_oews_percentiles_out_of_order_are_refused_naming_the_occupation(fixtures):
    """A median / 75th-percentile column swap was accepted (524 rows with median > p75)."""
    from sources import oews

    path = fixtures / "catalogue" / "bls_oews_national" / "oews_national_M2025_from_bls_flatfiles.csv"
    header, rest = path.read_bytes().split(b"\n", 1)
    swapped = header.replace(b"A_MEDIAN", b"A_TMP").replace(b"A_PCT75", b"A_MEDIAN").replace(b"A_TMP", b"A_PCT75")
    request = FetchRequest("oews", "https://www.bls.gov/oes/special-requests/oesm25nat.zip")
    with pytest.raises(ParseError, match="OEWS/00-0000: annual_median_wage 80520 above annual_wage_p75 50980"):
        oews.parse(swapped + b"\n" + rest, request)
    assert oews.parse(path.read_bytes(), request)  # the recorded file rises in order
