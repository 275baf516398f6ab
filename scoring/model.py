"""The role assessment schema: exact field names, ranges and types analysts write in roles/<id>.toml."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
EvidenceValue = Annotated[StrictInt, Field(ge=-2, le=2)]
BarrierValue = Annotated[StrictInt, Field(ge=0, le=2)]
ProtectiveValue = Annotated[StrictInt, Field(ge=0, le=3)]

EVIDENCE_DIMENSIONS = ("job_posting_trends", "company_actions", "wage_trends", "ai_tool_maturity", "expert_consensus")
BARRIER_DIMENSIONS = ("regulatory", "physical", "union", "liability", "cultural")
PROTECTIVE_DIMENSIONS = ("embodied_physicality", "interpersonal_connection", "moral_judgment")
IMPACTS = ("displacement", "augmentation", "not_involved")
ZONES = ("Red", "Yellow", "Green")


class Strict(BaseModel):
    """Unknown fields are typos: reject them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Task(Strict):
    name: Text
    time_pct: Annotated[float, Field(gt=0, le=100, strict=False)]
    score: Annotated[StrictInt, Field(ge=1, le=5)]
    impact: Literal["displacement", "augmentation", "not_involved"]
    rationale: str = ""


class EvidenceRationale(Strict):
    job_posting_trends: str = ""
    company_actions: str = ""
    wage_trends: str = ""
    ai_tool_maturity: str = ""
    expert_consensus: str = ""


class Evidence(Strict):
    job_posting_trends: EvidenceValue
    company_actions: EvidenceValue
    wage_trends: EvidenceValue
    ai_tool_maturity: EvidenceValue
    expert_consensus: EvidenceValue
    rationale: EvidenceRationale = EvidenceRationale()


class BarrierRationale(Strict):
    regulatory: str = ""
    physical: str = ""
    union: str = ""
    liability: str = ""
    cultural: str = ""


class Barriers(Strict):
    regulatory: BarrierValue
    physical: BarrierValue
    union: BarrierValue
    liability: BarrierValue
    cultural: BarrierValue
    rationale: BarrierRationale = BarrierRationale()


class ProtectiveRationale(Strict):
    embodied_physicality: str = ""
    interpersonal_connection: str = ""
    moral_judgment: str = ""


class Protective(Strict):
    embodied_physicality: ProtectiveValue
    interpersonal_connection: ProtectiveValue
    moral_judgment: ProtectiveValue
    rationale: ProtectiveRationale = ProtectiveRationale()


class Override(Strict):
    zone: Literal["Red", "Yellow", "Green"]
    label: Text
    reason: Text


class Context(Strict):
    """Free text from the published assessment, shown on role pages; not used by the formula."""

    primary_function: str = ""
    not_this_role: str = ""
    typical_experience: str = ""
    seniority_note: str = ""
    reinstatement_check: str = ""
    commentary: str = ""


class Role(Strict):
    id: Slug
    title: Text
    seniority: Text
    aliases: list[Text] = []
    category: Text
    summary: Text
    assessed_on: dt.date
    ai_growth: EvidenceValue
    ai_growth_rationale: str = ""
    tasks: Annotated[list[Task], Field(min_length=1)]
    evidence: Evidence
    barriers: Barriers
    protective: Protective
    context: Context = Context()
    signals: "Signals | None" = None
    override: Override | None = None

    def evidence_values(self) -> dict[str, int]:
        return {name: getattr(self.evidence, name) for name in EVIDENCE_DIMENSIONS}

    def barrier_values(self) -> dict[str, int]:
        return {name: getattr(self.barriers, name) for name in BARRIER_DIMENSIONS}

    def protective_values(self) -> dict[str, int]:
        return {name: getattr(self.protective, name) for name in PROTECTIVE_DIMENSIONS}


from scoring.signals import Signals  # noqa: E402  (signals builds on the Strict base above)

Role.model_rebuild()
