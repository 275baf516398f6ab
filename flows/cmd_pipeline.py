"""Commands that write runs: run."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from flows.cli_app import DB_OPTION, JSON_OPTION, ROLES_OPTION, app, split_ids
from flows.output import console, print_json


def print_report(report: dict, as_json: bool) -> None:
    if as_json:
        return print_json(report)
    console.print(f"Run {report['run_id']} ({report['kind']}, as of {report['as_of']}) succeeded: "
                  f"{report['roles_scored']} role(s) scored, {report['changes']} changed. "
                  f"Zones: {report['zones']}. See `jobzone diff --run {report['run_id']}`.", markup=False)
    for name, status in report.get("sources", {}).items():
        if status != "ok":
            console.print(f"source {name}: {status} (its series hold their last values)", markup=False)
    for problem in report.get("source_errors", []):
        console.print(f"  {problem}", markup=False)


@app.command()
def run(skip_ingest: bool = typer.Option(False, "--skip-ingest", help="Score with the role files' evidence only; fetch nothing."),
        roles: Optional[str] = ROLES_OPTION,
        reason: Optional[str] = typer.Option(None, "--reason", help="Why this run was started (stored and shown)."),
        as_of: Optional[dt.datetime] = typer.Option(None, "--as-of", formats=["%Y-%m-%d"], help="As-of date (default: today, UTC)."),
        replay: Optional[Path] = typer.Option(None, "--replay", help="Serve source responses from recorded files in DIR."),
        db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Load and validate the role files, score them and write a run with its changes."""
    from flows.pipeline import RunRequest, run_pipeline
    from flows.settings import load_settings

    settings = load_settings(db=db)
    request = RunRequest(kind="nightly", reason=reason, as_of=as_of.date() if as_of else None,
                         roles=split_ids(roles), skip_ingest=skip_ingest, replay=replay)
    print_report(run_pipeline(settings, request), as_json)
