"""Scoring many roles at once and detecting their changes: plain data in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from scoring.aijri import Score
from scoring.changes import Change, Previous, detect_change
from scoring.confidence import Band, score_band
from scoring.evidence_rules import DEFAULT_RULES, EvidenceRules
from scoring.evidence_values import EvidenceValue, analyst_evidence
from scoring.model import Role
from scoring.uncertainty import market_band
from scoring.view import RoleView


@dataclass(frozen=True, kw_only=True)
class ScoredRole:
    """One role's result in one run: what the warehouse stores."""

    role_id: str
    title: str
    assessment_hash: str
    view: RoleView
    score: Score
    evidence: Sequence[EvidenceValue]
    market_band: float = 0.0  # ± points the market readings' sampling error allows (scoring/uncertainty.py)
    confidence_band: Band | None = None  # the score's 80% band from everything it rests on (scoring/confidence.py)

    @property
    def override(self) -> Mapping | None:
        """The assessor's zone / label override, stored with the score."""
        return self.view.override

    @property
    def draft_note(self) -> str | None:
        """What a draft is, for pages and alerts; None for a reviewed assessment."""
        return self.view.draft_note

    @property
    def assessment_text(self) -> str:
        """The scored file's text, read again (hash checked) only where a run needs it."""
        return self.view.text()


def draft_note(role: Role) -> str | None:
    if not role.is_draft or role.draft is None:
        return None
    return f"draft, generated from open data on {role.draft.drafted_on}, not yet reviewed by an analyst"


def score_batch(
    views: Sequence[RoleView],
    evidence_by_role: Mapping[str, Sequence[EvidenceValue]] | None = None,
    rules: EvidenceRules = DEFAULT_RULES,
) -> list[ScoredRole]:
    """Score every role with its run evidence (analyst values where none is given), with its market band."""
    out = []
    for view in views:
        evidence = (evidence_by_role or {}).get(view.id) or analyst_evidence(view)
        values = {e.dimension: e.value for e in evidence}
        result = view.score(values)
        out.append(
            ScoredRole(
                role_id=view.id,
                title=view.title,
                assessment_hash=view.content_hash,
                view=view,
                score=result,
                evidence=tuple(evidence),
                market_band=market_band(result, evidence, rules),
                confidence_band=score_band(view.inputs.with_evidence(values), evidence, view.doubts, rules, result),
            )
        )
    return out


def detect_changes(scored: Sequence[ScoredRole], previous: Mapping[str, Previous]) -> list[Change]:
    changes = []
    for row in scored:
        before = previous.get(row.role_id)
        edited = before is not None and before.assessment_hash != row.assessment_hash
        change = detect_change(
            row.role_id,
            before,
            aijri=row.score.aijri,
            zone=row.score.zone,
            label=row.score.label,
            assessment_hash=row.assessment_hash,
            assessment_text=row.assessment_text if edited else "",  # the file is read again only if it changed
            evidence={e.dimension: e.value for e in row.evidence},
            evidence_reasons={e.dimension: e.rule for e in row.evidence},
        )
        if change is not None:
            changes.append(change)
    return changes
