"""What the pages show, assembled from the warehouse and the role files (plain dicts, JSON-ready)."""
from __future__ import annotations

from pathlib import Path

from scoring.aijri import score_report, score_role
from scoring.dimensions import title_of
from scoring.errors import JobzoneError
from scoring.explain import STATUS_WORDS, attribution_of, describe_reading, plain_causes
from scoring.roles import load_roles, parse_role
from warehouse import queries
from warehouse.db import read_connection
from warehouse.errors import WarehouseError


class NotFound(JobzoneError):
    pass


def _role_files(settings) -> dict:
    return {item.role.id: item.role for item in load_roles(settings.roles)}


def _stored(settings, fn, default):
    try:
        with read_connection(settings.db) as con:
            return fn(con)
    except WarehouseError:
        return default  # no database yet: pages show the role files' own scores


def roles_index(settings) -> list[dict]:
    roles = _role_files(settings)
    latest, histories, changes = _stored(settings, lambda con: (
        {r["role_id"]: r for r in queries.scores(con)} if queries.latest_good_run(con) else {},
        queries.all_histories(con), {c["role_id"]: c for c in queries.recent_changes(con)}), ({}, {}, {}))
    rows = []
    for role_id, role in sorted(roles.items()):
        score = latest.get(role_id) or score_report(role, score_role(role))
        change = changes.get(role_id)
        rows.append({"id": role_id, "title": role.title, "seniority": role.seniority, "aliases": role.aliases,
                     "category": role.category, "aijri": score["aijri"], "aijri_display": score["aijri_display"],
                     "zone": score["zone"], "label": score["label"],
                     "history": [{"as_of": d, "aijri": a} for d, a in histories.get(role_id, [])],
                     "last_change": {"as_of": change["as_of"], "before": change["before_aijri"],
                                     "after": change["after_aijri"], "reason": change["reason"]} if change else None})
    return rows


def filter_roles(rows: list[dict], zone: str | None, query: str | None) -> list[dict]:
    if zone:
        rows = [r for r in rows if r["zone"].lower() == zone.lower()]
    if query:
        needle = query.lower()
        rows = [r for r in rows if needle in r["title"].lower() or any(needle in a.lower() for a in r["aliases"])]
    return rows


def _evidence_rows(explanation: dict | None, role) -> list[dict]:
    stored = {row["dimension"]: row for row in (explanation or {}).get("evidence", [])}
    rows = []
    for dimension, analyst in role.evidence_values().items():
        row = stored.get(dimension) or {"dimension": dimension, "value": analyst, "analyst_value": analyst,
                                        "status": "analyst", "rule": "", "inputs": {}}
        series = (row.get("inputs") or {}).get("series", [])
        rows.append({**row, "name": title_of(dimension), "status_words": STATUS_WORDS.get(row["status"], row["status"]),
                     "rationale": getattr(role.evidence.rationale, dimension),
                     "readings": [describe_reading(s, s["now"]) for s in series],
                     "sources": sorted({attribution_of(s) for s in series})})
    return rows


def role_page(settings, role_id: str) -> dict:
    roles = _role_files(settings)
    if role_id not in roles:
        raise NotFound(f"no role '{role_id}'")
    role = roles[role_id]

    def stored(con):
        try:
            changes = queries.recent_changes(con, role_id)
            return (queries.explanation(con, role_id), queries.history(con, role_id), changes,
                    queries.evidence_by_run(con, role_id, [c["run_id"] for c in changes]))
        except WarehouseError:
            return None, [], [], {}
    explanation, history, changes, evidence_then = _stored(settings, stored, (None, [], [], {}))
    if explanation:  # show the assessment version that was scored, so the page agrees with the stored score
        role = parse_role(explanation["assessment_text"], Path(f"{role_id}.toml")).role
    evidence = ({row["dimension"]: row["value"] for row in explanation["evidence"]} if explanation
                else role.evidence_values())
    score = score_report(role, score_role(role, evidence))
    evidence_rows = _evidence_rows(explanation, role)
    return {
        "role": role.model_dump(mode="json"), "score": score, "evidence": evidence_rows,
        "run": {k: explanation[k] for k in ("run_id", "as_of", "kind", "reason")} if explanation else None,
        "history": [{"run_id": h["run_id"], "as_of": h["as_of"], "aijri": h["aijri"], "aijri_display": h["aijri_display"],
                     "zone": h["zone"], "label": h["label"]} for h in history],
        "changes": [{"run_id": c["run_id"], "as_of": c["as_of"], "before": c["before_aijri"], "after": c["after_aijri"],
                     "before_label": c["before_label"], "after_label": c["after_label"], "reason": c["reason"],
                     "causes": plain_causes(c["causes"], evidence_then.get(c["run_id"], {}), c["reason"])}
                    for c in changes],
    }
