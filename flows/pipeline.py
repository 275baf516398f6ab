"""The run pipeline, written once: each stage is a plain function; a runner decides how stages execute
(directly, or as Prefect tasks inside a flow). The flows and the CLI call run_pipeline."""

from __future__ import annotations

import datetime as dt
import time
from functools import partial
from typing import Sequence

import duckdb

from catalogue import journal
from flows.capability import check_frontier, named_after, needs_check, propose
from flows.ingest import SourceReport, ingest
from flows.report import RunReport, capability_stats, run_stats
from flows.request import BackfillRequest, RunRequest
from flows.role_loader import RoleLoader, collector_paused
from flows.runner import PlainRunner, Runner, StageClock
from flows.settings import PipelineSettings
from flows.view_cache import validation_fingerprint, view_cache_file
from notifications.ratchet import RunInfo
from notifications.service import AlertPlan, plan_alerts, send_due, write_alert_plan
from scoring.batch import ScoredRole, detect_changes, score_batch
from scoring.capability_evidence import DIMENSION as CAPABILITY
from scoring.capability_evidence import SOURCE as CAPABILITY_SOURCE
from scoring.capability_evidence import FrontierReader, map_capability
from scoring.changes import Change
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.dimensions import get_dimension
from scoring.errors import JobzoneError
from scoring.evidence import PreviousLevel, SeriesReader, Store, role_evidence
from scoring.evidence_rules import DEFAULT_RULES, EvidenceRules, load_rules
from scoring.evidence_values import EvidenceValue
from scoring.signals import SeriesSpec
from scoring.transitions import transitions
from scoring.uncertainty import market_band
from scoring.view import RoleView, role_work
from sources.registry import SOURCES, publication_lags
from sources.signals import CountryViews
from warehouse import queries
from warehouse.capability import capability_results
from warehouse.path_rows import PathsUpdate, paths_inputs_digest
from warehouse.paths import newest_inputs
from warehouse.pay import median_pay
from warehouse.releases import ReleaseUpdate
from warehouse.writer import recording_run


def backfill_done(settings: PipelineSettings, request: BackfillRequest) -> list[dt.date]:
    """The as-of dates of this backfill (the same range and step) that already ran: an interrupted backfill run
    again resumes, instead of storing its first runs' history points twice."""
    with settings.warehouse.write("reading which dates of this backfill ran") as con:  # before the run: may migrate
        ran = queries.succeeded_as_of_dates(con, "backfill", request.reason, request.country)
    return [day for day in request.dates if day in ran]


def with_release(reason: str | None, release: journal.Pending | None) -> str | None:
    """A run that scores an applied release nobody has scored yet is named after it (its causes then say so)."""
    if release is None or reason == release.reason:
        return reason
    return release.reason if reason is None else f"{reason}; {release.reason}"


def stale_sources(reports: Sequence[SourceReport]) -> frozenset[str]:
    return frozenset(r.source for r in reports if r.status != "ok")


def followed_specs(roles: Sequence[RoleView]) -> set[SeriesSpec]:
    """Every market series the roles follow (interned: thousands of roles share a few)."""
    return {spec for view in roles for f in view.followed.values() for spec, _ in f.series}


def map_evidence(
    settings: PipelineSettings,
    roles: Sequence[RoleView],
    as_of: dt.date,
    stale: frozenset[str],
    rules: EvidenceRules,
    country: str = DEFAULT_COUNTRY,
) -> dict[str, list[EvidenceValue]]:
    """Every role's evidence for the run, from the observations published by as_of (anchors: by each assessment
    date), and AI tool maturity from the capability results published by as_of. One connection for the reads."""
    specs = followed_specs(roles)
    series = (
        {(spec.source, spec.series_key) for spec in specs}
        | {(key[0], key[1]) for spec in specs for key in spec.deflators}
        | {(spec.source, spec.benchmark) for spec in specs if spec.benchmark}
    )
    anchored = {view.assessed_on for view in roles if any(f.mode == "anchored" for f in view.followed.values())}
    capability = get_dimension(CAPABILITY).measure == "capability" and rules.capability
    with settings.warehouse.connect() as con:
        check_history(con, as_of)
        whole = [name for name, source in SOURCES.items() if source.revises_history]
        lags = publication_lags()
        names = {name for name, _ in series}

        def published_by(day: dt.date) -> Store:
            return queries.observation_store(con, names, day, whole, series, lags)

        store = published_by(as_of)
        anchors = {day: published_by(day) for day in sorted(anchored) if day != as_of}
        levels = queries.previous_levels(con, [view.id for view in roles], as_of, country)
        frontier = FrontierReader(capability_results(con, as_of) if capability else [], as_of)
    reader = SeriesReader(store, rules, anchors)
    out = {}
    for view in roles:
        previous = {dim: PreviousLevel(*values) for dim, values in levels.get(view.id, {}).items()}
        values = role_evidence(
            view, view.followed, store, as_of, stale_sources=stale, rules=reader.rules, previous=previous, reader=reader
        )
        if capability:
            followed = view.followed.get(CAPABILITY)
            mapped = map_capability(
                view,
                view.capability,
                frontier,
                previous=previous.get(CAPABILITY),
                stale=CAPABILITY_SOURCE in stale,
                pinned=bool(followed and followed.pinned),
                rules=rules,
            )
            values = [mapped if e.dimension == CAPABILITY else e for e in values]
        out[view.id] = values
    return out


def diff_roles(
    settings: PipelineSettings, scored: Sequence[ScoredRole], as_of: dt.date, country: str = DEFAULT_COUNTRY
) -> list[Change]:
    with settings.warehouse.connect() as con:
        hashes = {row.role_id: row.assessment_hash for row in scored}
        previous = queries.previous_state(con, hashes, as_of, country)
    return detect_changes(scored, previous)


def transition_paths(settings: PipelineSettings, scored: Sequence[ScoredRole], as_of: dt.date) -> PathsUpdate:
    """Every role's transition paths, when the run scores the whole catalogue (a partial run keeps the last), with
    each role's pay as published by the as-of date; not computed again when they would be made of what the newest
    stored set was made of."""
    with settings.warehouse.connect() as con:
        pay = median_pay(con, {row.view.soc for row in scored if row.view.soc}, as_of)
        work, via = role_work([row.view for row in scored], pay)
        inputs = paths_inputs_digest(scored, validation_fingerprint(), work, via)
        if newest_inputs(con) == inputs:
            return PathsUpdate(inputs, None)
    return PathsUpdate(inputs, transitions(work, {row.role_id: row.score.aijri for row in scored}, via))


def check_as_of(as_of: dt.date) -> dt.date:
    """A run's as-of date: not in the future (UTC), since a future run would be 'latest' for good."""
    today = dt.datetime.now(dt.timezone.utc).date()
    if as_of > today:
        raise JobzoneError(
            f"--as-of {as_of} is in the future (today is {today} UTC); scores can only be as of today or earlier"
        )
    return as_of


def check_history(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    """Refuse an as-of date before the earliest data any source holds: such a run would only restate the files."""
    earliest = queries.earliest_observation(con)
    if earliest is not None and as_of < earliest:
        raise JobzoneError(f"--as-of {as_of} is before the earliest data any source holds ({earliest})")


# A nightly that ran late is still news; an as-of date further back is history (a backfill, a backtest).
CURRENT_DAYS = 3


def alerts_held(request: RunRequest, as_of: dt.date) -> str | None:
    """Why this run alerts nobody (None: it plans alerts): a past as-of date asked for builds history unless asked
    to alert; a run left to its default date (today, or a rerun's stored date) is news. A run alerts the
    subscriptions to its country's view."""
    today = dt.datetime.now(dt.timezone.utc).date()
    current = request.as_of is None or (today - as_of).days <= CURRENT_DAYS
    if request.alert is True or (request.alert is None and current):
        return None
    if request.alert is False and current:
        return "none planned: this run was asked not to alert"
    return f"none planned: as of {as_of} is in the past, so this run builds history (--alert to alert)"


def requested_as_of(request: RunRequest) -> dt.date | None:
    """The date a run scores as of: the one asked for; for a rerun that fetches nothing, None: the date the
    newest stored scores are as of (the pages' moment: as of today it could read past the newest stored data and
    hold every market dimension), read once the run holds the lock; else today (UTC)."""
    if request.as_of is not None:
        return check_as_of(request.as_of)
    return None if request.kind == "rerun" and not request.fetches else dt.datetime.now(dt.timezone.utc).date()


def read_vintages(settings: PipelineSettings, roles: Sequence[RoleView], as_of: dt.date) -> dict[str, dict]:
    """Which vintage each source contributed, as published by the as-of date (for the run report)."""
    series = {(spec.source, spec.series_key) for spec in followed_specs(roles)}
    with settings.warehouse.connect() as con:
        found = queries.source_vintages(con, series, as_of, publication_lags())
    return {
        v["source"]: {"vintage": str(v["vintage"]), "latest_period": str(v["latest_period"]), "later": v["later"]}
        for v in found
    }


def check_secret_if_anyone_follows(settings: PipelineSettings) -> None:
    """Fail before the run, not after scoring, when subscribers exist and the signing secret is unusable."""
    with settings.warehouse.connect() as con:
        row = con.execute("SELECT count(*) FROM subscribers WHERE status <> 'unsubscribed'").fetchone()
    if row and row[0]:
        settings.signing_secret()


def run_pipeline(settings: PipelineSettings, request: RunRequest, runner: Runner | None = None) -> RunReport:
    """Load, ingest, map evidence, score, diff and write one run atomically; return its report."""
    clock = StageClock(runner or PlainRunner())
    requested = requested_as_of(request)
    unscored = journal.refuse_half_written(settings.releases)
    us = request.country == DEFAULT_COUNTRY
    release = unscored if not request.roles and us else None  # only a run of the whole US view scores it
    reason = with_release(request.reason, release)
    loader = RoleLoader(view_cache_file(settings), settings.load_workers)
    in_country = CountryViews(request.country)
    with recording_run(
        settings.warehouse, request.kind, reason, requested, wait=settings.run_lock_wait, country=request.country
    ) as run:
        as_of = run.as_of
        check_secret_if_anyone_follows(settings)
        roles = in_country(clock.call("load roles", loader.load, settings.roles, request.roles))
        if not roles:  # stored as the newest, an empty catalogue would take every role's paths off the pages
            raise JobzoneError(f"{settings.roles}: no role files (*.toml) to score; check JOBZONE_ROLES")
        replay = request.replay or settings.replay
        signals = [view.signals for view in roles]
        capability = any(view.capability is not None for view in roles)
        sources = (
            []
            if not request.fetches
            else ingest(settings, signals, replay, run.run_id, clock, as_of=as_of, capability=capability)
        )
        rules = load_rules(settings.evidence_rules)
        events = (
            clock.call("check capability", check_frontier, settings, run.run_id, as_of, rules.z_of(CAPABILITY))
            if us and needs_check(settings, sources)
            else []
        )
        held = alerts_held(request, as_of)
        proposed = propose(settings, events) if events and not held else []
        if events:
            reason = named_after(reason, events)
            run.rename(reason)
        stale = stale_sources(sources)
        evidence = clock.call("map evidence", map_evidence, settings, roles, as_of, stale, rules, request.country)
        scored = clock.call("score roles", score_batch, roles, evidence, rules)
        changes = clock.call("diff", diff_roles, settings, scored, as_of, request.country)
        whole_us = us and not request.roles  # paths are the US view's (pay is OEWS's)
        paths = clock.call("transition paths", transition_paths, settings, scored, as_of) if whole_us else None
        run_info = RunInfo(id=run.run_id, kind=request.kind, as_of=as_of, reason=reason, country=request.country)
        bands = {row.role_id: row.market_band for row in scored}
        # Moves are counted against the default z whatever the rules: a backtest compares methods on one yardstick.
        same_z = rules.z == DEFAULT_RULES.z and not rules.z_scores  # then the alert band is the yardstick
        yardstick = (
            bands if same_z else {r.role_id: market_band(r.score, r.evidence, rules, DEFAULT_RULES.z) for r in scored}
        )
        alert_plan = (
            AlertPlan(run.run_id)
            if held
            else clock.call("plan alerts", plan_alerts, settings, run_info, scored, changes, bands)
        )
        alerts = alert_plan.queued
        ingested = "skipped" if not request.fetches else ("replay" if replay else "live")
        releases = ReleaseUpdate.read(settings.releases)
        stats = run_stats(
            ingest=ingested,
            scored=scored,
            changes=changes,
            sources=sources,
            notifications_queued=alerts,
            seconds=dict(clock.seconds),
            vintages=read_vintages(settings, roles, as_of),
            alerts_held=held,
            bands=yardstick,
            capability=capability_stats(scored, events, proposed),
            release_files_unread=releases.problems,
            country=request.country,
        )
        start = time.perf_counter()
        with collector_paused():  # the write makes a million short-lived objects beside the run's long-lived ones
            run.commit(
                scored,
                changes,
                stats.as_dict(),
                also=partial(write_alert_plan, plan=alert_plan),
                paths=paths,
                releases=releases,
            )
        if release is not None:
            journal.finish(settings.releases)  # the applied release is scored: its change is complete
        seconds = {**stats.seconds, "write": round(time.perf_counter() - start, 4)}
    # Delivered once the run is written and its lock let go: sending takes the lock only for each short write, so an
    # unsubscribe from the mail just sent is not refused while the rest of the digests go out.
    delivery = None
    if request.deliver and alerts:
        delivery = clock.call("deliver", send_due, settings)
        seconds["deliver"] = clock.seconds["deliver"]
    return RunReport.of(stats, run=run_info, seconds=seconds, delivery=delivery)
