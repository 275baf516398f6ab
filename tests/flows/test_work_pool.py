"""The documented work-pool path for real (docs/operations.md): a local Prefect server, the documented commands (pool, concurrency
limit, two deployments), two process workers; a scheduled nightly and a triggered rerun land in DuckDB, one at
a time."""

import os
import re
import signal
import subprocess
import sys
import time

import pytest
import requests

from flows.serve import local_prefect_server
from flows.settings import PipelineSettings
from tests.conftest import REPO
from tests.helpers import free_port, jobzone_json

pytestmark = pytest.mark.slow


def readme_work_pool_commands() -> list[str]:
    """The sh block of docs/operations.md that starts with `prefect work-pool create`."""
    readme = (REPO / "docs" / "operations.md").read_text()
    block = re.search(r"```sh\n(prefect work-pool create.*?)```", readme, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip()]


def prefect(env: dict, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "prefect", *args]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"prefect {' '.join(args)}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def succeeded_runs(db) -> list[dict]:
    if not db.exists():
        return []
    try:
        return [r for r in jobzone_json("runs", db=db) if r["status"] in ("succeeded", "degraded")]
    except AssertionError:  # a worker's run holds the file this instant
        return []


def test_workers_pick_up_scheduled_and_triggered_runs_one_at_a_time(tmp_path, roles_dir, fixtures):
    db = tmp_path / "w.duckdb"
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "JOBZONE_DB": str(db),
        "JOBZONE_ROLES": str(roles_dir),
        "JOBZONE_REPLAY": str(fixtures),
    }
    *setup, worker_line = readme_work_pool_commands()
    assert worker_line == "prefect worker start --pool jobzone"
    workers = []
    with local_prefect_server(PipelineSettings(prefect_port=port)) as api:
        try:
            for line in setup:
                prefect(env, *[part.strip('"') for part in re.findall(r'"[^"]*"|\S+', line)][1:])
            for name in ("first", "second"):
                command = [sys.executable, "-m", "prefect", *worker_line.split()[1:], "--name", name]
                log = open(tmp_path / f"worker-{name}.log", "w")
                workers.append(subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT))
            # A scheduled nightly and a triggered rerun, due within seconds of each other, two workers waiting.
            prefect(env, "deployment", "run", "nightly/nightly", "--start-in", "3 seconds")
            prefect(env, "deployment", "run", "rerun/rerun", "-p", 'request={"reason": "Claude 5 released"}')
            runs = wait_for(lambda: len(succeeded_runs(db)) >= 2 and succeeded_runs(db), 240, "both runs to land")
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGINT)
            for worker in workers:
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
        flow_runs = requests.post(f"{api}/flow_runs/filter", json={"limit": 20}, timeout=10).json()
    # At 03:00 UTC the documented cron schedule may add a nightly of its own: ours are told apart, not counted.
    kinds = [(r["kind"], r["reason"]) for r in runs]
    assert ("rerun", "Claude 5 released") in kinds and ("nightly", None) in kinds
    spans = sorted((r["started_at"], r["finished_at"]) for r in runs)
    assert all(earlier[1] <= later[0] for earlier, later in zip(spans, spans[1:])), spans  # never two at once
    ours = [r for r in flow_runs if not r["auto_scheduled"]]
    assert len(ours) == 2 and {r["state_type"] for r in ours} == {"COMPLETED"}
    assert {r["work_pool_name"] for r in ours} == {"jobzone"}
    scheduled = next(r for r in ours if r["parameters"] == {})
    # The CLI fixes the time when it parses "--start-in"; on a loaded machine creating the run can take longer than
    # that, so what holds is that no worker started it before its time.
    assert scheduled["start_time"] >= scheduled["expected_start_time"], scheduled
    # The rest are the documented cron schedule (03:00 UTC), queued for the coming nights.
    upcoming = [r for r in flow_runs if r["auto_scheduled"]]
    assert upcoming and all("T03:00:00" in r["expected_start_time"] for r in upcoming)
