"""The catalogue commands: draft role assessments for every O*NET occupation from open data; rebuild the
SOC -> Indeed sector table."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app, split_ids
from jobzone.cli.output import console, print_json
from jobzone.settings import load_settings


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
    from jobzone.services import catalogue

    summary = catalogue.draft(load_settings(replay=replay, db=db), out=out, only=split_ids(only))
    if as_json:
        return print_json(summary.as_dict())
    console.print(
        f"{summary.drafted} occupation(s) drafted into {summary.out}: {summary.created} created, "
        f"{summary.updated} updated, {summary.unchanged} unchanged.",
        markup=False,
    )
    console.print("Data each rule read (occupations):", markup=False)
    for rule, found in summary.coverage.items():
        console.print(f"  {rule}: " + ", ".join(f"{how} {n}" for how, n in found.items()), markup=False)
    for role_id, fields in summary.kept_reviewed.items():
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
    from jobzone.services import catalogue

    target, summary = catalogue.crosswalk(load_settings(replay=replay, db=db), out)
    if as_json:
        return print_json({"out": str(target), **summary})
    console.print(
        f"{summary['socs']} SOC codes written to {target}: {summary['with_sector']} with a sector; "
        f"{summary['with_title_evidence']} matched by Indeed's example titles, {summary['agree']} of them "
        "agreeing with the rules.",
        markup=False,
    )
