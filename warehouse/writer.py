"""The single writer: starts a run, commits all of its rows in one transaction, or records it failed."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import duckdb
import orjson

from scoring.aijri import SCALAR_OUTPUTS
from scoring.batch import ScoredRole
from scoring.capability import BenchmarkReading
from scoring.capability_evidence import ReadingKey, reading_row, stored_form
from scoring.changes import Change, cause_json
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.evidence_inputs import CapabilityInputs, EvidenceInputs, inputs_json
from scoring.stored import details_json
from warehouse import queries
from warehouse.bulk import insert_columns, insert_rows
from warehouse.errors import WarehouseBusy, WarehouseError
from warehouse.path_rows import PathsUpdate, paths_digest, transition_columns
from warehouse.refusals import RefusedAttempt, note_refused, record_refusals
from warehouse.releases import ReleaseUpdate, record_releases
from warehouse.store import Warehouse


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

    def __init__(self, warehouse: Warehouse, run_id: int, as_of: dt.date):
        self.warehouse = warehouse
        self.run_id = run_id
        self.as_of = as_of
        self.committed = False

    def rename(self, reason: str | None) -> None:
        """Name the run after what it found on the way (a release event), before its results are written."""
        with self.warehouse.connect() as con:
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
        with self.warehouse.connect() as con:
            con.execute("BEGIN")
            try:
                self.write_results(con, rows, changes)
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

    def write_results(
        self, con: duckdb.DuckDBPyConnection, rows: Sequence[ScoredRole], changes: Sequence[Change]
    ) -> None:
        """Rows go in chunks inside the one transaction, so a 100,000-role run never holds every role file's
        text or every evidence row as Python objects at once."""
        known = dict(con.execute("SELECT content_hash, category IS NOT NULL FROM assessments").fetchall())
        encoded: dict[int, _Encoded] = {}  # roles sharing one market share their inputs: encode once
        readings: dict[ReadingKey, BenchmarkReading] = {}  # capability readings, stored once a run
        for start in range(0, len(rows), WRITE_CHUNK):
            chunk = rows[start : start + WRITE_CHUNK]
            new_versions = {r.assessment_hash: r for r in chunk if r.assessment_hash not in known}
            unlisted = {r.assessment_hash: r for r in chunk if known.get(r.assessment_hash) is False}
            known.update(dict.fromkeys(new_versions.keys() | unlisted.keys(), True))
            insert_rows(con, "assessments", [self._assessment_row(h, r) for h, r in new_versions.items()])
            _fill_listing(con, unlisted.values())
            insert_columns(con, "evidence", _evidence_columns(self.run_id, chunk, encoded, readings))
            insert_columns(con, "role_scores", _score_columns(self.run_id, chunk))
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
            **_listing_row(row),
        }


def _listing_row(row: ScoredRole) -> dict:
    listed = row.view.listed
    return {
        "category": row.view.category,
        "seniority": listed.seniority,
        "aliases": list(listed.aliases),
        "draft": listed.draft,
        "releases": list(listed.releases),
    }


def _fill_listing(con: duckdb.DuckDBPyConnection, rows: Iterable[ScoredRole]) -> None:
    """The listing columns of versions stored before they existed (migration 0013), from this run's views."""
    filled = [{"content_hash": row.assessment_hash, **_listing_row(row)} for row in rows]
    if not filled:
        return
    con.execute(
        "CREATE TEMP TABLE IF NOT EXISTS listing_fill AS SELECT content_hash, category, seniority, aliases, draft, "
        "releases FROM assessments LIMIT 0"
    )
    con.execute("DELETE FROM listing_fill")
    insert_rows(con, "listing_fill", filled)
    con.execute(
        "UPDATE assessments SET category = f.category, seniority = f.seniority, aliases = f.aliases, "
        "draft = f.draft, releases = f.releases FROM listing_fill f WHERE assessments.content_hash = f.content_hash"
    )


WRITE_CHUNK = 5_000


@dataclass(frozen=True)
class _Encoded:
    """Evidence inputs as stored: their JSON (None: no inputs) and the columns read out of them, made once per
    shared object."""

    source: object
    text: str | None
    level_now: int | None
    change_now: float | None


def _encoded_once(value: EvidenceInputs | None, memo: dict[int, _Encoded], readings: dict) -> _Encoded:
    """The inputs' JSON (scoring.evidence_inputs's codec) and filter columns, made once per shared object (roles
    sharing one market share their inputs); AI tool maturity's benchmark readings go to `readings` (stored once a
    run) and the row names them."""
    hit = memo.get(id(value))
    if hit is None or hit.source is not value:
        stored = inputs_json(value)
        if isinstance(value, CapabilityInputs) and stored is not None:
            stored, found = stored_form(stored)
            readings.update(found)
        text = as_json(stored) if stored is not None else None
        level, change = (value.level_now, value.change_now) if value is not None else (None, None)
        hit = memo[id(value)] = _Encoded(value, text, level, change)
    return hit


def as_json(value: object) -> str:
    """JSON for the evidence and score columns: orjson, as json.dumps(default=str) would write (dates as ISO
    strings), ~8x faster on the 50,000 evidence rows of a 10,000-role run."""
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def _evidence_columns(
    run_id: int, chunk: Sequence[ScoredRole], encoded: dict[int, _Encoded], readings: dict
) -> dict[str, list]:
    """The chunk's evidence rows as columns, built in one pass (no dict per row: 50,000 rows a 10,000-role run)."""
    columns: dict[str, list] = {name: [] for name in EVIDENCE_COLUMNS}
    role_ids, dimensions, values, analyst, statuses, rules, texts, levels, changes = columns.values()
    for row in chunk:
        for e in row.evidence:
            inputs = _encoded_once(e.inputs, encoded, readings)
            role_ids.append(row.role_id)
            dimensions.append(e.dimension)
            values.append(e.value)
            analyst.append(e.analyst_value)
            statuses.append(e.status)
            rules.append(e.rule)
            texts.append(inputs.text)
            levels.append(inputs.level_now)
            changes.append(inputs.change_now)
    return {"run_id": [run_id] * len(role_ids), **columns}


EVIDENCE_COLUMNS = (
    "role_id",
    "dimension",
    "value",
    "analyst_value",
    "status",
    "rule",
    "inputs",
    "level_now",
    "change_now",
)


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass  # nothing to roll back: keep the error that got us here, not this one


def _score_columns(run_id: int, chunk: Sequence[ScoredRole]) -> dict[str, list]:
    """The chunk's scores as columns: the engine's scalar outputs, the rest of the result as details JSON, and the
    bands as columns (queries filter on them)."""
    scores = [row.score for row in chunk]
    bands = [row.confidence_band for row in chunk]
    details = [as_json(details_json(s, row.override)) for s, row in zip(scores, chunk)]
    return {
        "run_id": [run_id] * len(chunk),
        "role_id": [row.role_id for row in chunk],
        "title": [row.title for row in chunk],
        "assessment_hash": [row.assessment_hash for row in chunk],
        **{key: [getattr(s, key) for s in scores] for key in SCALAR_OUTPUTS},
        "details": details,
        "market_band": [row.market_band for row in chunk],
        "confidence_low": [b.low if b else None for b in bands],
        "confidence_high": [b.high if b else None for b in bands],
        "confidence_half_width": [b.half_width if b else None for b in bands],
        "could_be": [b.could_be if b else None for b in bands],
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
        "causes": json.dumps([cause_json(cause) for cause in c.causes]),
    }


def _start(
    warehouse: Warehouse, kind: str, reason: str | None, as_of: dt.date | None, country: str
) -> tuple[int, dt.date]:
    """The new run's id and as-of date (None: the newest stored scores' date, read under the lock; today if none)."""
    with warehouse.connect() as con:
        _close_interrupted_runs(con)
        record_refusals(con, warehouse.path, code_version())
        if as_of is None:
            as_of = queries.stored_moment(con, country)
        row = con.execute(
            "INSERT INTO runs (kind, reason, as_of, started_at, status, code_version, pid, country) "
            "VALUES (?, ?, ?, ?, 'running', ?, ?, ?) RETURNING id",
            [kind, reason, as_of, now(), code_version(), os.getpid(), country],
        ).fetchone()
        assert row is not None  # INSERT ... RETURNING answers with the new row
        return row[0], as_of


def _fail(warehouse: Warehouse, run_id: int, error: str) -> None:
    with warehouse.connect() as con:
        con.execute(
            "UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND status = 'running'",
            [now(), error, run_id],
        )


def _record_failure(warehouse: Warehouse, run_id: int, exc: BaseException) -> None:
    """Mark the run failed with its cause; if even that cannot be written (disk full), the cause still
    reaches the operator through the exception, and the next writer closes the run as interrupted."""
    try:
        _fail(warehouse, run_id, f"{type(exc).__name__}: {exc}")
    except (duckdb.Error, WarehouseError, OSError):
        pass


def _refused(
    warehouse: Warehouse, kind: str, reason: str | None, as_of: dt.date, wait: float, exc: WarehouseBusy
) -> WarehouseBusy:
    """Note a run attempt the lock refused (the next run records it) and say so in the error raised."""
    waited = f" (waited {wait:g} s)" if wait else ""
    attempt = RefusedAttempt(kind=kind, reason=reason, as_of=as_of, at=now(), pid=os.getpid(), error=f"{exc}{waited}")
    note_refused(warehouse.path, attempt)
    return WarehouseBusy(f"{exc}{waited}; this attempt is recorded (see `jobzone runs`)")


@contextmanager
def recording_run(
    warehouse: Warehouse,
    kind: str,
    reason: str | None,
    as_of: dt.date | None,
    wait: float = 0.0,
    country: str = DEFAULT_COUNTRY,
) -> Iterator[RunRecorder]:
    """Hold the writer lock for a whole run, waiting up to `wait` seconds for another writer to let go (a served run
    due while a manual one writes); a refused attempt is noted, and recorded as a failed run by the next run. A run
    that raises (or never commits) is recorded as failed. `as_of` None: the run is dated as the newest stored scores
    are (read once the lock is held; today when there are none): the recorder's `as_of` says which date."""
    with ExitStack() as held:
        try:
            lock = held.enter_context(warehouse.lock(purpose=f"{kind} run", wait=wait))
        except WarehouseBusy as exc:
            raise _refused(warehouse, kind, reason, as_of or now().date(), wait, exc) from None
        run_id, dated = _start(warehouse, kind, reason, as_of, country)
        lock.note(run_id)
        recorder = RunRecorder(warehouse, run_id, dated)
        try:
            yield recorder
        except BaseException as exc:
            _record_failure(warehouse, run_id, exc)
            if isinstance(exc, duckdb.Error):
                raise WarehouseError(f"{warehouse.path}: run {run_id} could not be written: {exc}") from exc
            raise
        if not recorder.committed:
            _fail(warehouse, run_id, "the run ended without committing its results")
