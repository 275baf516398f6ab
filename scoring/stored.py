"""A role's score as a run stored it, read back as a record: what `jobzone explain`, role pages and alert previews
render (warehouse.queries.explanation builds it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from scoring.aijri import SCALAR_OUTPUTS, Score
from scoring.confidence import Band
from scoring.evidence_inputs import inputs_json
from scoring.evidence_values import EvidenceValue

# A score's parts stored beside its scalar columns, as JSON (role_scores.details), with the assessor's override.
DETAILS = ("modifiers", "split", "composition", "waterfall", "unclamped")


def details_json(score: Score, override: Mapping[str, Any] | None) -> dict[str, Any]:
    return {**{key: getattr(score, key) for key in DETAILS}, "override": override}


def stored_score(scalars: Mapping[str, Any], details: Mapping[str, Any]) -> Score:
    """The Score a run stored: its scalar columns and its details (keys stored before migration 12, the bands,
    are columns now and left out)."""
    return Score(**{key: scalars[key] for key in SCALAR_OUTPUTS}, **{key: details[key] for key in DETAILS})


@dataclass(frozen=True, kw_only=True)
class Explanation:
    """A role's score in one run, with every evidence dimension it rests on."""

    role_id: str
    title: str
    run_id: int
    as_of: dt.date
    kind: str
    reason: str | None
    assessment_hash: str
    assessment_text: str  # the role file's text that was scored
    score: Score
    override: Mapping[str, Any] | None  # the assessor's zone / label override
    confidence_band: Band | None  # 80%: scoring/confidence.py
    evidence: tuple[EvidenceValue, ...]  # by dimension
    country: str = "US"  # the view the run scored: the market evidence is that country's

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `jobzone explain --json`: the scalars at the top, the rest of the score as details,
        evidence inputs in their stored (versioned) form."""
        return {
            "role_id": self.role_id,
            "title": self.title,
            **{key: getattr(self.score, key) for key in SCALAR_OUTPUTS},
            "details": details_json(self.score, self.override),
            "run_id": self.run_id,
            "as_of": self.as_of,
            "kind": self.kind,
            "reason": self.reason,
            "country": self.country,
            "assessment_hash": self.assessment_hash,
            "assessment_text": self.assessment_text,
            "confidence_band": self.confidence_band.as_dict() if self.confidence_band else None,
            "evidence": [{**_fields(e), "inputs": inputs_json(e.inputs)} for e in self.evidence],
        }


def _fields(value: EvidenceValue) -> dict[str, Any]:
    return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
