"""A change as jobzone publishes it: one versioned schema for the JSON API, `jobzone diff --json` and webhook
payloads (docs/api.md). Internal records (scoring.changes.Change, the stored causes) may change shape; this may
not without a new version."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CHANGE_VERSION = 1
SCORE_DECIMALS = 1  # the published precision: a score is never 46.20000000000001


def published_score(value: float) -> float:
    return round(float(value), SCORE_DECIMALS)


class ScoreState(BaseModel):
    """A role's result at one side of a change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    aijri: float = Field(description="0-100, one decimal")
    zone: Literal["Red", "Yellow", "Green"]
    label: str = Field(description='The zone with its sub-label, e.g. "Yellow (Urgent)"')

    @classmethod
    def of(cls, aijri: float, zone: str, label: str) -> "ScoreState":
        return cls.model_validate({"aijri": published_score(aijri), "zone": zone, "label": label})


class ChangeRecord(BaseModel):
    """A role whose score, zone or label moved (or that was scored for the first time: `before` is null)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = Field(1, description="The change schema's version (CHANGE_VERSION)")
    role_id: str
    title: str
    run_id: int | None = Field(description="The run that recorded the change (null: not tied to one run)")
    as_of: dt.date | None = Field(description="The date the run scored the market as of")
    reason: str | None = Field(description="Why the run happened (a release, an analyst's edit); null for nightly")
    before: ScoreState | None
    after: ScoreState
    causes: list[str] = Field(description="Why it moved, in plain sentences (never field paths)")
    url: str | None = Field(None, description="The role's page")
    draft: str | None = Field(None, description="Set when the role is a draft nobody has reviewed: what that means")
    category_followed: str | None = Field(
        None, description="Webhooks: the followed category that brought this role to the subscriber"
    )
