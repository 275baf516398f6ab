"""The whole drafted catalogue, drafted and scored (on the recorded sources, replayed) once per test process and
copied for each test that changes it (drafting 923 occupations and scoring them takes ~12 s; a copy, well under one)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import jobzone

RELEASE = REPO / "releases" / "2025-11-24-claude-opus-4-5.toml"
SCORED_AS_OF = "2026-05-01"


@dataclass(frozen=True)
class DraftedCatalogue:
    roles: Path  # roles/onet holds the drafts, with no release applied
    releases: Path  # the release file, not applied
    env: dict[str, str]
    db: Path  # scored once, before any release


def _drafted(root: Path, fixtures: Path) -> DraftedCatalogue:
    roles, releases = root / "roles", root / "releases"
    releases.mkdir(parents=True)
    shutil.copy(RELEASE, releases / RELEASE.name)
    env = {"JOBZONE_RELEASES": str(releases), "JOBZONE_REPLAY": str(fixtures)}
    return DraftedCatalogue(roles, releases, env, root / "w.duckdb")


@pytest.fixture(scope="session")
def drafted_template(tmp_path_factory, fixtures) -> DraftedCatalogue:
    made = _drafted(tmp_path_factory.mktemp("drafted"), fixtures)
    jobzone("draft", "--out", str(made.roles / "onet"), db=made.db, roles=made.roles, env=made.env)
    # Scored on the recorded market data as of a date they cover: a rerun scores on stored evidence, not on none.
    jobzone("run", "--as-of", SCORED_AS_OF, db=made.db, roles=made.roles, env=made.env)
    return made


@pytest.fixture
def drafted_catalogue(drafted_template, tmp_path, fixtures) -> DraftedCatalogue:
    """This test's own copy: role files, release folder and warehouse (the view cache, keyed by path, is not
    copied: the first run here checks the files again, as a fresh checkout would)."""
    made = _drafted(tmp_path, fixtures)
    shutil.copytree(drafted_template.roles, made.roles)
    shutil.copy(drafted_template.db, made.db)
    return made
