"""Which Prefect a CLI run goes through: a server that is already running, a temporary one only when asked,
or none (the same stages run plainly). A cold `jobzone run` must not wait 15-20 s for a server it starts."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from flows.events import api_url, probe
from jobzone.services.notes import Note, quiet
from jobzone.settings import Settings


@contextmanager
def prefect_for_run(settings: Settings, note: Note = quiet) -> Iterator[bool]:
    """True: run the Prefect flows (reporting to the running server); False: run the stages plainly, and
    `note` says why."""
    if not settings.prefect:
        yield False
        return
    url = api_url(settings)
    if probe(url) == "prefect":
        with in_process_flow_settings(url):
            yield True
        return
    if settings.prefect_start and not os.environ.get("PREFECT_API_URL"):
        with in_process_flow_settings(None):  # local mode: a temporary server (start-up timeout: jobzone/__init__.py)
            yield True
        return
    note(
        f"note: no Prefect server answers at {url}, so the stages run plainly (same pipeline and results, "
        "no Prefect UI). Start one with `jobzone serve`, point PREFECT_API_URL at one, or set "
        "JOBZONE_PREFECT_START=true to start a temporary server for this command."
    )
    yield False


HEARTBEAT_VARIABLES = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")


@contextmanager
def in_process_flow_settings(url: str | None) -> Iterator[None]:
    """Prefect settings for a flow run inside this CLI process: the server to report to, and no flow heartbeat
    unless the operator sets one (either variable, e.g. for a zombie-run automation). Prefect's heartbeat thread
    sleeps in 1 s steps and is joined when the flow ends, so every run lasted until its next whole second. An
    exception is still reported by the flow engine; deployment runs keep Prefect's default."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    updates: dict = {PREFECT_API_URL: url} if url else {}
    if not any(os.environ.get(name) for name in HEARTBEAT_VARIABLES):
        updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    with temporary_settings(updates):
        yield
