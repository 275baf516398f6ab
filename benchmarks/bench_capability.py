"""Benchmark: AI capability tracking judged by numbers. The catalogue backfilled once a quarter from the earliest
capability data on the recordings (METR's first horizons, 2025-03-19) to the newest download, with AI capability
read and not read (throwaway warehouses): per quarter, the roles whose AI tool maturity the frontier moved off
their file's value, the roles in another zone than without capability, and the check set's agreement
(tests/catalogue/check_set.py: occupations independent sources place at the extremes) with and without it.
Prints a table and JSON. --roles DIR and --from / --to narrow it."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from pathlib import Path

from common import REPO, report


def quarter_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last days of March, June, September and December from start to end (end alone when none falls)."""
    days, year, month = [], start.year, start.month
    while True:
        if month % 3 == 0:
            last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            if last > end:
                return days or [end]
            if last >= start:
                days.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def check_set_agreement(zones: dict[str, str]) -> tuple[int, int, int, int] | None:
    """(Green side in Green, its size, Red side in Red, its size), or None when the roles are not the catalogue."""
    from tests.catalogue.check_set import expected

    wanted = expected()
    if not set(wanted) <= set(zones):
        return None
    green = [r for r, zone in wanted.items() if zone == "Green"]
    red = [r for r, zone in wanted.items() if zone == "Red"]
    return (
        sum(zones[r] == "Green" for r in green),
        len(green),
        sum(zones[r] == "Red" for r in red),
        len(red),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", type=Path, default=REPO / "roles")
    parser.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=dt.date(2025, 3, 31))
    parser.add_argument("--to", dest="end", type=dt.date.fromisoformat, default=dt.date(2026, 6, 30))
    parser.add_argument(
        "--fixtures", type=Path, default=Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
    )
    args = parser.parse_args()

    from flows.backtest import capability_backtest
    from jobzone.settings import Settings

    settings = Settings(db=Path("/nonexistent/capability.duckdb"), roles=args.roles, prefect=False)
    dates = quarter_ends(args.start, args.end)
    started = time.perf_counter()
    rows = capability_backtest(settings, dates, replay=args.fixtures)
    seconds = time.perf_counter() - started
    print(
        f"{'as of':<11} {'roles':>5} {'followed':>8} {'moved':>6} {'zone moves':>10} {'check set on':>14} {'off':>14}"
    )
    out = []
    for row in rows:
        on, off = check_set_agreement(row.zones_on), check_set_agreement(row.zones_off)

        def shown(found):
            return f"G {found[0]}/{found[1]} R {found[2]}/{found[3]}" if found else "-"

        print(
            f"{row.as_of!s:<11} {row.roles:>5} {row.followed:>8} {row.moved:>6} {row.zone_moves:>10} "
            f"{shown(on):>14} {shown(off):>14}"
        )
        out.append({**row.as_dict(), "check_set_on": on, "check_set_off": off})
    report(
        "capability backtest, on vs off, per quarter",
        [("both methods, every quarter", seconds)],
        {"rows": out},
        "bench_capability",
    )


if __name__ == "__main__":
    main()
