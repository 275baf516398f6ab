"""An evidence dimension's value for one run, with where it came from, and the records it is made of."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from scoring.evidence_inputs import EvidenceInputs
from scoring.model import EVIDENCE_DIMENSIONS


class Assessed(Protocol):
    """What evidence mapping reads of a role: a validated Role or the slim RoleView a run keeps."""

    @property
    def assessed_on(self) -> dt.date: ...

    def evidence_values(self) -> dict[str, int]: ...


@dataclass(frozen=True, kw_only=True)
class EvidenceValue:
    dimension: str
    value: int
    analyst_value: int
    status: str  # analyst | fresh | stale | pinned | insufficient
    rule: str
    inputs: EvidenceInputs | None = None  # what it read (None: the analyst's or a pinned value read nothing)


def pinned_evidence(dimension: str, analyst: int) -> EvidenceValue:
    """A dimension the analyst pinned: their value, whatever its signals say."""
    return EvidenceValue(
        dimension=dimension,
        value=analyst,
        analyst_value=analyst,
        status="pinned",
        rule=f"pinned at the analyst's {analyst:+d}",
    )


def analyst_evidence(role: Assessed) -> list[EvidenceValue]:
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
