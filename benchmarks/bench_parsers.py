"""Benchmark: parsing throughput per adapter on the recorded files (bodies per second, rows per second).
Each body is parsed repeatedly for --seconds, --repeats times; the table shows the median rate (and the min)."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from common import REPO, spread

from sources.base import FetchRequest
from sources.registry import SOURCES

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
SYNTHETIC = REPO / "tests" / "sources" / "data"  # labelled synthetic bodies for sources with no recording


def example_file(path: str) -> Path:
    """A source's example: a recording in the fixtures, or "synthetic:<file>" from tests/sources/data."""
    return SYNTHETIC / path.split(":", 1)[1] if path.startswith("synthetic:") else FIXTURES / path


def bodies_per_second(source, request, body: bytes, seconds: float) -> tuple[float, int]:
    runs, rows, start = 0, 0, time.perf_counter()
    while runs == 0 or time.perf_counter() - start < seconds:
        rows = len(source.parse(body, request))
        runs += 1
    return runs / (time.perf_counter() - start), rows


def measure(source, url: str, body: bytes, seconds: float, repeats: int) -> dict:
    request = FetchRequest(source.name, url)
    rates, rows = [], 0
    for _ in range(repeats):
        rate, rows = bodies_per_second(source, request, body, seconds)
        rates.append(rate)
    rate = spread(rates)
    return {"bodies_per_s": rate["median"], "bodies_per_s_min": rate["min"], "rows": rows, "bytes": len(body)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="time each body is parsed for, per repeat")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for source in SOURCES.values():
        for url, path in source.examples:
            body = example_file(path).read_bytes()
            results[f"{source.name}:{Path(path).name}"] = measure(source, url, body, args.seconds, args.repeats)
    for r in results.values():
        r["rows_per_s"] = r["bodies_per_s"] * r["rows"]
    width = max(map(len, results))
    print(f"\nparsers (median of {args.repeats} x {args.seconds:g}s per body)\n" + "-" * (width + 44))
    print(f"{'adapter:file':<{width}}  {'bytes':>9}  {'rows':>6}  {'bodies/s':>9}  {'rows/s':>11}")
    for name, r in results.items():
        print(
            f"{name:<{width}}  {r['bytes']:>9,}  {r['rows']:>6,}  {r['bodies_per_s']:>9.1f}  {r['rows_per_s']:>11,.0f}"
        )
    out = Path(os.environ.get("JOBZONE_BENCH_RESULTS", REPO / "benchmarks" / "results"))
    out.mkdir(exist_ok=True)
    data = {"benchmark": "parsers", "results": {k: {m: round(v, 1) for m, v in r.items()} for k, r in results.items()}}
    (out / "parsers.json").write_text(json.dumps(data, indent=2))
    print(json.dumps(data))


if __name__ == "__main__":
    main()
