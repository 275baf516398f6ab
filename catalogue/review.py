"""An analyst reviewing a draft: the file becomes theirs ([draft] status "reviewed", who and when), `jobzone draft`
leaves it alone from then on, and its market-fed dimensions switch from absolute (the market level now) to anchored
(the analyst's value plus the market's change since `assessed_on`). So that the switch itself moves no score, the
review writes the levels the stored score read as the analyst's values and the stored score's as-of date as
`assessed_on`: from the review on, only the market's moves (and the analyst's edits) move it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Mapping

from scoring.errors import JobzoneError


@dataclass(frozen=True)
class ReviewEdit:
    """What a review writes, for the screen and the file."""

    assessed_on: tuple[str, str]  # before, after (as the file writes them)
    values: dict[str, tuple[int, int]]  # market-fed dimension -> (the file's value, the level now written)


def _table(text: str, name: str) -> tuple[int, int]:
    """(start, end) offsets of a table's body (after its header line, up to the next header)."""
    header = re.search(rf"^\[{re.escape(name)}\][ \t]*$", text, re.M)
    if header is None:
        raise JobzoneError(f"no [{name}] table")
    following = re.compile(r"^\[", re.M).search(text, header.end())
    return header.end(), following.start() if following else len(text)


def _key_line(key: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(key)}[ \t]*=[ \t]*(.*?)[ \t]*$", re.M)


def _has_key(text: str, table: str, key: str) -> bool:
    try:
        start, end = _table(text, table)
    except JobzoneError:
        return False
    return _key_line(key).search(text, start, end) is not None


def _replace_in(text: str, table: str, key: str, value: str) -> tuple[str, str]:
    """The text with `key = ...` in [table] set to `value`, and the value it had (as written)."""
    start, end = _table(text, table)
    line = _key_line(key).search(text, start, end)
    if line is None:
        raise JobzoneError(f"no {key} in [{table}]")
    return text[: line.start(1)] + value + text[line.end(1) :], line.group(1)


def reviewed_text(
    text: str, *, reviewer: str, reviewed_on: dt.date, assessed_on: dt.date, levels: Mapping[str, int], why: str
) -> tuple[str, ReviewEdit]:
    """The draft's text as the analyst's file: the edits are made line by line, so the rest of the file (its
    comments, its order) stays as it was. `levels`: each market-fed dimension's level as the stored score read it."""
    start, end = _table(text, "draft")
    status = re.compile(r'^status[ \t]*=[ \t]*"draft"[ \t]*$', re.M).search(text, start, end)
    if status is None:
        raise JobzoneError('not a draft: its [draft] table does not say status = "draft"')
    reviewer_line = f"reviewer = {_toml_string(reviewer)}\nreviewed_on = {reviewed_on.isoformat()}"
    text = text[: status.start()] + 'status = "reviewed"\n' + reviewer_line + text[status.end() :]
    top = re.compile(r"^assessed_on[ \t]*=[ \t]*(\S+)[ \t]*$", re.M).search(text, 0, text.index("\n["))
    if top is None:
        raise JobzoneError("no assessed_on before the first table")
    before_date = top.group(1)
    text = text[: top.start(1)] + assessed_on.isoformat() + text[top.end(1) :]
    values = {}
    for dimension, level in sorted(levels.items()):
        text, was = _replace_in(text, "evidence", dimension, str(level))
        values[dimension] = (int(was), level)
        note = f"{level:+d}: the market level {why} (reviewed by {reviewer} on {reviewed_on.isoformat()})"
        if _has_key(text, "evidence.rationale", dimension):  # a rationale is optional
            text, _ = _replace_in(text, "evidence.rationale", dimension, _toml_string(note))
    return text, ReviewEdit((before_date, assessed_on.isoformat()), values)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
