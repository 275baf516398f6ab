"""What the warehouse knows about AI-tool releases: each release file as the newest run read it. Pages read
these records, never the files, so a file half-way through an edit cannot break a page."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import duckdb

from catalogue.releases import Release, applied, readable_release_files
from scoring.errors import JobzoneError


@dataclass(frozen=True)
class ReleaseEffect:
    change: int
    rationale: str


@dataclass(frozen=True, kw_only=True)
class ReleaseRecord:
    release_id: str
    name: str
    date: dt.date
    source: str
    summary: str
    reason: str  # how its rerun is named (runs.reason)
    withdraw_reason: str
    effects: tuple[ReleaseEffect, ...]
    applied: bool

    @classmethod
    def of(cls, release_id: str, release: Release, applied: bool) -> "ReleaseRecord":
        return cls(
            release_id=release_id,
            name=release.name,
            date=release.date,
            source=release.source,
            summary=release.summary,
            reason=release.reason(),
            withdraw_reason=release.reason(withdraw=True),
            effects=tuple(ReleaseEffect(e.change, e.rationale) for e in release.effects),
            applied=applied,
        )

    @property
    def reasons(self) -> set[str]:
        """The run reasons that name this release (applying it, withdrawing it)."""
        return {self.reason, self.withdraw_reason}


@dataclass(frozen=True)
class ReleaseUpdate:
    """The release files a run read: their records, and what is wrong with each file it could not read (by release
    id; its stored record is kept)."""

    records: tuple[ReleaseRecord, ...]
    problems: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> "ReleaseUpdate":
        found, problems = readable_release_files(folder)
        try:
            on = set(applied(folder))
        except JobzoneError as exc:  # which are applied is unknown: keep every stored record as it is
            return cls((), {**problems, **{release_id: str(exc) for release_id, _ in found}})
        return cls(tuple(ReleaseRecord.of(i, release, i in on) for i, release in found), problems)


def record_releases(con: duckdb.DuckDBPyConnection, run_id: int, update: ReleaseUpdate) -> None:
    """Store (or replace) each release's record inside the caller's transaction; a file the run could not read
    keeps its stored record, and the record of a file no longer there is dropped."""
    keep = [r.release_id for r in update.records] + list(update.problems)
    con.execute("DELETE FROM release_records WHERE release_id NOT IN (SELECT unnest(?::VARCHAR[]))", [keep])
    for r in update.records:
        con.execute(
            "INSERT OR REPLACE INTO release_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                r.release_id,
                r.name,
                r.date,
                r.source,
                r.summary,
                r.reason,
                r.withdraw_reason,
                json.dumps([{"change": e.change, "rationale": e.rationale} for e in r.effects]),
                r.applied,
                run_id,
            ],
        )


def release_records(con: duckdb.DuckDBPyConnection) -> list[ReleaseRecord]:
    """Every recorded release, newest first (by id: ids start with the release date)."""
    rows = con.execute(
        "SELECT release_id, name, released_on, source, summary, reason, withdraw_reason, effects, applied "
        "FROM release_records ORDER BY release_id DESC"
    ).fetchall()
    return [
        ReleaseRecord(
            release_id=release_id,
            name=name,
            date=date,
            source=source,
            summary=summary,
            reason=reason,
            withdraw_reason=withdraw_reason,
            effects=tuple(ReleaseEffect(e["change"], e["rationale"]) for e in json.loads(effects)),
            applied=applied,
        )
        for release_id, name, date, source, summary, reason, withdraw_reason, effects, applied in rows
    ]
