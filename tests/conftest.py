"""Shared test fixtures: the recorded data folder, the reference role, temp role directories."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REFERENCE_ROLE = REPO / "roles" / "mlops-engineer.toml"


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
def roles_dir(tmp_path: Path) -> Path:
    """A temp roles/ directory holding a copy of the reference role."""
    directory = tmp_path / "roles"
    directory.mkdir()
    shutil.copy(REFERENCE_ROLE, directory / REFERENCE_ROLE.name)
    return directory
