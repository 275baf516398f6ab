"""CLI edges answer in one readable line with a usage (2) or error (1) exit code (hardening items 2 and 22)."""

import datetime as dt

import pytest

from tests.helpers import SECRET, jobzone

TOMORROW = (dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("backfill", "--from", "2024-05-01", "--to", "2024-01-01"), 2, "is before --from"),
        (
            ("backfill", "--from", "2024-01-01", "--to", "2024-05-01", "--every", "fortnight"),
            2,
            "'fortnight' is not one of",
        ),
        (("runs", "--limit", "-5"), 2, "Invalid value for '--limit': Input should be greater than or equal to 1"),
        (("web", "--port", "99999"), 2, "Invalid value for '--port': Input should be less than or equal to 65535"),
        (("run", "--skip-ingest", "--as-of", "2099-01-01"), 1, "--as-of 2099-01-01 is in the future"),
        (("run", "--skip-ingest", "--as-of", TOMORROW), 1, "is in the future"),
    ],
)
def test_bad_options_are_one_line(tmp_path, roles_dir, args, code, message):
    result = jobzone(*args, db=tmp_path / "w.duckdb", roles=roles_dir, check=False)
    assert result.returncode == code and message in result.stderr and "Traceback" not in result.stderr


def test_an_as_of_before_any_source_holds_data_is_refused(tmp_path, roles_dir, fixtures):
    db = tmp_path / "w.duckdb"
    jobzone("run", "--replay", str(fixtures), "--as-of", "2026-03-31", db=db, roles=roles_dir)
    result = jobzone("run", "--skip-ingest", "--as-of", "1900-01-01", db=db, roles=roles_dir, check=False)
    assert result.returncode == 1 and "--as-of 1900-01-01 is before the earliest data any source holds" in result.stderr
    assert [
        r["as_of"]
        for r in __import__("json").loads(jobzone("runs", "--json", db=db).stdout)
        if r["status"] in ("succeeded", "degraded")  # degraded: no recording of two of its sources' pages
    ] == ["2026-03-31"]


def test_explain_names_an_unknown_role_and_version_prints(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    jobzone("run", "--skip-ingest", db=db, roles=roles_dir)
    result = jobzone("explain", "nope", db=db, check=False)
    assert result.returncode == 1 and "unknown role 'nope'" in result.stderr
    assert jobzone("--version", db=db).stdout.startswith("jobzone ")


def test_announce_refuses_unknown_roles_before_emitting(tmp_path, roles_dir):
    result = jobzone(
        "announce", "a release", "--roles", "nope-role", db=tmp_path / "w.duckdb", roles=roles_dir, check=False
    )
    assert result.returncode == 1 and "unknown role id(s) nope-role" in result.stderr


def test_a_missing_or_short_secret_fails_before_scoring_when_anyone_follows(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    jobzone("subscribe", "a@example.org", "mlops-engineer", db=db, roles=roles_dir, env={"JOBZONE_SECRET": SECRET})
    for env, message in (({}, "JOBZONE_SECRET is not set"), ({"JOBZONE_SECRET": "short"}, "at least 32")):
        result = jobzone("run", "--skip-ingest", db=db, roles=roles_dir, env=env, check=False)
        assert result.returncode == 1 and message in result.stderr
    runs = __import__("json").loads(jobzone("runs", "--json", db=db).stdout)
    assert all(r["status"] == "failed" for r in runs) and all(r["stats"] is None for r in runs)  # nothing scored


def test_a_refused_concurrent_run_in_prefect_mode_is_one_line(tmp_path, roles_dir):
    import subprocess
    import sys

    from tests.conftest import REPO

    db = tmp_path / "w.duckdb"
    hold = (
        "import sys, time; from pathlib import Path; from warehouse.lock import WriterLock\n"
        "with WriterLock(Path(sys.argv[1]), 'nightly run'):\n    print('locked', flush=True); time.sleep(30)"
    )
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = jobzone("run", "--skip-ingest", db=db, roles=roles_dir, env={"JOBZONE_PREFECT": "true"}, check=False)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert f"locked for writing by pid {holder.pid} (nightly run" in result.stderr


def test_a_run_with_no_prefect_server_runs_plainly_and_says_so(tmp_path, roles_dir, monkeypatch):
    """A cold `jobzone run` does not start a temporary Prefect server (15-20 s) unless asked (performance #3)."""
    from tests.helpers import free_port

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    port = free_port()
    env = {"JOBZONE_PREFECT": "true", "JOBZONE_PREFECT_PORT": str(port)}
    result = jobzone("run", "--skip-ingest", db=tmp_path / "w.duckdb", roles=roles_dir, env=env)
    assert result.returncode == 0
    assert f"note: no Prefect server answers at http://127.0.0.1:{port}/api" in result.stderr
    assert "succeeded: 1 role(s) scored" in result.stdout


def test_a_run_over_an_empty_roles_folder_is_refused_and_keeps_the_paths(tmp_path, roles_dir):
    """It once succeeded ("0 role(s) scored") and stored an empty set of transition paths as the newest."""
    db = tmp_path / "w.duckdb"
    jobzone("run", "--skip-ingest", db=db, roles=roles_dir)
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = jobzone("run", "--skip-ingest", db=db, roles=empty, check=False)
    assert refused.returncode == 1 and "no role files (*.toml) to score" in refused.stderr
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        statuses = [s for (s,) in con.execute("SELECT status FROM runs ORDER BY id").fetchall()]
        stored_in = con.execute("SELECT count(*) FROM transition_runs").fetchone()[0]
    assert statuses == ["succeeded", "failed"] and stored_in == 1


def test_scores_takes_a_zone_in_any_case(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    jobzone("run", "--skip-ingest", db=db, roles=roles_dir)
    for spelling in ("yellow", "YELLOW", "Yellow"):
        rows = __import__("json").loads(jobzone("scores", "--zone", spelling, "--json", db=db).stdout)
        assert [r["role_id"] for r in rows] == ["mlops-engineer"], spelling
    assert __import__("json").loads(jobzone("scores", "--zone", "red", "--json", db=db).stdout) == []
    result = jobzone("scores", "--zone", "purple", db=db, check=False)
    assert result.returncode == 2 and "'purple' is not one of" in result.stderr


def test_the_diff_shows_what_moved_the_score_first_and_folds_wording_edits():
    from jobzone.services.reads import summarise_diff
    from scoring.changes import AssessmentEdit, EvidenceMove, diff_lines

    task = "tasks['Answer customers']"
    causes = [
        AssessmentEdit(field="draft.releases", before=None, after=["2026-06-01-x"]),
        AssessmentEdit(field=f"{task}.rationale", before="a", after="a. Reassessed after X: automation 4 -> 5."),
        AssessmentEdit(field=f"{task}.reassessed", before=None, after="X: agents answer"),
        AssessmentEdit(field=f"{task}.score", before=4, after=5),
        EvidenceMove(dimension="ai_tool_maturity", before=0, after=-1, why="rise 2.7 steps"),
    ]
    lines = diff_lines(causes)
    assert lines[0] == f"assessment edited: {task}.score 4 → 5" and lines[1].startswith("evidence ai_tool_maturity")
    assert lines[2:] == ["(+ 3 wording / bookkeeping edit(s): rationale, reassessed, releases)"]
    # "0 by a point or more (largest 1.0)" no more: both count the moves as shown, one decimal each side
    change = {"before_aijri": 41.04, "after_aijri": 40.049, "before_zone": "Yellow", "after_zone": "Yellow"}
    summary = summarise_diff([{**change, "before_label": "x", "after_label": "x", "causes": []}])
    assert summary["largest_move"] == 1.0 and summary["moved_a_point_or_more"] == 1


def test_a_rerun_scores_as_of_the_stored_date_and_a_run_past_the_data_says_so(tmp_path, roles_dir, fixtures):
    db = tmp_path / "w.duckdb"
    jobzone("run", "--replay", str(fixtures), "--as-of", "2026-03-01", db=db, roles=roles_dir)
    rerun = jobzone("rerun", "--reason", "an edit", db=db, roles=roles_dir).stdout
    assert rerun.startswith("Run 2 (rerun, as of 2026-03-01") and "warning" not in rerun  # the pages' moment
    today = jobzone("run", "--skip-ingest", db=db, roles=roles_dir).stdout  # a nightly: today, past the recordings
    assert "warning: no role's job postings or wages moved with the market: as of " in today
    assert "(the newest data read ends 20" in today and "Score as of a date the data covers (--as-of)" in today
    dated = jobzone("rerun", "--reason", "again", "--as-of", "2026-03-01", db=db, roles=roles_dir).stdout
    assert "as of 2026-03-01" in dated and "warning" not in dated
