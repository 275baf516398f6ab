"""The single writer: starts a run, commits all of its rows in one transaction, or records it failed."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from contextlib import contextmanager
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Iterator, Sequence

import duckdb
import orjson

from scoring.aijri import SCALAR_OUTPUTS
from scoring.batch import ScoredRole
from scoring.capability import BenchmarkReading
from scoring.capability_evidence import ReadingKey, reading_row, stored_form
from scoring.changes import Change
from scoring.evidence_values import EvidenceValue
from warehouse.bulk import insert_columns, insert_rows
from warehouse.db import write_connection
from warehouse.errors import WarehouseError
from warehouse.lock import WriterLock
from warehouse.path_rows import PathsUpdate, paths_digest, transition_columns
from warehouse.releases import ReleaseUpdate, record_releases


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@lru_cache(maxsize=1)
def code_version() -> str:
    try:
        base = version("jobzone")
    except PackageNotFoundError:
        base = "0+unknown"
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{base}+g{sha}" if sha else base


def _close_interrupted_runs(con: duckdb.DuckDBPyConnection) -> None:
    # We hold the writer lock, so a run still marked running belongs to a process that died.
    con.execute(
        "UPDATE runs SET status = 'failed', finished_at = now(), "
        "error = 'interrupted: the process ended before the run finished' WHERE status = 'running'"
    )


class RunRecorder:
    """Handle for one run in progress; the lock is held by recording_run()."""

    def __init__(self, db_path: Path, run_id: int):
        self.db_path = db_path
        self.run_id = run_id
        self.committed = False

    def rename(self, reason: str | None) -> None:
        """Name the run after what it found on the way (a release event), before its results are written."""
        with write_connection(self.db_path) as con:
            con.execute(
                "UPDATE runs SET reason = ? WHERE id = ? AND reason IS DISTINCT FROM ?", [reason, self.run_id, reason]
            )

    def commit(
        self,
        rows: Sequence[ScoredRole],
        changes: Sequence[Change],
        stats: dict,
        also: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
        paths: PathsUpdate | None = None,
        releases: ReleaseUpdate | None = None,
    ) -> None:
        """Write the run's evidence, scores, changes and transition paths (and `also(con)`: the run's alerts)
        atomically, then succeed it."""
        with write_connection(self.db_path) as con:
            con.execute("BEGIN")
            try:
                self._write(con, rows, changes)
                if paths is not None:
                    self._write_paths(con, rows, paths)
                if releases is not None:
                    record_releases(con, self.run_id, releases)
                if also is not None:
                    also(con)
                con.execute(
                    "UPDATE runs SET status = 'succeeded', finished_at = ?, stats = ? WHERE id = ?",
                    [now(), json.dumps(stats), self.run_id],
                )
                con.execute("COMMIT")
            except BaseException:
                _rollback_quietly(con)  # DuckDB may have aborted the transaction itself (e.g. disk full)
                raise
        self.committed = True

    def _write(self, con: duckdb.DuckDBPyConnection, rows: Sequence[ScoredRole], changes: Sequence[Change]) -> None:
        """Rows go in chunks inside the one transaction, so a 100,000-role run never holds every role file's
        text or every evidence row as Python objects at once."""
        known = {h for (h,) in con.execute("SELECT content_hash FROM assessments").fetchall()}
        encoded: dict[int, tuple[object, str]] = {}  # roles sharing one market share their inputs: encode once
        readings: dict[ReadingKey, BenchmarkReading] = {}  # capability readings, stored once a run
        for start in range(0, len(rows), WRITE_CHUNK):
            chunk = rows[start : start + WRITE_CHUNK]
            new_versions = {r.assessment_hash: r for r in chunk if r.assessment_hash not in known}
            known.update(new_versions)
            insert_rows(con, "assessments", [self._assessment_row(h, r) for h, r in new_versions.items()])
            evidence = [_evidence_row(self.run_id, r, e, encoded, readings) for r in chunk for e in r.evidence]
            insert_rows(con, "evidence", evidence)
            insert_rows(con, "role_scores", [_score_row(self.run_id, r) for r in chunk])
        insert_rows(con, "changes", [_change_row(self.run_id, c) for c in changes])
        insert_rows(
            con, "capability_readings", [{"run_id": self.run_id, **reading_row(k, r)} for k, r in readings.items()]
        )

    def _write_paths(self, con: duckdb.DuckDBPyConnection, rows: Sequence[ScoredRole], update: PathsUpdate) -> None:
        """The run's transition paths; rows only when they differ from the newest stored set (a quiet nightly
        would otherwise store the same 4 paths per role again)."""
        newest = con.execute(
            "SELECT digest, stored_in, paths, inputs FROM transition_runs ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
        if update.paths is None:  # made of what the newest set was made of: that set, as it is
            if newest is None or newest[3] != update.inputs:
                raise WarehouseError("transition paths were not computed, but the newest stored set is of other inputs")
            digest, stored_in, count = newest[0], newest[1], newest[2]
        else:
            digest = paths_digest(update.paths, {row.role_id: row.assessment_hash for row in rows})
            stored_in = newest[1] if newest is not None and newest[0] == digest else self.run_id
            count = len(update.paths)
            if stored_in == self.run_id:
                insert_columns(con, "role_transitions", transition_columns(self.run_id, update.paths))
        con.execute(
            "INSERT INTO transition_runs VALUES (?, ?, ?, ?, ?)", [self.run_id, digest, count, stored_in, update.inputs]
        )

    def _assessment_row(self, content_hash: str, row: ScoredRole) -> dict:
        return {
            "content_hash": content_hash,
            "role_id": row.role_id,
            "text": row.assessment_text,
            "first_seen": now(),
            "first_run_id": self.run_id,
        }


WRITE_CHUNK = 5_000


def _encoded_once(value: object, memo: dict[int, tuple[object, str]], readings: dict) -> str:
    """The inputs' JSON, encoded once per shared object; AI tool maturity's benchmark readings go to `readings`
    (stored once a run) and the row names them."""
    hit = memo.get(id(value))
    if hit is None or hit[0] is not value:
        stored = value
        if isinstance(value, dict) and value.get("kind") == "capability":
            stored, found = stored_form(value)
            readings.update(found)
        hit = memo[id(value)] = (value, as_json(stored))
    return hit[1]


def as_json(value: object) -> str:
    """JSON for the evidence and score columns: orjson, as json.dumps(default=str) would write (dates as ISO
    strings), ~8x faster on the 50,000 evidence rows of a 10,000-role run."""
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def _evidence_row(run_id: int, row: ScoredRole, e: EvidenceValue, encoded: dict, readings: dict) -> dict:
    return {
        "run_id": run_id,
        "role_id": row.role_id,
        "dimension": e.dimension,
        "value": e.value,
        "analyst_value": e.analyst_value,
        "status": e.status,
        "rule": e.rule,
        "inputs": _encoded_once(e.inputs, encoded, readings),
        "level_now": e.inputs.get("level_now") if isinstance(e.inputs, dict) else None,
        "change_now": e.inputs.get("change_now") if isinstance(e.inputs, dict) else None,
    }


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass  # nothing to roll back: keep the error that got us here, not this one


def _score_row(run_id: int, row: ScoredRole) -> dict:
    s = row.score
    details = {key: getattr(s, key) for key in ("modifiers", "split", "composition", "waterfall", "unclamped")}
    details["override"] = row.override
    band = row.confidence_band
    return {
        "run_id": run_id,
        "role_id": row.role_id,
        "title": row.title,
        "assessment_hash": row.assessment_hash,
        **{key: getattr(s, key) for key in SCALAR_OUTPUTS},
        "details": as_json(details),
        "market_band": row.market_band,
        "confidence_low": band.low if band else None,
        "confidence_high": band.high if band else None,
        "confidence_half_width": band.half_width if band else None,
        "could_be": band.could_be if band else None,
    }


def _change_row(run_id: int, c: Change) -> dict:
    return {
        "run_id": run_id,
        "role_id": c.role_id,
        "prev_run_id": c.prev_run_id,
        "before_aijri": c.before_aijri,
        "after_aijri": c.after_aijri,
        "before_zone": c.before_zone,
        "after_zone": c.after_zone,
        "before_label": c.before_label,
        "after_label": c.after_label,
        "causes": json.dumps(c.causes),
    }


def _start(db_path: Path, kind: str, reason: str | None, as_of: dt.date) -> int:
    with write_connection(db_path) as con:
        _close_interrupted_runs(con)
        row = con.execute(
            "INSERT INTO runs (kind, reason, as_of, started_at, status, code_version, pid) "
            "VALUES (?, ?, ?, ?, 'running', ?, ?) RETURNING id",
            [kind, reason, as_of, now(), code_version(), os.getpid()],
        ).fetchone()
        assert row is not None  # INSERT ... RETURNING answers with the new row
        return row[0]


def _fail(db_path: Path, run_id: int, error: str) -> None:
    with write_connection(db_path) as con:
        con.execute(
            "UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND status = 'running'",
            [now(), error, run_id],
        )


def _record_failure(db_path: Path, run_id: int, exc: BaseException) -> None:
    """Mark the run failed with its cause; if even that cannot be written (disk full), the cause still
    reaches the operator through the exception, and the next writer closes the run as interrupted."""
    try:
        _fail(db_path, run_id, f"{type(exc).__name__}: {exc}")
    except (duckdb.Error, WarehouseError, OSError):
        pass


@contextmanager
def recording_run(db_path: Path, kind: str, reason: str | None, as_of: dt.date) -> Iterator[RunRecorder]:
    """Hold the writer lock for a whole run; a run that raises (or never commits) is recorded as failed."""
    db_path = Path(db_path)
    with WriterLock(db_path, purpose=f"{kind} run") as lock:
        run_id = _start(db_path, kind, reason, as_of)
        lock.note(run_id)
        recorder = RunRecorder(db_path, run_id)
        try:
            yield recorder
        except BaseException as exc:
            _record_failure(db_path, run_id, exc)
            if isinstance(exc, duckdb.Error):
                raise WarehouseError(f"{db_path}: run {run_id} could not be written: {exc}") from exc
            raise
        if not recorder.committed:
            _fail(db_path, run_id, "the run ended without committing its results")
