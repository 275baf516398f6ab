"""Benchmark: market signals over the whole catalogue (roles/, 924 roles) on the recordings: a nightly with
replayed sources as of 2024-09-01 (first run into an empty warehouse), then a monthly backfill 2021-01 .. 2026-03
(plain runs; the first one fetches and parses). Each repeat runs in its own process (fresh DuckDB file), so peak
memory is its own. Prefect's share is bench_nightly.py's."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from common import REPO, child, report, spread, timed_rows

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
AS_OF = dt.date(2024, 9, 1)


def measure(roles: Path, workdir: Path, start: dt.date, end: dt.date) -> dict:
    from flows.pipeline import run_pipeline
    from flows.request import RunRequest
    from flows.schedule import as_of_dates
    from jobzone.settings import Settings

    settings = Settings(db=workdir / "nightly.duckdb", roles=roles, prefect=False)
    started = time.perf_counter()
    nightly = run_pipeline(settings, RunRequest.nightly(as_of=AS_OF, replay=FIXTURES))
    nightly_wall = time.perf_counter() - started
    settings = Settings(db=workdir / "backfill.duckdb", roles=roles, prefect=False)
    dates = as_of_dates(start, end, "month")
    started = time.perf_counter()
    reports = [
        run_pipeline(settings, request) for request in RunRequest.backfill(dates, every="month", replay=FIXTURES)
    ]
    return {
        "roles": nightly.roles_scored,
        "nightly": nightly_wall,
        "stages": nightly.seconds,
        "runs": len(reports),
        "backfill": time.perf_counter() - started,
        "per_run_after_the_first": sum(sum(r.seconds.values()) for r in reports[1:]) / max(1, len(reports) - 1),
        "changes": sum(r.changes for r in reports),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", default=str(REPO / "roles"))
    parser.add_argument("--from", dest="start", default="2021-01-01")
    parser.add_argument("--to", dest="end", default="2026-03-01")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
        return print(json.dumps(measure(Path(args.roles), Path(args.dir), start, end)))
    runs = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(
                child(__file__, "--child", "--dir", tmp, "--roles", args.roles, "--from", args.start, "--to", args.end)
            )
    parts = {
        "nightly (first run)": "nightly",
        f"backfill: {runs[0]['runs']} monthly runs": "backfill",
        "backfill: one run after the first": "per_run_after_the_first",
    }
    rows = timed_rows(runs, parts)
    rows += [
        (f"nightly stage: {stage}", spread(r["stages"][stage] for r in runs)["median"]) for stage in runs[0]["stages"]
    ]
    report(
        f"market signals over {runs[0]['roles']} roles (replayed, as of {AS_OF}; median of {args.repeats})",
        rows,
        {
            "roles": runs[0]["roles"],
            "backfill_runs": runs[0]["runs"],
            "backfill_changes": runs[0]["changes"],
            "peak_rss_mb": round(spread(r["peak_rss_mb"] for r in runs)["median"]),
        },
        "signals",
    )


if __name__ == "__main__":
    main()
