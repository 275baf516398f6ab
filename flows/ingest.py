"""The ingest stage: fetch each source the roles need, archive every response, parse, store observations."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flows.settings import Settings
from sources.base import Source
from sources.errors import ParseError
from sources.http import HttpConfig, PoliteClient
from sources.ingest import FetchOutcome, fetch_source, observation_rows, parse_response, signal_params
from sources.registry import get_source
from sources.replay import replay_session
from warehouse.archive import archive_responses, body, last_response, store_observations
from warehouse.db import write_connection
from warehouse.health import record_source_result


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


def http_config(settings: Settings) -> HttpConfig:
    return HttpConfig(user_agent=settings.user_agent, connect_timeout=settings.http_connect_timeout,
                      read_timeout=settings.http_read_timeout, retries=settings.http_retries,
                      min_interval=settings.http_min_interval, max_bytes=settings.http_max_bytes)


def fetch_plan(roles) -> list[tuple[Source, list[dict]]]:
    """(source, parameter sets) for every source the roles' signals follow."""
    wanted = signal_params(roles)
    return [(get_source(name), params) for name, params in wanted.items()]


def make_client(settings: Settings, replay: Path | None, plan) -> PoliteClient:
    """One client for the run (shared per-host pacing); conditional requests use the last archived response."""
    urls = [request.url for source, params in plan for request in source.requests_for(params)]
    with write_connection(settings.db) as con:
        known = {url: last_response(con, url) for url in urls}
    config = http_config(settings)
    session = replay_session(replay, config.user_agent) if replay else None

    def load_body(content_hash: str) -> bytes:
        with write_connection(settings.db) as con:
            return body(con, content_hash)

    return PoliteClient(config, session=session, validators=known.get, load_body=load_body, replayed=bool(replay))


def store_outcome(settings: Settings, run_id: int | None, source: Source, outcome: FetchOutcome) -> SourceReport:
    """Archive the raw responses first, then parse them; a broken contract marks the source stale."""
    report = SourceReport(source.name, responses=len(outcome.responses), errors=list(outcome.errors))
    with write_connection(settings.db) as con:
        archive_responses(con, run_id, outcome.responses)
    rows: list[dict] = []
    for request, response in zip(outcome.requests, outcome.responses):
        try:
            rows += observation_rows(parse_response(source, request, response), response, source.parser_version)
        except ParseError as exc:
            report.errors.append(str(exc))
    report.observations = len(rows)
    now = dt.datetime.now(dt.timezone.utc)
    with write_connection(settings.db) as con:
        report.new_observations = store_observations(con, rows)
        report.consecutive_failures = record_source_result(con, source.name, not report.errors,
                                                           "; ".join(report.errors) or None, now)
    if report.errors:
        report.status = "broken" if report.consecutive_failures >= settings.broken_after else "stale"
    return report


def _plain_map(name_of, fn, items) -> list:
    return [fn(item) for item in items]


def _plain_call(name, fn, *args):
    return fn(*args)


def ingest(settings: Settings, roles, replay: Path | None, run_id: int | None,
           fan_out=_plain_map, stage=_plain_call) -> list[SourceReport]:
    """Fetch (one call per source, through `fan_out`), then archive and parse each source (through `stage`).
    The pipeline passes its runner's map and call so these become Prefect tasks; plainly, they are calls."""
    plan = fetch_plan(roles)
    if not plan:
        return []
    client = make_client(settings, replay, plan)
    try:
        outcomes = fan_out(lambda item: f"fetch {item[0].name}",
                           lambda item: fetch_source(item[0], item[1], client, settings.fetch_workers), plan)
    finally:
        client.close()
    return [stage("archive and parse", store_outcome, settings, run_id, source, outcome)
            for (source, _), outcome in zip(plan, outcomes)]
