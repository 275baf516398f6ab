"""Writing drafts: one file per occupation, byte-identical for the same inputs, never over a reviewed file."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from scoring.changes import AssessmentEdit, assessment_causes


@dataclass
class WriteReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # reviewed files left alone: id -> the fields a new draft would change
    kept_reviewed: dict[str, list[str]] = field(default_factory=dict)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace a file whole: the content goes to a temporary file beside it, renamed over it once complete, so a
    kill or a full disk leaves the old file (never an empty or cut one). OSError when it cannot be written."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(content, bytes):
            temporary.write_bytes(content)
        else:
            temporary.write_text(content, encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def is_reviewed(text: str) -> bool:
    """An analyst's file: [draft] status = "reviewed", or no [draft] table at all (hand-written)."""
    try:
        draft = tomllib.loads(text).get("draft")
    except tomllib.TOMLDecodeError:
        return True  # not ours to judge: leave it for `jobzone validate` to report
    return not isinstance(draft, dict) or draft.get("status") != "draft"


def write_drafts(texts: dict[str, str], out: Path, reviewed_elsewhere: dict[str, str] | None = None) -> WriteReport:
    """Write <out>/<id>.toml for each drafted text. A reviewed file (here, or with the same id elsewhere under
    the roles folder) is never overwritten: the report lists what the draft would change instead."""
    out.mkdir(parents=True, exist_ok=True)
    report = WriteReport()
    for role_id, text in sorted(texts.items()):
        path = out / f"{role_id}.toml"
        existing = path.read_text(encoding="utf-8") if path.exists() else None
        if existing == text:  # a draft as drafted now (an analyst's file is never a draft's text): nothing to parse
            report.unchanged.append(role_id)
            continue
        elsewhere = (reviewed_elsewhere or {}).get(role_id)
        reviewed = existing if existing is not None else elsewhere  # only a reviewed file elsewhere counts
        if reviewed is not None and is_reviewed(reviewed):
            report.kept_reviewed[role_id] = [
                c.field for c in assessment_causes(reviewed, text) if isinstance(c, AssessmentEdit)
            ]
            continue
        (report.updated if existing is not None else report.created).append(role_id)
        write_atomically(path, text)
    return report
