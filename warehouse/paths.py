"""Read side of the transition paths: the stored paths of the newest run that computed them, with the content
hashes of the role texts that run scored (the task positions refer to the role's, or to the text of the role whose
work it borrowed), and those texts by hash."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import duckdb

from warehouse.queries import dict_rows

_PATHS = (
    "SELECT t.role_id, t.rank, t.target_id, t.shared_work, t.shared_skills, t.score_from, t.score_to, "
    "t.keep_tasks, t.lose_tasks, t.gain_tasks, t.pay_from, t.pay_to, t.pay_from_floor, t.pay_to_floor, t.via_id, "
    "ts.title AS target_title, ts.zone AS target_zone, ts.label AS target_label, "
    "rs.assessment_hash AS role_hash, ts.assessment_hash AS target_hash, "
    "vs.title AS via_title, vs.assessment_hash AS via_hash "
    "FROM role_transitions t "
    "JOIN role_scores rs ON rs.run_id = t.run_id AND rs.role_id = t.role_id "
    "JOIN role_scores ts ON ts.run_id = t.run_id AND ts.role_id = t.target_id "
    "LEFT JOIN role_scores vs ON vs.run_id = t.run_id AND vs.role_id = t.via_id "
    "WHERE t.run_id = ? AND (? IS NULL OR t.role_id = ?) ORDER BY t.role_id, t.rank"
)


def paths_run(con: duckdb.DuckDBPyConnection) -> tuple[int, dt.date] | None:
    """(the run whose rows hold the newest computed paths, the as-of date of the run that computed them last):
    the newest run of the whole catalogue stores its paths, or names the earlier run that stored the same."""
    return con.execute(
        "SELECT t.stored_in, r.as_of FROM transition_runs t JOIN runs r ON r.id = t.run_id "
        "ORDER BY t.run_id DESC LIMIT 1"
    ).fetchone()


def newest_inputs(con: duckdb.DuckDBPyConnection) -> str | None:
    """The digest of what the newest computed paths were computed from (None: no paths, or older than the column)."""
    row = con.execute("SELECT inputs FROM transition_runs ORDER BY run_id DESC LIMIT 1").fetchone()
    return None if row is None else row[0]


def stored_paths(con: duckdb.DuckDBPyConnection, role_id: str | None = None) -> dict[str, list[dict]]:
    """role id -> its paths, best first, from the newest run with paths (one role's, or every role's)."""
    newest = paths_run(con)
    out: dict[str, list[dict]] = {}
    if newest is not None:
        run_id, as_of = newest
        for row in dict_rows(con.execute(_PATHS, [run_id, role_id, role_id])):
            out.setdefault(row["role_id"], []).append({**row, "as_of": as_of})
    return out


def texts_of(con: duckdb.DuckDBPyConnection, hashes: Iterable[str]) -> dict[str, str]:
    """Stored role texts by content hash."""
    wanted = sorted(set(hashes))
    rows = con.execute(
        "SELECT content_hash, text FROM assessments WHERE content_hash IN (SELECT unnest(?::VARCHAR[]))", [wanted]
    )
    return dict(rows.fetchall())
