"""Benchmark: what Prefect costs. (1) A cold `jobzone run` of one role as a new process: plain, Prefect mode with
no server (runs plainly, says so), with a running server, and starting a temporary one (JOBZONE_PREFECT_START).
(2) The nightly over 100 and 1,000 roles, plain vs as a Prefect flow reporting to a running server, in one
process each, --settle seconds apart (a nightly does not start a second after the previous flow run: back to back,
Prefect's SQLite server sometimes answers the new flow run with 503 "database is locked" while it records the last
one, and the client backs off ~2 s; the table counts those retries). Min / median of --repeats; ratios compare
medians measured in the same run of this script."""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_scale import write_roles
from common import REPO, child, free_port, report, timed_row

FIXTURES = Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures"))
QUIET = {"DO_NOT_TRACK": "1", "PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def cold_cli(workdir: Path, env: dict) -> float:
    """Wall time of `jobzone run --skip-ingest` on one role, as a fresh process."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "jobzone", "run", "--skip-ingest", "--roles", "mlops-engineer"],
        cwd=REPO,
        env={**os.environ, **QUIET, "JOBZONE_DB": str(workdir / f"cold-{time.time_ns()}.duckdb"), **env},
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - start


class ServerRetries(logging.Handler):
    """Counts the API calls Prefect's server answered with 503 (each one costs the client a ~2 s back-off)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += " 503 " in record.getMessage()


def in_process(roles: Path, workdir: Path, mode: str, repeats: int, settle: float) -> dict:
    """Nightly walls (replayed sources) in this process; the first run of each mode is a warm-up, not counted."""
    from flows.pipeline import run_pipeline
    from flows.prefect_flows import nightly, settings_for_runs
    from flows.request import RunRequest
    from jobzone.services.prefect_mode import in_process_flow_settings
    from jobzone.settings import Settings

    settings = Settings(db=workdir / f"{mode}-{os.getpid()}.duckdb", roles=roles)
    walls, retries = [], ServerRetries()
    logging.getLogger("httpx").addHandler(retries)
    logging.getLogger("httpx").setLevel(logging.INFO)
    for _ in range(repeats + 1):
        time.sleep(settle)
        start = time.perf_counter()
        if mode == "prefect":
            with in_process_flow_settings(os.environ["PREFECT_API_URL"]), settings_for_runs(settings):  # as the CLI
                nightly(RunRequest.nightly(replay=FIXTURES))
        else:
            run_pipeline(settings, RunRequest.nightly(replay=FIXTURES))
        walls.append(time.perf_counter() - start)
    return {"walls": walls[1:], "server_retries": retries.count}


def summary(values: list[float], **extra) -> dict:
    return {"min": min(values), "median": statistics.median(values), **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds between the in-process runs")
    parser.add_argument(
        "--no-temporary-server", action="store_true", help="skip the slowest case (a cold run starting a server)"
    )
    parser.add_argument("--no-cold", action="store_true", help="skip the cold CLI runs (only the overhead part)")
    parser.add_argument("--child", choices=("plain", "prefect"), help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(REPO))
        os.environ.update(QUIET)
        print(json.dumps(in_process(Path(args.dir) / "roles", Path(args.dir), args.child, args.repeats, args.settle)))
        return
    sys.path.insert(0, str(REPO))
    from flows.serve import local_prefect_server
    from flows.settings import PipelineSettings

    results: dict = {"cold_cli": {}, "overhead": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        port = free_port()
        os.environ.update(QUIET, PREFECT_HOME=str(work / "prefect"))
        os.environ.pop("PREFECT_API_URL", None)
        no_server = {"JOBZONE_PREFECT": "true", "JOBZONE_PREFECT_PORT": str(port)}
        cold = {
            "plain (JOBZONE_PREFECT=false)": {"JOBZONE_PREFECT": "false"},
            "Prefect mode, no server (runs plainly)": no_server,
            "Prefect mode, starting a temporary server": {**no_server, "JOBZONE_PREFECT_START": "true"},
        }
        if args.no_temporary_server:
            del cold["Prefect mode, starting a temporary server"]
        if args.no_cold:
            cold = {}
        for name, env in cold.items():
            results["cold_cli"][name] = summary([cold_cli(work, env) for _ in range(args.repeats)])
        with local_prefect_server(PipelineSettings(prefect_port=port)) as api:
            os.environ["PREFECT_API_URL"] = api
            if not args.no_cold:
                name = "Prefect mode, running server"
                results["cold_cli"][name] = summary([cold_cli(work, no_server) for _ in range(args.repeats)])
            for size in map(int, args.sizes.split(",")):
                folder = work / f"n{size}"
                write_roles(folder / "roles", size)
                runs = {
                    mode: child(
                        __file__,
                        "--child",
                        mode,
                        "--dir",
                        str(folder),
                        "--repeats",
                        str(args.repeats),
                        "--settle",
                        str(args.settle),
                    )
                    for mode in ("plain", "prefect")
                }
                results["overhead"][size] = {
                    mode: summary(r["walls"], server_retries=r["server_retries"]) for mode, r in runs.items()
                }
                results["overhead"][size]["ratio"] = (
                    results["overhead"][size]["prefect"]["median"] / results["overhead"][size]["plain"]["median"]
                )
    rows = [timed_row(f"cold `jobzone run`, {name}", s) for name, s in results["cold_cli"].items()]
    for size, r in results["overhead"].items():
        rows += [
            (
                f"nightly {size} roles, {mode} (min {r[mode]['min']:.2f}, 503 retries {r[mode]['server_retries']})",
                r[mode]["median"],
            )
            for mode in ("plain", "prefect")
        ]
    plain_cold = results["cold_cli"].get("plain (JOBZONE_PREFECT=false)", {}).get("median", 1.0)
    report(
        f"Prefect's cost: cold CLI and nightly overhead (median of {args.repeats})",
        rows,
        {
            "cold_cli_ratio_to_plain": {
                name: round(s["median"] / plain_cold, 2) for name, s in results["cold_cli"].items()
            },
            "prefect_to_plain_ratio": {size: round(r["ratio"], 3) for size, r in results["overhead"].items()},
        },
        "nightly",
    )


if __name__ == "__main__":
    main()
