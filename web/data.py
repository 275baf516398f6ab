"""What the pages show, read from the warehouse only (plain dicts, JSON-ready): role files are never read here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence, TypeVar, cast

import duckdb

from scoring.aijri import score_report, score_role, stored_report
from scoring.capability_words import capability_lines, is_capability
from scoring.dimensions import title_of
from scoring.errors import JobzoneError
from scoring.explain import STATUS_WORDS, attribution_of, describe_reading, plain_causes
from scoring.model import Role, follow_name
from scoring.roles import parse_role
from sources.epoch import ATTRIBUTION as EPOCH_ATTRIBUTION
from sources.registry import SOURCES, publication_lags
from warehouse import queries
from warehouse.errors import WarehouseError
from warehouse.paths import stored_paths, texts_of
from warehouse.releases import ReleaseRecord, release_records
from web.settings import WebSettings
from web.transitions import cards as transition_cards
from web.transitions import hashes as path_hashes

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


def _latest(con: duckdb.DuckDBPyConnection) -> tuple[list[dict], dict[str, str]]:
    if queries.latest_good_run(con) is None:
        raise WarehouseError("no scores yet: the first `jobzone run` has not finished")
    return queries.scores(con), queries.latest_assessments(con)


def releases(settings: WebSettings) -> list[ReleaseRecord]:
    """Every release the newest run read, newest first."""
    return read(settings, release_records)


def role_titles(settings: WebSettings) -> dict[str, str]:
    """role id -> the name a subscriber is shown for every scored role (what they may follow): the same words
    as the CLI's (scoring.model.follow_name)."""
    latest, texts = read(settings, _latest)
    roles = (stored_role(row["role_id"], texts[row["role_id"]]) for row in latest)
    return {role.id: follow_name(role.title, role.seniority) for role in roles}


def category_sizes(settings: WebSettings) -> dict[str, int]:
    """category -> how many scored roles it holds now (what a subscriber may follow as a category)."""
    latest, texts = read(settings, _latest)
    return dict(Counter(stored_role(row["role_id"], texts[row["role_id"]]).category for row in latest))


def roles_index(settings: WebSettings) -> list[dict]:
    """Every scored role, as stored: the pages never read role files, so one broken file cannot break them."""
    latest, texts, histories, changes = read(
        settings,
        lambda con: (*_latest(con), queries.all_histories(con), {c["role_id"]: c for c in queries.recent_changes(con)}),
    )
    rows = []
    for score in sorted(latest, key=lambda r: r["role_id"]):
        role_id = score["role_id"]
        role = stored_role(role_id, texts[role_id])
        change = changes.get(role_id)
        rows.append(
            {
                "id": role_id,
                "title": role.title,
                "seniority": role.seniority,
                "aliases": role.aliases,
                "category": role.category,
                "draft": role.is_draft,
                "releases": list(role.draft.releases) if role.draft else [],  # applied to its tasks, in order
                "aijri": score["aijri"],
                "aijri_display": score["aijri_display"],
                "zone": score["zone"],
                "label": score["label"],
                "history": [{"as_of": d, "aijri": a} for d, a in histories.get(role_id, [])],
                "last_change": {
                    "as_of": change["as_of"],
                    "before": change["before_aijri"],
                    "after": change["after_aijri"],
                    "reason": change["reason"],
                }
                if change
                else None,
            }
        )
    return rows


PAGE_SIZE = 100


def paginated(rows: Sequence[T], page: int, url: str, size: int = PAGE_SIZE) -> dict:
    """One page of rows, with the count and the next page's URL (None on the last page)."""
    pages = max(1, -(-len(rows) // size))
    chunk = rows[(page - 1) * size : page * size]
    return {
        "page": page,
        "pages": pages,
        "per_page": size,
        "total": len(rows),
        "roles": chunk,
        "next": f"{url}?page={page + 1}" if page < pages else None,
    }


def filter_roles(rows: list[dict], zone: str | None, query: str | None, status: str | None = None) -> list[dict]:
    if status in ("draft", "reviewed"):
        rows = [r for r in rows if r["draft"] == (status == "draft")]
    if zone:
        rows = [r for r in rows if r["zone"].lower() == zone.lower()]
    if query:
        needle = query.lower()
        rows = [r for r in rows if needle in r["title"].lower() or any(needle in a.lower() for a in r["aliases"])]
    return rows


def _evidence_rows(explanation: dict | None, role: Role) -> list[dict]:
    stored = {row["dimension"]: row for row in (explanation or {}).get("evidence", [])}
    rows = []
    for dimension, analyst in role.evidence_values().items():
        row = stored.get(dimension) or {
            "dimension": dimension,
            "value": analyst,
            "analyst_value": analyst,
            "status": "analyst",
            "rule": "",
            "inputs": {},
        }
        inputs = row.get("inputs") or {}
        series = inputs.get("series", [])
        origin = inputs.get("origin")
        capability = is_capability(inputs)
        readings = (
            [line.strip() for line in capability_lines(inputs)]
            if capability
            else ([f"Follows (from the role's SOC code): {origin}"] if origin else [])
            + [describe_reading(s, s["now"]) for s in series]
        )
        rows.append(
            {
                **row,
                "name": title_of(dimension),
                "status_words": "updated from AI capability data"
                if capability and row["status"] == "fresh"
                else STATUS_WORDS.get(row["status"], row["status"]),
                # The evidence table is built from the dimension registry at run time: its fields are not static.
                "rationale": getattr(cast(Any, role.evidence).rationale, dimension),
                "readings": readings,
                "sources": [EPOCH_ATTRIBUTION] if capability else sorted({attribution_of(s) for s in series}),
            }
        )
    return rows


def _explanation(con: duckdb.DuckDBPyConnection, role_id: str) -> dict | None:
    """The role's latest stored score with its evidence, or None when it has none."""
    try:
        return queries.explanation(con, role_id)
    except WarehouseError:
        return None


@dataclass(frozen=True)
class StoredPage:
    """What one role's page is made of, as read from the warehouse."""

    explanation: dict
    history: list[dict]
    changes: list[dict]
    evidence_then: dict[int, dict[str, dict]]  # run id -> dimension -> the role's evidence in that run
    vintages: list[dict]
    paths: list[dict]
    texts: Mapping[str, str]


def _stored_page(
    con: duckdb.DuckDBPyConnection, role_id: str, prefetched: tuple[list[dict], Mapping[str, str]] | None = None
) -> StoredPage | None:
    """What a role page is made of; prefetched: its paths and the texts they name (the static site reads every
    role's at once)."""
    explanation = _explanation(con, role_id)
    if explanation is None:
        return None
    changes = queries.recent_changes(con, role_id)
    evidence_then = queries.evidence_by_run(con, role_id, [c["run_id"] for c in changes])
    followed = [
        (series["source"], series["series"])
        for row in explanation["evidence"]
        for series in (row.get("inputs") or {}).get("series", [])
        if "series" in series
    ]
    vintages = [
        {**v, "title": SOURCES[v["source"]].title if v["source"] in SOURCES else v["source"]}
        for v in queries.source_vintages(con, followed, explanation["as_of"], publication_lags())
    ]
    if prefetched is None:
        paths = stored_paths(con, role_id).get(role_id, [])
        prefetched = paths, texts_of(con, path_hashes(paths))
    paths, texts = prefetched
    return StoredPage(explanation, queries.history(con, role_id), changes, evidence_then, vintages, paths, texts)


def role_pages(settings: WebSettings, role_ids: list[str]) -> list[tuple[str, dict]]:
    """(role id, page) for many roles over one read connection (the static site)."""

    def pages(con: duckdb.DuckDBPyConnection) -> list[tuple[str, dict]]:
        paths = stored_paths(con)  # every role's, in one query, and every text they name
        texts = texts_of(con, path_hashes([row for rows in paths.values() for row in rows]))
        return [
            (role_id, _page(role_id, _stored_page(con, role_id, (paths.get(role_id, []), texts))))
            for role_id in role_ids
        ]

    return read(settings, pages)


def personal(settings: WebSettings, role_id: str, shares: list[float]) -> dict:
    """A reader's own score for a role from their shares of time per task (nothing is stored)."""
    from scoring.confidence import band_around
    from scoring.personal import personal_score

    explanation = read(settings, lambda con: _explanation(con, role_id))
    if explanation is None:
        raise NotFound(f"no role '{role_id}'")
    role = stored_role(role_id, explanation["assessment_text"])
    evidence = {row["dimension"]: row["value"] for row in explanation["evidence"]}
    mine = personal_score(role, evidence, shares)
    total = sum(shares)
    published = explanation["confidence_band"]
    return {
        # The published band's doubts are the role's (labels, unassessed values, readings), so its width carries over.
        "confidence_band": band_around(mine.aijri, published["half_width"]).as_dict() if published else None,
        "role": role.model_dump(mode="json"),
        "general": score_report(role, score_role(role, evidence)),
        "mine": score_report(role, mine),
        "tasks": [
            {"name": t.name, "general": t.time_pct, "mine": share / total * 100, "score": t.score}
            for t, share in zip(role.tasks, shares)
        ],
    }


def role_history(settings: WebSettings, role_id: str) -> list[dict]:
    """The role's score at every run that scored it, oldest first (only the history: not the whole page)."""

    def load(con: duckdb.DuckDBPyConnection) -> list[dict] | None:
        try:
            return queries.history(con, role_id)
        except WarehouseError:  # no history for this role: not a warehouse that cannot be read
            return None

    rows = read(settings, load)
    if rows is None:
        raise NotFound(f"no role '{role_id}'")
    return rows


def role_page(settings: WebSettings, role_id: str) -> dict:
    return _page(role_id, read(settings, lambda con: _stored_page(con, role_id)))


def _page(role_id: str, found: StoredPage | None) -> dict:
    if found is None:
        raise NotFound(f"no role '{role_id}'")
    explanation = found.explanation
    # The assessment version that was scored (its tasks and texts), and the score as the run stored it.
    role = stored_role(role_id, explanation["assessment_text"])
    score = stored_report(role_id, explanation["title"], explanation, explanation["details"] or {})
    return {
        "role": role.model_dump(mode="json"),
        "score": score,
        "evidence": _evidence_rows(explanation, role),
        "run": {k: explanation[k] for k in ("run_id", "as_of", "kind", "reason")},
        "vintages": found.vintages,  # which version of each source's data the score rests on
        "confidence_band": explanation["confidence_band"],  # 80%: scoring/confidence.py
        "paths": transition_cards(role_id, found.paths, found.texts, stored_role),  # scoring/transitions.py
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
        "changes": [
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
        ],
    }
