"""Operator views that summarise: runs with failed sources and alerts, sources with whole errors, a
diff that starts with a summary and hides what did not move, scores filtered and sorted, explain --all."""

import re
import shutil

import pytest

from tests.conftest import REFERENCE_ROLE
from tests.helpers import add_drafts, jobzone, jobzone_json, jobzone_process

DRAFTS = ("registered-nurses", "software-developers", "telemarketers")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, fixtures):
    """One replayed run over four roles, shared by the module (the diff test, last, edits a file and reruns)."""
    root = tmp_path_factory.mktemp("operator")
    roles_dir = root / "roles"
    roles_dir.mkdir()
    shutil.copy(REFERENCE_ROLE, roles_dir / REFERENCE_ROLE.name)
    add_drafts(roles_dir, *DRAFTS)
    db = root / "w.duckdb"
    jobzone("run", "--replay", str(fixtures), "--as-of", "2026-03-01", db=db, roles=roles_dir)
    return db, roles_dir


def test_runs_show_failed_sources_and_alerts(warehouse):
    db, roles = warehouse
    (row,) = jobzone_json("runs", db=db, roles=roles)
    assert row["failed_sources"] == ["itjobswatch", "ons"]  # no recording of those two pages
    assert row["status"] == "degraded"  # scored, on data two failed sources could not refresh
    assert row["alerts"] == {"queued": 0, "sent": 0, "failed": 0}
    table = jobzone_process("runs", db=db, roles=roles, env={"COLUMNS": "200"}).stdout  # its own terminal width
    assert "failed sources" in table and "itjobswatch, ons" in table
    assert "alerts queued / sent" not in table  # no run queued an alert: no column for it


def test_sources_print_the_whole_error(warehouse):
    db, roles = warehouse
    table = jobzone_process("sources", db=db, roles=roles, env={"COLUMNS": "220"}).stdout
    error = " ".join(line.split("│")[-2].strip() for line in table.splitlines() if line.count("│") > 2)
    assert "itjobswatch.co.uk/" in error and "no recording for this GET in" in error  # wrapped, whole
    assert "…" not in table  # before: cut to 80 characters
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", table)  # last success, to the second
    assert not re.search(r"\d\d:\d\d:\d\d\.\d{6}", table)  # not to the microsecond, with an offset


def test_scores_filter_sort_and_limit(warehouse):
    db, roles = warehouse
    every = jobzone_json("scores", db=db, roles=roles)
    assert len(every) == 4 and [r["aijri"] for r in every] == sorted((r["aijri"] for r in every), reverse=True)
    drafts = jobzone_json("scores", "--draft", "--sort", "aijri", db=db, roles=roles)
    assert {r["role_id"] for r in drafts} == set(DRAFTS) and drafts[0]["aijri"] == min(r["aijri"] for r in drafts)
    assert [r["role_id"] for r in jobzone_json("scores", "--reviewed", db=db, roles=roles)] == ["mlops-engineer"]
    nursing = jobzone_json("scores", "--category", "healthcare practitioners and technical", db=db, roles=roles)
    assert [r["role_id"] for r in nursing] == ["registered-nurses"]
    # A category by the words of its name ("Sales" needed "Sales and Related"), and a clear answer when unclear
    assert jobzone_json("scores", "--category", "healthcare", db=db, roles=roles) == nursing
    assert [r["role_id"] for r in jobzone_json("scores", "--category", "sales", db=db, roles=roles)] == [
        "telemarketers"
    ]
    unclear = jobzone("scores", "--category", "and", db=db, roles=roles, check=False)
    assert unclear.returncode == 1 and "matches 3 categories" in unclear.stderr and "say which" in unclear.stderr
    none = jobzone("scores", "--category", "astronauts", db=db, roles=roles, check=False)
    assert none.returncode == 1 and "no such category; the categories are: " in none.stderr
    zone = every[-1]["zone"]
    limited = jobzone_json("scores", "--zone", zone, "--sort", "aijri", "--limit", "1", db=db, roles=roles)
    assert limited == [every[-1]]


def test_a_role_page_names_the_vintage_of_each_source_it_rests_on(warehouse):
    from jobzone.settings import Settings
    from web import pages

    db, roles = warehouse
    html = pages.role_html(Settings(db=db, roles=roles, prefect=False), "registered-nurses")
    dates = html[html.index('data-testid="dates"') : html.index("Sources:", html.index('data-testid="dates"'))]
    assert "<strong>Market data</strong> as of 2026-03-01" in dates
    assert "BLS OEWS national estimates: the version published by 2025-04-02, latest period 2024-05-31" in dates


def test_every_score_carries_its_80_percent_band_in_scores_explain_and_the_page(warehouse):
    from jobzone.settings import Settings
    from web import pages

    db, roles = warehouse
    rows = {r["role_id"]: r for r in jobzone_json("scores", db=db, roles=roles)}
    for row in rows.values():
        assert row["confidence_low"] <= row["aijri"] <= row["confidence_high"]
    drafts = [rows[r]["confidence_high"] - rows[r]["confidence_low"] for r in DRAFTS]
    assert (
        min(drafts) > rows["mlops-engineer"]["confidence_high"] - rows["mlops-engineer"]["confidence_low"]
    )  # gaps: wider
    nurse = rows["registered-nurses"]
    text = jobzone("explain", "registered-nurses", db=db, roles=roles).stdout
    assert f"80% band {nurse['confidence_low']:.1f}-{nurse['confidence_high']:.1f}" in text
    html = pages.role_html(Settings(db=db, roles=roles, prefect=False), "registered-nurses")
    assert f"80% band {nurse['confidence_low']:.1f}–{nurse['confidence_high']:.1f}" in html


def test_explain_all_adds_tasks_barriers_and_protective_principles(warehouse):
    db, roles = warehouse
    lines = jobzone("explain", "mlops-engineer", "--all", db=db, roles=roles).stdout.splitlines()
    assert "Tasks (share of time, automation 1-5, impact):" in lines
    assert any(line.strip().startswith("20%  3  augmentation  Model deployment") for line in lines)
    assert "Barriers: 1 / 10" in lines and "Protective principles (not in the formula): 2 / 9" in lines
    assert "Tasks (share" not in jobzone("explain", "mlops-engineer", db=db, roles=roles).stdout


def test_diff_summarises_first_and_hides_what_did_not_move(warehouse):
    db, roles = warehouse
    path = roles / "mlops-engineer.toml"
    path.write_text(path.read_text().replace('summary = "', 'summary = "Revised. ', 1))  # an edit that moves nothing
    jobzone("rerun", "--reason", "wording", db=db, roles=roles)
    out = jobzone("diff", db=db, roles=roles, env={"COLUMNS": "200"}).stdout.splitlines()
    assert (
        out[1]
        == "1 role(s) changed, 0 moved as shown (1 unmoved not listed: --all); 0 by a point or more (largest 0.0)."
    )
    assert out[2] == "Zone changes: none." and out[3] == "Causes: assessment 1."
    assert "mlops-engineer" not in "\n".join(out)
    assert "mlops-engineer" in jobzone("diff", "--all", db=db, roles=roles).stdout
    summary = jobzone_json("diff", db=db, roles=roles)["summary"]
    assert summary == {
        "changed": 1,
        "moved": 0,
        "unmoved": 1,
        "moved_a_point_or_more": 0,
        "largest_move": 0.0,
        "zone_moves": {},
        "causes": {"assessment": 1},
    }


def test_an_offline_nightly_is_degraded_says_so_first_and_groups_its_errors_per_host(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    offline = jobzone("run", db=db, roles=roles_dir, check=False, env={"COLUMNS": "200"})
    assert offline.returncode == 3, offline.stderr  # not 0: a cron job or a script sees it; not 1: it scored
    lines = offline.stdout.splitlines()
    assert "degraded: every source failed" in lines[0] and "nothing new was read" in lines[0]
    hosts = [line.strip().split(":")[0] for line in lines if "fetch error(s), first:" in line]
    assert hosts and len(hosts) == len(set(hosts))  # one line per host, however many of its fetches failed
    assert any("robots.txt" in line for line in lines if "fetch error(s)" in line)
    (run,) = jobzone_json("runs", db=db, roles=roles_dir)
    assert run["status"] == "degraded" and run["stats"]["status"] == "degraded"
    states = {row["name"]: row.get("last_status") for row in jobzone_json("sources", db=db, roles=roles_dir)}
    # The run report's word everywhere (`sources` said "failed"); None: a source no role follows, never fetched.
    assert set(states.values()) - {None} == {"stale"}
    table = jobzone_process("sources", db=db, roles=roles_dir, env={"COLUMNS": "250"}).stdout
    shown = {
        cells[1].strip(): cells[3].strip()
        for cells in (line.split("│") for line in table.splitlines())
        if len(cells) > 4 and cells[1].strip() in states
    }
    assert set(shown.values()) <= {"stale", "never fetched"} and "stale" in shown.values()
