"""Benchmark: parsing throughput per adapter on the recorded files (bodies per second, rows per second)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from common import REPO

from sources.base import FetchRequest
from sources.registry import SOURCES

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
MIN_SECONDS = 1.0


def measure(source, url: str, body: bytes) -> dict:
    request = FetchRequest(source.name, url)
    runs, rows, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < MIN_SECONDS:
        rows = len(source.parse(body, request))
        runs += 1
    elapsed = time.perf_counter() - start
    return {"bodies_per_s": runs / elapsed, "rows_per_s": runs * rows / elapsed, "rows": rows, "bytes": len(body)}


def main() -> None:
    results = {}
    for source in SOURCES.values():
        for url, path in source.examples:
            results[f"{source.name}:{Path(path).name}"] = measure(source, url, (FIXTURES / path).read_bytes())
    width = max(map(len, results))
    print(f"\nparsers (each parsed repeatedly for >= {MIN_SECONDS:g}s)\n" + "-" * (width + 44))
    print(f"{'adapter:file':<{width}}  {'bytes':>9}  {'rows':>6}  {'bodies/s':>9}  {'rows/s':>11}")
    for name, r in results.items():
        print(
            f"{name:<{width}}  {r['bytes']:>9,}  {r['rows']:>6,}  {r['bodies_per_s']:>9.1f}  {r['rows_per_s']:>11,.0f}"
        )
    out = REPO / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    data = {"benchmark": "parsers", "results": {k: {m: round(v, 1) for m, v in r.items()} for k, r in results.items()}}
    (out / "parsers.json").write_text(json.dumps(data, indent=2))
    print(json.dumps(data))


if __name__ == "__main__":
    main()
