"""Market signals for every occupation, from its SOC code, over the real recordings."""

import datetime as dt
import json

import pytest

from scoring.roles import parse_role
from sources.signals import followed_series
from tests.conftest import REPO
from tests.helpers import jobzone, jobzone_json
from warehouse import queries
from warehouse.db import read_connection, write_connection

NURSES = (REPO / "roles" / "onet" / "registered-nurses.toml").read_text()


def role(text: str):
    return parse_role(text, REPO / "roles" / "onet" / "registered-nurses.toml").role


def test_a_drafts_soc_implies_its_sector_and_oews_series_at_market_level():
    followed = followed_series(role(NURSES))
    postings, wages = followed["job_posting_trends"], followed["wage_trends"]
    assert [s.series_key for s, _ in postings.series] == ["US/Nursing/total postings"]  # the US view: US data
    assert [s.series_key for s, _ in wages.series] == ["OEWS/29-1141"] and wages.series[0][0].source == "oews"
    assert postings.mode == wages.mode == "absolute" and "Indeed US sector Nursing" in postings.origin


def test_a_reviewed_file_anchors_and_an_explicit_table_wins():
    reviewed = followed_series(role(NURSES.replace('status = "draft"', 'status = "reviewed"')))
    assert reviewed["job_posting_trends"].mode == "anchored"
    explicit = NURSES.replace(
        "\n[draft]", '\n[signals.job_posting_trends]\nfred = { series = "IHLIDXUSTPSOFTDEVE" }\n\n[draft]'
    )
    followed = followed_series(role(explicit))
    assert list(followed) == ["job_posting_trends"] and followed["job_posting_trends"].series[0][0].source == "fred"


def test_a_series_is_read_from_one_vintage_never_spliced(tmp_path):
    def row(day: int, value: float, vintage: str):
        return {
            "source": "hiringlab",
            "series_key": "US/X/total postings",
            "period_date": dt.date(2024, 1, day),
            "metric": "postings_index",
            "value": value,
            "unit": "index",
            "vintage": dt.datetime.fromisoformat(vintage + "T00:00:00+00:00"),
            "content_hash": vintage,
            "parser_version": 1,
        }

    from warehouse.archive import store_observations

    with write_connection(tmp_path / "w.duckdb") as con:
        store_observations(
            con,
            [
                row(1, 100, "2024-02-01"),
                row(2, 101, "2024-02-01"),
                row(3, 102, "2024-02-01"),
                row(1, 90, "2024-12-01"),
                row(2, 91, "2024-12-01"),
            ],
        )  # revised, shorter
        spliced = queries.observation_store(con, ["hiringlab"], dt.date(2025, 1, 1))
        whole = queries.observation_store(con, ["hiringlab"], dt.date(2025, 1, 1), whole_vintage=["hiringlab"])
        before = queries.observation_store(con, ["hiringlab"], dt.date(2024, 6, 1), whole_vintage=["hiringlab"])
    key = ("hiringlab", "US/X/total postings", "postings_index")
    assert [v for _, v in spliced[key]] == [90, 91, 102]  # what per-period selection would splice
    assert [v for _, v in whole[key]] == [90, 91]  # the newest vintage, alone
    assert [v for _, v in before[key]] == [100, 101, 102]  # as known then


@pytest.fixture(scope="module")
def catalogue_runs(tmp_path_factory, fixtures):
    db = tmp_path_factory.mktemp("catalogue") / "w.duckdb"
    first = jobzone_json("run", "--replay", str(fixtures), "--as-of", "2023-09-01", db=db, roles=REPO / "roles")
    second = jobzone_json("run", "--skip-ingest", "--as-of", "2024-09-01", db=db, roles=REPO / "roles")
    return db, first, second


def test_the_whole_catalogue_follows_the_market(catalogue_runs):
    _, first, second = catalogue_runs
    assert second["roles_scored"] == 924
    for report in (first, second):
        assert report["market_fed"]["job_posting_trends"]["fresh_share"] >= 0.9
        assert report["market_fed"]["wage_trends"]["fresh_share"] >= 0.85
    assert sum(second["zone_moves"].values()) >= 10  # a year of market moves zones


def test_explain_names_the_sector_and_the_oews_years(catalogue_runs):
    db, _, _ = catalogue_runs
    data = jobzone_json("explain", "registered-nurses", db=db)
    evidence = {row["dimension"]: row for row in data["evidence"]}
    postings = evidence["job_posting_trends"]["inputs"]
    assert postings["origin"].startswith("SOC 29-1141 -> Indeed US sector Nursing")
    us = next(s for s in postings["series"] if s["series"] == "US/Nursing/total postings")
    assert us["now"]["ok"] and us["attribution"] == "Source: Indeed Hiring Lab" and us["now"]["period"] == "2024-09-01"
    wage = evidence["wage_trends"]["inputs"]["series"][0]
    # as of 2024-09-01 the May 2024 estimates were not published yet (2025-04-02): May 2023 against May 2022
    assert (wage["series"], wage["now"]["period"], wage["now"]["prev_period"]) == (
        "OEWS/29-1141",
        "2023-05-31",
        "2022-05-31",
    )
    assert (wage["now"]["value"], wage["now"]["prev_value"]) == (86070, 81220)
    text = jobzone("explain", "registered-nurses", db=db).stdout
    assert "follows (from the role's SOC code): SOC 29-1141 -> Indeed US sector Nursing" in text
    assert json.dumps(data)  # JSON-ready


def _evidence(db, run_id: int, dimension: str) -> dict[str, dict]:
    with read_connection(db) as con:
        rows = con.execute(
            "SELECT role_id, value, inputs FROM evidence WHERE run_id = ? AND dimension = ? AND status = 'fresh'",
            [run_id, dimension],
        ).fetchall()
    return {role_id: {"value": value, **json.loads(inputs)} for role_id, value, inputs in rows}


def test_no_wage_level_away_from_zero_within_two_standard_errors_of_no_change(catalogue_runs):
    """On the recordings as of 2024-09-01: every non-zero wage level rests on a change beyond 2 SE."""
    db, _, second = catalogue_runs
    wages = _evidence(db, second["run_id"], "wage_trends")
    assert len(wages) > 800
    away = {r: e for r, e in wages.items() if e["level_now"] != 0}
    assert all(abs(e["change_now"]) > 2 * e["se_now"] for e in away.values())
    unknown = [r for r, e in wages.items() if not e["se_now"]]  # BLS published no MEAN_PRSE for these few
    assert len(unknown) <= len(wages) // 100
    nurses = wages["registered-nurses"]["series"][0]["now"]
    assert nurses["basis"] == "relative" and nurses["benchmark_pct"] == 3.779  # All Occupations, May 2023 vs 2022
    assert "RSE of the mean" in nurses["se_basis"]


def test_fewer_than_two_percent_of_roles_swing_three_steps_in_a_year(catalogue_runs):
    db, first, second = catalogue_runs
    for dimension in ("wage_trends", "job_posting_trends"):
        before, after = _evidence(db, first["run_id"], dimension), _evidence(db, second["run_id"], dimension)
        both = before.keys() & after.keys()
        swings = [r for r in both if abs(after[r]["level_now"] - before[r]["level_now"]) >= 3]
        assert len(both) > 800 and len(swings) / len(both) < 0.02, (dimension, len(swings))


def test_paths_weigh_the_pay_published_by_the_runs_date(catalogue_runs):
    """The second run is as of 2024-09-01: May 2024's OEWS estimates (published 2025-04-02) are unseen, so pay is
    May 2023's; no path pays less than three quarters of the role's, nor asks for a second residency."""
    from scoring.transitions import MIN_PAY_RATIO
    from warehouse.db import read_connection
    from warehouse.paths import stored_paths

    db, _, _ = catalogue_runs
    with read_connection(db) as con:
        paths = stored_paths(con)
    nurses = paths["registered-nurses"]
    assert {p["pay_from"] for p in nurses} == {86070.0}  # May 2023, as published 2024-04-03
    assert all(p["pay_to"] is None or p["pay_to"] >= MIN_PAY_RATIO * p["pay_from"] for p in nurses)
    assert "licensed-practical-and-licensed-vocational-nurses" not in {p["target_id"] for p in nurses}  # 69% of it
    radiologists = paths.get("radiologists", [])
    assert all(p["pay_from_floor"] for p in radiologists)  # BLS top-codes the median: a floor (its 25th percentile)
    assert not {"neurologists", "urologists", "dentists-general"} & {p["target_id"] for p in radiologists}
    every = [p for rows in paths.values() for p in rows]
    known = [p for p in every if p["pay_from"] and p["pay_to"] and not p["pay_from_floor"]]
    assert len(known) > 0.8 * len(every) and all(p["pay_to"] >= MIN_PAY_RATIO * p["pay_from"] for p in known)
    assert not [p for p in every if p["target_id"] == "mlops-engineer"]  # its work is borrowed: nobody moves to it
    print({role: [(p["target_id"], p["via_id"]) for p in paths[role]] for role in ("mlops-engineer",) if role in paths})
