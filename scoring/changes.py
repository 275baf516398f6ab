"""What changed for a role between two runs, and why: assessment fields and evidence dimensions."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping, Sequence

from scoring.roles import parse_toml

SCORE_EPSILON = 1e-9
# A drafted task's records beside its values: the release note, its O*NET DWA and task ids.
_RECORD_KEYS = frozenset({"reassessed", "dwas", "onet_task_id"})


@dataclass(frozen=True)
class FieldPath:
    """An assessment field's path, parsed: `tasks['X'].score` is section "tasks", task "X", key "score";
    `barriers.rationale.union` is section "barriers", key "rationale.union"; a task's own path has key ""."""

    section: str
    key: str = ""
    task: str | None = None

    @property
    def is_rationale(self) -> bool:
        """Words that explain a value, not a value: never a reason a score moved."""
        return self.key == "rationale" or self.key.startswith("rationale.") or self.section == "rationale"

    @property
    def is_bookkeeping(self) -> bool:
        """Words or drafting records (a rationale, [draft], a task's `reassessed` note, its O*NET ids), not a value:
        `jobzone diff` folds these edits."""
        return self.is_rationale or self.section == "draft" or (self.task is not None and self.key in _RECORD_KEYS)


def parse_field(path: str) -> FieldPath:
    """The inverse of the paths flatten_assessment writes (and the causes stored since the first run)."""
    if path.startswith("tasks[") and "]" in path:
        literal, _, rest = path[len("tasks[") :].rpartition("]")
        try:
            name = ast.literal_eval(literal)
        except (ValueError, SyntaxError):
            name = literal
        return FieldPath("tasks", rest.removeprefix("."), str(name))
    section, _, key = path.partition(".")
    return FieldPath(section, key)


# Why a role's result changed, one record per kind, stored as JSON with the change (`cause_json`, "v": 1) and
# read back by `cause_of` (a cause stored before the version is version 1's shape).
CAUSE_VERSION = 1


class CauseCodecError(ValueError):
    """A stored cause this code cannot read (another version or kind)."""


@dataclass(frozen=True)
class NewRole:
    """The role had no score before."""

    kind: ClassVar[str] = "new"


@dataclass(frozen=True, kw_only=True)
class AssessmentEdit:
    """An assessment field whose value differs between the two scored texts."""

    kind: ClassVar[str] = "assessment"
    field: str  # its path as flatten_assessment writes it, e.g. "tasks['X'].score"
    before: Any
    after: Any

    @property
    def path(self) -> FieldPath:
        return parse_field(self.field)


@dataclass(frozen=True, kw_only=True)
class EvidenceMove:
    """An evidence dimension whose value moved (the market, AI capability or the analyst's file)."""

    kind: ClassVar[str] = "evidence"
    dimension: str
    before: int | None
    after: int
    why: str = ""


@dataclass(frozen=True, kw_only=True)
class Recomputed:
    """Nothing the score rests on changed; the scoring code did."""

    kind: ClassVar[str] = "recomputed"
    why: str


Cause = NewRole | AssessmentEdit | EvidenceMove | Recomputed
_KINDS: dict[str, type[Cause]] = {kind.kind: kind for kind in (NewRole, AssessmentEdit, EvidenceMove, Recomputed)}


def cause_json(cause: Cause) -> dict[str, Any]:
    fields = {name: getattr(cause, name) for name in cause.__dataclass_fields__ if name != "kind"}
    return {"v": CAUSE_VERSION, "kind": cause.kind, **fields}


def cause_of(data: Mapping[str, Any]) -> Cause:
    fields = dict(data)
    version, kind = fields.pop("v", 1), fields.pop("kind", None)
    if version != CAUSE_VERSION:
        raise CauseCodecError(f"a cause of codec version {version!r}; this jobzone reads {CAUSE_VERSION}")
    record = _KINDS.get(str(kind))
    if record is None:
        raise CauseCodecError(f"a cause of kind {kind!r}; this jobzone reads {', '.join(_KINDS)}")
    if record is NewRole:
        return NewRole()  # stored before the codec with field "role"
    if record is Recomputed:
        fields.pop("field", None)  # "formula", stored before the codec
    try:
        return record(**fields)
    except TypeError as exc:
        raise CauseCodecError(f"a {kind} cause with other fields: {exc}") from None


@dataclass(frozen=True, kw_only=True)
class Previous:
    """A role's state in the last good run that scored it."""

    run_id: int
    aijri: float
    zone: str
    label: str
    assessment_hash: str
    assessment_text: str | None  # fetched only when the role's file changed since (hashes differ)
    evidence: Mapping[str, int]


@dataclass(frozen=True, kw_only=True)
class Change:
    role_id: str
    prev_run_id: int | None
    before_aijri: float | None
    after_aijri: float
    before_zone: str | None
    after_zone: str
    before_label: str | None
    after_label: str
    causes: list[Cause] = field(default_factory=list)


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else key, out)
    elif prefix == "tasks" and isinstance(value, list):
        for task in value:
            name = task.get("name", "?")
            _flatten({k: v for k, v in task.items() if k != "name"}, f"tasks[{name!r}]", out)
            out[f"tasks[{name!r}]"] = "present"
    else:
        out[prefix] = value


def flatten_assessment(text: str) -> dict[str, Any]:
    """Field path -> value, with tasks keyed by name so reordering is not a change."""
    out: dict[str, Any] = {}
    _flatten(parse_toml(text), "", out)
    return out


def assessment_causes(old_text: str, new_text: str) -> list[Cause]:
    if old_text == new_text:
        return []
    old, new = flatten_assessment(old_text), flatten_assessment(new_text)
    causes: list[Cause] = []
    for path in sorted(old.keys() | new.keys()):
        before, after = old.get(path), new.get(path)
        if before != after:
            causes.append(AssessmentEdit(field=path, before=_plain(before), after=_plain(after)))
    return causes


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def evidence_causes(old: Mapping[str, int], new: Mapping[str, int], reasons: Mapping[str, str]) -> list[Cause]:
    return [
        EvidenceMove(dimension=name, before=old.get(name), after=new[name], why=reasons.get(name, ""))
        for name in new
        if old.get(name) != new[name]
    ]


def detect_change(
    role_id: str,
    previous: Previous | None,
    *,
    aijri: float,
    zone: str,
    label: str,
    assessment_hash: str,
    assessment_text: str,
    evidence: Mapping[str, int],
    evidence_reasons: Mapping[str, str] | None = None,
) -> Change | None:
    """A Change when the role is new or its score, zone, label, assessment or evidence moved; else None."""
    if previous is None:
        return Change(
            role_id=role_id,
            prev_run_id=None,
            before_aijri=None,
            after_aijri=aijri,
            before_zone=None,
            after_zone=zone,
            before_label=None,
            after_label=label,
            causes=[NewRole()],
        )
    causes: list[Cause] = []
    if previous.assessment_hash != assessment_hash:  # the file changed: name the fields that did
        causes = assessment_causes(previous.assessment_text or "", assessment_text)
    # Evidence the analyst edited in the file is already named by the assessment diff.
    edited = {c.path.key for c in causes if isinstance(c, AssessmentEdit) and c.path.section == "evidence"}
    causes += [
        c
        for c in evidence_causes(previous.evidence, evidence, evidence_reasons or {})
        if isinstance(c, EvidenceMove) and c.dimension not in edited
    ]
    moved = abs(aijri - previous.aijri) > SCORE_EPSILON or zone != previous.zone or label != previous.label
    if not causes and not moved:
        return None
    if moved and not causes:
        causes = [Recomputed(why="no input changed; the scoring code differs")]
    return Change(
        role_id=role_id,
        prev_run_id=previous.run_id,
        before_aijri=previous.aijri,
        after_aijri=aijri,
        before_zone=previous.zone,
        after_zone=zone,
        before_label=previous.label,
        after_label=label,
        causes=causes,
    )


def _short(value: Any, width: int = 60) -> str:
    text = "(none)" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def describe_cause(cause: Cause) -> str:
    """A cause in the operator's words, for `jobzone diff` (field paths kept: the analyst edits by them)."""
    if isinstance(cause, NewRole):
        return "first time this role was scored"
    if isinstance(cause, AssessmentEdit):
        return f"assessment edited: {cause.field} {_short(cause.before)} → {_short(cause.after)}"
    if isinstance(cause, EvidenceMove):
        why = f" ({cause.why})" if cause.why else ""
        return f"evidence {cause.dimension} {cause.before} → {cause.after}{why}"
    return cause.why


def diff_lines(causes: Sequence[Cause]) -> list[str]:
    """A change's causes for `jobzone diff`: the edits and evidence moves that move a score first, then the rest;
    rationale and drafting bookkeeping edits folded into one closing line."""
    folded = [c for c in causes if isinstance(c, AssessmentEdit) and c.path.is_bookkeeping]
    shown = sorted(
        (c for c in causes if c not in folded), key=lambda c: not isinstance(c, (AssessmentEdit, EvidenceMove))
    )  # stable: the value edits and evidence moves first, in their order
    lines = [describe_cause(c) for c in shown]
    if folded:
        fields = sorted({c.field.rsplit(".", 1)[-1] for c in folded})
        lines.append(f"(+ {len(folded)} wording / bookkeeping edit(s): {', '.join(fields)})")
    return lines
