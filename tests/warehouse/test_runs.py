"""Runs on a real DuckDB file: atomic commits, failed runs, one writer at a time, history and diff."""

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest

import warehouse.writer
from flows.pipeline import run_pipeline
from flows.request import RunRequest
from jobzone.settings import Settings
from scoring.change_schema import ChangeRecord
from scoring.changes import AssessmentEdit
from tests.conftest import REPO
from tests.helpers import edit_task_score, jobzone, jobzone_json
from warehouse import queries
from warehouse.db import read_connection, write_connection
from warehouse.errors import WarehouseBusy


def settings_for(tmp_path, roles_dir) -> Settings:
    return Settings(db=tmp_path / "w.duckdb", roles=roles_dir)


def test_two_runs_with_an_edit_show_history_and_cause(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    jobzone("run", "--skip-ingest", "--reason", "baseline", db=db, roles=roles_dir)
    edit_task_score(roles_dir, "CI/CD for ML (model versioning, testing, promotion)", 4, 5)
    jobzone("run", "--skip-ingest", "--reason", "Claude 5 released", db=db, roles=roles_dir)

    history = jobzone_json("history", "mlops-engineer", db=db)
    assert [(h["run_id"], h["aijri_display"]) for h in history] == [(1, "42.6"), (2, "41.0")]
    assert history[0]["assessment_hash"] != history[1]["assessment_hash"]

    diff = jobzone_json("diff", db=db)
    assert diff["id"] == 2 and diff["reason"] == "Claude 5 released"
    (change,) = diff["changes"]
    assert ChangeRecord.model_validate(change).version == 1  # the published change schema (docs/api.md)
    assert (change["before"]["aijri"], change["after"]["aijri"], change["title"]) == (42.6, 41.0, "MLOps Engineer")
    assert change["causes"] == [
        "Reassessed after: Claude 5 released: task 'CI/CD for ML (model versioning, testing, promotion)' "
        "automation 4 → 5"
    ]
    with read_connection(db) as con:  # the stored cause keeps its field path (the operator's `diff` table shows it)
        (stored,) = queries.diff(con)["changes"]
    assert stored["before_aijri"] == pytest.approx(42.6212, abs=1e-4)
    assert stored["causes"] == [
        AssessmentEdit(field="tasks['CI/CD for ML (model versioning, testing, promotion)'].score", before=4, after=5)
    ]
    with read_connection(db) as con:  # as JSON: the versioned stored form
        (raw,) = con.execute("SELECT causes FROM changes WHERE run_id = 2").fetchone()
    assert json.loads(raw) == [
        {
            "v": 1,
            "kind": "assessment",
            "field": "tasks['CI/CD for ML (model versioning, testing, promotion)'].score",
            "before": 4,
            "after": 5,
        }
    ]
    human = jobzone("diff", db=db).stdout
    assert "42.6 → 41.0" in human and "Claude 5 released" in human

    with read_connection(db) as con:
        assert con.execute("SELECT count(*) FROM assessments").fetchone()[0] == 2


def test_an_unchanged_rerun_records_no_change(tmp_path, roles_dir):
    settings = settings_for(tmp_path, roles_dir)
    first = run_pipeline(settings, RunRequest(as_of=dt.date(2026, 4, 1), ingest=False))
    second = run_pipeline(settings, RunRequest(as_of=dt.date(2026, 4, 2), ingest=False))
    assert (first.changes, second.changes) == (1, 0)
    with read_connection(settings.db) as con:
        assert con.execute("SELECT count(*) FROM assessments").fetchone()[0] == 1


def test_injected_failure_mid_commit_leaves_no_partial_rows(tmp_path, roles_dir, monkeypatch):
    settings = settings_for(tmp_path, roles_dir)
    run_pipeline(settings, RunRequest(reason="good", ingest=False))
    edit_task_score(roles_dir, "ML pipeline design & architecture", 2, 3)
    real_insert = warehouse.writer.insert_rows

    def failing_insert(con, table, rows):
        if table == "changes":
            raise RuntimeError("disk full (injected)")
        return real_insert(con, table, rows)

    monkeypatch.setattr(warehouse.writer, "insert_rows", failing_insert)
    with pytest.raises(RuntimeError, match="injected"):
        run_pipeline(settings, RunRequest(reason="doomed", ingest=False))

    with read_connection(settings.db) as con:
        runs = queries.list_runs(con)
        assert [(r["id"], r["status"]) for r in runs] == [(2, "failed"), (1, "succeeded")]
        assert "disk full (injected)" in runs[0]["error"]
        for table in ("evidence", "role_scores", "changes"):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE run_id = 2").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM assessments").fetchone()[0] == 1
        assert [r["run_id"] for r in queries.scores(con)] == [1]


def test_invalid_role_file_fails_the_run_visibly(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    (roles_dir / "mlops-engineer.toml").write_text("id = 'broken'")
    result = jobzone("run", "--skip-ingest", db=db, roles=roles_dir, check=False)
    assert result.returncode == 1 and "title: is required" in result.stderr and "Traceback" not in result.stderr
    (run,) = jobzone_json("runs", db=db)
    assert run["status"] == "failed" and "RoleFileError" in run["error"]


HOLD_LOCK = """
import sys, time
from pathlib import Path
from warehouse.lock import WriterLock
with WriterLock(Path(sys.argv[1]), purpose="nightly run") as lock:
    lock.note(run_id=41)
    print("locked", flush=True)
    time.sleep(30)
"""

HOLD_FILE = """
import sys, time
from warehouse.db import write_connection
with write_connection(sys.argv[1]) as con:
    print("open", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def start_holder(script: str, *args: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", script, *args], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() in ("locked", "open")
    return proc


def test_second_writer_process_gets_a_clear_error(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    holder = start_holder(HOLD_LOCK, str(db))
    try:
        result = jobzone("run", "--skip-ingest", db=db, roles=roles_dir, check=False)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert f"locked for writing by pid {holder.pid} (nightly run, run 41, since" in result.stderr
    assert "Traceback" not in result.stderr and "IO Error" not in result.stderr
    # The kernel released the lock when the holder died: the next writer proceeds.
    jobzone("run", "--skip-ingest", db=db, roles=roles_dir)


def test_reader_waits_for_a_brief_writer_and_explains_a_long_one(tmp_path, roles_dir):
    settings = settings_for(tmp_path, roles_dir)
    run_pipeline(settings, RunRequest(ingest=False))
    holder = start_holder(HOLD_FILE, str(settings.db), "1.5")
    started = time.monotonic()
    rows = jobzone_json("scores", db=settings.db)  # waits for the writer to close, then answers
    assert rows[0]["aijri_display"] == "42.6" and time.monotonic() - started > 0.5
    holder.wait()
    holder = start_holder(HOLD_FILE, str(settings.db), "10")
    try:
        with pytest.raises(WarehouseBusy, match="is busy: .* has it open for writing and it stayed locked for 0.3s"):
            with read_connection(settings.db, wait=0.3):
                pass
    finally:
        holder.kill()
        holder.wait()


HOLD_READER = """
import sys, time
from warehouse.db import read_connection
with read_connection(sys.argv[1]) as con:
    print("open", flush=True)
    time.sleep(30)
"""


def test_a_writer_kept_out_by_a_reader_names_the_reader_not_itself(tmp_path, roles_dir):
    from warehouse.lock import WriterLock

    settings = settings_for(tmp_path, roles_dir)
    run_pipeline(settings, RunRequest(ingest=False))
    reader = start_holder(HOLD_READER, str(settings.db))
    try:
        with WriterLock(settings.db, purpose="nightly run"):
            with pytest.raises(WarehouseBusy) as refused:
                with write_connection(settings.db, wait=0.3):
                    pass
    finally:
        reader.kill()
        reader.wait()
    message = str(refused.value)
    # Before: "pid <this process> (nightly run, ...) has it open for writing", the asker named as the holder.
    assert f"pid {reader.pid} (python" in message and "read_connection" not in message  # program, not its code
    assert "reading, or a tool outside jobzone" in message and "for writing" not in message
    assert f"pid {os.getpid()}" not in message
    # With the reader gone, the same writer opens the file.
    with WriterLock(settings.db, purpose="nightly run"), write_connection(settings.db, wait=0.3) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_a_run_left_running_by_a_dead_process_is_closed_as_interrupted(tmp_path, roles_dir):
    settings = settings_for(tmp_path, roles_dir)
    with write_connection(settings.db) as con:
        con.execute(
            "INSERT INTO runs (kind, as_of, started_at, status, code_version, pid) "
            "VALUES ('nightly', DATE '2026-01-01', now(), 'running', 'x', 999999)"
        )
    run_pipeline(settings, RunRequest(ingest=False))
    with read_connection(settings.db) as con:
        runs = queries.list_runs(con)
    assert runs[1]["status"] == "failed" and runs[1]["error"].startswith("interrupted")
    assert runs[0]["status"] == "succeeded"


def test_read_commands_explain_bad_run_ids(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    jobzone("run", "--skip-ingest", db=db, roles=roles_dir)
    result = jobzone("scores", "--run", "7", db=db, check=False)
    assert result.returncode == 1 and result.stderr.strip() == "error: --run 7: no such run (see `jobzone runs`)"
    result = jobzone("history", "nobody", db=db, check=False)
    assert "no history for role 'nobody'; scored roles: mlops-engineer" in result.stderr
