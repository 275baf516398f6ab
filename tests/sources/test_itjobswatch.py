"""IT Jobs Watch parser on the real 2020 pages and a synthetic 2025-wording page: exact values."""

import datetime as dt
from pathlib import Path

import pytest

from sources import itjobswatch
from sources.base import FetchRequest
from sources.errors import ParseError

DATA = Path(__file__).parent / "data"


def parse_file(path: Path, url: str) -> dict:
    observations = itjobswatch.parse(path.read_bytes(), FetchRequest("itjobswatch", url))
    return {(o.metric, o.period_date): o.value for o in observations}, observations


def test_permanent_developer_page(fixtures):
    values, observations = parse_file(
        fixtures / "itjobswatch/itjobswatch_perm_page_stub.html", itjobswatch.page_url("developer")
    )
    now, last_year, two_years = dt.date(2020, 3, 2), dt.date(2019, 3, 2), dt.date(2018, 3, 2)
    assert [values[("job_count", d)] for d in (now, last_year, two_years)] == [34634, 43056, 54119]
    assert [values[("salary_median", d)] for d in (now, last_year, two_years)] == [50500, 50000, 47500]
    assert values[("rank", now)] == 2 and values[("salary_quoted", now)] == 29557
    assert (values[("salary_p10", now)], values[("salary_p90", now)]) == (32363, 85000)
    assert values[("salary_median_change_yoy_pct", now)] == 1.0
    assert values[("salary_median_excl_london_change_yoy_pct", now)] is None  # "-" is unavailable, not 0
    assert values[("salary_median_excl_london_change_yoy_pct", last_year)] == 5.88
    assert {o.series_key for o in observations} == {"perm/uk/developer"}
    # The second table.summary is the all-jobs baseline (116,614 jobs): never read.
    assert 116614 not in values.values() and ("salary_p25", now) not in values


def test_contract_qa_engineer_page(fixtures):
    url = itjobswatch.page_url("qa engineer", kind="contract")
    assert url == "https://www.itjobswatch.co.uk/contracts/uk/qa%20engineer.do"
    values, observations = parse_file(fixtures / "itjobswatch/itjobswatch_contract_test_page_stub.html", url)
    now, last_year, two_years = dt.date(2020, 3, 6), dt.date(2019, 3, 6), dt.date(2018, 3, 6)
    assert [values[("job_count", d)] for d in (now, last_year, two_years)] == [148, 253, 239]
    assert values[("daily_rate_median", now)] == 400 and values[("daily_rate_quoted", now)] == 101
    assert values[("daily_rate_median_change_yoy_pct", now)] == -5.88
    assert values[("hourly_rate_median", now)] is None and values[("hourly_rate_median", last_year)] == 32.5
    units = {o.metric: o.unit for o in observations}
    assert (units["daily_rate_median"], units["hourly_rate_median"], units["job_count"]) == (
        "GBP/day",
        "GBP/hour",
        "postings",
    )


def test_2025_wording_synthetic_page():
    url = "https://www.itjobswatch.co.uk/jobs/london/machine%20learning.do"
    values, observations = parse_file(DATA / "itjobswatch_2025_synthetic.html", url)
    now, last_year = dt.date(2025, 12, 29), dt.date(2024, 12, 29)
    assert [values[("job_count", d)] for d in (now, last_year, dt.date(2023, 12, 29))] == [1008, 720, 654]
    assert [values[(f"salary_p{p}", now)] for p in (10, 25, 75, 90)] == [51250, 68375, 120000, 150000]
    assert values[("salary_median", now)] == 90000 and values[("salary_median", last_year)] == 85000
    assert values[("salary_median_change_yoy_pct", now)] == 5.88
    assert values[("rank", now)] == 26 and values[("salary_quoted", now)] == 347
    assert values[("share_of_all_pct", now)] == 7.35
    assert {o.series_key for o in observations} == {"perm/london/machine learning"}
    assert 13700 not in values.values() and 70000 not in values.values()


def test_page_without_summary_table_is_a_parse_error_naming_the_url():
    url = itjobswatch.page_url("mlops")
    with pytest.raises(ParseError, match=r"^https://www.itjobswatch.co.uk/jobs/uk/mlops.do: no table.summary"):
        itjobswatch.parse(b"<html><body>Sorry, we are down</body></html>", FetchRequest("itjobswatch", url))


def test_page_missing_the_job_count_row_breaks_the_contract():
    page = (
        (DATA / "itjobswatch_2025_synthetic.html").read_text().replace("Permanent jobs citing Machine Learning", "Jobs")
    )
    with pytest.raises(ParseError, match="required rows missing: job_count"):
        itjobswatch.parse(
            page.encode(), FetchRequest("itjobswatch", itjobswatch.page_url("machine learning", "london"))
        )
