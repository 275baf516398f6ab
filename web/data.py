"""What the pages show, read from the warehouse only (plain dicts, JSON-ready): role files are never read here."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence, TypeVar, cast

import duckdb

from scoring.aijri import report_of, score_report, score_role
from scoring.capability_words import capability_lines
from scoring.countries import COUNTRIES
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.countries import country as country_named
from scoring.dimensions import meaning_of, title_of
from scoring.errors import JobzoneError
from scoring.evidence_inputs import CapabilityInputs, MarketInputs
from scoring.evidence_values import EvidenceValue
from scoring.evidence_words import plain_sentence
from scoring.explain import STATUS_WORDS, attribution_of, describe_reading, plain_causes
from scoring.model import Role
from scoring.roles import parse_role
from scoring.stored import Explanation
from scoring.verdict import Move, reading
from sources.epoch import ATTRIBUTION as EPOCH_ATTRIBUTION
from warehouse import queries
from warehouse.errors import WarehouseError
from warehouse.listing import scored_countries
from warehouse.paths import stored_paths
from warehouse.releases import ReleaseRecord, release_records
from warehouse.role_pages import StoredPage, stored_pages
from web.settings import WebSettings
from web.transitions import cards as transition_cards

T = TypeVar("T")


class NotFound(JobzoneError):
    pass


class Unavailable(JobzoneError):
    """The warehouse cannot be read now (busy, missing, damaged): pages say so rather than show other numbers."""


# A page waits this long for a writer's commit, then answers 503 with Retry-After.
READ_WAIT_SECONDS = 2.0


def read(settings: WebSettings, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """fn(con) over a short read-only connection; any warehouse problem is Unavailable."""
    try:
        with settings.warehouse.read(wait=READ_WAIT_SECONDS) as con:
            return fn(con)
    except WarehouseError as exc:
        raise Unavailable(str(exc)) from exc


@lru_cache(maxsize=4096)
def stored_role(role_id: str, text: str) -> Role:
    """A stored assessment (it was valid when scored; role files on disk may have changed since)."""
    return parse_role(text, Path(f"{role_id}.toml")).role


def releases(settings: WebSettings) -> list[ReleaseRecord]:
    """Every release the newest run read, newest first."""
    return read(settings, release_records)


def _status_words(row: EvidenceValue, capability: bool, drafted: bool) -> str:
    if capability and row.status == "fresh":
        return "updated from AI capability data"
    if drafted and row.status == "analyst":
        return "set by the drafting rules"
    return STATUS_WORDS.get(row.status, row.status)


def _evidence_rows(explanation: Explanation, role: Role) -> list[dict]:
    country = explanation.country
    stored = {row.dimension: row for row in explanation.evidence}
    rows = []
    for dimension, analyst in role.evidence_values().items():
        row = stored.get(dimension) or EvidenceValue(
            dimension=dimension, value=analyst, analyst_value=analyst, status="analyst", rule=""
        )
        inputs = row.inputs
        series = inputs.series if isinstance(inputs, MarketInputs) else ()
        capability = isinstance(inputs, CapabilityInputs)
        if isinstance(inputs, CapabilityInputs):
            readings = [line.strip() for line in capability_lines(inputs)]
        else:
            origin = inputs.origin if inputs is not None else None
            readings = [f"Follows (from the role's SOC code): {origin}"] if origin else []
            readings += [describe_reading(s, s.now) for s in series]
        rows.append(
            {
                "dimension": dimension,
                "value": row.value,
                "analyst_value": row.analyst_value,
                "status": row.status,
                "rule": row.rule,
                "name": title_of(dimension),
                "meaning": meaning_of(dimension),
                "status_words": _status_words(row, capability, role.is_draft),
                # The evidence table is built from the dimension registry at run time: its fields are not static.
                "rationale": getattr(cast(Any, role.evidence).rationale, dimension),
                "readings": readings,
                "plain": plain_sentence(
                    row, role.is_draft, getattr(cast(Any, role.evidence).rationale, dimension), country
                ),
                "sources": [EPOCH_ATTRIBUTION] if capability else sorted({attribution_of(s) for s in series}),
            }
        )
    return rows


def role_pages(
    settings: WebSettings, role_ids: Sequence[str], country: str = DEFAULT_COUNTRY, views: Sequence[str] = ()
) -> Iterator[tuple[str, dict]]:
    """(role id, page in the country's view) for many roles over one read connection (the static site), one at a
    time: 100,000 pages are never held at once, and their data is read a chunk of roles at a time. views: the
    country views the pages link to (the static site's: only those it writes)."""
    try:
        with settings.warehouse.read(wait=READ_WAIT_SECONDS) as con:
            every_path = stored_paths(con) if country == DEFAULT_COUNTRY else {}
            for role_id, found in stored_pages(con, role_ids, every_path, country):
                yield role_id, _page(role_id, found, views)
    except WarehouseError as exc:
        raise Unavailable(str(exc)) from exc


def personal(settings: WebSettings, role_id: str, shares: list[float]) -> dict:
    """A reader's own score for a role from their shares of time per task (nothing is stored)."""
    from scoring.confidence import band_around
    from scoring.personal import personal_score

    found = read(settings, lambda con: queries.latest_explanations(con, [role_id]))
    if role_id not in found:
        raise NotFound(f"no role '{role_id}'")
    explanation = found[role_id]
    role = stored_role(role_id, explanation.assessment_text)
    evidence = {row.dimension: row.value for row in explanation.evidence}
    mine = personal_score(role, evidence, shares)
    total = sum(shares)
    published = explanation.confidence_band
    return {
        # The published band's doubts are the role's (labels, unassessed values, readings), so its width carries over.
        "confidence_band": band_around(mine.aijri, published.half_width).as_dict() if published else None,
        "role": role.model_dump(mode="json"),
        "general": score_report(role, score_role(role, evidence)),
        "mine": score_report(role, mine),
        "tasks": [
            {"name": t.name, "general": t.time_pct, "mine": share / total * 100, "score": t.score}
            for t, share in zip(role.tasks, shares)
        ],
    }


def role_history(settings: WebSettings, role_id: str, country: str = DEFAULT_COUNTRY) -> list[dict]:
    """The role's score at every run of the country's view that scored it, oldest first (only the history: not the
    whole page)."""

    def load(con: duckdb.DuckDBPyConnection) -> list[dict] | None:
        try:
            return queries.history(con, role_id, country)
        except WarehouseError:  # no history for this role: not a warehouse that cannot be read
            return None

    rows = read(settings, load)
    if rows is None:
        raise NotFound(f"no role '{role_id}'")
    return rows


def country_names(codes: Sequence[str]) -> list[dict]:
    """The views a page links, as it names them."""
    return [{"code": code, "name": COUNTRIES[code].name} for code in codes]


def _country_view(code: str, views: Sequence[str]) -> dict:
    """The view a page shows and the others it links to (the same role's page in each view with a run)."""
    shown = COUNTRIES[code]
    return {
        "code": shown.code,
        "name": shown.name,
        "in_words": shown.in_words,
        "wages": shown.wages,
        "postings": shown.postings,
        "default": shown.code == DEFAULT_COUNTRY,
        "all": country_names([c for c in COUNTRIES if c in views or c == code]),
    }


def role_page(settings: WebSettings, role_id: str, country: str = DEFAULT_COUNTRY) -> dict:
    """A role's page in a country's view (the US by default); NotFound for an unknown role, or one not scored in
    that country yet."""
    found, views = read(
        settings, lambda con: (next(stored_pages(con, [role_id], country=country))[1], scored_countries(con))
    )
    if found is None and country != DEFAULT_COUNTRY:
        raise NotFound(f"no score for '{role_id}' in {country_named(country).in_words} yet")
    return _page(role_id, found, views)


def _page(role_id: str, found: StoredPage | None, views: Sequence[str]) -> dict:
    if found is None:
        raise NotFound(f"no role '{role_id}'")
    explanation = found.explanation
    # The assessment version that was scored (its tasks and texts), and the score as the run stored it.
    role = stored_role(role_id, explanation.assessment_text)
    band = explanation.confidence_band
    changes = [
        {
            "run_id": c["run_id"],
            "as_of": c["as_of"],
            "before": c["before_aijri"],
            "after": c["after_aijri"],
            "before_zone": c["before_zone"],
            "after_zone": c["after_zone"],
            "before_label": c["before_label"],
            "after_label": c["after_label"],
            "reason": c["reason"],
            "causes": plain_causes(c["causes"], found.evidence_then.get(c["run_id"], {}), c["reason"]),
        }
        for c in found.changes
    ]
    latest_cause = next((c["causes"][0] for c in changes if c["causes"] and c["before"] is not None), None)
    evidence = {row.dimension: row.value for row in explanation.evidence}
    paths = transition_cards(role_id, found.paths, found.texts, stored_role)  # scoring/transitions.py
    best = paths[0] if paths else None
    said = reading(
        role,
        explanation.score,
        {**role.evidence_values(), **evidence},
        [(h["as_of"], h["aijri"]) for h in found.history],
        latest_cause,
        Move(best["title"], best["score_from"], best["score_to"], best["shared_work_pct"]) if best else None,
    )
    return {
        "role": role.model_dump(mode="json"),
        "score": report_of(role_id, explanation.title, explanation.score, explanation.override),
        "evidence": _evidence_rows(explanation, role),
        "run": {
            "run_id": explanation.run_id,
            "as_of": explanation.as_of,
            "kind": explanation.kind,
            "reason": explanation.reason,
        },
        "country": _country_view(explanation.country, views),
        "vintages": found.vintages,  # which version of each source's data the score rests on
        "confidence_band": band.as_dict() if band else None,  # 80%: scoring/confidence.py
        "paths": paths,
        "history": [
            {
                "run_id": h["run_id"],
                "as_of": h["as_of"],
                "aijri": h["aijri"],
                "aijri_display": h["aijri_display"],
                "zone": h["zone"],
                "label": h["label"],
                "reason": h["reason"],
            }
            for h in found.history
        ],
        "changes": changes,
        "reading": said,  # scoring/verdict.py: the verdict and who should worry, in plain sentences
        # The score the file's own values give: what its summary and commentary were written for.
        "written_for": score_role(role, role.evidence_values()).as_dict(),
    }
