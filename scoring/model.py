"""The role assessment schema: exact field names, ranges and types analysts write in roles/<id>.toml."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    create_model,
)

from scoring.capability import Family
from scoring.dimensions import LEVEL_MAX, dimension_names, evidence_defaults
from scoring.signals import DimensionSignals, check_dimension_names

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A name printed on one line (terminal, mail subject, page title): no control characters (NUL, CR, LF, ...), no
# line or paragraph separators (U+2028, U+2029), no invisible zero-width characters and no bidirectional overrides,
# which would hide, split or reorder what an operator or reader sees; and a name's length (the catalogue's longest
# title has 105 characters). Role titles and aliases, release names: one policy.
NAME_MAX = 200
OneLine = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=NAME_MAX,
        pattern=r"^[^\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+$",
    ),
]
BARRIER_LEVEL_MAX, PROTECTIVE_LEVEL_MAX = 2, 3
EvidenceLevel = Annotated[StrictInt, Field(ge=-LEVEL_MAX, le=LEVEL_MAX)]
BarrierValue = Annotated[StrictInt, Field(ge=0, le=BARRIER_LEVEL_MAX)]
ProtectiveValue = Annotated[StrictInt, Field(ge=0, le=PROTECTIVE_LEVEL_MAX)]

EVIDENCE_DIMENSIONS = dimension_names()
BARRIER_DIMENSIONS = ("regulatory", "physical", "union", "liability", "cultural")
PROTECTIVE_DIMENSIONS = ("embodied_physicality", "interpersonal_connection", "moral_judgment")
IMPACTS = ("displacement", "augmentation", "not_involved")
BARRIER_MAX = BARRIER_LEVEL_MAX * len(BARRIER_DIMENSIONS)
PROTECTIVE_MAX = PROTECTIVE_LEVEL_MAX * len(PROTECTIVE_DIMENSIONS)


def follow_name(title: str, seniority: str) -> str:
    """How a role is named to a subscriber (confirmation mail and pages, from the CLI or the web alike)."""
    return f"{title} ({seniority})"


class Strict(BaseModel):
    """Unknown fields are typos: reject them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


DwaId = Annotated[str, StringConstraints(pattern=r"^4\.A\.[0-9a-z.]+\.I\d+\.D\d+$")]


class Task(Strict):
    name: Text
    # Strict: a boolean or a string is not a share of time (TOML `true` would otherwise read as 1%).
    time_pct: Annotated[float, Field(gt=0, le=100, strict=True, allow_inf_nan=False)]
    score: Annotated[StrictInt, Field(ge=1, le=5)]
    impact: Literal["displacement", "augmentation", "not_involved"]
    rationale: str = ""
    # Drafted roles name each task's source and labels (catalogue/): what releases and pages select on.
    onet_task_id: StrictInt | None = None
    exposure: Literal["E0", "E1", "E2"] | None = None
    automation: Literal["T0", "T1", "T2", "T3", "T4"] | None = None
    reassessed: str = ""  # the release (and its effect's rationale) that last moved this task's score
    # O*NET detailed work activities the task is linked to: the work two roles share (transition paths).
    dwas: list[DwaId] = []
    # The AI capability families the task is exposed to, as the analyst states them (hand-written tasks name no
    # work activities); overrides what its DWAs imply. [] says it is exposed to none.
    capability: list[Family] | None = None


def _scored_table(
    name: str, dimensions: tuple[str, ...], value_type: Any, defaults: dict[str, int] | None = None
) -> type[Strict]:
    """A table of integer scores, one per dimension (required unless it has a default), with an optional
    `rationale` sub-table of the same keys."""
    texts: dict[str, Any] = {d: (str, "") for d in dimensions}
    rationale = create_model(f"{name}Rationale", __base__=Strict, **texts)
    scores: dict[str, Any] = {d: (value_type, (defaults or {}).get(d, ...)) for d in dimensions}
    return create_model(name, __base__=Strict, rationale=(rationale, rationale()), **scores)


if TYPE_CHECKING:  # the tables are built from the registries at run time; a type checker sees their base
    Evidence = Strict
    Barriers = Strict
    Protective = Strict
else:
    Evidence = _scored_table("Evidence", EVIDENCE_DIMENSIONS, EvidenceLevel, evidence_defaults())
    Barriers = _scored_table("Barriers", BARRIER_DIMENSIONS, BarrierValue)
    Protective = _scored_table("Protective", PROTECTIVE_DIMENSIONS, ProtectiveValue)


Share = Annotated[float, Field(ge=0, le=1, strict=True, allow_inf_nan=False)]


class CodeLink(Strict):
    """One code a role maps to in another classification, with its weight (a list's weights sum to 1) and, for a
    UK SOC 2020 group, the ISCO-08 code it came through and the link's quality (the share of the group's ONS
    coding-index entries that carry that ISCO code)."""

    code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    title: OneLine
    weight: Share
    via: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] | None = None
    quality: Share | None = None


def _weights_sum_to_one(links: list[CodeLink]) -> list[CodeLink]:
    total = sum(link.weight for link in links)
    if links and abs(total - 1) > 0.01:
        raise ValueError(f"weights sum to {total:.3f}, expected 1 (± 0.01)")
    return links


Links = Annotated[list[CodeLink], AfterValidator(_weights_sum_to_one)]


class Codes(Strict):
    """The role's codes in the international (ISCO-08) and UK (SOC 2020) classifications: the spine country views
    read other countries' data through (drafts derive them from the crosswalks, catalogue/spine.py)."""

    source: Text
    isco08: Links = []
    uk_soc2020: Links = []
    uk_soc2020_reach: Share | None = None  # the share of the ISCO-08 weight that found a UK group


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
    # What this means for a worker, in the analyst's words (pages show these instead of the generated outlook).
    outlook: str = ""  # the role in a few years
    strategy: list[str] = []  # steps, in order
    look_next: list[str] = []  # roles to look at next, each with why
    timeline: str = ""
    # What open data says about entry to the occupation (drafts fill them; an analyst may).
    job_zone: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    entry_education: str = ""
    entry_training: str = ""
    key_skills: list[OneLine] = []  # the skills O*NET rates most important for it, most important first


class Draft(Strict):
    """A role drafted from open data: 'draft' until an analyst reviews it (then `jobzone draft` leaves it alone)."""

    status: Literal["draft", "reviewed"]
    generator: Text
    drafted_on: Annotated[dt.date, Field(strict=True)]
    activity_shares: dict[str, float] = {}
    datasets: dict[str, str] = {}
    releases: list[str] = []  # the releases (releases/<id>.toml) that moved this draft, in order
    # The date the task scores reflect AI as it was: the labels', the observed use's, or an applied release's
    # (AI capability is measured from there, so no capability rise is counted twice).
    task_scores_as_of: Annotated[dt.date, Field(strict=True)] | None = None
    in_person: StrictBool = (
        False  # the occupation's work is done in person, close to people (insensitive to AI capability)
    )
    reviewer: OneLine | None = None  # who reviewed it (`jobzone review`), and when
    reviewed_on: Annotated[dt.date, Field(strict=True)] | None = None


class Role(Strict):
    id: Slug
    title: OneLine
    seniority: OneLine
    aliases: list[OneLine] = []
    category: OneLine
    summary: Text
    assessed_on: Annotated[dt.date, Field(strict=True)]  # a TOML date, not a string that looks like one
    ai_growth: EvidenceLevel
    ai_growth_rationale: str = ""
    tasks: Annotated[list[Task], Field(min_length=1)]
    evidence: Evidence
    barriers: Barriers
    protective: Protective
    context: Context = Context()
    soc: Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{4}$")] | None = None
    onet_soc: Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{4}\.\d{2}$")] | None = None
    codes: Codes | None = None
    signals: Annotated[dict[str, DimensionSignals], AfterValidator(check_dimension_names)] | None = None
    override: Override | None = None
    draft: Draft | None = None

    @property
    def is_draft(self) -> bool:
        return self.draft is not None and self.draft.status == "draft"

    def evidence_values(self) -> dict[str, int]:
        return {name: getattr(self.evidence, name) for name in EVIDENCE_DIMENSIONS}

    def barrier_values(self) -> dict[str, int]:
        return {name: getattr(self.barriers, name) for name in BARRIER_DIMENSIONS}

    def protective_values(self) -> dict[str, int]:
        return {name: getattr(self.protective, name) for name in PROTECTIVE_DIMENSIONS}
