"""Benchmark: drafting every O*NET occupation from the recordings (read the datasets, draft, write the files),
each repeat in its own process so peak memory is its own. The nightly over the catalogue is bench_scale.py's
(the catalogue cloned to 1k / 10k / 100k roles) and bench_signals.py's (with the market signals)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from common import REPO, child, report, spread, timed_rows

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))


def draft(out: Path, only: list[str] | None) -> dict:
    from catalogue.datasets import DATASETS, read
    from catalogue.document import draft_catalogue
    from catalogue.files import write_drafts

    start = time.perf_counter()
    raw = {name: read(d, (FIXTURES / d.recording).read_bytes()) for name, d in DATASETS.items()}
    read_seconds = time.perf_counter() - start
    texts = draft_catalogue(raw, only).texts
    draft_seconds = time.perf_counter() - start - read_seconds
    write_drafts(texts, out)
    return {
        "read the datasets": read_seconds,
        "draft every occupation": draft_seconds,
        "total with writing": time.perf_counter() - start,
        "occupations": len(texts),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", help="SOC codes to draft, comma-separated (default: every occupation)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    only = args.only.split(",") if args.only else None
    if args.child:
        return print(json.dumps(draft(Path(args.dir) / "onet", only)))
    runs = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(child(__file__, "--child", "--dir", tmp, *(["--only", args.only] if args.only else [])))
    parts = ("read the datasets", "draft every occupation", "total with writing")
    report(
        f"catalogue: draft {runs[0]['occupations']} occupations (median of {args.repeats})",
        timed_rows(runs, {part: part for part in parts}),
        {"occupations": runs[0]["occupations"], "peak_rss_mb": round(spread(r["peak_rss_mb"] for r in runs)["median"])},
        "catalogue",
    )


if __name__ == "__main__":
    main()
