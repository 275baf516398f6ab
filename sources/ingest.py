"""Fetching and parsing one source for the roles' signals: plain functions the flows and CLI call."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from sources.base import FetchRequest, Observation, RawResponse, SeriesInfo, Source
from sources.errors import ParseError, SourceError
from sources.http import PoliteClient


@dataclass
class FetchOutcome:
    source: str
    responses: list[RawResponse] = field(default_factory=list)
    requests: list[FetchRequest] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def fetch_source(
    source: Source, params: Sequence[Mapping], client: PoliteClient, workers: int = 4, api_key: str | None = None
) -> FetchOutcome:
    """Fetch every URL the source needs, a few at a time; failures are collected, never raised."""
    outcome = FetchOutcome(source.name)
    requests = source.requests_for(params)
    if api_key and source.authorise:
        requests = [source.authorise(request, api_key) for request in requests]

    def one(request: FetchRequest) -> tuple[FetchRequest, RawResponse | None, str | None]:
        try:
            return request, client.fetch(request, source.content_types), None
        except SourceError as exc:
            return request, None, str(exc)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(requests) or 1))) as pool:
        for request, response, error in pool.map(one, requests):
            if response is None:
                outcome.errors.append(error or f"{request.url}: no response")
            else:
                outcome.requests.append(request)
                outcome.responses.append(response)
    return outcome


def fetch_sources(
    plan: Sequence[tuple[Source, Sequence[Mapping]]],
    client: PoliteClient,
    workers: int = 4,
    api_key: Callable[[str], str | None] = lambda name: None,
) -> list[FetchOutcome]:
    """Fetch every planned source at once (one thread each; the client paces each host), in plan order."""
    if not plan:
        return []

    def one(item: tuple[Source, Sequence[Mapping]]) -> FetchOutcome:
        source, params = item
        return fetch_source(source, params, client, workers, api_key(source.name))

    with ThreadPoolExecutor(max_workers=len(plan)) as pool:
        return list(pool.map(one, plan))


def parse_body(source: Source, request: FetchRequest, body: bytes) -> list[Observation]:
    """The source's pure parser over a body; whatever goes wrong is a ParseError naming the URL."""
    try:
        return source.parse(body, request)
    except ParseError:
        raise
    except Exception as exc:  # a parser bug or a body it cannot read is a broken contract, not a crash
        raise ParseError(request.url, f"parser failed: {type(exc).__name__}: {exc}") from exc


def parse_response(source: Source, request: FetchRequest, response: RawResponse) -> list[Observation]:
    return parse_body(source, request, response.body)


def describe_response(source: Source, request: FetchRequest, response: RawResponse) -> list[SeriesInfo]:
    """What the body's series are, for a source that says (else nothing); a failure is a ParseError, as in parse."""
    if source.describe is None:
        return []
    try:
        return source.describe(response.body, request)
    except ParseError:
        raise
    except Exception as exc:  # a bug or an unreadable body is a broken contract, not a crash
        raise ParseError(request.url, f"describing failed: {type(exc).__name__}: {exc}") from exc


def series_info_rows(infos: Sequence[SeriesInfo], response: RawResponse) -> list[dict]:
    return [
        {
            "source": i.source,
            "series_key": i.series_key,
            "content_hash": response.content_hash,
            "title": i.title,
            "publisher": i.publisher,
            "released": i.released,
            "not_before": i.not_before,
        }
        for i in infos
    ]


def observation_rows(observations: Sequence[Observation], response: RawResponse, parser_version: int) -> list[dict]:
    return [
        {
            "source": o.source,
            "series_key": o.series_key,
            "period_date": o.period_date,
            "metric": o.metric,
            "value": o.value,
            "unit": o.unit,
            "vintage": response.vintage or response.fetched_at,
            "content_hash": response.content_hash,
            "parser_version": parser_version,
        }
        for o in observations
    ]
