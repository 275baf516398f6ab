"""Source commands: sources, fetch (test one source), parse (one saved body), reparse (archived bodies)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app, db_path
from jobzone.cli.output import console, errors, print_json, print_table
from jobzone.settings import load_settings

if TYPE_CHECKING:
    from sources.base import Observation

REPLAY_OPTION = typer.Option(
    None, "--replay", help="Serve responses from recorded files in DIR (default: JOBZONE_REPLAY)."
)


def _observation_dicts(observations: Sequence[Observation]) -> list[dict]:
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
    from jobzone.services import sources as sources_service

    rows = sources_service.registered(db_path(db), load_settings(db=db).source_broken_after)
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
                r.get("last_error") or "",
            )
            for r in rows
        ],
        fold=("last error",),
    )


@app.command()
def fetch(
    source: str = typer.Argument(..., help="Source name (see `jobzone sources`)."),
    replay: Optional[Path] = REPLAY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Fetch and parse one source for the configured roles and print its observations (stores nothing)."""
    from jobzone.services import sources as sources_service

    try:
        result = sources_service.fetch_one(load_settings(replay=replay), source)
    except sources_service.UsageProblem as exc:
        raise typer.BadParameter(str(exc)) from None
    observations = result.observations
    _print_observations(_observation_dicts(observations), as_json, f"{source}: {len(observations)} observations")
    for problem in result.errors:
        errors.print(f"error: {problem}", markup=False)
    if result.errors:
        raise typer.Exit(1)


@app.command()
def parse(
    source: str = typer.Argument(..., help="Source name (see `jobzone sources`)."),
    file: Path = typer.Argument(..., help="A saved response body."),
    url: Optional[str] = typer.Option(
        None,
        "--url",
        help="The URL the body came from (default: told from the body, e.g. a perm or contract page, a sector file).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Run one adapter's parser over a saved response body and print its observations (or the ParseError)."""
    from jobzone.services import sources as sources_service

    try:
        where, observations = sources_service.parse_file(source, file, url)
    except sources_service.UsageProblem as exc:
        raise typer.BadParameter(str(exc)) from None
    _print_observations(
        _observation_dicts(observations), as_json, f"{file} (as {where}): {len(observations)} observations"
    )


@app.command()
def reparse(
    source: str = typer.Argument(..., help="Source name (see `jobzone sources`)."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Re-derive a source's observations from its archived bodies (after a parser fix); fetches nothing."""
    from jobzone.services import sources as sources_service

    result = sources_service.reparse(load_settings(db=db), source)
    if as_json:
        return print_json(result)
    console.print(
        f"{source}: {result['bodies']} archived bodies re-parsed with parser "
        f"v{sources_service.parser_version(source)}: "
        f"{result['observations']} observations, {result['new']} new; {len(result['errors'])} error(s).",
        markup=False,
    )
    for problem in result["errors"]:
        errors.print(f"error: {problem}", markup=False)
