"""What changed for a role between two runs, and why: assessment fields and evidence dimensions."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, Required, TypedDict

from scoring.roles import parse_toml

SCORE_EPSILON = 1e-9


class Cause(TypedDict, total=False):
    """Why a role's result changed: a new role, an edited assessment field, an evidence dimension that moved,
    or a recomputation. A TypedDict: stored as JSON with the change and read back in the same shape."""

    kind: Required[Literal["new", "assessment", "evidence", "recomputed"]]
    field: str  # assessment: the field's path, e.g. "tasks['X'].score"
    dimension: str  # evidence: the dimension's name
    before: Any
    after: Any
    why: str


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
            causes.append({"kind": "assessment", "field": path, "before": _plain(before), "after": _plain(after)})
    return causes


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def evidence_causes(old: Mapping[str, int], new: Mapping[str, int], reasons: Mapping[str, str]) -> list[Cause]:
    return [
        {
            "kind": "evidence",
            "dimension": name,
            "before": old.get(name),
            "after": new[name],
            "why": reasons.get(name, ""),
        }
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
            causes=[{"kind": "new", "field": "role"}],
        )
    causes: list[Cause] = []
    if previous.assessment_hash != assessment_hash:  # the file changed: name the fields that did
        causes = assessment_causes(previous.assessment_text or "", assessment_text)
    # Evidence the analyst edited in the file is already named by the assessment diff.
    edited = {path.key for c in causes if (path := parse_field(c["field"])).section == "evidence"}
    causes += [
        c for c in evidence_causes(previous.evidence, evidence, evidence_reasons or {}) if c["dimension"] not in edited
    ]
    moved = abs(aijri - previous.aijri) > SCORE_EPSILON or zone != previous.zone or label != previous.label
    if not causes and not moved:
        return None
    if moved and not causes:
        causes = [{"kind": "recomputed", "field": "formula", "why": "no input changed; the scoring code differs"}]
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
    """A cause in plain words, for tables, alerts and pages."""
    kind = cause.get("kind")
    if kind == "new":
        return "first time this role was scored"
    if kind == "assessment":
        return f"assessment edited: {cause['field']} {_short(cause['before'])} → {_short(cause['after'])}"
    if kind == "evidence":
        why = f" ({cause['why']})" if cause.get("why") else ""
        return f"evidence {cause['dimension']} {cause['before']} → {cause['after']}{why}"
    return cause.get("why") or str(kind)
