"""Transition paths as the writer stores them: what a set is computed from (a digest of its inputs), a digest of
the set itself, and the set as role_transitions columns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Mapping, Sequence

import orjson

from scoring.batch import ScoredRole
from scoring.transitions import Transition, Work

# The stored fields, in Transition's order; the task-position lists are named "..._tasks" in role_transitions.
FIELDS = tuple(field.name for field in fields(Transition))
_fields = attrgetter(*FIELDS)
TRANSITION_COLUMNS = tuple(f"{name}_tasks" if name in ("keep", "lose", "gain") else name for name in FIELDS)


@dataclass(frozen=True)
class PathsUpdate:
    """A whole-catalogue run's transition paths: the digest of what they are computed from, and the paths (None:
    those inputs are the newest stored set's, so its paths are reused without computing them)."""

    inputs: str
    paths: Sequence[Transition] | None


def paths_inputs_digest(rows: Sequence[ScoredRole], code: str, work: Mapping[str, Work], via: Mapping[str, str]) -> str:
    """A digest of what transition paths are computed from: each role's text (its hash), exact score, pay and the
    role whose work it borrows, and the code that computes them."""
    digest = hashlib.sha256(code.encode())
    for row in sorted(rows, key=lambda r: r.role_id):
        own = work.get(row.role_id)
        pay = None if own is None else own.pay
        line = f"{row.role_id}\0{row.assessment_hash}\0{row.score.aijri!r}\0{pay!r}\0{via.get(row.role_id)}\n"
        digest.update(line.encode())
    return digest.hexdigest()


def paths_digest(paths: Sequence[Transition], texts: dict[str, str]) -> str:
    """A digest of the paths and of the role texts their task positions refer to."""
    stored = [(*_fields(path), texts.get(path.role_id), texts.get(path.target_id)) for path in paths]
    return hashlib.sha256(orjson.dumps(stored)).hexdigest()


def transition_columns(run_id: int, paths: Sequence[Transition]) -> dict[str, list]:
    """The paths as role_transitions columns (a column per field: 30,000 row dicts cost a third of a second)."""
    values = list(zip(*map(_fields, paths))) if paths else [()] * len(TRANSITION_COLUMNS)
    return {"run_id": [run_id] * len(paths), **{name: list(v) for name, v in zip(TRANSITION_COLUMNS, values)}}
