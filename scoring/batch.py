"""Scoring many roles at once and detecting their changes: plain data in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from scoring.aijri import score_role
from scoring.changes import Change, Previous, detect_change
from scoring.evidence_values import EvidenceValue, analyst_evidence
from scoring.roles import LoadedRole


@dataclass(frozen=True)
class ScoredRole:
    """One role's result in one run: what the warehouse stores."""

    role_id: str
    title: str
    assessment_hash: str
    assessment_text: str
    score: dict  # Score.as_dict() plus "override"
    evidence: Sequence[EvidenceValue]
    draft_note: str | None = None  # what a draft is, for pages and alerts; None for a reviewed assessment


def draft_note(role) -> str | None:
    if not role.is_draft:
        return None
    return f"draft, generated from open data on {role.draft.drafted_on}, not yet reviewed by an analyst"


def score_batch(
    loaded: Sequence[LoadedRole], evidence_by_role: Mapping[str, Sequence[EvidenceValue]] | None = None
) -> list[ScoredRole]:
    """Score every role with its run evidence (analyst values where none is given)."""
    out = []
    for item in loaded:
        role = item.role
        evidence = (evidence_by_role or {}).get(role.id) or analyst_evidence(role)
        result = score_role(role, {e.dimension: e.value for e in evidence}).as_dict()
        result["override"] = role.override.model_dump() if role.override else None
        out.append(
            ScoredRole(role.id, role.title, item.content_hash, item.text, result, tuple(evidence), draft_note(role))
        )
    return out


def detect_changes(scored: Sequence[ScoredRole], previous: Mapping[str, Previous]) -> list[Change]:
    changes = []
    for row in scored:
        change = detect_change(
            row.role_id,
            previous.get(row.role_id),
            aijri=row.score["aijri"],
            zone=row.score["zone"],
            label=row.score["label"],
            assessment_text=row.assessment_text,
            evidence={e.dimension: e.value for e in row.evidence},
            evidence_reasons={e.dimension: e.rule for e in row.evidence},
        )
        if change is not None:
            changes.append(change)
    return changes
