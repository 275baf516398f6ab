"""Benchmark: market signals over the whole catalogue (roles/, 924 roles) on the recordings: a nightly with
replayed sources at 2024-09-01, plain vs Prefect, and a monthly backfill 2021-01 .. 2026-03 (63 runs, plain).
Each part runs in its own process (fresh DuckDB file), so peak memory is its own."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import tempfile
import time
from pathlib import Path

from bench_nightly import FIXTURES, one_mode
from common import REPO, child, report

AS_OF = dt.date(2024, 9, 1)


def backfill(roles: Path, workdir: Path, start: dt.date, end: dt.date) -> dict:
    from flows.pipeline import RunRequest, run_pipeline
    from flows.schedule import as_of_dates
    from jobzone.settings import Settings

    settings = Settings(db=workdir / "backfill.duckdb", roles=roles, prefect=False)
    dates = as_of_dates(start, end, "month")
    started = time.perf_counter()
    reports = [run_pipeline(settings, request) for request in RunRequest.backfill(dates, "month", None, FIXTURES)]
    return {
        "runs": len(reports),
        "wall": time.perf_counter() - started,
        "first_run": sum(reports[0]["seconds"].values()),
        "changes": sum(r["changes"] for r in reports),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("plain", "prefect", "backfill"))
    parser.add_argument("--dir")
    parser.add_argument("--roles", default=str(REPO / "roles"))
    parser.add_argument("--from", dest="start", default="2021-01-01")
    parser.add_argument("--to", dest="end", default="2026-03-01")
    args = parser.parse_args()
    if args.part == "backfill":
        start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
        return print(json.dumps(backfill(Path(args.roles), Path(args.dir), start, end)))
    if args.part:
        return print(json.dumps(one_mode(args.part, Path(args.roles), Path(args.dir), as_of=AS_OF)))
    with tempfile.TemporaryDirectory() as tmp:
        nightly = {
            mode: child(__file__, "--part", mode, "--dir", tmp, "--roles", args.roles) for mode in ("plain", "prefect")
        }
        filled = child(
            "--part", "backfill", "--dir", tmp, "--roles", args.roles, "--from", args.start, "--to", args.end
        )
    rows = [(f"nightly plain: {stage}", s) for stage, s in nightly["plain"]["stages"].items()]
    rows += [
        ("nightly plain: wall", nightly["plain"]["wall"]),
        ("nightly prefect: server start-up", nightly["prefect"]["startup"]),
        ("nightly prefect: flow wall", nightly["prefect"]["wall"]),
        (f"backfill: {filled['runs']} monthly runs", filled["wall"]),
        ("backfill: first run (fetch and parse)", filled["first_run"]),
    ]
    report(
        f"market signals over {nightly['plain']['roles']} roles (replayed, as of {AS_OF})",
        rows,
        {
            "roles": nightly["plain"]["roles"],
            "backfill_runs": filled["runs"],
            "backfill_changes": filled["changes"],
            "prefect_to_plain_ratio": round(nightly["prefect"]["wall"] / nightly["plain"]["wall"], 3),
            "peak_rss_mb": {
                **{m: round(r["peak_rss_mb"]) for m, r in nightly.items()},
                "backfill": round(filled["peak_rss_mb"]),
            },
        },
        "signals",
    )


if __name__ == "__main__":
    main()
