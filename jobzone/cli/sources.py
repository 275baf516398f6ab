"""Source commands: sources, fetch (test one source), parse (one saved body), reparse (archived bodies)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app, db_path
from jobzone.cli.output import console, errors, print_json, print_table

REPLAY_OPTION = typer.Option(
    None, "--replay", help="Serve responses from recorded files in DIR (default: JOBZONE_REPLAY)."
)


def _observation_dicts(observations) -> list[dict]:
    return [
        {
            "source": o.source,
            "series": o.series_key,
            "date": o.period_date,
            "metric": o.metric,
            "value": o.value,
            "unit": o.unit,
        }
        for o in observations
    ]


def _print_observations(rows: list[dict], as_json: bool, title: str) -> None:
    if as_json:
        return print_json(rows)
    print_table(
        title,
        ["series", "date", "metric", "value", "unit"],
        [
            (r["series"], r["date"], r["metric"], "unavailable" if r["value"] is None else f"{r['value']:g}", r["unit"])
            for r in rows
        ],
    )


@app.command()
def sources(db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List the registered sources with attribution, licence and last fetch status."""
    from sources.registry import SOURCES
    from warehouse.db import read_connection
    from warehouse.errors import WarehouseError
    from warehouse.health import source_health

    try:
        with read_connection(db_path(db)) as con:
            health = source_health(con)
    except WarehouseError:
        health = {}
    rows = [
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
    if as_json:
        return print_json(rows)
    print_table(
        "Sources",
        ["name", "licence", "last status", "failures in a row", "last success", "last error"],
        [
            (
                r["name"],
                r["licence"],
                r.get("last_status", "never fetched"),
                r.get("consecutive_failures", ""),
                r.get("last_success") or "",
                (r.get("last_error") or "")[:80],
            )
            for r in rows
        ],
    )


@app.command()
def fetch(
    source: str = typer.Argument(..., help="Source name (see `jobzone sources`)."),
    replay: Optional[Path] = REPLAY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Fetch and parse one source for the configured roles and print its observations (stores nothing)."""
    from flows.pipeline import load_checked_roles
    from jobzone.settings import load_settings
    from sources.http import PoliteClient
    from sources.ingest import fetch_source, parse_response
    from sources.registry import get_source
    from sources.replay import replay_session
    from sources.signals import effective_signals, fetch_params

    settings = load_settings(replay=replay)
    adapter = get_source(source)
    params = fetch_params(effective_signals(item.role)[0] for item in load_checked_roles(settings.roles)).get(
        source, []
    )
    if not params:
        raise typer.BadParameter(f"no role in {settings.roles} follows source '{source}'")
    config = settings.http_config()
    client = PoliteClient(
        config,
        session=replay_session(settings.replay, config.user_agent) if settings.replay else None,
        replayed=bool(settings.replay),
    )
    outcome = fetch_source(adapter, params, client, settings.fetch_workers, settings.api_key(source))
    client.close()
    observations = []
    for request, response in zip(outcome.requests, outcome.responses):
        observations += parse_response(adapter, request, response)
    _print_observations(_observation_dicts(observations), as_json, f"{source}: {len(observations)} observations")
    for problem in outcome.errors:
        errors.print(f"error: {problem}", markup=False)
    if outcome.errors:
        raise typer.Exit(1)


@app.command()
def parse(
    source: str = typer.Argument(..., help="Source name (see `jobzone sources`)."),
    file: Path = typer.Argument(..., help="A saved response body."),
    url: Optional[str] = typer.Option(
        None, "--url", help="The URL the body came from (default: the source's first example URL)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Run one adapter's parser over a saved response body and print its observations (or the ParseError)."""
    from sources.base import FetchRequest
    from sources.errors import SourceError
    from sources.ingest import parse_body
    from sources.registry import get_source

    adapter = get_source(source)
    try:
        content = file.read_bytes()
    except OSError as exc:
        raise SourceError(str(file), f"cannot read: {exc.strerror}") from None
    request = FetchRequest(adapter.name, url or adapter.examples[0][0])
    observations = parse_body(adapter, request, content)
    _print_observations(_observation_dicts(observations), as_json, f"{file}: {len(observations)} observations")


@app.command()
def reparse(
    source: str = typer.Argument(..., help="Source name (see `jobzone sources`)."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Re-derive a source's observations from its archived bodies (after a parser fix); fetches nothing."""
    from jobzone.settings import load_settings
    from sources.registry import get_source
    from warehouse.lock import WriterLock
    from warehouse.reparse import reparse_source

    settings = load_settings(db=db)
    adapter = get_source(source)
    with WriterLock(settings.db, purpose=f"reparse {source}"):
        result = reparse_source(settings.db, adapter)
    if as_json:
        return print_json(result)
    console.print(
        f"{source}: {result['bodies']} archived bodies re-parsed with parser v{adapter.parser_version}: "
        f"{result['observations']} observations, {result['new']} new; {len(result['errors'])} error(s).",
        markup=False,
    )
    for problem in result["errors"]:
        errors.print(f"error: {problem}", markup=False)
