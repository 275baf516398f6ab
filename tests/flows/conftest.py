"""Prefect's test harness, started once per session, with Prefect's state kept in a temp dir."""

import os
import tempfile

import pytest

os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="jobzone-prefect-"))
os.environ.update(DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING")


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(autouse=True)
def _allow_loopback_only(_block_non_loopback):
    """The harness talks to its own server on 127.0.0.1; everything else stays blocked."""
    yield
