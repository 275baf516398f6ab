"""An evidence dimension's value for one run, with where it came from, and the records it is made of."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol, TypedDict

from scoring.model import EVIDENCE_DIMENSIONS


class Assessed(Protocol):
    """What evidence mapping reads of a role: a validated Role or the slim RoleView a run keeps."""

    @property
    def assessed_on(self) -> dt.date: ...

    def evidence_values(self) -> dict[str, int]: ...


class Reading(TypedDict, total=False):
    """One series at one date: its year-on-year change, or why it was left out (ok False, note). A TypedDict,
    not a dataclass: it is stored as JSON with the evidence row and read back in the same shape."""

    ok: bool
    note: str
    period: dt.date
    value: float
    prev_period: dt.date
    prev_value: float
    weight: float
    nominal_pct: float
    sample: float
    change: float
    inflation_pct: float
    skipped: list[str]
    basis: str  # real | relative | absolute: what `change` measures
    basis_note: str
    benchmark_pct: float  # the aggregate's change over the same periods (relative basis)
    se: float  # standard error of `change` (sampling error, or the series' own wobble), same unit
    se_basis: str


@dataclass(frozen=True, kw_only=True)
class EvidenceValue:
    dimension: str
    value: int
    analyst_value: int
    status: str  # analyst | fresh | stale | pinned | insufficient
    rule: str
    inputs: dict = field(default_factory=dict)


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
