"""`jobzone serve`: the nightly and rerun deployments, served by this process; `jobzone announce`: the rerun event."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from typing import Iterator

import requests

from flows.settings import PipelineSettings
from scoring.errors import JobzoneError

ANNOUNCE_EVENT = "jobzone.ai-tool.released"


def deployments(settings: PipelineSettings) -> list:
    """nightly on the cron schedule and rerun on demand or on the announce event, one run at a time each."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig
    from prefect.events import DeploymentEventTrigger

    from flows.prefect_flows import nightly, rerun

    one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy="ENQUEUE")
    announced = DeploymentEventTrigger(
        name="rerun on AI-tool release", expect={ANNOUNCE_EVENT},
        parameters={"reason": "{{ event.payload.reason }}", "roles": "{{ event.payload.roles }}"})
    return [
        nightly.to_deployment(name="nightly", cron=settings.nightly_cron, concurrency_limit=one_at_a_time,
                              description="Fetch sources, map evidence, rescore every role, diff, alert."),
        rerun.to_deployment(name="rerun", concurrency_limit=one_at_a_time, triggers=[announced],
                            description="Rescore after analysts changed role files (reason required)."),
    ]


def api_url(settings: PipelineSettings) -> str:
    return os.environ.get("PREFECT_API_URL") or f"http://127.0.0.1:{settings.prefect_port}/api"


def healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/health", timeout=2).ok
    except requests.RequestException:
        return False


@contextlib.contextmanager
def local_prefect_server(settings: PipelineSettings, timeout: float = 120) -> Iterator[str]:
    """Start `prefect server start` on 127.0.0.1 (schedules need a real server), wait until healthy, stop on exit."""
    url = api_url(settings)
    if healthy(url):
        yield url  # one is already running there: use it, and leave it running
        return
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
               "--port", str(settings.prefect_port)]
    # Its own session: a Ctrl-C or SIGTERM to our process group must not kill the server before the runner
    # has paused its deployments; we stop it ourselves once serving has ended.
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not healthy(url):
            if server.poll() is not None:
                raise JobzoneError(f"prefect server exited ({server.returncode}): {server.stderr.read()[-500:]}")
            if time.monotonic() > deadline:
                raise JobzoneError(f"prefect server at {url} not healthy after {timeout:g}s")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def serve_forever(settings: PipelineSettings) -> None:
    from prefect import serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with contextlib.ExitStack() as stack:
        url = os.environ.get("PREFECT_API_URL") or stack.enter_context(local_prefect_server(settings))
        stack.enter_context(temporary_settings(updates={PREFECT_API_URL: url}))
        # limit=1: this process runs one pipeline run at a time; later runs wait their turn.
        serve(*deployments(settings), limit=1)


def announce(settings: PipelineSettings, reason: str, roles: list[str] | None) -> str:
    """Emit the AI-tool release event that starts a rerun; drain the events worker so it is not lost."""
    from prefect.events import emit_event
    from prefect.events.worker import EventsWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url = api_url(settings)
    if not healthy(url):
        raise JobzoneError(f"no Prefect server at {url}: start `jobzone serve` (or set PREFECT_API_URL)")
    with temporary_settings(updates={PREFECT_API_URL: url}):
        event = emit_event(event=ANNOUNCE_EVENT, resource={"prefect.resource.id": "jobzone.announcement"},
                           payload={"reason": reason, "roles": roles})
        EventsWorker.drain_all()
    if event is None:
        raise JobzoneError(f"the event was not emitted to {url}")
    return str(event.id)
