"""An evidence dimension's value for one run, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.model import EVIDENCE_DIMENSIONS, Role


@dataclass(frozen=True)
class EvidenceValue:
    dimension: str
    value: int
    analyst_value: int
    status: str  # analyst | fresh | stale | pinned | insufficient
    rule: str
    inputs: dict = field(default_factory=dict)


def analyst_evidence(role: Role) -> list[EvidenceValue]:
    """Every dimension as the analyst entered it (no market signal applied)."""
    values = role.evidence_values()
    return [
        EvidenceValue(
            dimension=name,
            value=values[name],
            analyst_value=values[name],
            status="analyst",
            rule="analyst judgement from the role file",
        )
        for name in EVIDENCE_DIMENSIONS
    ]
