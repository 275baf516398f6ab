"""Warehouse faults end in one readable line naming the cause, and never hide it."""

import sqlite3

import duckdb
import pytest

import warehouse.writer
from flows.pipeline import run_pipeline
from flows.request import RunRequest
from jobzone.settings import Settings
from tests.helpers import jobzone, jobzone_json
from warehouse.errors import WarehouseError


def one_line_error(result) -> str:
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def test_a_corrupt_file_is_named(tmp_path):
    db = tmp_path / "corrupt.duckdb"
    db.write_bytes(b"not a database " * 1000)
    assert "not a valid DuckDB database file" in one_line_error(jobzone("runs", db=db, check=False))


def test_a_sqlite_file_is_refused_without_reaching_for_an_extension(tmp_path):
    db = tmp_path / "old.sqlite"
    sqlite3.connect(db).execute("CREATE TABLE t (a)").connection.commit()
    for args in (("runs",), ("run", "--skip-ingest")):
        assert "is a SQLite database, not a jobzone DuckDB file" in one_line_error(jobzone(*args, db=db, check=False))


def test_a_folder_that_cannot_be_made_is_named(tmp_path, roles_dir):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = jobzone("run", "--skip-ingest", db=blocker / "w.duckdb", roles=roles_dir, check=False)
    assert "w.duckdb: cannot create its folder: " in one_line_error(result) and "file is a file" in result.stderr


def test_disk_full_during_the_commit_is_reported_not_hidden_by_the_rollback(tmp_path, roles_dir, monkeypatch):
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False)
    run_pipeline(settings, RunRequest.nightly(skip_ingest=True))

    def full_disk(self, con, rows, changes):
        con.execute("ROLLBACK")  # what DuckDB does itself when a write fails: the transaction is gone
        raise duckdb.IOException("IO Error: Could not write file: No space left on device")

    monkeypatch.setattr(warehouse.writer.RunRecorder, "write_results", full_disk)
    with pytest.raises(WarehouseError, match="run 2 could not be written: .*No space left on device"):
        run_pipeline(settings, RunRequest.nightly(skip_ingest=True))
    runs = jobzone_json("runs", db=settings.db)
    assert runs[0]["status"] == "failed" and "No space left on device" in runs[0]["error"]
    assert "cannot rollback" not in runs[0]["error"]
    assert [r["status"] for r in runs] == ["failed", "succeeded"]  # the earlier run is untouched
