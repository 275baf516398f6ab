"""The run pipeline, written once: each stage is a plain function; a runner decides how stages execute
(directly, or as Prefect tasks inside a flow). The flows and the CLI call run_pipeline."""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from flows.ingest import SourceReport, ingest
from flows.settings import Settings
from notifications.service import plan_alerts, send_due
from scoring.batch import detect_changes, score_batch
from scoring.evidence import PreviousLevel, role_evidence
from scoring.evidence_rules import load_rules
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
    deliver: bool = True


def backfill_requests(dates: Sequence[dt.date], every: str, roles: list[str] | None,
                      replay: Path | None) -> list[RunRequest]:
    """One backfill run per as-of date, oldest first; only the first fetches (or replays) the sources."""
    reason = f"backfill {dates[0]}..{dates[-1]} every {every}" if dates else None
    return [RunRequest("backfill", reason, as_of, roles, skip_ingest=index > 0, replay=replay)
            for index, as_of in enumerate(dates)]


class PlainRunner:
    """Runs each stage as a plain call; `map` runs items one after another."""

    def call(self, name: str, fn: Callable, *args):
        return fn(*args)

    def map(self, name_of: Callable, fn: Callable, items: Sequence) -> list:
        return [fn(item) for item in items]


class StageClock:
    def __init__(self, runner):
        self.runner = runner
        self.seconds: dict[str, float] = {}

    def call(self, name: str, fn: Callable, *args):
        start = time.perf_counter()
        try:
            return self.runner.call(name, fn, *args)
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0) + time.perf_counter() - start, 4)

    def map(self, name: str, name_of: Callable, fn: Callable, items: Sequence) -> list:
        start = time.perf_counter()
        try:
            return self.runner.map(name_of, fn, items)
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0) + time.perf_counter() - start, 4)


def stale_sources(reports: Sequence[SourceReport]) -> frozenset[str]:
    return frozenset(r.source for r in reports if r.status != "ok")


def map_evidence(settings: Settings, roles, as_of: dt.date, stale: frozenset[str]) -> dict[str, list[EvidenceValue]]:
    """Every role's evidence for the run, from the observations known at as_of."""
    followed = {source for role in roles if role.signals for _, source, _ in role.signals.series()}
    followed |= {"bls", "uscpi", "ons"} if followed else set()
    with write_connection(settings.db) as con:
        store = queries.observation_store(con, followed, as_of)
        levels = queries.previous_levels(con, [role.id for role in roles], as_of)
    rules = load_rules(settings.evidence_rules)
    return {role.id: role_evidence(role, store, as_of, stale_sources=stale, rules=rules,
                                   previous={dim: PreviousLevel(*pair) for dim, pair in levels.get(role.id, {}).items()})
            for role in roles}


def diff_roles(settings: Settings, scored, as_of: dt.date):
    with write_connection(settings.db) as con:
        previous = queries.previous_state(con, [row.role_id for row in scored], as_of)
    return detect_changes(scored, previous)


def run_pipeline(settings: Settings, request: RunRequest, runner=None) -> dict:
    """Load, ingest, map evidence, score, diff and write one run atomically; return its report."""
    clock = StageClock(runner or PlainRunner())
    as_of = request.as_of or dt.datetime.now(dt.timezone.utc).date()
    with recording_run(settings.db, request.kind, request.reason, as_of) as run:
        loaded = clock.call("load roles", load_roles, settings.roles, request.roles)
        roles = [item.role for item in loaded]
        sources = [] if request.skip_ingest else ingest(
            settings, roles, request.replay or settings.replay, run.run_id,
            fan_out=lambda name_of, fn, items: clock.map("fetch", name_of, fn, items), stage=clock.call)
        evidence = clock.call("map evidence", map_evidence, settings, roles, as_of, stale_sources(sources))
        scored = clock.call("score roles", score_batch, loaded, evidence)
        changes = clock.call("diff", diff_roles, settings, scored, as_of)
        write_alerts, alerts = clock.call("plan alerts", plan_alerts, settings, run.run_id, request.reason, scored, changes)
        stats = run_stats(request, settings, scored, changes, sources, clock.seconds)
        stats["notifications_queued"] = alerts
        start = time.perf_counter()
        run.commit(scored, changes, stats, also=write_alerts)
        stats["seconds"]["write"] = round(time.perf_counter() - start, 4)
        if request.deliver and alerts:
            delivery = clock.call("deliver", send_due, settings)
            stats["notifications_sent"], stats["notification_errors"] = delivery.sent, delivery.errors
    return {"run_id": run.run_id, "kind": request.kind, "reason": request.reason, "as_of": as_of, **stats}


def run_stats(request: RunRequest, settings: Settings, scored, changes, sources, seconds: dict) -> dict:
    """The run report: counts per stage, cheap quality signals, and time per stage."""
    return {
        "roles_scored": len(scored),
        "changes": len(changes),
        "zones": dict(Counter(row.score["zone"] for row in scored)),
        "evidence_status": dict(Counter(e.status for row in scored for e in row.evidence)),
        "ingest": "skipped" if request.skip_ingest else ("replay" if (request.replay or settings.replay) else "live"),
        "sources": {r.source: r.status for r in sources},
        "observations_new": sum(r.new_observations for r in sources),
        "source_errors": [e for r in sources for e in r.errors],
        "notifications_queued": 0,
        "seconds": seconds,
    }
