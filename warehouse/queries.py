"""Read-side questions, answered as lists of plain dicts (JSON-ready)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable, Mapping, Sequence

import duckdb

from scoring.aijri import SCALAR_OUTPUTS
from scoring.capability import BenchmarkReading
from scoring.capability_evidence import ReadingKey, expanded, reading_of
from scoring.changes import Previous, cause_of
from scoring.confidence import Band
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.evidence_inputs import inputs_of
from scoring.evidence_values import EvidenceValue
from scoring.stored import Explanation, stored_score
from warehouse.db import scalar
from warehouse.errors import WarehouseError
from warehouse.point_in_time import observation_store, source_vintages  # noqa: F401  (re-exported)


def dict_rows(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def capability_readings(
    con: duckdb.DuckDBPyConnection, run_ids: Iterable[int]
) -> dict[int, dict[ReadingKey, BenchmarkReading]]:
    """run id -> (anchor, benchmark) -> the capability reading the run stored once for every role with it."""
    rows = dict_rows(
        con.execute(
            "SELECT * FROM capability_readings WHERE run_id IN (SELECT unnest(?::BIGINT[]))", [sorted(set(run_ids))]
        )
    )
    out: dict[int, dict[ReadingKey, BenchmarkReading]] = {}
    for row in rows:
        out.setdefault(row["run_id"], {})[(str(row["anchor"]), row["benchmark"])] = reading_of(row)
    return out


def with_stored_inputs(con: duckdb.DuckDBPyConnection, rows: list[dict], run_id: int = 0) -> list[dict]:
    """Evidence rows with their `inputs` column read back as records (scoring.evidence_inputs's codec; None for
    none), AI tool maturity's readings joined back in (rows without a run_id column are of `run_id`)."""
    with_json_decoded(rows, "inputs")
    wanted = [r for r in rows if isinstance(r.get("inputs"), dict) and r["inputs"].get("kind") == "capability"]
    if wanted:
        runs = [r["run_id"] if "run_id" in r else run_id for r in wanted]
        readings = capability_readings(con, runs)
        for row, run in zip(wanted, runs):
            row["inputs"] = expanded(row["inputs"], readings.get(run, {}))
    for row in rows:
        row["inputs"] = inputs_of(row.get("inputs"))
    return rows


def with_causes_read(rows: list[dict]) -> list[dict]:
    """Change rows with their `causes` column read back as records (scoring.changes's codec)."""
    for row in rows:
        stored = row.get("causes")
        row["causes"] = [cause_of(c) for c in (json.loads(stored) if isinstance(stored, str) else stored or [])]
    return rows


def with_json_decoded(rows: list[dict], *json_columns: str) -> list[dict]:
    for row in rows:
        for column in json_columns:
            if isinstance(row.get(column), str):
                row[column] = json.loads(row[column])
    return rows


def list_runs(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict]:
    rows = dict_rows(
        con.execute(
            "SELECT id, kind, reason, as_of, started_at, finished_at, status, error, stats, code_version, country "
            "FROM runs ORDER BY id DESC LIMIT ?",
            [limit],
        )
    )
    return with_json_decoded(rows, "stats")


def succeeded_as_of_dates(
    con: duckdb.DuckDBPyConnection, kind: str, reason: str, country: str = DEFAULT_COUNTRY
) -> set:
    """The as-of dates of the succeeded runs of one kind and reason in one country's view."""
    rows = con.execute(
        "SELECT DISTINCT as_of FROM runs WHERE kind = ? AND status = 'succeeded' AND reason = ? AND country = ?",
        [kind, reason, country],
    ).fetchall()
    return {day for (day,) in rows}


def latest_good_run(con: duckdb.DuckDBPyConnection, country: str = DEFAULT_COUNTRY) -> int | None:
    return scalar(con, "SELECT max(id) FROM runs WHERE status = 'succeeded' AND country = ?", [country])


def stored_moment(con: duckdb.DuckDBPyConnection, country: str = DEFAULT_COUNTRY) -> dt.date:
    """The date a rerun left to its default scores as of: the newest stored scores' of the country's view (what
    the pages show), the latest as-of of a succeeded run; today (UTC) when nothing is scored yet."""
    newest = scalar(con, "SELECT max(as_of) FROM runs WHERE status = 'succeeded' AND country = ?", [country])
    return newest or dt.datetime.now(dt.timezone.utc).date()


def _require_good_run(con: duckdb.DuckDBPyConnection, run_id: int | None, country: str = DEFAULT_COUNTRY) -> int:
    if run_id is None:
        run_id = latest_good_run(con, country)
        if run_id is None:
            if country != DEFAULT_COUNTRY:
                raise WarehouseError(f"no succeeded run for {country} yet: run `jobzone run --country {country}` first")
            raise WarehouseError("no succeeded run yet: run `jobzone run` first")
        return run_id
    status = con.execute("SELECT status FROM runs WHERE id = ?", [run_id]).fetchone()
    if status is None:
        raise WarehouseError(f"--run {run_id}: no such run (see `jobzone runs`)")
    if status[0] != "succeeded":
        raise WarehouseError(f"--run {run_id}: that run {status[0]}, so it has no scores (see `jobzone runs`)")
    return run_id


def scores(con: duckdb.DuckDBPyConnection, run_id: int | None = None, country: str = DEFAULT_COUNTRY) -> list[dict]:
    """Every role's score in a run (default: each role's latest good score in the country's view)."""
    columns = (
        "role_id, title, aijri, aijri_display, zone, label, task_resistance, evidence_total, "
        "barrier_total, protective_total, ai_growth, high_exposure_pct, assessment_hash, run_id, "
        "confidence_low, confidence_high, could_be"
    )
    if run_id is None:
        _require_good_run(con, None, country)
        return dict_rows(
            con.execute(
                f"SELECT {columns} FROM latest_country_scores WHERE country = ? ORDER BY aijri DESC, role_id",
                [country],
            )
        )
    run_id = _require_good_run(con, run_id)
    return dict_rows(
        con.execute(f"SELECT {columns} FROM role_scores WHERE run_id = ? ORDER BY aijri DESC, role_id", [run_id])
    )


def history(con: duckdb.DuckDBPyConnection, role_id: str, country: str = DEFAULT_COUNTRY) -> list[dict]:
    rows = histories(con, [role_id], country).get(role_id)
    if not rows:
        known = [r for (r,) in con.execute("SELECT DISTINCT role_id FROM role_scores ORDER BY 1").fetchall()]
        raise WarehouseError(f"no history for role '{role_id}'; scored roles: {', '.join(known) or 'none yet'}")
    return rows


def histories(
    con: duckdb.DuckDBPyConnection, role_ids: Sequence[str], country: str = DEFAULT_COUNTRY
) -> dict[str, list[dict]]:
    """role id -> its score at every good run of the country's view, oldest first (a role never scored is left
    out)."""
    rows = dict_rows(
        con.execute(
            "SELECT role_id, run_id, kind, reason, as_of, finished_at, aijri, aijri_display, zone, label, "
            "assessment_hash FROM role_history WHERE role_id IN (SELECT unnest(?::VARCHAR[])) AND country = ? "
            "ORDER BY role_id, as_of, run_id",
            [list(role_ids), country],
        )
    )
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row.pop("role_id"), []).append(row)
    return out


def diff(con: duckdb.DuckDBPyConnection, run_id: int | None = None, country: str = DEFAULT_COUNTRY) -> dict:
    """A run's changes versus each role's previous good run (of the same country's view), with causes."""
    run_id = _require_good_run(con, run_id, country)
    run = dict_rows(con.execute("SELECT id, kind, reason, as_of, country FROM runs WHERE id = ?", [run_id]))[0]
    run["changes"] = with_causes_read(
        dict_rows(
            con.execute(
                "SELECT c.role_id, s.title, c.prev_run_id, c.before_aijri, c.after_aijri, c.before_zone, c.after_zone, "
                "c.before_label, c.after_label, c.causes FROM changes c "
                "LEFT JOIN role_scores s ON s.run_id = c.run_id AND s.role_id = c.role_id WHERE c.run_id = ? "
                "ORDER BY abs(c.after_aijri - coalesce(c.before_aijri, c.after_aijri)) DESC, c.role_id",
                [run_id],
            )
        )
    )
    return run


PREVIOUS_SCORES = """
    SELECT s.role_id, s.run_id, s.aijri, s.zone, s.label, s.assessment_hash
    FROM role_scores s JOIN runs r ON r.id = s.run_id AND r.status = 'succeeded' AND r.as_of <= ? AND r.country = ?
    WHERE s.role_id IN (SELECT unnest(?::VARCHAR[]))
    QUALIFY row_number() OVER (PARTITION BY s.role_id ORDER BY r.as_of DESC, s.run_id DESC) = 1"""


def previous_state(
    con: duckdb.DuckDBPyConnection,
    current: Mapping[str, str],
    as_of: dt.date | None = None,
    country: str = DEFAULT_COUNTRY,
) -> dict[str, Previous]:
    """Each role's state in its last good run dated on or before as_of: the baseline for change detection.
    `current`: role id -> the hash of its file now; a previous text is fetched only where the hash differs."""
    if not current:
        return {}
    rows = con.execute(
        f"WITH p AS ({PREVIOUS_SCORES}), now AS (SELECT unnest(?::VARCHAR[]) AS role_id, unnest(?::VARCHAR[]) AS hash), "
        "ev AS (SELECT e.role_id, list(e.dimension ORDER BY e.dimension) AS names, "
        "              list(e.value ORDER BY e.dimension) AS vals "
        "       FROM evidence e JOIN p ON e.run_id = p.run_id AND e.role_id = p.role_id GROUP BY e.role_id) "
        "SELECT p.role_id, p.run_id, p.aijri, p.zone, p.label, p.assessment_hash, "
        "       CASE WHEN p.assessment_hash = now.hash THEN NULL "
        "            ELSE (SELECT a.text FROM assessments a WHERE a.content_hash = p.assessment_hash) END, "
        "       ev.names, ev.vals "
        "FROM p JOIN now USING (role_id) LEFT JOIN ev USING (role_id)",
        [as_of or "infinity", country, list(current), list(current), list(current.values())],
    ).fetchall()
    return {
        role_id: Previous(
            run_id=run_id,
            aijri=aijri,
            zone=zone,
            label=label,
            assessment_hash=hash_,
            assessment_text=text,
            evidence=dict(zip(names or (), values or ())),
        )
        for role_id, run_id, aijri, zone, label, hash_, text, names, values in rows
    }


def previous_levels(
    con: duckdb.DuckDBPyConnection,
    role_ids: Iterable[str],
    as_of: dt.date | None = None,
    country: str = DEFAULT_COUNTRY,
) -> dict[str, dict[str, tuple]]:
    """Each role's evidence in its last good run dated on or before as_of: dimension -> (value, market level,
    the combined change it read)."""
    ids = list(role_ids)
    if not ids:
        return {}
    rows = con.execute(
        f"WITH p AS ({PREVIOUS_SCORES}) "
        "SELECT e.role_id, e.dimension, e.value, e.level_now, e.change_now "
        "FROM evidence e JOIN p ON p.run_id = e.run_id AND p.role_id = e.role_id",
        [as_of or "infinity", country, ids],
    ).fetchall()
    out: dict[str, dict] = {}
    for role_id, dimension, value, level, change in rows:
        out.setdefault(role_id, {})[dimension] = (value, level, change)
    return out


def explanation(
    con: duckdb.DuckDBPyConnection, role_id: str, run_id: int | None = None, country: str = DEFAULT_COUNTRY
) -> Explanation:
    """A role's score in a run (default: its latest good score in the country's view) with every evidence
    dimension and its inputs."""
    if run_id is None and country != DEFAULT_COUNTRY:
        found = latest_explanations(con, [role_id], country)
        if role_id not in found:
            raise WarehouseError(f"no score for role '{role_id}' in {country} (run `jobzone run --country {country}`)")
        return found[role_id]
    if run_id is None:
        found = latest_explanations(con, [role_id])
        if role_id not in found:
            known = scalar(con, "SELECT count(*) FROM latest_scores")
            if known:
                raise WarehouseError(
                    f"unknown role '{role_id}': no score for it among the {known} scored roles (see `jobzone scores`)"
                )
            raise WarehouseError(f"no score for role '{role_id}' yet: run `jobzone run` first (see `jobzone scores`)")
        return found[role_id]
    run_id = _require_good_run(con, run_id)
    found = _explanations(con, "role_scores", "s.run_id = ? AND s.role_id = ?", [run_id, role_id])
    if role_id not in found:
        raise WarehouseError(f"run {run_id} did not score role '{role_id}'")
    return found[role_id]


def latest_explanations(
    con: duckdb.DuckDBPyConnection, role_ids: Sequence[str], country: str = DEFAULT_COUNTRY
) -> dict[str, Explanation]:
    """role id -> its latest good score in the country's view with its evidence, for many roles in three queries;
    a role without a score there is left out."""
    if country == DEFAULT_COUNTRY:
        return _explanations(con, "latest_scores", "s.role_id IN (SELECT unnest(?::VARCHAR[]))", [list(role_ids)])
    where = "s.country = ? AND s.role_id IN (SELECT unnest(?::VARCHAR[]))"
    return _explanations(con, "latest_country_scores", where, [country, list(role_ids)])


def _explanations(con: duckdb.DuckDBPyConnection, scores: str, where: str, params: list) -> dict[str, Explanation]:
    """role id -> explanation() of the rows of `scores` (a table or view of role scores, as s) matching `where`."""
    scores_rows = with_json_decoded(
        dict_rows(
            con.execute(
                f"SELECT s.role_id, s.title, {', '.join('s.' + key for key in SCALAR_OUTPUTS)}, s.details, "
                "s.run_id, r.as_of, r.kind, r.reason, r.country, s.assessment_hash, a.text AS assessment_text, "
                "s.confidence_low, s.confidence_high, s.confidence_half_width, s.could_be "
                f"FROM {scores} s JOIN runs r ON r.id = s.run_id JOIN assessments a ON a.content_hash = s.assessment_hash "
                f"WHERE {where}",
                params,
            )
        ),
        "details",
    )
    evidence = with_stored_inputs(
        con,
        dict_rows(
            con.execute(
                "SELECT e.role_id, e.run_id, e.dimension, e.value, e.analyst_value, e.status, e.rule, e.inputs "
                "FROM evidence e JOIN (SELECT unnest(?::BIGINT[]) AS run_id, unnest(?::VARCHAR[]) AS role_id) w "
                "USING (run_id, role_id) ORDER BY e.role_id, e.dimension",
                [[row["run_id"] for row in scores_rows], [row["role_id"] for row in scores_rows]],
            )
        ),
    )
    by_role: dict[str, list[EvidenceValue]] = {}
    for row in evidence:
        by_role.setdefault(row["role_id"], []).append(evidence_value(row))
    out = {}
    for row in scores_rows:
        low, high, half, could_be = (
            row[key] for key in ("confidence_low", "confidence_high", "confidence_half_width", "could_be")
        )
        out[row["role_id"]] = Explanation(
            **{key: row[key] for key in _EXPLAINED_AS_STORED},
            score=stored_score(row, row["details"]),
            override=row["details"].get("override"),
            confidence_band=Band(low=low, high=high, half_width=half, could_be=could_be) if low is not None else None,
            evidence=tuple(by_role.get(row["role_id"], [])),
        )
    return out


_EXPLAINED_AS_STORED = (
    "role_id",
    "title",
    "run_id",
    "as_of",
    "kind",
    "reason",
    "country",
    "assessment_hash",
    "assessment_text",
)
_EVIDENCE_FIELDS = ("dimension", "value", "analyst_value", "status", "rule", "inputs")


def evidence_value(row: Mapping[str, Any]) -> EvidenceValue:
    """An evidence row (with_stored_inputs) as the record a run computed."""
    return EvidenceValue(**{key: row[key] for key in _EVIDENCE_FIELDS})


def earliest_observation(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The oldest period any source holds (None when nothing is stored)."""
    return scalar(con, "SELECT min(period_date) FROM observations")


def listing_columns(con: duckdb.DuckDBPyConnection, hashes: Sequence[str]) -> dict[str, tuple[str, bool] | None]:
    """Each stored assessment's (category, draft) as stored with its text; None for a version stored before
    migration 13 (its text says)."""
    rows = con.execute(
        "SELECT content_hash, category, draft FROM assessments WHERE content_hash IN (SELECT unnest(?::VARCHAR[]))",
        [list(hashes)],
    ).fetchall()
    return {h: None if draft is None else (category or "", bool(draft)) for h, category, draft in rows}


def latest_assessments(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """role id -> the assessment text its latest good score was computed from."""
    return dict(
        con.execute(
            "SELECT s.role_id, a.text FROM latest_scores s JOIN assessments a ON a.content_hash = s.assessment_hash"
        ).fetchall()
    )


def all_histories(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """role id -> [(as_of, aijri)] oldest first, for sparklines."""
    out: dict[str, list[tuple]] = {}
    for role_id, as_of, aijri in con.execute(
        "SELECT role_id, as_of, aijri FROM role_history WHERE country = 'US' ORDER BY role_id, as_of, run_id"
    ).fetchall():
        out.setdefault(role_id, []).append((as_of, aijri))
    return out


def recent_changes(con: duckdb.DuckDBPyConnection, role_id: str | None = None, limit: int = 10) -> list[dict]:
    """Changes newest first (one role, or the last change of every role when role_id is None)."""
    if role_id is not None:
        return recent_changes_of(con, [role_id], limit).get(role_id, [])
    rows = dict_rows(
        con.execute(
            "SELECT * FROM run_changes WHERE country = 'US' QUALIFY row_number() OVER "
            "(PARTITION BY role_id ORDER BY as_of DESC, run_id DESC) = 1"
        )
    )
    return with_causes_read(rows)


def recent_changes_of(
    con: duckdb.DuckDBPyConnection, role_ids: Sequence[str], limit: int, country: str = DEFAULT_COUNTRY
) -> dict[str, list[dict]]:
    """role id -> its last `limit` changes in the country's view, newest first (a role with none is left out)."""
    rows = with_causes_read(
        dict_rows(
            con.execute(
                "SELECT * FROM run_changes WHERE role_id IN (SELECT unnest(?::VARCHAR[])) AND country = ? "
                "QUALIFY row_number() OVER (PARTITION BY role_id ORDER BY as_of DESC, run_id DESC) <= ? "
                "ORDER BY role_id, as_of DESC, run_id DESC",
                [list(role_ids), country, limit],
            )
        )
    )
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row["role_id"], []).append(row)
    return out


def evidence_by_run(
    con: duckdb.DuckDBPyConnection, role_id: str, run_ids: Iterable[int]
) -> dict[int, dict[str, EvidenceValue]]:
    """run id -> dimension -> the role's evidence row in that run (to explain each change with its own data)."""
    return evidence_then(con, [(role_id, run_id) for run_id in run_ids]).get(role_id, {})


def evidence_then(
    con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, int]]
) -> dict[str, dict[int, dict[str, EvidenceValue]]]:
    """role id -> run id -> dimension -> the role's evidence in that run, for (role id, run id) pairs."""
    rows = dict_rows(
        con.execute(
            "SELECT e.role_id, e.run_id, e.dimension, e.value, e.analyst_value, e.status, e.rule, e.inputs "
            "FROM evidence e JOIN (SELECT unnest(?::VARCHAR[]) AS role_id, unnest(?::BIGINT[]) AS run_id) w "
            "USING (role_id, run_id)",
            [[role for role, _ in pairs], [run for _, run in pairs]],
        )
    )
    out: dict[str, dict[int, dict[str, EvidenceValue]]] = {}
    for row in with_stored_inputs(con, rows):
        out.setdefault(row["role_id"], {}).setdefault(row["run_id"], {})[row["dimension"]] = evidence_value(row)
    return out


def market_bands(con: duckdb.DuckDBPyConnection, run_id: int) -> dict[str, float]:
    """role id -> the market band stored with its score in a run."""
    rows = con.execute(
        "SELECT role_id, coalesce(market_band, 0) FROM role_scores WHERE run_id = ?", [run_id]
    ).fetchall()
    return dict(rows)


def score_paths(con: duckdb.DuckDBPyConnection, country: str = DEFAULT_COUNTRY) -> dict[str, list[tuple]]:
    """role -> its succeeded runs of the country's view in as-of order: (as of, aijri, zone, label, market band,
    the run's causes)."""
    rows = con.execute(
        "SELECT s.role_id, r.as_of, s.aijri, s.zone, s.label, coalesce(s.market_band, 0), c.causes "
        "FROM role_scores s JOIN runs r ON r.id = s.run_id "
        "LEFT JOIN changes c ON c.run_id = s.run_id AND c.role_id = s.role_id "
        "WHERE r.status = 'succeeded' AND r.country = ? ORDER BY s.role_id, r.as_of",
        [country],
    ).fetchall()
    out: dict[str, list[tuple]] = {}
    for role_id, as_of, aijri, zone, label, band, causes in rows:
        read = [cause_of(c) for c in json.loads(causes)] if causes else []
        out.setdefault(role_id, []).append((as_of, aijri, zone, label, band, read))
    return out


def evidence_for_run(con: duckdb.DuckDBPyConnection, run_id: int) -> dict[str, dict[str, EvidenceValue]]:
    """role id -> dimension -> the role's evidence in one run (to explain every change of a run at once)."""
    rows = dict_rows(
        con.execute(
            "SELECT role_id, dimension, value, analyst_value, status, rule, inputs FROM evidence WHERE run_id = ?",
            [run_id],
        )
    )
    out: dict[str, dict[str, EvidenceValue]] = {}
    for row in with_stored_inputs(con, rows, run_id):
        out.setdefault(row["role_id"], {})[row["dimension"]] = evidence_value(row)
    return out
