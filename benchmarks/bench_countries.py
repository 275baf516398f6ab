"""Benchmark: the nightly over N roles in one country (the US) against the same nightly in six (US, GB, AU, CA,
DE, FR), at 1,000 and 10,000 roles (`--sizes`).

The roles are the shipped role files cloned under new ids until there are N (as bench_scale.py makes them). Each
(size, countries) case runs in its own process on a fresh DuckDB file, replaying the recordings: one run per
country, each fetching what that country's view follows (the first its sources, the others the local ones), then
scoring and writing every role. The table shows the wall time of the case and its peak RSS; the JSON has each
country's run time. Quote ratios measured in one run: these machines are shared and noisy."""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, child, report

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
SIX = ("US", "GB", "AU", "CA", "DE", "FR")
AS_OF = "2024-08-15"  # a date every country's recordings reach or pass (US/GB sectors to August 2024)


def one_case(size: int, countries: int) -> dict:
    """In this process: N cloned roles, a fresh warehouse, one run per country; seconds per run and peak RSS."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import datetime as dt

    from bench_scale import write_roles

    from flows.pipeline import run_pipeline
    from flows.request import RunRequest
    from jobzone.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        roles = Path(tmp) / "roles"
        write_roles(roles, size)
        settings = Settings(db=Path(tmp) / "w.duckdb", roles=roles, prefect=False, secret="x" * 32)
        seconds = {}
        for country in SIX[:countries]:
            started = time.perf_counter()
            request = RunRequest.nightly(as_of=dt.date.fromisoformat(AS_OF), replay=FIXTURES, country=country)
            report_ = run_pipeline(settings, request)
            seconds[country] = round(time.perf_counter() - started, 3)
            assert report_.roles_scored == size, (country, report_.roles_scored)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "total": round(sum(seconds.values()), 3), "peak_mb": round(peak_mb, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="role counts, comma-separated")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # "size,countries": one case, in a child process
    args = parser.parse_args()
    if args.case:
        size, countries = (int(part) for part in args.case.split(","))
        print(json.dumps(one_case(size, countries)))
        return
    rows, extra = [], {"as_of": AS_OF, "cases": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        for countries in (1, len(SIX)):
            found = child(__file__, "--case", f"{size},{countries}")
            name = f"{size:,} roles, {countries} countr{'y' if countries == 1 else 'ies'}"
            rows.append((f"{name} (peak {found['peak_mb']:.0f} MB)", found["total"]))
            extra["cases"][name] = found
        one, six = (extra["cases"][f"{size:,} roles, {n} countr{'y' if n == 1 else 'ies'}"] for n in (1, len(SIX)))
        extra["cases"][f"{size:,} roles: six / one"] = round(six["total"] / one["total"], 2)
    report("Nightly in one country vs six", rows, extra, "bench_countries")


if __name__ == "__main__":
    main()
