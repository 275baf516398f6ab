"""Benchmark: write two runs for N synthetic roles (the second with 10% of the files edited), then time the
read queries (scores, history, diff). Median of --repeats, each on a fresh DuckDB file."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from common import REPO, report, spread, synthetic_role_text, timed_rows  # noqa: F401  (REPO puts the project on sys.path)

from flows.role_loader import load_role_views
from scoring.batch import detect_changes, score_batch
from warehouse import queries
from warehouse.db import read_connection
from warehouse.store import Warehouse
from warehouse.writer import recording_run


def write_roles(folder: Path, count: int, seed: int, edit_share: float = 1.0) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(int(count * edit_share)):
        (folder / f"synthetic-{index:05d}.toml").write_text(synthetic_role_text(index, rng))


def one_run(db: Path, roles_dir: Path, as_of: dt.date, label: str) -> tuple[int, dict]:
    seconds = {}
    start = time.perf_counter()
    scored = score_batch(load_role_views(roles_dir))
    seconds[f"{label}: load and score"] = time.perf_counter() - start
    with recording_run(Warehouse(db), "nightly", label, as_of) as run:
        with Warehouse(db).connect() as con:
            previous = queries.previous_state(con, {r.role_id: r.assessment_hash for r in scored})
        changes = detect_changes(scored, previous)
        start = time.perf_counter()
        run.commit(scored, changes, {"roles_scored": len(scored)})
        seconds[f"{label}: commit ({len(scored)} scores, {len(changes)} changes)"] = time.perf_counter() - start
    return run.run_id, seconds


def one_repeat(count: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db, roles = Path(tmp) / "bench.duckdb", Path(tmp) / "roles"
        write_roles(roles, count, seed=7)
        _, seconds = one_run(db, roles, dt.date(2026, 1, 1), "run 1")
        write_roles(roles, count, seed=8, edit_share=0.1)
        run2, more = one_run(db, roles, dt.date(2026, 2, 1), "run 2")
        seconds.update(more)
        with read_connection(db) as con:
            for name, query in (
                ("query: scores (latest per role)", lambda: queries.scores(con)),
                (f"query: scores --run {run2}", lambda: queries.scores(con, run2)),
                ("query: history (one role)", lambda: queries.history(con, "synthetic-00001")),
                ("query: diff --run 2", lambda: queries.diff(con, run2)),
            ):
                start = time.perf_counter()
                query()
                seconds[name] = time.perf_counter() - start
        seconds["database size (MB)"] = db.stat().st_size / 1e6
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    repeats = [one_repeat(args.roles) for _ in range(args.repeats)]
    size = spread(r["database size (MB)"] for r in repeats)["median"]
    timed = {name: name for name in repeats[0] if name != "database size (MB)"}
    report(
        f"warehouse: {args.roles} roles, two runs (median of {args.repeats})",
        timed_rows(repeats, timed, places=3),
        {"roles": args.roles, "db_size_mb": round(size, 1)},
        "warehouse",
    )


if __name__ == "__main__":
    main()
