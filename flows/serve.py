"""`jobzone serve`: the nightly, rerun, capability and deliver deployments, served by this process."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

from flows.events import ANNOUNCE_EVENT, api_url, healthy, probe
from flows.settings import PipelineSettings
from notifications.sender import OutboxSender
from scoring.errors import JobzoneError


def deployments(settings: PipelineSettings) -> list:
    """nightly on the cron schedule, rerun on demand or on the announce event, capability every
    JOBZONE_CAPABILITY_EVERY seconds; one run at a time each. (Delivery is not a deployment: serve_forever runs a
    sender thread, so the Prefect UI does not gain a flow run a minute.)"""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig
    from prefect.events import DeploymentEventTrigger

    from flows.prefect_flows import capability, nightly, rerun

    one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy="ENQUEUE")
    announced = DeploymentEventTrigger(
        name="rerun on AI-tool release",
        expect={ANNOUNCE_EVENT},
        parameters={"request": {"reason": "{{ event.payload.reason }}", "roles": "{{ event.payload.roles }}"}},
    )
    served = [
        nightly.to_deployment(
            name="nightly",
            cron=settings.nightly_cron,
            concurrency_limit=one_at_a_time,
            description="Fetch sources, map evidence, rescore every role, diff, alert.",
        ),
        rerun.to_deployment(
            name="rerun",
            concurrency_limit=one_at_a_time,
            triggers=[announced],
            description="Rescore after analysts changed role files (reason required).",
        ),
    ]
    served += [
        nightly.to_deployment(
            name=f"nightly-{code.lower()}",
            cron=settings.nightly_cron,
            concurrency_limit=one_at_a_time,
            parameters={"request": {"country": code}},
            description=f"The nightly in {code}'s view: its own postings and pay data, its subscribers' alerts.",
        )
        for code in settings.other_countries
    ]
    if settings.capability_every > 0:
        served.append(
            capability.to_deployment(
                name="capability",
                interval=settings.capability_every,
                concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy="CANCEL_NEW"),
                description="Check Epoch AI's benchmarks for a new frontier model; an event starts the rerun.",
            )
        )
    return served


@contextlib.contextmanager
def only_server(url: str) -> Iterator[None]:
    """One `jobzone serve` per Prefect API: a second one would pause the first one's schedules when it exits."""
    path = Path(tempfile.gettempdir()) / f"jobzone-serve-{hashlib.sha256(url.encode()).hexdigest()[:12]}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
        os.close(fd)
        raise JobzoneError(
            f"`jobzone serve` is already serving the deployments at {url} (pid {holder}); a second "
            "one would pause their schedules when it stops. Stop the first one, or use it."
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextlib.contextmanager
def local_prefect_server(settings: PipelineSettings, timeout: float = 120) -> Iterator[str]:
    """Start `prefect server start` on 127.0.0.1 (schedules need a real server), wait until healthy, stop on exit."""
    url = api_url(settings)
    found = probe(url)
    if found == "prefect":
        yield url  # one is already running there: use it, and leave it running
        return
    if found == "other":
        raise JobzoneError(
            f"port {settings.prefect_port} is held by another HTTP server, not Prefect: stop it or "
            "set JOBZONE_PREFECT_PORT (or PREFECT_API_URL to a running Prefect server)"
        )
    command = [
        sys.executable,
        "-m",
        "prefect",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(settings.prefect_port),
    ]
    # Its own session: a Ctrl-C or SIGTERM to our process group must not kill the server before the runner
    # has paused its deployments; we stop it ourselves once serving has ended.
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not healthy(url):
            if server.poll() is not None:
                log.seek(0)
                reason = " ".join(log.read().split())[-400:] or "no output"
                raise JobzoneError(
                    f"prefect server on port {settings.prefect_port} exited ({server.returncode}): {reason}"
                )
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
        log.close()


def serve_forever(settings: PipelineSettings, note: Callable[[str], None] = lambda line: None) -> None:
    """Serve the deployments until interrupted, saying as it goes what it starts and how to reach it (`note`: a
    line for the operator; Prefect starting its server takes a minute or two on a busy machine)."""
    from prefect import serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with contextlib.ExitStack() as stack:
        stack.enter_context(only_server(api_url(settings)))
        url = os.environ.get("PREFECT_API_URL")
        if url:
            note(f"using the Prefect server at {url} (PREFECT_API_URL)")
        else:
            note(f"starting a local Prefect server at {api_url(settings)} (this can take a minute or two) ...")
            started = time.monotonic()
            url = stack.enter_context(local_prefect_server(settings))
            note(f"Prefect server ready after {time.monotonic() - started:.0f} s; its UI: {url.removesuffix('/api')}")
        stack.enter_context(temporary_settings(updates={PREFECT_API_URL: url}))
        served = deployments(settings)
        note(f"serving {', '.join(d.name for d in served)}; one run at a time; Ctrl-C stops (and pauses them)")
        sender = OutboxSender(settings, settings.serve_send_every)
        if sender.enabled:
            sender.start()
            stack.callback(sender.stop)
            note(f"delivering what is due in the outbox every {settings.serve_send_every:g} s, in this process")
        note(f"in another shell: export PREFECT_API_URL={url}  (then `jobzone announce` and the `prefect` CLI use it)")
        # limit=1: this process runs one pipeline run at a time; later runs wait their turn.
        serve(*served, limit=1)
