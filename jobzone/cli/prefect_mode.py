"""Which Prefect a CLI run goes through: a server that is already running, a temporary one only when asked,
or none (the same stages run plainly). A cold `jobzone run` must not wait 15-20 s for a server it starts."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from flows.serve import api_url, probe
from jobzone.cli.output import errors
from jobzone.settings import Settings


@contextmanager
def prefect_for_run(settings: Settings) -> Iterator[bool]:
    """True: run the Prefect flows (reporting to the running server); False: run the stages plainly."""
    if not settings.prefect:
        yield False
        return
    url = api_url(settings)
    if probe(url) == "prefect":
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: url}):
            yield True
        return
    if settings.prefect_start and not os.environ.get("PREFECT_API_URL"):
        yield True  # Prefect's local mode: it starts a temporary server (start-up timeout: jobzone/__init__.py)
        return
    errors.print(
        f"note: no Prefect server answers at {url}, so the stages run plainly (same pipeline and results, "
        "no Prefect UI). Start one with `jobzone serve`, point PREFECT_API_URL at one, or set "
        "JOBZONE_PREFECT_START=true to start a temporary server for this command.",
        markup=False,
    )
    yield False
