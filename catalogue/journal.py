"""A release change of the drafted catalogue that survives a crash. Applying or withdrawing a release rewrites
hundreds of role files, then the applied list, then reruns; a kill between two of those steps must not leave a
catalogue that validates and scores as if nothing happened. So the change first writes a journal next to the
applied list saying what it is doing; `jobzone validate`, `run` and `draft` refuse a catalogue whose files are
still being written, a repeat of the same command completes it, and the next run scores a change whose files
are complete but whose rerun never ran, naming the release."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from catalogue.files import write_atomically
from scoring.errors import JobzoneError

JOURNAL_FILE = ".pending-release.json"


@dataclass(frozen=True, kw_only=True)
class Pending:
    applied: list[str]  # the applied list once the change is complete
    reason: str  # what the rerun that scores it is called, e.g. "Claude Opus 4.5 (2025-11-24)"
    command: str  # how to repeat it, for the operator
    stage: Literal["files", "rerun"]  # files: role files being written; rerun: files complete, not scored yet


def pending(folder: Path) -> Pending | None:
    path = Path(folder) / JOURNAL_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Pending(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as exc:
        raise JobzoneError(f"{path}: unreadable journal of an interrupted release change ({exc})") from None


def begin(folder: Path, *, applied: list[str], reason: str, command: str) -> None:
    _write(folder, Pending(applied=applied, reason=reason, command=command, stage="files"))


def files_done(folder: Path) -> None:
    """The role files and the applied list are written; what is left is the rerun that scores them."""
    current = pending(folder)
    if current is not None:
        _write(folder, Pending(**{**asdict(current), "stage": "rerun"}))


def finish(folder: Path) -> None:
    (Path(folder) / JOURNAL_FILE).unlink(missing_ok=True)


def refuse_half_written(folder: Path) -> Pending | None:
    """A JobzoneError when a release change was interrupted while it wrote the role files; else the change whose
    files are complete but not scored yet (None when there is none)."""
    current = pending(folder)
    if current is not None and current.stage == "files":
        raise JobzoneError(
            f"the drafted catalogue is half-written: `{current.command}` was interrupted while it rewrote the role "
            f"files ({Path(folder) / JOURNAL_FILE}); run it again to finish, then run or validate"
        )
    return current


def _write(folder: Path, state: Pending) -> None:
    write_atomically(Path(folder) / JOURNAL_FILE, json.dumps(asdict(state), indent=1))
