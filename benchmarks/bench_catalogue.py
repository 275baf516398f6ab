"""Benchmark: drafting every O*NET occupation from the recordings, and a nightly over the whole catalogue
(roles/, 924 roles) with --skip-ingest, plain vs Prefect. Each part runs in its own process, so peak memory
is its own."""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from bench_nightly import one_mode
from common import REPO, child, report

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))


def draft(out: Path) -> dict:
    from catalogue.datasets import DATASETS, read
    from catalogue.document import draft_catalogue
    from catalogue.files import write_drafts

    start = time.perf_counter()
    raw = {name: read(d, (FIXTURES / d.recording).read_bytes()) for name, d in DATASETS.items()}
    read_seconds = time.perf_counter() - start
    texts = draft_catalogue(raw)
    draft_seconds = time.perf_counter() - start - read_seconds
    write_drafts(texts, out)
    return {
        "read": read_seconds,
        "draft": draft_seconds,
        "total": time.perf_counter() - start,
        "occupations": len(texts),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("draft", "plain", "prefect"))
    parser.add_argument("--dir")
    parser.add_argument("--roles", default=str(REPO / "roles"), help="Role folder for the nightly (default: roles/).")
    args = parser.parse_args()
    if args.part == "draft":
        return print(json.dumps(draft(Path(args.dir) / "onet")))
    if args.part:
        return print(json.dumps(one_mode(args.part, Path(args.roles), Path(args.dir), skip_ingest=True)))
    with tempfile.TemporaryDirectory() as tmp:
        drafted = child(__file__, "--part", "draft", "--dir", tmp)
        nightly = {
            mode: child(__file__, "--part", mode, "--dir", tmp, "--roles", args.roles) for mode in ("plain", "prefect")
        }
    rows = [
        ("draft: read the datasets", drafted["read"]),
        ("draft: every occupation", drafted["draft"]),
        ("draft: total with writing", drafted["total"]),
    ]
    rows += [(f"nightly plain: {stage}", s) for stage, s in nightly["plain"]["stages"].items()]
    rows += [
        ("nightly plain: wall", nightly["plain"]["wall"]),
        ("nightly prefect: server start-up", nightly["prefect"]["startup"]),
        ("nightly prefect: flow wall", nightly["prefect"]["wall"]),
    ]
    report(
        f"catalogue: draft {drafted['occupations']} occupations; nightly over {nightly['plain']['roles']} roles",
        rows,
        {
            "occupations": drafted["occupations"],
            "roles": nightly["plain"]["roles"],
            "prefect_to_plain_ratio": round(nightly["prefect"]["wall"] / nightly["plain"]["wall"], 3),
            "peak_rss_mb": {
                "draft": round(drafted["peak_rss_mb"]),
                **{m: round(r["peak_rss_mb"]) for m, r in nightly.items()},
            },
        },
        "catalogue",
    )


if __name__ == "__main__":
    main()
