"""Run attempts refused because another process held the warehouse: noted beside the DuckDB file while the holder
writes (DuckDB lets no second writer in, so they cannot go into the file yet), shown by `jobzone runs` meanwhile,
and recorded as failed runs by the next run that takes the lock."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True, kw_only=True)
class RefusedAttempt:
    kind: str
    reason: str | None
    as_of: dt.date
    at: dt.datetime
    pid: int
    error: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "reason": self.reason,
            "as_of": self.as_of.isoformat(),
            "at": self.at.isoformat(),
            "pid": self.pid,
            "error": self.error,
        }


def refusals_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".refused")


def note_refused(db_path: Path, attempt: RefusedAttempt) -> None:
    """Append the attempt (one line, one write: appends of a few hundred bytes do not interleave)."""
    line = (json.dumps(attempt.as_dict()) + "\n").encode()
    fd = os.open(refusals_path(db_path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def _being_recorded(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".refused.recording")


def pending_refusals(db_path: Path) -> list[RefusedAttempt]:
    """The attempts noted and not yet recorded, oldest first."""
    return _read(_being_recorded(db_path)) + _read(refusals_path(db_path))


def _read(path: Path) -> list[RefusedAttempt]:
    """A torn line (a crash mid-write) is skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    attempts = []
    for line in text.splitlines():
        try:
            data = json.loads(line)
            attempts.append(
                RefusedAttempt(
                    kind=data["kind"],
                    reason=data["reason"],
                    as_of=dt.date.fromisoformat(data["as_of"]),
                    at=dt.datetime.fromisoformat(data["at"]),
                    pid=int(data["pid"]),
                    error=str(data["error"]),
                )
            )
        except (ValueError, KeyError, TypeError):
            continue
    return attempts


def record_refusals(con: duckdb.DuckDBPyConnection, db_path: Path, code_version: str) -> int:
    """Move the noted attempts into `runs` as failed runs (the caller holds the writer lock); their number. The file
    is renamed before it is read, so an attempt noted meanwhile waits for the next run; a crash between the insert
    and the removal records them twice at worst, never loses one."""
    taking = _being_recorded(db_path)
    if not taking.exists():  # else a crash left it: record it now
        try:
            os.replace(refusals_path(db_path), taking)
        except FileNotFoundError:
            return 0
    attempts = _read(taking)
    if attempts:
        con.executemany(
            "INSERT INTO runs (kind, reason, as_of, started_at, finished_at, status, error, code_version, pid) "
            "VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, ?)",
            [[a.kind, a.reason, a.as_of, a.at, a.at, f"refused: {a.error}", code_version, a.pid] for a in attempts],
        )
    taking.unlink()
    return len(attempts)
