"""Reads over the warehouse for the operator: runs, scores, a role's history, a run's diff, an explanation,
subscribers and the outbox. Each opens one short read-only connection."""

from __future__ import annotations

from pathlib import Path

from notifications.store import list_subscribers, outbox_summary
from warehouse import queries
from warehouse.db import read_connection


def runs(db: Path, limit: int) -> list[dict]:
    with read_connection(db) as con:
        return queries.list_runs(con, limit)


def scores(db: Path, run: int | None = None) -> list[dict]:
    """Every role's score in a run (default: each role's latest good score)."""
    with read_connection(db) as con:
        return queries.scores(con, run)


def history(db: Path, role_id: str) -> list[dict]:
    with read_connection(db) as con:
        return queries.history(con, role_id)


def diff(db: Path, run: int | None = None) -> dict:
    """What changed in a run (default: the latest good run) versus each role's previous good run."""
    with read_connection(db) as con:
        return queries.diff(con, run)


def explanation(db: Path, role_id: str, run: int | None = None) -> dict:
    with read_connection(db) as con:
        return queries.explanation(con, role_id, run)


def all_histories(db: Path) -> dict[str, list]:
    with read_connection(db) as con:
        return queries.all_histories(con)


def run_evidence(db: Path, run_id: int) -> dict[str, dict]:
    """role id -> dimension -> its evidence row, for one run."""
    with read_connection(db) as con:
        return queries.evidence_for_run(con, run_id)


def latest_assessments(db: Path) -> dict[str, str]:
    """role id -> the text of its latest stored assessment."""
    with read_connection(db) as con:
        return queries.latest_assessments(con)


def subscribers(db: Path) -> list[dict]:
    with read_connection(db) as con:
        return list_subscribers(con)


def outbox(db: Path) -> dict:
    with read_connection(db) as con:
        return outbox_summary(con)
