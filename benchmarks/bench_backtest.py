"""Benchmark: the old signal method against the new one over the catalogue on the recordings, one run a
year as of each September 1st 2021-2025: per year, share of roles moved a point or more, zone moves, moves within
noise, 3+-level swings and alerts per role-year. Prints a table and JSON; both methods run on throwaway
warehouses. --roles DIR and --from / --to / --every narrow it."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from pathlib import Path

from common import REPO, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", type=Path, default=REPO / "roles")
    parser.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=dt.date(2021, 9, 1))
    parser.add_argument("--to", dest="end", type=dt.date.fromisoformat, default=dt.date(2025, 9, 1))
    parser.add_argument("--every", default="year")
    parser.add_argument("--rules", type=Path, default=None, help="Evidence rules of the new side (default: built in).")
    parser.add_argument(
        "--fixtures", type=Path, default=Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
    )
    args = parser.parse_args()

    from flows.backtest import backtest
    from jobzone.settings import Settings

    settings = Settings(
        db=Path("/nonexistent/backtest.duckdb"), roles=args.roles, prefect=False, evidence_rules=args.rules
    )
    started = time.perf_counter()
    rows = backtest(settings, args.start, args.end, args.every, replay=args.fixtures)
    seconds = time.perf_counter() - started
    header = (
        f"{'year':<5} {'method':<6} {'roles':>5} {'moved':>6} {'zone':>5} {'noise':>6} {'3+':>4} {'alerts/role-yr':>14}"
    )
    print(header)
    for r in sorted(rows, key=lambda r: (r.year, r.method != "old")):
        print(
            f"{r.year:<5} {r.method:<6} {r.roles:>5} {r.moved_share:>6.0%} {r.zone_moves:>5} {r.within_noise:>6} "
            f"{r.swings_3plus:>4} {r.alerts_per_role_year:>14.2f}"
        )
    report(
        "backtest, old method vs new",
        [("both methods, every as-of run", seconds)],
        {"rows": [r.as_dict() for r in rows]},
        "bench_backtest",
    )


if __name__ == "__main__":
    main()
