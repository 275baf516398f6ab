"""Talking to the Prefect server: where it is, whether it answers and serves the rerun, and the AI-tool release
event that starts the served rerun (`jobzone announce`, and a capability check that found a new frontier model)."""

from __future__ import annotations

import os

import requests

from flows.settings import PipelineSettings
from scoring.errors import JobzoneError

ANNOUNCE_EVENT = "jobzone.ai-tool.released"


def api_url(settings: PipelineSettings) -> str:
    return os.environ.get("PREFECT_API_URL") or f"http://127.0.0.1:{settings.prefect_port}/api"


def probe(url: str) -> str | None:
    """'prefect' when a Prefect API answers at url, 'other' when something else holds the port, else None."""
    try:
        response = requests.get(f"{url}/health", timeout=2)
    except requests.RequestException:
        return None
    try:
        return "prefect" if response.ok and response.json() is True else "other"
    except ValueError:
        return "other"


def healthy(url: str) -> bool:
    return probe(url) == "prefect"


def serves_rerun(settings: PipelineSettings) -> bool:
    """A Prefect server answers and holds the rerun deployment (`jobzone serve` serves it): an event starts it."""
    url = api_url(settings)
    if not healthy(url):
        return False
    try:
        return requests.get(f"{url}/deployments/name/rerun/rerun", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def announce(settings: PipelineSettings, reason: str, roles: list[str] | None) -> str:
    """Send the AI-tool release event that starts a rerun, and confirm the server accepted it (HTTP 204)."""
    from prefect.events import Event

    url = api_url(settings)
    if not healthy(url):
        raise JobzoneError(f"no Prefect server at {url}: start `jobzone serve` (or set PREFECT_API_URL)")
    event = Event(
        event=ANNOUNCE_EVENT,
        resource={"prefect.resource.id": "jobzone.announcement"},
        payload={"reason": reason, "roles": roles},
    )
    try:
        response = requests.post(f"{url}/events", json=[event.model_dump(mode="json")], timeout=10)
    except requests.RequestException as exc:
        raise JobzoneError(f"the event was not delivered to {url}: {exc}") from None
    if response.status_code != 204:
        raise JobzoneError(
            f"the Prefect server at {url} did not accept the event: HTTP {response.status_code} {response.text[:200]}"
        )
    return str(event.id)
