"""`jobzone serve` for real: a local Prefect server, both deployments, and `announce` starting a rerun."""
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO
from tests.helpers import jobzone, jobzone_json

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def test_serve_runs_the_rerun_deployment_when_an_ai_tool_release_is_announced(tmp_path, roles_dir):
    db = tmp_path / "w.duckdb"
    env = {**os.environ, "JOBZONE_DB": str(db), "JOBZONE_ROLES": str(roles_dir), "JOBZONE_PREFECT": "true",
           "JOBZONE_PREFECT_PORT": str(free_port()), "PREFECT_HOME": str(tmp_path / "prefect"),
           "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    jobzone("run", "--skip-ingest", db=db, roles=roles_dir)
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "jobzone", "serve"], cwd=REPO, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: "prefect deployment run" in (tmp_path / "serve.log").read_text(), 120, "serve to start")
        announced = subprocess.run([sys.executable, "-m", "jobzone", "announce", "Claude 5 released", "--roles",
                                    "mlops-engineer"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
        assert announced.returncode == 0, announced.stderr
        wait_for(lambda: any(r["reason"] == "Claude 5 released" and r["status"] == "succeeded"
                             for r in jobzone_json("runs", db=db)), 90, "the announced rerun")
        runs = jobzone_json("runs", db=db)
        assert [(r["kind"], r["reason"]) for r in runs] == [("rerun", "Claude 5 released"), ("nightly", None)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    assert server.returncode is not None
    # The local Prefect server was stopped with it: nothing listens on its port any more.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", int(env["JOBZONE_PREFECT_PORT"]))) != 0


def test_announce_without_a_server_says_what_to_do(tmp_path):
    env = {**os.environ, "JOBZONE_PREFECT_PORT": str(free_port())}
    env.pop("PREFECT_API_URL", None)
    result = subprocess.run([sys.executable, "-m", "jobzone", "announce", "x"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "no Prefect server at http://127.0.0.1:" in result.stderr
    assert "start `jobzone serve`" in result.stderr
