"""The role assessment schema: exact field names, ranges and types analysts write in roles/<id>.toml."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StringConstraints, create_model

from scoring.dimensions import dimension_names
from scoring.signals import DimensionSignals, check_dimension_names

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
EvidenceValue = Annotated[StrictInt, Field(ge=-2, le=2)]
BarrierValue = Annotated[StrictInt, Field(ge=0, le=2)]
ProtectiveValue = Annotated[StrictInt, Field(ge=0, le=3)]

EVIDENCE_DIMENSIONS = dimension_names()
BARRIER_DIMENSIONS = ("regulatory", "physical", "union", "liability", "cultural")
PROTECTIVE_DIMENSIONS = ("embodied_physicality", "interpersonal_connection", "moral_judgment")
IMPACTS = ("displacement", "augmentation", "not_involved")


class Strict(BaseModel):
    """Unknown fields are typos: reject them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Task(Strict):
    name: Text
    # Strict: a boolean or a string is not a share of time (TOML `true` would otherwise read as 1%).
    time_pct: Annotated[float, Field(gt=0, le=100, strict=True, allow_inf_nan=False)]
    score: Annotated[StrictInt, Field(ge=1, le=5)]
    impact: Literal["displacement", "augmentation", "not_involved"]
    rationale: str = ""


EvidenceRationale = create_model(
    "EvidenceRationale", __base__=Strict, **{name: (str, "") for name in EVIDENCE_DIMENSIONS}
)
Evidence = create_model(
    "Evidence",
    __base__=Strict,
    rationale=(EvidenceRationale, EvidenceRationale()),
    **{name: (EvidenceValue, ...) for name in EVIDENCE_DIMENSIONS},
)


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
    assessed_on: Annotated[dt.date, Field(strict=True)]  # a TOML date, not a string that looks like one
    ai_growth: EvidenceValue
    ai_growth_rationale: str = ""
    tasks: Annotated[list[Task], Field(min_length=1)]
    evidence: Evidence
    barriers: Barriers
    protective: Protective
    context: Context = Context()
    signals: Annotated[dict[str, DimensionSignals], AfterValidator(check_dimension_names)] | None = None
    override: Override | None = None

    def evidence_values(self) -> dict[str, int]:
        return {name: getattr(self.evidence, name) for name in EVIDENCE_DIMENSIONS}

    def barrier_values(self) -> dict[str, int]:
        return {name: getattr(self.barriers, name) for name in BARRIER_DIMENSIONS}

    def protective_values(self) -> dict[str, int]:
        return {name: getattr(self.protective, name) for name in PROTECTIVE_DIMENSIONS}
