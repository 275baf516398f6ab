"""The public API's response models: the contract /openapi.json publishes. Built from what the pages read
(web/data.py) but separate from it, so reshaping a page never changes the API; a change to these is a new
API version (API_VERSION, docs/api.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field

from scoring.change_schema import ChangeRecord, ScoreState, published_score
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from warehouse.listing import LastChange, ListedRole
from web.listing import Found

API_VERSION = "1.0"
Zone = Literal["Red", "Yellow", "Green"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Links(Model):
    page: str = Field(description="The role's page")
    json_url: str = Field(alias="json", description="This role in the API")
    history: str
    feed: str = Field(description="An Atom feed of the role's moves")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True)


class RoleSummary(Model):
    id: str
    title: str
    seniority: str
    category: str
    draft: bool = Field(description="Drafted from open data and not yet reviewed by an analyst")
    aijri: float = Field(description="The AI job-resistance score, 0-100, one decimal")
    zone: Zone
    label: str
    previous_aijri: float | None = Field(description="The score before its last move (null: it never moved)")
    last_changed_on: dt.date | None
    links: Links


class RolesPage(Model):
    page: int
    pages: int
    per_page: int
    total: int = Field(description="Roles matching the filters")
    roles: list[RoleSummary]
    next: str | None = Field(description="The next page's URL (null on the last page)")


class SearchHit(RoleSummary):
    matched: str = Field(description="The title, alias or common name the query matched")


class SearchResults(Model):
    query: str
    hits: list[SearchHit]


class ConfidenceBand(Model):
    low: float
    high: float
    could_be: Zone | None = Field(description="Another zone the 80% band reaches into")


class Task(Model):
    name: str
    time_pct: float = Field(description="Share of the role's time, percent")
    score: int = Field(description="Automation, 1 (human) to 5 (fully automatable)")
    impact: Literal["displacement", "augmentation", "not_involved"]


class Evidence(Model):
    dimension: str
    name: str
    value: int = Field(ge=-2, le=2)
    analyst_value: int = Field(ge=-2, le=2)
    status: str
    status_words: str
    plain: str = Field(description="What the data say and what that does to the value, in one or two sentences")
    readings: list[str] = Field(description="The data the value follows, in words")
    sources: list[str] = Field(description="Credit lines, as each source's licence asks")


class Sentence(Model):
    text: str = Field(description="A plain sentence made from the role's numbers")
    figures: list[str] = Field(description="The figures it states, each shown on the role's page")


class HistoryPoint(Model):
    run_id: int
    as_of: dt.date
    aijri: float
    zone: Zone
    label: str
    reason: str | None


class RoleDetail(RoleSummary):
    country: str = Field(description="The view: US, or the country whose market evidence the score reads")
    aliases: list[str]
    confidence_band: ConfidenceBand | None = Field(description="80% band: how sure the score is (/methodology)")
    task_resistance: float
    evidence_total: int
    barrier_total: int
    tasks: list[Task]
    evidence: list[Evidence]
    history: list[HistoryPoint]
    changes: list[ChangeRecord] = Field(description="Recent moves, newest first, in the change schema")
    verdict: list[Sentence] = Field(
        description="What the score means: the label's reading, the share of work AI does or helps with, the trend"
    )
    who_should_worry: list[Sentence] = Field(
        description="The work that pulls the role toward Red and holds it in Green, with a week of only that work"
    )
    outlook: list[Sentence] = Field(
        description="What this means: the role in a few years, then the strategy's steps (an analyst's, or made "
        "from the role's numbers)"
    )


class Category(Model):
    name: str
    slug: str
    roles: int
    zones: dict[str, int] = Field(description="Roles per zone")


class Movers(Model):
    window: Literal["run", "7d", "30d"]
    changes: list[ChangeRecord]


class ApiError(Model):
    error: str


def _in_view(country: str) -> str:
    """The query that asks for a country's view ("" for the US, the default)."""
    return "" if country == DEFAULT_COUNTRY else f"?country={country}"


def _links(base: str, role_id: str, country: str) -> Links:
    """Where the role is in the country's view."""
    view = _in_view(country)
    return Links(
        page=f"{base}/roles/{role_id}{view}",
        json_url=f"{base}/api/roles/{role_id}{view}",
        history=f"{base}/api/roles/{role_id}/history{view}",
        feed=f"{base}/roles/{role_id}.atom{view}",
    )


def _summary_fields(row: ListedRole, base: str, country: str) -> dict[str, Any]:
    change = row.last_change
    before = change.before if change is not None else None  # None: no move yet (a first score is not one)
    return {
        "id": row.id,
        "title": row.title,
        "seniority": row.seniority,
        "category": row.category,
        "draft": row.draft,
        "aijri": published_score(row.aijri),
        "zone": row.zone,
        "label": row.label,
        "previous_aijri": published_score(before) if before is not None else None,
        "last_changed_on": change.as_of if change is not None and before is not None else None,
        "links": _links(base, row.id, country),
    }


def _listed(page: Mapping[str, Any]) -> ListedRole:
    """A role page's data as the listing holds a role."""
    role, score, changes = page["role"], page["score"], page["changes"]
    newest = changes[0] if changes else None
    return ListedRole(
        id=role["id"],
        title=role["title"],
        seniority=role["seniority"],
        category=role["category"],
        aliases=tuple(role["aliases"]),
        draft=(role.get("draft") or {}).get("status") == "draft",
        releases=tuple((role.get("draft") or {}).get("releases") or ()),
        aijri=score["aijri"],
        aijri_display=score["aijri_display"],
        zone=score["zone"],
        label=score["label"],
        last_change=LastChange(newest["as_of"], newest["before"], newest["after"], newest["reason"])
        if newest
        else None,
    )


def summary_of(row: ListedRole, base: str, country: str = DEFAULT_COUNTRY) -> RoleSummary:
    """A listed role as the API publishes it (in the country's view)."""
    return RoleSummary(**_summary_fields(row, base, country))


def hit_of(hit: Found, base: str) -> SearchHit:
    return SearchHit(**_summary_fields(hit.role, base, DEFAULT_COUNTRY), matched=hit.matched)


def state(aijri: float | None, zone: str | None, label: str | None) -> ScoreState | None:
    """One side of a stored change (None: the role had no score before)."""
    return ScoreState.of(aijri, zone, label) if aijri is not None and zone and label else None


def change_of(
    *,
    role_id: str,
    title: str,
    move: Mapping[str, Any],
    before: ScoreState | None,
    after: ScoreState,
    causes: list[str],
    base: str,
    country: str = DEFAULT_COUNTRY,
) -> ChangeRecord:
    """A stored change in the change schema; `move` gives its run (run_id, as_of, reason); its url opens the role
    in the country's view."""
    return ChangeRecord(
        role_id=role_id,
        title=title,
        run_id=move["run_id"],
        as_of=move["as_of"],
        reason=move["reason"],
        before=before,
        after=after,
        causes=causes,
        url=f"{base}/roles/{role_id}{_in_view(country)}",
    )


def history_point(row: Mapping[str, Any]) -> HistoryPoint:
    """One stored score of a role's history as the API publishes it."""
    return HistoryPoint(
        run_id=row["run_id"],
        as_of=row["as_of"],
        aijri=published_score(row["aijri"]),
        zone=row["zone"],
        label=row["label"],
        reason=row["reason"],
    )


def detail_of(page: Mapping[str, Any], base: str) -> RoleDetail:
    """A role page's data (web.data.role_page) as the API publishes it."""
    role, score, band = page["role"], page["score"], page["confidence_band"]
    return RoleDetail(
        **_summary_fields(_listed(page), base, page["country"]["code"]),
        country=page["country"]["code"],
        aliases=role["aliases"],
        confidence_band=ConfidenceBand(
            low=published_score(band["low"]), high=published_score(band["high"]), could_be=band.get("could_be")
        )
        if band
        else None,
        task_resistance=round(score["task_resistance"], 3),
        evidence_total=score["evidence_total"],
        barrier_total=score["barrier_total"],
        tasks=[Task(**{k: t[k] for k in ("name", "time_pct", "score", "impact")}) for t in role["tasks"]],
        evidence=[Evidence(**{name: e[name] for name in Evidence.model_fields}) for e in page["evidence"]],
        history=[history_point(h) for h in page["history"]],
        changes=[
            change_of(
                role_id=role["id"],
                title=role["title"],
                move=c,
                before=state(c["before"], c["before_zone"], c["before_label"]),
                after=ScoreState.of(c["after"], c["after_zone"], c["after_label"]),
                causes=c["causes"],
                base=base,
            )
            for c in page["changes"]
        ],
        verdict=[Sentence(text=line.text, figures=list(line.figures)) for line in page["reading"].verdict],
        who_should_worry=[
            Sentence(text=line.text, figures=list(line.figures)) for line in page["reading"].worry.sentences
        ],
        outlook=[
            Sentence(text=line.text, figures=list(line.figures))
            for line in (*page["reading"].outlook.future, *page["reading"].outlook.strategy)
        ],
    )
