"""Sources: the registry with each source's health, test one source (fetch and parse, store nothing), parse a
saved body, and re-derive a source's observations from its archived bodies."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flows.role_loader import load_checked_roles
from jobzone.settings import Settings
from scoring.errors import JobzoneError
from sources.base import FetchRequest, Observation, Source
from sources.errors import SourceError
from sources.ingest import fetch_source, parse_body, parse_response
from sources.registry import SOURCES, get_source
from sources.signals import effective_signals, fetch_params
from warehouse.errors import WarehouseError
from warehouse.health import source_health, source_state
from warehouse.reparse import reparse_source
from warehouse.store import Warehouse


def registered(db: Path, broken_after: int) -> list[dict]:
    """Every registered source with attribution, licence and (when the warehouse has it) its state in the run
    reports' words (ok, stale, broken: a row stored before they were used said "failed")."""
    try:
        with Warehouse(db).read() as con:
            health = source_health(con)
    except WarehouseError:
        health = {}
    for row in health.values():
        row["last_status"] = source_state(row["consecutive_failures"], broken_after)
    return [
        {
            "name": s.name,
            "title": s.title,
            "attribution": s.attribution,
            "licence": s.licence,
            "yields": s.yields,
            **{k: v for k, v in health.get(s.name, {}).items() if k != "source"},
        }
        for s in SOURCES.values()
    ]


class UsageProblem(JobzoneError):
    """The command cannot go on as asked (no role follows the source; a file whose kind needs --url): the CLI
    reports it as a usage error."""


@dataclass(frozen=True)
class FetchResult:
    observations: list[Observation]
    errors: list[str] = field(default_factory=list)


def fetch_one(settings: Settings, source: str) -> FetchResult:
    """Fetch and parse one source for the configured roles' followed series; nothing is stored."""
    adapter = get_source(source)
    signals = (effective_signals(item.role)[0] for item in load_checked_roles(settings.roles))
    params = fetch_params(signals).get(source, [])
    if not params:
        raise UsageProblem(f"no role in {settings.roles} follows source '{source}'")
    client = settings.http_client(settings.replay)
    try:
        outcome = fetch_source(adapter, params, client, settings.fetch_workers, settings.api_key(source))
    finally:
        client.close()
    observations: list[Observation] = []
    for request, response in zip(outcome.requests, outcome.responses):
        observations += parse_response(adapter, request, response)
    return FetchResult(observations, list(outcome.errors))


def parse_file(source: str, file: Path, url: str | None = None) -> tuple[str, list[Observation]]:
    """(the URL read as, observations) of one adapter's parser over a saved response body. The URL it came
    from tells the parser what kind of file it is: given, or told from the body by the source, or (for a source
    with one kind of file) its example URL; a source with several kinds that cannot tell asks for --url."""
    adapter = get_source(source)
    try:
        content = file.read_bytes()
    except OSError as exc:
        raise SourceError(str(file), f"cannot read: {exc.strerror}") from None
    where = url or (adapter.url_for_body(content) if adapter.url_for_body else None) or _only_kind(adapter, file)
    return where, parse_body(adapter, FetchRequest(adapter.name, where), content)


def _only_kind(adapter: Source, file: Path) -> str:
    urls = {url for url, _ in adapter.examples}
    if len(urls) > 1:
        raise UsageProblem(
            f"{file}: cannot tell which kind of {adapter.name} file this is; give the URL it came from with --url "
            f"(e.g. {' or '.join(sorted(urls))})"
        )
    return next(iter(urls))


def reparse(settings: Settings, source: str) -> dict:
    """Re-derive a source's observations from its archived bodies (after a parser fix); fetches nothing."""
    adapter = get_source(source)
    with settings.warehouse.lock(purpose=f"reparse {source}"):
        return reparse_source(settings.warehouse, adapter)


def parser_version(source: str) -> int:
    return get_source(source).parser_version
