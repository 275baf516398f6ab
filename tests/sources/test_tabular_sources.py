"""Hiring Lab, FRED, BLS, US CPI and ai-jobs.net parsers on the real recorded files."""

import datetime as dt
import json
import random

import pytest

from sources import aijobs, bls, fred, hiringlab, uscpi
from sources.base import FetchRequest
from sources.errors import ParseError


def by_key(observations):
    return {(o.series_key, o.metric, o.period_date): o.value for o in observations}


def test_hiringlab_software_development_year_on_year(fixtures):
    url = hiringlab.file_url("US", "Software Development")
    values = by_key(
        hiringlab.parse(
            (fixtures / "hiringlab/job_postings_by_sector_US.csv").read_bytes(), FetchRequest("hiringlab", url)
        )
    )
    key = "US/Software Development/total postings"
    now, year_ago = (
        values[(key, "postings_index", dt.date(2024, 9, 27))],
        values[(key, "postings_index", dt.date(2023, 9, 27))],
    )
    assert (now, year_ago) == (69.65, 76.18)
    assert round((now / year_ago - 1) * 100, 2) == -8.57


def test_hiringlab_shuffled_file_gives_identical_observations(fixtures):
    raw = (fixtures / "hiringlab/aggregate_job_postings_US.csv").read_text().splitlines()
    header, rows = raw[0], raw[1:]
    random.Random(3).shuffle(rows)
    request = FetchRequest("hiringlab", hiringlab.file_url("US", None))
    original = hiringlab.parse((fixtures / "hiringlab/aggregate_job_postings_US.csv").read_bytes(), request)
    shuffled = hiringlab.parse(("\n".join([header, *rows]) + "\n").encode(), request)
    assert shuffled == original and len(original) == 4774
    assert by_key(original)[("US/all/total postings", "postings_index", dt.date(2026, 8, 14))] == 101.79


def test_hiringlab_unknown_layout_names_the_url():
    with pytest.raises(ParseError, match=r"aggregate_job_postings_US.csv: CSV lacks column\(s\) variable"):
        hiringlab.parse(
            b"date,jobcountry,value\n2024-01-01,US,5\n", FetchRequest("hiringlab", hiringlab.file_url("US", None))
        )


def test_fred_series_and_missing_dot(fixtures):
    request = FetchRequest("fred", fred.series_url("IHLIDXUSTPSOFTDEVE"))
    values = by_key(fred.parse((fixtures / "fred/IHLIDXUSTPSOFTDEVE.csv").read_bytes(), request))
    assert len(values) == 2247 and values[("IHLIDXUSTPSOFTDEVE", "value", dt.date(2026, 3, 27))] == 72.44
    # Synthetic: FRED writes '.' for a missing value; it must become NULL, never 0.
    body = "observation_date,IHLIDXUSTPSOFTDEVE\n" + "".join(
        f"2024-01-{d:02d},{'.' if d == 5 else 70 + d}\n" for d in range(1, 13)
    )
    parsed = by_key(fred.parse(body.encode(), request))
    assert parsed[("IHLIDXUSTPSOFTDEVE", "value", dt.date(2024, 1, 5))] is None


def test_bls_cpi_unavailable_month_is_null_and_rows_sorted(fixtures):
    body = (fixtures / "bls/RECONSTRUCTED_timeseries_CUUR0000SA0_2024-2026.json").read_bytes()
    observations = bls.parse(body, FetchRequest("bls", bls.URL))
    values = by_key(observations)
    assert values[("CUUR0000SA0", "cpi_index", dt.date(2025, 10, 31))] is None
    assert values[("CUUR0000SA0", "cpi_index", dt.date(2025, 9, 30))] == 324.8
    assert values[("CUUR0000SA0", "cpi_index", dt.date(2026, 5, 31))] == 335.123
    dates = [o.period_date for o in observations]
    assert dates == sorted(dates)  # the API sends newest first


def test_bls_annual_average_m13_is_not_a_month():
    document = {
        "status": "REQUEST_SUCCEEDED",
        "message": [],
        "Results": {
            "series": [
                {
                    "seriesID": "CUUR0000SA0",
                    "data": [
                        {"year": "2024", "period": "M13", "value": "313.689", "footnotes": [{}]},
                        {"year": "2024", "period": "M12", "value": "315.605", "footnotes": [{}]},
                    ],
                }
            ]
        },
    }
    observations = bls.parse(json.dumps(document).encode(), FetchRequest("bls", bls.URL))
    assert [(o.period_date, o.value) for o in observations] == [(dt.date(2024, 12, 31), 315.605)]


def test_bls_oews_wages(fixtures):
    assert bls.oews_series("15-1252", "13") == "OEUN000000000000015125213"
    body = (fixtures / "bls/RECONSTRUCTED_timeseries_OEUN_15-1252_15-2051_May2023.json").read_bytes()
    values = by_key(bls.parse(body, FetchRequest("bls", bls.URL)))
    may_2023 = dt.date(2023, 5, 31)
    assert values[("OEWS/15-1252", "annual_median_wage", may_2023)] == 132270
    assert values[("OEWS/15-2051", "annual_median_wage", may_2023)] == 108020
    assert values[("OEWS/15-1252", "employment", may_2023)] == 1656880


@pytest.mark.parametrize(
    "status, message",
    [
        (
            "REQUEST_NOT_PROCESSED",
            "Request could not be serviced, as the daily threshold for total number of requests allocated to the user has been reached.",
        ),
        ("REQUEST_FAILED", "Series does not exist for Series CUUR0000XX0"),
    ],
)
def test_bls_api_errors_carry_the_api_message(status, message):
    body = json.dumps({"status": status, "responseTime": 1, "message": [message], "Results": {}}).encode()
    with pytest.raises(ParseError) as caught:
        bls.parse(body, FetchRequest("bls", bls.URL))
    assert str(caught.value) == f"{bls.URL}: BLS API status {status!r}: {message}"


def test_us_cpi_csv_has_no_october_2025(fixtures):
    values = by_key(uscpi.parse((fixtures / "cpi/cpiai.csv").read_bytes(), FetchRequest("uscpi", uscpi.URL)))
    assert values[("CUUR0000SA0", "cpi_index", dt.date(2025, 9, 30))] == 324.8
    assert ("CUUR0000SA0", "cpi_index", dt.date(2025, 10, 31)) not in values
    assert values[("CUUR0000SA0", "cpi_index", dt.date(2025, 11, 30))] == 324.122


def test_aijobs_median_and_respondents_per_title_and_year(fixtures):
    request = FetchRequest("aijobs", aijobs.URL, params={"titles": ["MLOps Engineer"]})
    values = by_key(aijobs.parse((fixtures / "aijobs/salaries.csv").read_bytes(), request, today=dt.date(2026, 11, 25)))
    assert values[("MLOps Engineer", "respondents", dt.date(2024, 12, 31))] == 82
    assert values[("MLOps Engineer", "respondents", dt.date(2023, 12, 31))] == 14
    # Medians checked independently with awk/sort over the recorded CSV: 160000 (2024), 136850 (2023).
    assert values[("MLOps Engineer", "median_salary_usd", dt.date(2024, 12, 31))] == 160000
    assert values[("MLOps Engineer", "median_salary_usd", dt.date(2023, 12, 31))] == 136850
    assert {key[0] for key in values} == {"MLOps Engineer"}
    # An unfinished survey year is left out: its sample is still growing.
    early = by_key(aijobs.parse((fixtures / "aijobs/salaries.csv").read_bytes(), request, today=dt.date(2025, 6, 1)))
    assert ("MLOps Engineer", "respondents", dt.date(2025, 12, 31)) not in early


def test_ons_cpih_synthetic_document():
    from pathlib import Path

    from sources import ons

    body = (Path(__file__).parent / "data" / "ons_cpih_l522_synthetic.json").read_bytes()
    observations = ons.parse(body, FetchRequest("ons", ons.series_url("L522")))
    values = by_key(observations)
    assert len(observations) == 24
    assert values[("L522", "cpih_index", dt.date(2024, 1, 31))] == 130.0
    assert values[("L522", "cpih_index", dt.date(2025, 11, 30))] == 136.6  # 130.0 + 22 steps of 0.3
    assert values[("L522", "cpih_index", dt.date(2025, 12, 31))] is None  # "" is unavailable, never 0
    with pytest.raises(ParseError, match="not an ONS time series document"):
        ons.parse(b'{"months": []}', FetchRequest("ons", ons.series_url("L522")))
