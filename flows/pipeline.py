"""The run pipeline as plain functions: the Prefect flows and the CLI call these, in this order."""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flows.ingest import SourceReport, ingest
from flows.settings import Settings
from scoring.batch import detect_changes, score_batch
from scoring.evidence import PreviousLevel, role_evidence
from scoring.evidence_values import EvidenceValue
from scoring.roles import load_roles
from warehouse import queries
from warehouse.db import write_connection
from warehouse.writer import recording_run


@dataclass
class RunRequest:
    kind: str = "nightly"
    reason: str | None = None
    as_of: dt.date | None = None
    roles: list[str] | None = None
    skip_ingest: bool = False
    replay: Path | None = None


@dataclass
class StageTimer:
    seconds: dict = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - start, 4)


def stale_sources(reports: list[SourceReport]) -> frozenset[str]:
    return frozenset(r.source for r in reports if r.status != "ok")


def map_evidence(settings: Settings, loaded, as_of: dt.date, stale: frozenset[str]) -> dict[str, list[EvidenceValue]]:
    """Every role's evidence for the run, from the observations known at as_of."""
    roles = [item.role for item in loaded]
    followed = {source for role in roles if role.signals for _, source, _ in role.signals.series()}
    followed |= {"bls", "uscpi", "ons"} if followed else set()
    with write_connection(settings.db) as con:
        store = queries.observation_store(con, followed, as_of)
        levels = queries.previous_levels(con, [role.id for role in roles])
    return {role.id: role_evidence(role, store, as_of, stale_sources=stale,
                                   previous={dim: PreviousLevel(*pair) for dim, pair in levels.get(role.id, {}).items()})
            for role in roles}


def run_pipeline(settings: Settings, request: RunRequest) -> dict:
    """Load, score, diff and write one run atomically; return its report."""
    as_of = request.as_of or dt.datetime.now(dt.timezone.utc).date()
    timer = StageTimer()
    with recording_run(settings.db, request.kind, request.reason, as_of) as run:
        with timer.stage("load_roles"):
            loaded = load_roles(settings.roles, only=request.roles)
        sources = []
        if not request.skip_ingest:
            with timer.stage("ingest"):
                sources = ingest(settings, [item.role for item in loaded], request.replay or settings.replay, run.run_id)
        with timer.stage("evidence"):
            evidence = map_evidence(settings, loaded, as_of, stale_sources(sources))
        with timer.stage("score"):
            scored = score_batch(loaded, evidence)
        with timer.stage("diff"):
            with write_connection(settings.db) as con:
                previous = queries.previous_state(con, [row.role_id for row in scored])
            changes = detect_changes(scored, previous)
        stats = {
            "roles_scored": len(scored),
            "changes": len(changes),
            "zones": dict(Counter(row.score["zone"] for row in scored)),
            "evidence_status": dict(Counter(e.status for row in scored for e in row.evidence)),
            "ingest": "skipped" if request.skip_ingest else ("replay" if (request.replay or settings.replay) else "live"),
            "sources": {r.source: r.status for r in sources},
            "source_errors": [e for r in sources for e in r.errors],
            "seconds": timer.seconds,
        }
        with timer.stage("write"):
            run.commit(scored, changes, stats)
    return {"run_id": run.run_id, "kind": request.kind, "reason": request.reason, "as_of": as_of, **stats}
