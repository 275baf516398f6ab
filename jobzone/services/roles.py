"""Role files without the warehouse: score them with the AIJRI formula, validate a folder of them."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from catalogue import journal
from flows.role_loader import load_checked_roles
from scoring.aijri import score_report, score_role


def score_files(paths: Sequence[Path]) -> list[dict]:
    """The public score report (`jobzone score --json`) of every role file the paths name."""
    return [score_report(item.role, score_role(item.role)) for item in load_checked_roles(paths)]


def validate(target: Path, releases: Path | None = None) -> int:
    """How many role files are valid under target; a RoleFileError listing every problem otherwise, and a
    JobzoneError when an interrupted release change left the drafted files half-written."""
    if releases is not None:
        journal.refuse_half_written(releases)
    return len(load_checked_roles(target))
