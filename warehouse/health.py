"""Source health: consecutive failures per source; one success resets the count."""

from __future__ import annotations

import datetime as dt

import duckdb


def source_state(failures: int, broken_after: int) -> str:
    """A source's state in one word, as run reports, `jobzone runs` and `jobzone sources` all say it: ok, stale
    (its last fetch failed: its series hold their last values) or broken (`broken_after` failures in a row)."""
    if failures == 0:
        return "ok"
    return "broken" if failures >= broken_after else "stale"


def record_source_result(
    con: duckdb.DuckDBPyConnection, source: str, ok: bool, error: str | None, when: dt.datetime, broken_after: int
) -> int:
    """Update the source's row (its state in source_state's words); return its consecutive failures now."""
    row = con.execute("SELECT consecutive_failures FROM source_health WHERE source = ?", [source]).fetchone()
    failures = 0 if ok else (row[0] if row else 0) + 1
    con.execute(
        "INSERT INTO source_health (source, last_attempt, last_status, last_success, consecutive_failures, last_error) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET last_attempt = excluded.last_attempt, "
        "last_status = excluded.last_status, last_success = coalesce(excluded.last_success, source_health.last_success), "
        "consecutive_failures = excluded.consecutive_failures, last_error = excluded.last_error",
        [source, when, source_state(failures, broken_after), when if ok else None, failures, None if ok else error],
    )
    return failures


def source_health(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    rows = con.execute(
        "SELECT source, last_attempt, last_status, last_success, consecutive_failures, last_error FROM source_health"
    ).fetchall()
    names = ("source", "last_attempt", "last_status", "last_success", "consecutive_failures", "last_error")
    return {row[0]: dict(zip(names, row)) for row in rows}
