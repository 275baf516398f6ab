"""The catalogue command: draft role assessments for every O*NET occupation from open data."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app, split_ids
from jobzone.cli.output import console, print_json


def applied_releases(folder: Path) -> list:
    """(id, release) of every release applied to the drafts, in order."""
    from catalogue.releases import applied, load_release

    return [load_release(folder / f"{release_id}.toml") for release_id in applied(folder)]


def read_datasets(settings) -> dict:
    """Every drafting dataset, through the polite client (replayed or live); every body archived."""
    from catalogue.datasets import read_all
    from warehouse.archive import archive_responses
    from warehouse.db import write_connection

    client, fetch, responses = _fetcher(settings, settings.replay)
    try:
        raw = read_all(fetch)
    finally:
        client.close()
    with write_connection(settings.db) as con:
        archive_responses(con, None, responses)
    return raw


def _fetcher(settings, replay: Optional[Path]):
    """Fetch each dataset through the polite client (live, or replaying the recordings); archive every body."""
    from sources.base import FetchRequest
    from sources.http import PoliteClient
    from sources.replay import replay_session

    config = settings.http_config()
    client = PoliteClient(
        config, session=replay_session(replay, config.user_agent) if replay else None, replayed=bool(replay)
    )
    responses = []

    def fetch(dataset) -> bytes:
        response = client.fetch(
            FetchRequest("catalogue", dataset.url),
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "text/plain",
                "text/csv",
                "application/octet-stream",
            ),
        )
        responses.append(response)
        return response.body

    return client, fetch, responses


@app.command()
def draft(
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for the drafted files (default: <roles>/onet)."),
    only: Optional[str] = typer.Option(None, "--only", help="Comma-separated SOC or O*NET-SOC codes to draft."),
    replay: Optional[Path] = typer.Option(
        None, "--replay", help="Read the datasets' recordings in DIR instead of fetching them from their publishers."
    ),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Draft a role file per O*NET occupation from open data; reviewed files are never overwritten."""
    from catalogue.document import draft_catalogue
    from catalogue.files import write_drafts
    from catalogue.titles import FILE_NAME as TITLES_FILE
    from catalogue.titles import titles_csv
    from jobzone.settings import load_settings
    from scoring.roles import role_paths

    settings = load_settings(replay=replay, db=db)
    target = out or settings.roles / "onet"
    raw = read_datasets(settings)
    texts = draft_catalogue(raw, split_ids(only), applied_releases(settings.releases))
    elsewhere = (
        {p.stem: p.read_text(encoding="utf-8") for p in role_paths(settings.roles) if p.parent != target}
        if settings.roles.is_dir()
        else {}
    )
    report = write_drafts(texts, target, elsewhere)
    if not only:  # the names people use, for the site's search (the whole catalogue's, so not for --only)
        (target / TITLES_FILE).write_text(titles_csv(raw), encoding="utf-8")
    summary = {
        "out": str(target),
        "drafted": len(texts),
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "kept_reviewed": report.kept_reviewed,
    }
    if as_json:
        return print_json(summary)
    console.print(
        f"{len(texts)} occupation(s) drafted into {target}: {len(report.created)} created, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged.",
        markup=False,
    )
    for role_id, fields in report.kept_reviewed.items():
        console.print(
            f"  kept reviewed {role_id}: the draft would change {len(fields)} field(s): "
            f"{', '.join(fields[:6])}{' ...' if len(fields) > 6 else ''}",
            markup=False,
        )


@app.command()
def crosswalk(
    replay: Optional[Path] = typer.Option(None, "--replay", help="Read the datasets' recordings in DIR."),
    out: Optional[Path] = typer.Option(
        None,
        "--out",
        help="Where to write the table (default: the one jobzone reads, sources/data/soc_indeed_sectors.csv).",
    ),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Rebuild the SOC -> Indeed sector table from the reviewed rules and check it against Indeed's example titles."""
    from importlib import resources

    from catalogue import crosswalk as build
    from catalogue.datasets import DATASETS, SECTOR_EXAMPLES, read
    from jobzone.settings import load_settings

    settings = load_settings(replay=replay, db=db)
    client, fetch, _ = _fetcher(settings, settings.replay)
    needed = [DATASETS[n] for n in ("onet:Occupation Data", "onet:Alternate Titles", "onet:Sample of Reported Titles")]
    try:
        raw = {dataset.name: read(dataset, fetch(dataset)) for dataset in needed + [SECTOR_EXAMPLES]}
    finally:
        client.close()
    rows = build.build(raw, raw[SECTOR_EXAMPLES.name])
    target = out or Path(str(resources.files("sources").joinpath("data", "soc_indeed_sectors.csv")))
    target.write_text(build.to_csv(rows), encoding="utf-8")
    summary = build.summary(rows)
    if as_json:
        return print_json({"out": str(target), **summary})
    console.print(
        f"{summary['socs']} SOC codes written to {target}: {summary['with_sector']} with a sector; "
        f"{summary['with_title_evidence']} matched by Indeed's example titles, {summary['agree']} of them "
        "agreeing with the rules.",
        markup=False,
    )
