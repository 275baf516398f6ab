"""The ingest stage: fetch each source the roles need, archive every response, parse, store observations."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from duckdb import DuckDBPyConnection as Connection

from flows.runner import PlainRunner, Runner
from flows.settings import PipelineSettings
from scoring.signals import DimensionSignals
from sources.base import Source, check_complete
from sources.epoch import NAME as CAPABILITY_SOURCE
from sources.errors import ParseError
from sources.http import PoliteClient
from sources.ingest import (
    FetchOutcome,
    describe_response,
    fetch_sources,
    observation_rows,
    parse_response,
    series_info_rows,
)
from sources.registry import get_source
from sources.signals import fetch_params
from warehouse.archive import (
    archive_responses,
    body,
    last_response,
    parsed_bodies,
    previous_shape,
    store_observations,
)
from warehouse.health import record_source_result, source_state

SignalTables = Iterable[Mapping[str, DimensionSignals]]  # each role's effective [signals]
Plan = list[tuple[Source, list[dict]]]  # each source the roles follow, with the parameter sets asked of it


@dataclass
class SourceReport:
    source: str
    status: str = "ok"  # ok | stale (this run failed) | broken (failed N runs in a row)
    responses: int = 0
    observations: int = 0
    new_observations: int = 0
    consecutive_failures: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def fetch_plan(signal_tables: SignalTables, capability: bool = False) -> Plan:
    """(source, parameter sets) for every source the roles' effective signals follow, and the AI capability source
    when some role's work it measures (`capability`)."""
    plan = [(get_source(name), params) for name, params in fetch_params(signal_tables).items()]
    return plan + [(get_source(CAPABILITY_SOURCE), [])] if capability else plan


def make_client(
    settings: PipelineSettings, replay: Path | None, plan: Plan, as_of: dt.date | None = None
) -> PoliteClient:
    """One client for the run (shared per-host pacing); conditional requests use the last archived response; a
    replay serves each URL as recorded by the as-of date."""
    urls = [request.url for source, params in plan for request in source.requests_for(params)]
    with settings.warehouse.connect() as con:
        known = {url: last_response(con, url) for url in urls}

    def load_body(content_hash: str) -> bytes:
        with settings.warehouse.connect() as con:
            return body(con, content_hash)

    return settings.http_client(replay, validators=known.get, load_body=load_body, as_of=as_of)


def store_outcomes(
    settings: PipelineSettings, run_id: int | None, plan: Plan, outcomes: Sequence[FetchOutcome]
) -> list[SourceReport]:
    """Archive every source's raw responses first, then parse the bodies its parser has not read yet (holding
    no connection: readers get in meanwhile), then store the observations and each source's health. A broken
    contract marks that source stale. Two short connections per run; one on a night when nothing changed."""
    sources = [source for source, _ in plan]
    reports = [
        SourceReport(source.name, responses=len(outcome.responses), errors=list(outcome.errors))
        for source, outcome in zip(sources, outcomes)
    ]
    with settings.warehouse.connect() as con:
        pending = [_archive(con, run_id, *each) for each in zip(sources, outcomes, reports)]
        if not any(pending):
            for source, report in zip(sources, reports):
                _record(settings, con, source, report, ([], []))
            return reports
    rows = [_parse(*each) for each in zip(sources, pending, reports)]
    with settings.warehouse.connect() as con:
        for source, report, new in zip(sources, reports, rows):
            _record(settings, con, source, report, new)
    return reports


def _archive(con: Connection, run_id: int | None, source: Source, outcome: FetchOutcome, report: SourceReport) -> list:
    """Archive the source's responses; count the observations of bodies already parsed; return the rest."""
    hashes = archive_responses(con, run_id, outcome.responses)
    parsed = parsed_bodies(con, source.name, hashes, source.parser_version)
    report.observations = sum(parsed[r.content_hash] for r in outcome.responses if r.content_hash in parsed)
    return [
        (q, r, previous_shape(con, q.url, r.content_hash))
        for q, r in zip(outcome.requests, outcome.responses)
        if r.content_hash not in parsed
    ]


def _parse(source: Source, pending: list, report: SourceReport) -> tuple[list[dict], list[dict]]:
    """Observation rows (and what their series are, for a source that says) from the pending bodies; a body that
    breaks the contract, or holds less than the previous download of the same URL, is an error of the source (its
    series hold their last values)."""
    rows: list[dict] = []
    infos: list[dict] = []
    for request, response, previous in pending:
        try:
            observations = parse_response(source, request, response)
            check_complete(observations, previous, request.url, source.drops_series)
            described = describe_response(source, request, response)
        except ParseError as exc:
            report.errors.append(str(exc))
            continue
        rows += observation_rows(observations, response, source.parser_version)
        infos += series_info_rows(described, response)
    return rows, infos


def _record(
    settings: PipelineSettings, con: Connection, source: Source, report: SourceReport, parsed: tuple[list, list]
) -> None:
    """Store the new observations (with what their series are) and the source's health for this run."""
    rows, infos = parsed
    report.observations += len(rows)
    report.new_observations = store_observations(con, rows, infos)
    now = dt.datetime.now(dt.timezone.utc)
    report.consecutive_failures = record_source_result(
        con, source.name, not report.errors, "; ".join(report.errors) or None, now, settings.source_broken_after
    )
    report.status = source_state(report.consecutive_failures, settings.source_broken_after)


def ingest(
    settings: PipelineSettings,
    signal_tables: SignalTables,
    replay: Path | None,
    run_id: int | None,
    runner: Runner | None = None,
    *,
    as_of: dt.date | None = None,
    capability: bool = False,
) -> list[SourceReport]:
    """Fetch every source the roles follow (one stage, sources concurrently), then archive and parse them (one
    stage), through the runner: Prefect tasks under a flow, plain calls otherwise. `signal_tables`: the roles'
    effective signals; `capability`: some role follows AI capability."""
    runner = runner or PlainRunner()
    plan = fetch_plan(signal_tables, capability)
    if not plan:
        return []
    client = make_client(settings, replay, plan, as_of)
    try:
        outcomes = runner.call("fetch", fetch_sources, plan, client, settings.fetch_workers, settings.api_key)
    finally:
        client.close()
    return runner.call("archive and parse", store_outcomes, settings, run_id, plan, outcomes)
