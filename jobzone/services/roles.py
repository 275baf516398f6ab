"""Role files without the warehouse: score them with the AIJRI formula, validate a folder of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from catalogue import journal
from flows.role_loader import load_checked_roles
from scoring.aijri import score_report, score_role
from scoring.stated import stale_statements


def score_files(paths: Sequence[Path]) -> list[dict]:
    """The public score report (`jobzone score --json`) of every role file the paths name."""
    return [score_report(item.role, score_role(item.role)) for item in load_checked_roles(paths)]


@dataclass(frozen=True)
class Validated:
    """A folder of valid role files, and what their texts state that their values no longer give."""

    count: int
    warnings: list[str]


def validate(target: Path, releases: Path | None = None) -> Validated:
    """How many role files are valid under target, with a warning for each stale statement of a file's own score
    in its texts; a RoleFileError listing every problem otherwise, and a JobzoneError when an interrupted release
    change left the drafted files half-written."""
    if releases is not None:
        journal.refuse_half_written(releases)
    loaded = load_checked_roles(target)
    warnings = [
        f"{item.path}: {line}" for item in loaded for line in stale_statements(item.role, score_role(item.role))
    ]
    return Validated(len(loaded), warnings)
