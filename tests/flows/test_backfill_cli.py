"""The CLI backfill over the recorded real data, then history and explain; vintage isolation in the store."""

import datetime as dt

from tests.helpers import jobzone, jobzone_json
from warehouse import queries
from warehouse.archive import store_observations
from warehouse.db import read_connection, write_connection


def test_backfill_history_and_explain_on_recorded_data(tmp_path, roles_dir, fixtures):
    db = tmp_path / "w.duckdb"
    jobzone(
        "backfill",
        "--from",
        "2022-01-01",
        "--to",
        "2026-03-01",
        "--every",
        "month",
        "--replay",
        str(fixtures),
        db=db,
        roles=roles_dir,
    )
    history = jobzone_json("history", "mlops-engineer", db=db)
    assert len(history) == 51 and history[0]["as_of"] == "2022-01-01" and history[-1]["as_of"] == "2026-03-01"
    scores = [float(h["aijri_display"]) for h in history]
    assert min(scores) < 42.6 < max(scores)  # the market moved the evidence both ways over four years
    assert {h["kind"] for h in history} == {"backfill"}
    text = jobzone("explain", "mlops-engineer", db=db).stdout
    assert "as of 2026-03-01" in text and "Job posting trends" in text
    # read as published by the as-of date: the daily index up to a week before it (FRED's publication lag)
    assert "Indeed US software development postings (FRED IHLIDXUSTPSOFTDEVE): 69.74 (2026-03-01) vs 64.74" in text
    assert "+7.7% (± 0.9 standard error: week-to-week wobble of the year-on-year change over 8 weeks)" in text
    assert "left out (no data stored for this series). Source: IT Jobs Watch" in text
    data = jobzone_json("explain", "mlops-engineer", db=db)
    postings = next(e for e in data["evidence"] if e["dimension"] == "job_posting_trends")
    assert postings["status"] == "fresh" and postings["inputs"]["change_now"] == 7.725  # under +8%: level 0
    assert round(postings["inputs"]["se_now"], 1) == 0.9 and postings["inputs"]["z"] == 2.0


def test_observation_store_sees_only_vintages_published_by_the_run_date(tmp_path):
    db = tmp_path / "w.duckdb"
    row = {
        "source": "fred",
        "series_key": "S",
        "metric": "value",
        "period_date": dt.date(2024, 1, 31),
        "unit": "index",
        "parser_version": 1,
    }
    with write_connection(db) as con:
        store_observations(
            con,
            [
                {
                    **row,
                    "value": 100.0,
                    "vintage": dt.datetime(2024, 2, 15, tzinfo=dt.timezone.utc),
                    "content_hash": "a",
                },
                {
                    **row,
                    "value": 90.0,
                    "vintage": dt.datetime(2025, 2, 15, tzinfo=dt.timezone.utc),
                    "content_hash": "b",
                },
            ],
        )
    with read_connection(db) as con:

        def value_as_of(day, lags=()):
            found = queries.observation_store(con, ["fred"], day, lags=lags).get(("fred", "S", "value"))
            return found[0][1] if found else None

        assert value_as_of(dt.date(2024, 6, 1)) == 100.0  # the revision was not published yet
        assert value_as_of(dt.date(2025, 6, 1)) == 90.0  # the revised vintage wins once published
        assert value_as_of(dt.date(2024, 2, 1)) is None  # nothing published by then: nothing read (no hindsight)
        lagged = [("fred", "", 7)]  # published a week after its day, whichever recording holds it
        assert value_as_of(dt.date(2024, 2, 6), lagged) is None
        assert value_as_of(dt.date(2024, 2, 7), lagged) == 100.0


def test_each_change_on_the_role_page_is_explained_with_its_own_runs_data(tmp_path, roles_dir, fixtures):
    from jobzone.settings import Settings
    from web.data import role_page

    db = tmp_path / "w.duckdb"
    jobzone("backfill", "--from", "2022-09-01", "--to", "2023-01-01", "--replay", str(fixtures), db=db, roles=roles_dir)
    page = role_page(Settings(db=db, roles=roles_dir), "mlops-engineer")
    november = next(c for c in page["changes"] if str(c["as_of"]) == "2022-11-01")
    text = " ".join(november["causes"])
    assert "Job posting trends +0 → -1: Indeed US software development postings (FRED IHLIDXUSTPSOFTDEVE)" in text
    assert "14.2% below a year ago, after +0.2 at the previous run (± 2.5); rule: -14.2% ± 2.5 -> -1 (-25..-8%)" in text
    assert "2026" not in text  # not the latest run's readings


def test_an_interrupted_backfill_run_again_resumes_without_duplicating_history(tmp_path, roles_dir, fixtures):
    """A re-run of an interrupted backfill duplicated history points."""
    db = tmp_path / "w.duckdb"
    backfill = ("backfill", "--from", "2024-01-01", "--to", "2024-04-01", "--replay", str(fixtures))
    jobzone(*backfill, db=db, roles=roles_dir)
    with write_connection(db) as con:  # the last run "killed": recorded failed, as the next writer records it
        con.execute("UPDATE runs SET status = 'failed' WHERE id = (SELECT max(id) FROM runs)")
    again = jobzone(*backfill, db=db, roles=roles_dir)
    assert "resuming: 3 of the 4 as-of dates of this backfill already ran" in again.stderr
    history = jobzone_json("history", "mlops-engineer", db=db)
    assert [h["as_of"] for h in history] == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]
