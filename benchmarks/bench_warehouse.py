"""Benchmark: write a run for 10,000 synthetic roles, then time the read queries (scores, history, diff)."""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from common import Timings, report, synthetic_roles

from scoring.batch import detect_changes, score_batch
from warehouse import queries
from warehouse.db import read_connection, write_connection
from warehouse.writer import recording_run


def one_run(db: Path, roles, as_of: dt.date, timings: Timings, label: str) -> int:
    scored = score_batch(roles)
    with recording_run(db, "nightly", label, as_of) as run:
        with write_connection(db) as con:
            previous = queries.previous_state(con, {r.role_id: r.assessment_hash for r in scored})
        changes = detect_changes(scored, previous)
        with timings.measure(f"{label}: commit ({len(scored)} scores, {len(changes)} changes)"):
            run.commit(scored, changes, {"roles_scored": len(scored)})
    return run.run_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", type=int, default=10_000)
    args = parser.parse_args()
    timings = Timings()
    with timings.measure(f"build + validate {args.roles} synthetic role files"):
        roles = synthetic_roles(args.roles)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        one_run(db, roles, dt.date(2026, 1, 1), timings, "run 1")
        edited = synthetic_roles(args.roles, seed=8)[: args.roles // 10] + roles[args.roles // 10 :]
        run2 = one_run(db, edited, dt.date(2026, 2, 1), timings, "run 2")
        with read_connection(db) as con:
            with timings.measure("query: scores (latest per role)"):
                rows = queries.scores(con)
            with timings.measure(f"query: scores --run {run2}"):
                queries.scores(con, run2)
            with timings.measure("query: history (one role)"):
                queries.history(con, "synthetic-00001")
            with timings.measure(f"query: diff --run {run2}"):
                changed = queries.diff(con, run2)["changes"]
        size_mb = db.stat().st_size / 1e6
    report(
        "warehouse",
        timings.rows,
        {"roles": args.roles, "scores_rows": len(rows), "changes_run2": len(changed), "db_size_mb": round(size_mb, 1)},
        "warehouse",
    )


if __name__ == "__main__":
    main()
