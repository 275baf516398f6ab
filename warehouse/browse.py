"""Read-side questions for browsing the catalogue: what moved in a window, with each move's own evidence."""

from __future__ import annotations

import datetime as dt

import duckdb

from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from warehouse import queries
from warehouse.db import scalar
from warehouse.queries import dict_rows

MOVE_EPSILON = 0.05  # a displayed score moved (one decimal place)


def latest_as_of(con: duckdb.DuckDBPyConnection, country: str = DEFAULT_COUNTRY) -> dt.date | None:
    return scalar(con, "SELECT max(as_of) FROM runs WHERE status = 'succeeded' AND country = ?", [country])


def movers(
    con: duckdb.DuckDBPyConnection, window_days: int | None, limit: int = 200, country: str = DEFAULT_COUNTRY
) -> list[dict]:
    """Changes in the country's view whose score, zone or label moved: in its latest run (window None), or in its
    runs dated within window_days of its latest as-of date; largest moves first, each with its run's evidence."""
    latest = latest_as_of(con, country)
    if latest is None:
        return []
    if window_days is None:
        runs = con.execute(
            "SELECT max(id) FROM runs WHERE status = 'succeeded' AND as_of = ? AND country = ?", [latest, country]
        ).fetchall()
    else:
        since = latest - dt.timedelta(days=window_days)
        runs = con.execute(
            "SELECT id FROM runs WHERE status = 'succeeded' AND as_of > ? AND country = ?", [since, country]
        ).fetchall()
    run_ids = [r for (r,) in runs if r is not None]
    rows = queries.with_causes_read(
        dict_rows(
            con.execute(
                "SELECT c.*, s.title FROM run_changes c JOIN role_scores s ON s.run_id = c.run_id AND s.role_id = c.role_id "
                "WHERE c.run_id IN (SELECT unnest(?::BIGINT[])) AND c.before_aijri IS NOT NULL "
                "AND (abs(c.after_aijri - c.before_aijri) >= ? OR c.before_zone <> c.after_zone "
                "OR c.before_label <> c.after_label) "
                "ORDER BY abs(c.after_aijri - c.before_aijri) DESC, c.as_of DESC, c.role_id LIMIT ?",
                [run_ids, MOVE_EPSILON, limit],
            )
        )
    )
    evidence = queries.with_stored_inputs(
        con,
        dict_rows(
            con.execute(
                "SELECT e.run_id, e.role_id, e.dimension, e.value, e.analyst_value, e.status, e.rule, e.inputs "
                "FROM evidence e "
                "JOIN (SELECT unnest(?::BIGINT[]) AS run_id, unnest(?::VARCHAR[]) AS role_id) m USING (run_id, role_id)",
                [[r["run_id"] for r in rows], [r["role_id"] for r in rows]],
            )
        ),
    )
    by_key: dict[tuple, dict] = {}
    for row in evidence:
        by_key.setdefault((row["run_id"], row["role_id"]), {})[row["dimension"]] = queries.evidence_value(row)
    for row in rows:
        row["evidence"] = by_key.get((row["run_id"], row["role_id"]), {})
    return rows


def changes_for_reason(con: duckdb.DuckDBPyConnection, reason: str) -> list[dict]:
    """Every change of the runs started with this reason (a release's rerun), with its role's title."""
    return queries.with_causes_read(
        dict_rows(
            con.execute(
                "SELECT c.*, s.title FROM run_changes c JOIN role_scores s ON s.run_id = c.run_id AND s.role_id = c.role_id "
                "WHERE c.reason = ? AND c.country = 'US' AND c.before_aijri IS NOT NULL ORDER BY c.run_id, c.role_id",
                [reason],
            )
        )
    )
