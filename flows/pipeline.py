"""The run pipeline, written once: each stage is a plain function; a runner decides how stages execute
(directly, or as Prefect tasks inside a flow). The flows and the CLI call run_pipeline."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import scoring as scoring_package
import sources as sources_package
from flows.ingest import SourceReport, ingest
from flows.runner import PlainRunner, Runner, StageClock
from flows.settings import PipelineSettings
from notifications.service import plan_alerts, send_due
from scoring.batch import detect_changes, draft_note, score_batch
from scoring.errors import JobzoneError
from scoring.evidence import PreviousLevel, SeriesReader, role_evidence
from scoring.evidence_rules import load_rules
from scoring.evidence_values import EvidenceValue
from scoring.roles import LoadedRole, check_file, collector_paused, load_roles
from scoring.view import RoleView, ViewCache
from sources.registry import SOURCES
from sources.signals import SignalResolver, signal_problems
from warehouse import queries
from warehouse.db import write_connection
from warehouse.writer import recording_run


@dataclass(frozen=True)
class RunRequest:
    """What one run is asked to do. Built only by the constructors below (the CLI and the flows share them)."""

    kind: str = "nightly"
    reason: str | None = None
    as_of: dt.date | None = None
    roles: list[str] | None = None
    skip_ingest: bool = False
    replay: Path | None = None
    deliver: bool = True

    @classmethod
    def nightly(
        cls,
        as_of: dt.date | None = None,
        roles: list[str] | None = None,
        replay: str | Path | None = None,
        skip_ingest: bool = False,
        reason: str | None = None,
    ) -> "RunRequest":
        return cls("nightly", reason, as_of, roles, skip_ingest, Path(replay) if replay else None)

    @classmethod
    def rerun(
        cls,
        reason: str,
        roles: list[str] | None = None,
        ingest: bool = False,
        replay: str | Path | None = None,
        as_of: dt.date | None = None,
    ) -> "RunRequest":
        return cls("rerun", reason, as_of, roles, not ingest, Path(replay) if replay else None)

    @classmethod
    def backfill(
        cls, dates: Sequence[dt.date], every: str, roles: list[str] | None, replay: str | Path | None
    ) -> list["RunRequest"]:
        """One run per as-of date, oldest first; only the first fetches (or replays) the sources."""
        reason = f"backfill {dates[0]}..{dates[-1]} every {every}" if dates else None
        return [
            cls("backfill", reason, as_of, roles, index > 0, Path(replay) if replay else None)
            for index, as_of in enumerate(dates)
        ]


def load_checked_roles(roles_dir: Path, only: list[str] | None = None) -> list[LoadedRole]:
    """Role files validated whole, [signals] included (against the source registry)."""
    return load_roles(roles_dir, only, extra_check=signal_problems)


def load_role_views(
    roles_dir: Path, only: list[str] | None = None, cache: Path | None = None, workers: int | None = None
) -> list[RoleView]:
    """The run's roles, validated as load_checked_roles does, each kept as its slim view (see scoring/view.py).
    With `cache`, files validated before by the same code are not parsed again; from PARALLEL_MIN files to
    check, they are checked in `workers` processes (default: one per core)."""
    resolve = SignalResolver()
    views = ViewCache(cache, validation_fingerprint()) if cache else None

    def keep(made: RoleView) -> RoleView:
        return views.keep(made) if views else made

    def keep_view(loaded: LoadedRole) -> RoleView:
        return keep(view_of(loaded, resolve))

    def check_many(paths: list[Path]) -> list:
        count = workers or os.cpu_count() or 1
        if len(paths) < PARALLEL_MIN or count < 2:  # e.g. a few edited files in a large catalogue
            return [check_file(path, resolve.problems, keep_view) for path in paths]
        batches = [[str(path) for path in paths[i : i + BATCH]] for i in range(0, len(paths), BATCH)]
        try:
            with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
                results = [one for batch in pool.map(check_views, batches) for one in batch]
        except BrokenProcessPool as exc:
            raise JobzoneError(
                f"checking {len(paths)} role files in {count} worker processes failed ({exc}); a script that runs "
                "the pipeline must guard its entry point (if __name__ == '__main__'), or set JOBZONE_LOAD_WORKERS=1"
            ) from None
        # Views from other processes share their signals only within a batch: adopt this process's copies.
        return [(role_id, keep(resolve.adopt(*made)) if made else None, found) for role_id, made, found in results]

    loaded = load_roles(
        roles_dir,
        only,
        resolve.problems,
        keep_view,
        views.reuse if views else None,
        check_many,
        many_from=PARALLEL_MIN,
    )
    if views and not only:
        views.save()
    return loaded


PARALLEL_MIN = 20_000  # measured: 10,000 files 4.5 s in one process, 4.6 s in two; 50,000: 20.8 s vs 14.1 s
BATCH = 500


def view_of(loaded: LoadedRole, resolve: SignalResolver) -> RoleView:
    return RoleView.of(loaded, *resolve(loaded.role), draft_note(loaded.role))


def check_views(paths: list[str]) -> list[tuple]:
    """In a worker process: (role id, (signals key, view), problems) of each role file, made as load_role_views
    makes them; the key lets the parent share signals between roles again."""
    resolve = SignalResolver()

    def keyed_view(loaded: LoadedRole) -> tuple[object, RoleView]:
        return resolve.key(loaded.role), view_of(loaded, resolve)

    with collector_paused():
        return [check_file(path, resolve.problems, keyed_view) for path in map(Path, paths)]


@lru_cache(maxsize=1)
def validation_fingerprint() -> str:
    """A digest of the code and data that validate role files and resolve their signals (scoring/, sources/):
    a cached view made by other code is never reused."""
    digest = hashlib.sha256()
    for package in (scoring_package, sources_package):
        root = Path(package.__file__).parent
        for file in sorted(root.rglob("*")):
            if file.suffix in (".py", ".csv", ".json"):
                digest.update(str(file.relative_to(root)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def stale_sources(reports: Sequence[SourceReport]) -> frozenset[str]:
    return frozenset(r.source for r in reports if r.status != "ok")


def view_cache(settings: PipelineSettings) -> Path:
    return settings.db.with_name(settings.db.name + ".views")


def map_evidence(
    settings: PipelineSettings, roles: Sequence[RoleView], as_of: dt.date, stale: frozenset[str]
) -> dict[str, list[EvidenceValue]]:
    """Every role's evidence for the run, from the observations known at as_of."""
    specs = {spec for view in roles for f in view.followed.values() for spec, _ in f.series}
    series = {(spec.source, spec.series_key) for spec in specs} | {
        (key[0], key[1]) for spec in specs for key in spec.deflators
    }
    with write_connection(settings.db) as con:
        check_history(con, as_of)
        whole = [name for name, source in SOURCES.items() if source.revises_history]
        store = queries.observation_store(con, {name for name, _ in series}, as_of, whole, series)
        levels = queries.previous_levels(con, [view.id for view in roles], as_of)
    reader = SeriesReader(store, load_rules(settings.evidence_rules))
    return {
        view.id: role_evidence(
            view,
            view.followed,
            store,
            as_of,
            stale_sources=stale,
            rules=reader.rules,
            previous={dim: PreviousLevel(*pair) for dim, pair in levels.get(view.id, {}).items()},
            reader=reader,
        )
        for view in roles
    }


def diff_roles(settings: PipelineSettings, scored, as_of: dt.date):
    with write_connection(settings.db) as con:
        previous = queries.previous_state(con, {row.role_id: row.assessment_hash for row in scored}, as_of)
    return detect_changes(scored, previous)


def check_as_of(as_of: dt.date) -> dt.date:
    """A run's as-of date: not in the future (UTC), since a future run would be 'latest' for good."""
    today = dt.datetime.now(dt.timezone.utc).date()
    if as_of > today:
        raise JobzoneError(
            f"--as-of {as_of} is in the future (today is {today} UTC); scores can only be as of today or earlier"
        )
    return as_of


def check_history(con, as_of: dt.date) -> None:
    """Refuse an as-of date before the earliest data any source holds: such a run would only restate the files."""
    earliest = queries.earliest_observation(con)
    if earliest is not None and as_of < earliest:
        raise JobzoneError(f"--as-of {as_of} is before the earliest data any source holds ({earliest})")


def check_secret_if_anyone_follows(settings: PipelineSettings) -> None:
    """Fail before the run, not after scoring, when subscribers exist and the signing secret is unusable."""
    with write_connection(settings.db) as con:
        followers = con.execute("SELECT count(*) FROM subscribers WHERE status <> 'unsubscribed'").fetchone()[0]
    if followers:
        settings.signing_secret()


def run_pipeline(settings: PipelineSettings, request: RunRequest, runner: Runner | None = None) -> dict:
    """Load, ingest, map evidence, score, diff and write one run atomically; return its report."""
    clock = StageClock(runner or PlainRunner())
    as_of = check_as_of(request.as_of or dt.datetime.now(dt.timezone.utc).date())
    with recording_run(settings.db, request.kind, request.reason, as_of) as run:
        check_secret_if_anyone_follows(settings)
        roles = clock.call(
            "load roles", load_role_views, settings.roles, request.roles, view_cache(settings), settings.load_workers
        )
        replay = request.replay or settings.replay
        signals = [view.signals for view in roles]
        sources = [] if request.skip_ingest else ingest(settings, signals, replay, run.run_id, clock)
        evidence = clock.call("map evidence", map_evidence, settings, roles, as_of, stale_sources(sources))
        scored = clock.call("score roles", score_batch, roles, evidence)
        changes = clock.call("diff", diff_roles, settings, scored, as_of)
        run_info = {"id": run.run_id, "kind": request.kind, "as_of": as_of, "reason": request.reason}
        write_alerts, alerts = clock.call("plan alerts", plan_alerts, settings, run_info, scored, changes)
        stats = run_stats(request, settings, scored, changes, sources, clock.seconds)
        stats["notifications_queued"] = alerts
        start = time.perf_counter()
        run.commit(scored, changes, stats, also=write_alerts)
        stats["seconds"]["write"] = round(time.perf_counter() - start, 4)
        if request.deliver and alerts:
            delivery = clock.call("deliver", send_due, settings, None, True)
            stats["notifications_sent"], stats["notification_errors"] = delivery.sent, delivery.errors
    return {"run_id": run.run_id, "kind": request.kind, "reason": request.reason, "as_of": as_of, **stats}


def market_fed(scored) -> dict[str, dict]:
    """Per automated dimension: how many roles the market moved this run (fresh) and how many held or had none."""
    out: dict[str, Counter] = {}
    for row in scored:
        for e in row.evidence:
            if e.status != "analyst":
                out.setdefault(e.dimension, Counter())[e.status] += 1
    return {
        dim: {
            "fresh": c["fresh"],
            "held": c["stale"] + c["insufficient"],
            "pinned": c["pinned"],
            "fresh_share": round(c["fresh"] / len(scored), 3) if scored else 0.0,
        }
        for dim, c in out.items()
    }


def run_stats(request: RunRequest, settings: PipelineSettings, scored, changes, sources, seconds: dict) -> dict:
    """The run report: counts per stage, cheap quality signals, and time per stage."""
    return {
        "roles_scored": len(scored),
        "changes": len(changes),
        "zones": dict(Counter(row.score["zone"] for row in scored)),
        "evidence_status": dict(Counter(e.status for row in scored for e in row.evidence)),
        "market_fed": market_fed(scored),
        "zone_moves": dict(
            Counter(
                f"{c.before_zone} -> {c.after_zone}" for c in changes if c.before_zone and c.before_zone != c.after_zone
            )
        ),
        "ingest": "skipped" if request.skip_ingest else ("replay" if (request.replay or settings.replay) else "live"),
        "sources": {r.source: r.status for r in sources},
        "observations_new": sum(r.new_observations for r in sources),
        "source_errors": [e for r in sources for e in r.errors],
        "notifications_queued": 0,
        "seconds": seconds,
    }
