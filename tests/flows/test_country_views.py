"""Country views on the recordings: a run scores every role in one country's view, its market evidence read from
that country's data (UK wages from ONS ASHE through the ISCO-08 spine, postings from the country's Indeed sector
file against its own market), a dimension without local data not assessed there; the US view and its listings are
untouched by another country's runs (alerts per country: tests/notifications/test_country_alerts.py)."""

import shutil

import pytest

from tests.conftest import REPO
from tests.helpers import add_drafts, jobzone, jobzone_json

ROLES = ("registered-nurses", "software-developers", "cashiers")
AS_OF = "2024-08-15"  # Indeed GB's sector file runs to 2024-08-09; ASHE 2023 was published 2023-11-01


@pytest.fixture(scope="module")
def views(tmp_path_factory, fixtures):
    root = tmp_path_factory.mktemp("countries")
    roles = root / "roles"
    roles.mkdir()
    shutil.copy(REPO / "roles" / "mlops-engineer.toml", roles)
    add_drafts(roles, *ROLES)
    db = root / "w.duckdb"
    reports = {
        country: jobzone_json(
            "run", "--replay", str(fixtures), "--as-of", AS_OF, "--country", country, db=db, roles=roles
        )
        for country in ("US", "GB", "DE")
    }
    return db, roles, reports


def evidence(db, role_id: str, country: str) -> dict[str, dict]:
    explained = jobzone_json("explain", role_id, "--country", country, db=db)
    assert explained["country"] == country
    return {row["dimension"]: row for row in explained["evidence"]}


def test_the_uk_view_reads_ashe_through_the_spine_and_indeed_gb_against_the_gb_market(views):
    db, _, reports = views
    assert reports["GB"]["country"] == "GB"
    assert reports["GB"]["coverage"] == {"local_wages": 4, "local_postings": 4, "both": 4, "neither": 0}
    nurses = evidence(db, "registered-nurses", "GB")
    wages = nurses["wage_trends"]["inputs"]["series"]
    # the six UK SOC 2020 nursing groups ISCO-08 2221 leads to, each read from ASHE as published by then (2023)
    assert {s["series"] for s in wages} == {f"ASHE/{code}" for code in ("2232", "2233", "2234", "2235", "2236", "2237")}
    read = [s["now"] for s in wages if s["now"]["ok"]]
    assert read and all(r["period"] == "2023-04-30" and r["basis"] == "relative" and r["se"] > 0 for r in read)
    (postings,) = nurses["job_posting_trends"]["inputs"]["series"]
    assert postings["series"] == "GB/Nursing/total postings" and postings["now"]["ok"]
    assert not any(s["series"].startswith("US/") or s["series"].startswith("OEWS") for s in wages + [postings])
    us = evidence(db, "registered-nurses", "US")
    assert {s["series"] for s in us["job_posting_trends"]["inputs"]["series"]} == {"US/Nursing/total postings"}
    assert {s["series"] for s in us["wage_trends"]["inputs"]["series"]} == {"OEWS/29-1141"}


def test_germany_has_no_nursing_sector_and_no_occupational_wages_so_neither_is_assessed_there(views):
    db, _, reports = views
    nurses = evidence(db, "registered-nurses", "DE")
    assert nurses["wage_trends"]["status"] == nurses["job_posting_trends"]["status"] == "analyst"
    assert nurses["wage_trends"]["inputs"] is None  # nothing read: the file's value stands, not a US reading
    developers = evidence(db, "software-developers", "DE")
    (series,) = developers["job_posting_trends"]["inputs"]["series"]
    assert series["series"] == "DE/Software Development/total postings"
    assert developers["wage_trends"]["inputs"] is None
    coverage = reports["DE"]["coverage"]
    assert coverage["local_wages"] == 0 and coverage["local_postings"] >= 2 and coverage["neither"] >= 1
    text = jobzone("explain", "registered-nurses", "--country", "DE", db=db).stdout
    assert "DE view" in text and "Wage trends: +0 (not assessed for DE: no DE wage data for it" in text
    assert "Job posting trends: +0 (not assessed for DE: no DE postings data for it" in text


def test_each_country_keeps_its_own_history_diff_and_latest_scores(views):
    db, _, reports = views
    us_run, gb_run = reports["US"]["run_id"], reports["GB"]["run_id"]
    assert {row["run_id"] for row in jobzone_json("scores", db=db)} == {us_run}  # the default view is the US's
    assert {row["run_id"] for row in jobzone_json("scores", "--country", "uk", db=db)} == {gb_run}
    assert [h["run_id"] for h in jobzone_json("history", "cashiers", "--country", "GB", db=db)] == [gb_run]
    assert [h["run_id"] for h in jobzone_json("history", "cashiers", db=db)] == [us_run]
    assert jobzone_json("diff", "--country", "GB", db=db)["id"] == gb_run
    refused = jobzone("scores", "--country", "XX", db=db, check=False)
    assert refused.returncode != 0 and "choose one of US, GB, AU, CA, DE, FR" in refused.stderr


def test_a_hand_written_role_is_read_through_its_own_codes_and_its_own_uk_series_in_the_uk(views):
    db, _, _ = views
    mine = evidence(db, "mlops-engineer", "GB")
    wages = {s["series"]: s for s in mine["wage_trends"]["inputs"]["series"]}
    postings = {s["series"]: s for s in mine["job_posting_trends"]["inputs"]["series"]}
    # its [codes]: UK SOC 2020 2134 via ISCO-08 2512, and the IT Jobs Watch term its analyst chose (UK data); not
    # the US series of its table (FRED, Indeed US, ai-jobs.net, BLS)
    assert set(wages) == {"ASHE/2134", "perm/uk/mlops"}
    assert set(postings) == {"GB/Software Development/total postings", "perm/uk/mlops"}
    assert wages["perm/uk/mlops"]["currency"] == "GBP" and wages["ASHE/2134"]["currency"] == "GBP"
    assert mine["wage_trends"]["inputs"]["mode"] == "anchored"  # an analyst's file: the market moves their value
    us = evidence(db, "mlops-engineer", "US")  # the US view keeps the analyst's table whole, as published
    assert {s["source"] for s in us["wage_trends"]["inputs"]["series"]} == {"itjobswatch", "aijobs", "bls"}
