"""`jobzone serve` for real: a local Prefect server, both deployments, and `announce` starting a rerun."""

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.conftest import REPO
from tests.helpers import SECRET, cli, free_port, jobzone, jobzone_command, jobzone_json, wait_for_mail

pytestmark = pytest.mark.slow


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def test_serve_runs_the_rerun_deployment_when_an_ai_tool_release_is_announced(tmp_path, roles_dir, smtp, fixtures):
    db = tmp_path / "w.duckdb"
    env = {
        **os.environ,
        "JOBZONE_SECRET": SECRET,
        "JOBZONE_SMTP_URL": smtp.url,
        "JOBZONE_SMTP_RATE": "0",
        "JOBZONE_SERVE_SEND_EVERY": "10",
        "JOBZONE_CAPABILITY_EVERY": "0",  # checked from the CLI below, at recorded dates
        "JOBZONE_RELEASES": str(tmp_path / "releases"),
        "JOBZONE_DB": str(db),
        "JOBZONE_ROLES": str(roles_dir),
        "JOBZONE_PREFECT": "true",
        "JOBZONE_PREFECT_PORT": str(free_port()),
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    api = f"http://127.0.0.1:{env['JOBZONE_PREFECT_PORT']}/api"
    jobzone("run", "--skip-ingest", db=db, roles=roles_dir)
    cli(env, "subscribe", "served@example.org", "mlops-engineer")  # queued, and nobody runs `jobzone send`
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen(jobzone_command("serve"), cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: "prefect deployment run" in (tmp_path / "serve.log").read_text(), 120, "serve to start")
        said = (tmp_path / "serve.log").read_text().splitlines()
        # It says what it starts, while Prefect's server starts (it was silent for ~100 s), and how to reach it.
        assert said[0] == f"starting a local Prefect server at {api} (this can take a minute or two) ..."
        assert said[1].startswith("Prefect server ready after ") and said[1].endswith(api.removesuffix("/api"))
        assert said[2].startswith("serving nightly, rerun") and "one run at a time" in said[2]
        assert "deliver" not in said[2]  # delivery is a thread of serve's process, not a flow run a minute
        assert said[3].startswith("delivering what is due in the outbox every ")
        assert said[4].startswith(f"in another shell: export PREFECT_API_URL={api} ")
        second = cli(env, "serve", check=False)
        assert (
            second.returncode == 1 and f"already serving the deployments at {api} (pid {server.pid})" in second.stderr
        )
        nightly = requests.get(f"{api}/deployments/name/nightly/nightly", timeout=10).json()
        assert nightly["paused"] is False  # the refused second serve paused nothing
        assert requests.get(f"{api}/deployments/name/deliver/deliver", timeout=10).status_code == 404  # no UI flood
        announced = cli(env, "announce", "Claude 5 released", "--roles", "mlops-engineer", check=False)
        assert announced.returncode == 0, announced.stderr
        wait_for(
            lambda: any(
                r["reason"] == "Claude 5 released" and r["status"] == "succeeded" for r in jobzone_json("runs", db=db)
            ),
            90,
            "the announced rerun",
        )
        runs = jobzone_json("runs", db=db)
        assert [(r["kind"], r["reason"]) for r in runs] == [("rerun", "Claude 5 released"), ("nightly", None)]
        # A capability check that finds a new frontier model starts the served rerun through the same event.
        replay = ["--replay", str(fixtures)]
        baseline = cli(env, "capability", "check", "--as-of", "2026-03-01", *replay)
        assert "No new frontier model" in baseline.stdout
        found = cli(env, "capability", "check", "--as-of", "2026-05-01", *replay)
        assert "AI release: Claude Opus 4.6" in found.stdout and "The served rerun starts on event" in found.stdout
        reason = "AI release: Claude Opus 4.6 (Anthropic, released 2026-02-05)"
        wait_for(
            lambda: any(r["reason"] == reason and r["status"] == "succeeded" for r in jobzone_json("runs", db=db)),
            90,
            "the rerun the capability event started",
        )
        assert (tmp_path / "releases" / "2026-02-05-claude-opus-4-6.toml").exists()
        # A cold `jobzone run` uses the running server (no temporary one, no "ran plainly" note): performance #3.
        cold = cli(env, "run", "--skip-ingest", "--reason", "cold CLI run")
        assert "no Prefect server answers" not in cold.stderr and "succeeded" in cold.stdout
        # Finished runs only, newest first: the served schedules keep up to 100 future runs of `send` queued.
        finished = {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}, "sort": "START_TIME_DESC", "limit": 50}
        flow_runs = requests.post(f"{api}/flow_runs/filter", json=finished, timeout=10).json()
        assert any(
            r["parameters"].get("request", {}).get("reason") == "cold CLI run" and r["state_type"] == "COMPLETED"
            for r in flow_runs
        )
        confirmation = wait_for_mail(smtp, 1, timeout=90)  # meanwhile serve's own sender sent it
        assert (
            confirmation["To"] == "served@example.org"
            and "MLOps Engineer" in confirmation.get_body(("plain",)).get_content()
        )
        # docs/operations.md's lines, as written (its port aside), in the other shell that serve's line describes
        (block,) = [
            b
            for b in re.findall(r"```sh\n(.*?)```", (REPO / "docs" / "operations.md").read_text(), re.S)
            if b.startswith("jobzone serve")
        ]
        lines = [line.split("  #")[0].strip() for line in block.splitlines()[1:]]
        exported = lines[0].replace("127.0.0.1:4200", api.split("//")[1].removesuffix("/api"))
        assert exported == f"export PREFECT_API_URL={api}"
        shell = {**env, "PREFECT_API_URL": api}
        started = subprocess.run(
            [sys.executable, "-m", *shlex.split(lines[1])],
            cwd=REPO,
            env=shell,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert started.returncode == 0 and "Traceback" not in started.stderr + started.stdout, started.stderr[-2000:]
        assert "Creating flow run for deployment 'rerun/rerun'" in started.stdout
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
    result = cli(env, "announce", "x", check=False)
    assert result.returncode == 1 and "no Prefect server at http://127.0.0.1:" in result.stderr
    assert "start `jobzone serve`" in result.stderr


def test_serve_names_a_port_held_by_another_server(tmp_path):
    import http.server
    import threading

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    env = {**os.environ, "JOBZONE_PREFECT_PORT": str(other.server_address[1]), "JOBZONE_DB": str(tmp_path / "w.duckdb")}
    env.pop("PREFECT_API_URL", None)
    try:
        result = cli(env, "serve", check=False)
    finally:
        other.shutdown()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"port {other.server_address[1]} is held by another HTTP server, not Prefect" in result.stderr


def test_local_mode_waits_long_enough_for_prefects_server_on_a_loaded_machine():
    probe = (
        "import jobzone; from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS as s; "
        "print(s.value())"
    )
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"}
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) >= 120  # Prefect's default of 20 s failed a first `make demo` here


def test_announce_fails_when_the_server_does_not_accept_the_event(tmp_path):
    import http.server
    import threading

    class RefusingPrefect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # /api/health: looks like Prefect
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"true")

        def do_POST(self):  # /api/events: refused
            self.send_response(503)
            self.end_headers()

        def log_message(self, *args):
            pass

    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RefusingPrefect)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    env = {**os.environ, "PREFECT_API_URL": f"http://127.0.0.1:{fake.server_address[1]}/api"}
    try:
        result = cli(env, "announce", "x", check=False)
    finally:
        fake.shutdown()
    assert result.returncode == 1 and "did not accept the event: HTTP 503" in result.stderr
