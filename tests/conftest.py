"""Shared test fixtures: the recorded data folder, the reference role, temp role directories."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REFERENCE_ROLE = REPO / "roles" / "mlops-engineer.toml"

# The files that take longest (pytest --durations in a clean-clone `make test`). xdist (`--dist loadfile`) hands
# whole files to its two workers in collection order, so these go first: otherwise one of them could start last and
# run alone while the other worker idles (the suite's tail).
LONGEST_FILES = (
    "tests/test_benchmarks.py",
    "tests/flows/test_demo.py",
    "tests/flows/test_serve.py",
    "tests/catalogue/test_releases.py",
    "tests/flows/test_work_pool.py",
    "tests/catalogue/test_release_crashes.py",
    "tests/flows/test_prefect_flows.py",
    "tests/flows/test_backfill_cli.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: index for index, name in enumerate(LONGEST_FILES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: the rest keep their order


def fixtures_dir() -> Path:
    return Path(os.environ.get("JOBZONE_FIXTURES", REPO.parent / "shared" / "fixtures")).resolve()


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The real recorded data; in CI a missing folder is an error, never a skip."""
    path = fixtures_dir()
    if not path.is_dir():
        message = f"recorded fixtures not found at {path} (set JOBZONE_FIXTURES)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def smtp():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that records what it receives."""
    from tests.smtp_server import SmtpServer

    with SmtpServer() as server:
        yield server


@pytest.fixture
def roles_dir(tmp_path: Path) -> Path:
    """A temp roles/ directory holding a copy of the reference role."""
    directory = tmp_path / "roles"
    directory.mkdir()
    shutil.copy(REFERENCE_ROLE, directory / REFERENCE_ROLE.name)
    return directory


@pytest.fixture(autouse=True)
def _block_non_loopback(monkeypatch):
    """Unit tests never reach the internet: only 127.0.0.0/8, ::1 and Unix sockets may be connected."""
    import ipaddress
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                local = ipaddress.ip_address(host).is_loopback
            except ValueError:
                local = host == "localhost"
            if not local:
                raise OSError(f"network access to {host} blocked in tests")
        return real_connect(self, address)

    real_getaddrinfo = socket.getaddrinfo

    def local_names_only(host, *args, **kwargs):
        if host not in (None, "localhost") and not str(host).startswith(("127.", "::1")):
            raise socket.gaierror(f"name lookup of {host} blocked in tests")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", local_names_only)
