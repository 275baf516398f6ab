"""Reads over the warehouse for the operator: runs, scores, a role's history, a run's diff, an explanation,
subscribers and the outbox. Each opens one short read-only connection."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from notifications.listing import list_subscribers, outbox_summary
from scoring.change_schema import ChangeRecord, ScoreState
from scoring.changes import EvidenceMove
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.countries import country as country_named
from scoring.errors import JobzoneError
from scoring.evidence_values import EvidenceValue
from scoring.explain import plain_causes
from scoring.roles import parse_toml
from scoring.stored import Explanation
from warehouse import queries
from warehouse.operator import alerts_per_run, assessment_texts
from warehouse.refusals import RefusedAttempt, pending_refusals
from warehouse.store import Warehouse


def runs(db: Path, limit: int) -> list[dict]:
    """Recent runs, each with its alerts now (queued / sent / failed) and the sources that failed in it; first, the
    attempts refused while another process holds the warehouse (status `refused`, no run id until the next run
    records them as failed runs)."""
    with Warehouse(db).read() as con:
        rows = queries.list_runs(con, limit)
        alerts = alerts_per_run(con, [r["id"] for r in rows])
    for row in rows:
        stats = row["stats"] or {}
        row["alerts"] = alerts.get(row["id"], {"queued": 0, "sent": 0, "failed": 0})
        row["failed_sources"] = sorted(name for name, status in (stats.get("sources") or {}).items() if status != "ok")
        if row["status"] == "succeeded" and row["failed_sources"]:
            row["status"] = "degraded"  # as its report said: scored, on data a failed source could not refresh
    refused = [_refused_row(attempt) for attempt in reversed(pending_refusals(Path(db)))]
    return (refused + rows)[:limit]


def _refused_row(attempt: RefusedAttempt) -> dict:
    return {
        "id": None,
        "kind": attempt.kind,
        "reason": attempt.reason,
        "as_of": attempt.as_of,
        "started_at": attempt.at,
        "finished_at": attempt.at,
        "status": "refused",
        "error": f"refused: {attempt.error}",
        "stats": None,
        "code_version": None,
        "alerts": {"queued": 0, "sent": 0, "failed": 0},
        "failed_sources": [],
    }


SORTS = {
    "aijri": lambda r: (r["aijri"], r["role_id"]),
    "-aijri": lambda r: (-r["aijri"], r["role_id"]),
    "title": lambda r: (r["title"].lower(), r["role_id"]),
    "role": lambda r: r["role_id"],
}


@dataclass(frozen=True, kw_only=True)
class ScoreFilter:
    """Which scores to list, in which order: the zone, the category (exact, case-insensitive), drafts or reviewed
    files only, a sort (SORTS) and how many."""

    zone: str | None = None
    category: str | None = None
    draft: bool | None = None  # True: drafts only; False: reviewed and hand-written only
    sort: str = "-aijri"
    limit: int | None = None


def scores(
    db: Path, run: int | None = None, filters: ScoreFilter = ScoreFilter(), country: str = DEFAULT_COUNTRY
) -> list[dict]:
    """Every role's score in a run (default: each role's latest good score), with its category and whether it is
    a draft (from the assessment it was scored on), filtered and sorted."""
    with Warehouse(db).read() as con:
        rows = queries.scores(con, run, known_country(country))
        listed = queries.listing_columns(con, sorted({r["assessment_hash"] for r in rows}))
        unlisted = [h for h, columns in listed.items() if columns is None]  # stored before migration 13
        texts = assessment_texts(con, unlisted) if unlisted else {}
    for row in rows:
        columns = listed.get(row["assessment_hash"])
        if columns is None:
            document = parse_toml(texts[row["assessment_hash"]])
            columns = (document.get("category", ""), (document.get("draft") or {}).get("status") == "draft")
        row["category"], row["draft"] = columns
    category = None if filters.category is None else one_category(filters.category, {r["category"] for r in rows})
    chosen = [
        r
        for r in rows
        if (filters.zone is None or r["zone"].lower() == filters.zone.lower())
        and (category is None or r["category"] == category)
        and (filters.draft is None or r["draft"] == filters.draft)
    ]
    chosen.sort(key=SORTS[filters.sort])
    return chosen[: filters.limit] if filters.limit else chosen


def one_category(asked: str, categories: set[str]) -> str:
    """The category `asked` names: its name in any case, or the one category whose name holds every word of it
    ("sales" is "Sales and Related"); an error naming the candidates otherwise."""
    exact = [c for c in categories if c.lower() == asked.strip().lower()]
    if exact:
        return exact[0]
    words = asked.lower().split()
    found = sorted(c for c in categories if words and all(word in c.lower() for word in words))
    if len(found) == 1:
        return found[0]
    if found:
        raise JobzoneError(f"--category {asked!r} matches {len(found)} categories: {'; '.join(found)}; say which")
    raise JobzoneError(f"--category {asked!r}: no such category; the categories are: {'; '.join(sorted(categories))}")


def history(db: Path, role_id: str, country: str = DEFAULT_COUNTRY) -> list[dict]:
    with Warehouse(db).read() as con:
        return queries.history(con, role_id, known_country(country))


def diff(db: Path, run: int | None = None, country: str = DEFAULT_COUNTRY) -> dict:
    """What changed in a run (default: the country's latest good run) versus each role's previous good run."""
    with Warehouse(db).read() as con:
        return queries.diff(con, run, known_country(country))


def published_diff(db: Path, run: int | None = None, country: str = DEFAULT_COUNTRY) -> dict:
    """A run's changes in the published change schema (scoring.change_schema), with the run and a summary of the
    stored changes (summarise_diff)."""
    with Warehouse(db).read() as con:
        result = queries.diff(con, run, known_country(country))
        evidence = queries.evidence_for_run(con, result["id"])
    records = [
        ChangeRecord(
            role_id=c["role_id"],
            title=c["title"] or c["role_id"],
            run_id=result["id"],
            as_of=result["as_of"],
            reason=result["reason"],
            before=ScoreState.of(c["before_aijri"], c["before_zone"], c["before_label"])
            if c["before_aijri"] is not None
            else None,
            after=ScoreState.of(c["after_aijri"], c["after_zone"], c["after_label"]),
            causes=plain_causes(c["causes"], evidence.get(c["role_id"], {}), result["reason"]),
        ).model_dump(mode="json")
        for c in result["changes"]
    ]
    return {**result, "changes": records, "summary": summarise_diff(result["changes"])}


def explanation(db: Path, role_id: str, run: int | None = None, country: str = DEFAULT_COUNTRY) -> Explanation:
    with Warehouse(db).read() as con:
        return queries.explanation(con, role_id, run, known_country(country))


def known_country(code: str) -> str:
    """The country's code as stored (UK is GB), or a clear error naming the countries jobzone scores."""
    return country_named(code).code


def all_histories(db: Path) -> dict[str, list]:
    with Warehouse(db).read() as con:
        return queries.all_histories(con)


def run_evidence(db: Path, run_id: int) -> dict[str, dict[str, EvidenceValue]]:
    """role id -> dimension -> its evidence, for one run."""
    with Warehouse(db).read() as con:
        return queries.evidence_for_run(con, run_id)


def market_bands(db: Path, run_id: int) -> dict[str, float]:
    """role id -> its score's market band (±points on sampling error) in one run."""
    with Warehouse(db).read() as con:
        return queries.market_bands(con, run_id)


def latest_assessments(db: Path) -> dict[str, str]:
    """role id -> the text of its latest stored assessment."""
    with Warehouse(db).read() as con:
        return queries.latest_assessments(con)


def subscribers(db: Path) -> list[dict]:
    with Warehouse(db).read() as con:
        return list_subscribers(con)


def outbox(db: Path) -> dict:
    with Warehouse(db).read() as con:
        return outbox_summary(con)


def moved(change: dict) -> bool:
    """A change a reader would see: a new role, or a score, zone or label that differs as shown (one decimal)."""
    if change["before_aijri"] is None:
        return True
    shown = f"{change['before_aijri']:.1f}" != f"{change['after_aijri']:.1f}"
    return shown or change["before_zone"] != change["after_zone"] or change["before_label"] != change["after_label"]


def summarise_diff(changes: list[dict]) -> dict:
    """How many roles changed, how many a reader would see move (and by how much), the zone moves, and the causes
    by kind (an evidence dimension, assessment edits, new roles, recomputations)."""
    seen = [c for c in changes if moved(c)]
    zones = Counter(
        f"{c['before_zone']} -> {c['after_zone']}"
        for c in seen
        if c["before_zone"] and c["before_zone"] != c["after_zone"]
    )
    causes: Counter[str] = Counter()
    for change in changes:
        kinds = {
            f"evidence: {cause.dimension}" if isinstance(cause, EvidenceMove) else cause.kind
            for cause in change["causes"]
        }
        causes.update(kinds)
    # Steps as shown (one decimal each side): a move read as 41.0 -> 40.0 is a point, whatever the digits behind.
    steps = [
        abs(round(c["after_aijri"], 1) - round(c["before_aijri"], 1)) for c in seen if c["before_aijri"] is not None
    ]
    return {
        "changed": len(changes),
        "moved": len(seen),
        "unmoved": len(changes) - len(seen),
        "moved_a_point_or_more": sum(round(step, 1) >= 1 for step in steps),
        "largest_move": round(max(steps), 1) if steps else 0.0,
        "zone_moves": dict(zones.most_common()),
        "causes": dict(causes.most_common()),
    }
