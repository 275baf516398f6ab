"""Benchmark: a nightly run over N synthetic roles with replayed sources, as plain functions and as a Prefect flow.
Each mode runs in its own process (fresh DuckDB file) so peak memory is its own; Prefect's server start-up is
measured separately (a warm-up flow) so the ratio compares the pipeline's wall time only."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, report, synthetic_role_text

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))


def write_roles(directory: Path, count: int) -> None:
    import random

    rng = random.Random(11)
    directory.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (directory / f"synthetic-{index:05d}.toml").write_text(synthetic_role_text(index, rng))


def one_mode(mode: str, roles: Path, workdir: Path, skip_ingest: bool = False, as_of=None) -> dict:
    os.environ.update(
        PREFECT_HOME=str(workdir / "prefect"),
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    from jobzone.settings import Settings

    settings = Settings(db=workdir / f"{mode}.duckdb", roles=roles, prefect=mode == "prefect")
    startup = 0.0
    if mode == "prefect":
        from prefect import flow

        start = time.perf_counter()
        flow(lambda: None, name="warm-up")()
        startup = time.perf_counter() - start
        from flows.prefect_flows import nightly

        start = time.perf_counter()
        result = nightly(
            as_of=as_of, replay=None if skip_ingest else str(FIXTURES), skip_ingest=skip_ingest, settings=settings
        )
    else:
        from flows.pipeline import RunRequest, run_pipeline

        start = time.perf_counter()
        result = run_pipeline(
            settings, RunRequest.nightly(as_of=as_of, replay=None if skip_ingest else FIXTURES, skip_ingest=skip_ingest)
        )
    wall = time.perf_counter() - start
    return {
        "mode": mode,
        "wall": wall,
        "startup": startup,
        "stages": result["seconds"],
        "roles": result["roles_scored"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", type=int, default=10_000)
    parser.add_argument("--mode", choices=("plain", "prefect"))
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.mode:  # child process
        print(json.dumps(one_mode(args.mode, Path(args.dir) / "roles", Path(args.dir))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        write_roles(Path(tmp) / "roles", args.roles)
        results = {}
        for mode in ("plain", "prefect"):
            out = subprocess.run(
                [sys.executable, __file__, "--mode", mode, "--dir", tmp],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            ).stdout
            results[mode] = json.loads(out.strip().splitlines()[-1])
    rows = [(f"plain: {stage}", s) for stage, s in results["plain"]["stages"].items()]
    rows += [
        ("plain: total wall", results["plain"]["wall"]),
        ("prefect: server start-up (warm-up flow)", results["prefect"]["startup"]),
    ]
    rows += [(f"prefect: {stage}", s) for stage, s in results["prefect"]["stages"].items()]
    rows += [("prefect: flow wall", results["prefect"]["wall"])]
    ratio = results["prefect"]["wall"] / results["plain"]["wall"]
    report(
        f"nightly over {args.roles} synthetic roles (replayed sources)",
        rows,
        {
            "roles": args.roles,
            "prefect_to_plain_ratio": round(ratio, 3),
            "peak_rss_mb": {m: round(r["peak_rss_mb"]) for m, r in results.items()},
        },
        "nightly",
    )


if __name__ == "__main__":
    main()
