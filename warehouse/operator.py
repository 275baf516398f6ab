"""Reads behind the operator's summaries: alerts per run, and the assessments behind a set of scores."""

from __future__ import annotations

from typing import Sequence

import duckdb


def alerts_per_run(con: duckdb.DuckDBPyConnection, run_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """run id -> {"queued": n, "sent": n, "failed": n} of the alerts the run queued (now)."""
    out: dict[int, dict[str, int]] = {}
    rows = con.execute(
        "SELECT run_id, status, count(*) FROM outbox WHERE kind = 'alert' AND run_id IN (SELECT unnest(?::BIGINT[])) "
        "GROUP BY 1, 2",
        [list(run_ids)],
    ).fetchall()
    for run_id, status, count in rows:
        out.setdefault(run_id, {"queued": 0, "sent": 0, "failed": 0})[status] = count
    return out


def assessment_texts(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> dict[str, str]:
    """content hash -> the assessment text stored under it."""
    return dict(
        con.execute(
            "SELECT content_hash, text FROM assessments WHERE content_hash IN (SELECT unnest(?::VARCHAR[]))",
            [list(hashes)],
        ).fetchall()
    )
