"""AI capability: check Epoch AI's benchmarks for a new frontier model, show the frontier and the release events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, app
from jobzone.cli.output import console, errors, print_json, print_table
from jobzone.settings import load_settings

capability_app = typer.Typer(
    no_args_is_help=True, help="AI capability as a tracked signal: the frontier of published benchmarks."
)
app.add_typer(capability_app, name="capability")
AS_OF = typer.Option(None, "--as-of", formats=["%Y-%m-%d"], help="As-of date (default: today, UTC).")


def _note(text: str) -> None:
    errors.print(text, markup=False)


@capability_app.command("check")
def check(
    as_of: Optional[dt.datetime] = AS_OF,
    replay: Optional[Path] = typer.Option(None, "--replay", help="Serve Epoch's downloads as recorded in DIR."),
    no_rerun: bool = typer.Option(False, "--no-rerun", help="Record events and proposals, but start no rerun."),
    alert: bool = typer.Option(
        False, "--alert", help="Let the rerun alert subscribers even though --as-of is in the past."
    ),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Fetch Epoch AI's benchmark download; a new frontier model is an event: it is recorded, a release proposal
    is written for analysts, and the rerun starts (served by `jobzone serve`, else here)."""
    from jobzone.services import capability

    outcome = capability.check(
        load_settings(db=db),
        as_of=as_of.date() if as_of else None,
        replay=replay,
        rerun=not no_rerun,
        alert=True if alert else None,
        note=_note,
    )
    if as_json:
        return print_json(outcome.as_dict())
    report = outcome.check
    if report.source is not None and report.source.status != "ok":
        console.print(f"epoch: {report.source.status}: {'; '.join(report.source.errors)}", markup=False)
    if not report.events:
        return console.print(f"No new frontier model as of {report.as_of}.", markup=False)
    for event in report.events:
        console.print(f"{event.reason}:", markup=False)
        for jump in event.jumps:
            console.print(f"  {jump.words()}", markup=False)
        if event.proposal:
            console.print(f"  release proposal written: {event.proposal} (review, then `jobzone release apply`)")
    if outcome.announced:
        console.print(f"The served rerun starts on event {outcome.announced}.", markup=False)
    elif outcome.rerun:
        run = outcome.rerun
        console.print(
            f"Rerun {run.run_id} scored it: {run.roles_scored} role(s), {run.changes} changed "
            f"({run.capability.get('moved', 0)} with AI tool maturity off the file's value). "
            f"See `jobzone diff --run {run.run_id}`.",
            markup=False,
        )


@capability_app.command("frontier")
def frontier(as_of: Optional[dt.datetime] = AS_OF, db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Each benchmark's frontier: the best result among models released and published by the date."""
    from jobzone.services import capability
    from scoring.capability import get_benchmark, shown_value

    marks = capability.frontier(load_settings(db=db), as_of.date() if as_of else None)
    if as_json:
        return print_json([vars(m) for m in marks])
    print_table(
        "AI capability frontier",
        ["benchmark", "best", "model", "organisation", "released", "published"],
        [
            (
                get_benchmark(m.benchmark).title,
                shown_value(m.benchmark, m.score),
                m.title,
                m.organisation,
                m.released,
                m.published,
            )
            for m in marks
        ],
    )


@capability_app.command("events")
def events(db: Optional[Path] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """The release events: new frontier models, the frontiers each moved, and their release proposals."""
    from jobzone.services import capability

    found = capability.release_events(load_settings(db=db))
    if as_json:
        return print_json(
            [{**{k: v for k, v in vars(e).items() if k != "jumps"}, "jumps": [vars(j) for j in e.jumps]} for e in found]
        )
    print_table(
        "AI release events",
        ["as of", "model", "moved", "proposal"],
        [
            (e.as_of, f"{e.title} ({e.organisation}, {e.released})", "; ".join(j.words() for j in e.jumps), e.proposal)
            for e in found
        ],
        fold=("moved",),
    )
