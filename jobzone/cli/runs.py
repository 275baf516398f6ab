"""Commands that write runs: run, rerun, backfill, serve, announce; and explain, why a role scores as it does."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from jobzone.cli.app import COUNTRY_OPTION, DB_OPTION, JSON_OPTION, ROLES_OPTION, app, db_path, split_ids
from jobzone.cli.output import console, errors, print_json, print_table
from jobzone.settings import load_settings

if TYPE_CHECKING:
    from flows.report import RunReport


class Step(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


REPLAY_OPTION = typer.Option(None, "--replay", help="Serve source responses from recorded files in DIR.")
DATE_FORMATS = ["%Y-%m-%d"]


# The exit code of a run that scored every role while a source failed: not an error (1), not a clean success (0).
DEGRADED_EXIT = 3


def finish(report: RunReport, as_json: bool) -> None:
    """Print the run's report; exit DEGRADED_EXIT when a source failed, so a cron job or a script sees it."""
    print_report(report, as_json)
    if report.status == "degraded":
        raise typer.Exit(DEGRADED_EXIT)


def print_report(report: RunReport, as_json: bool) -> None:
    from flows.report import errors_by_host

    if as_json:
        return print_json(report.as_dict())
    reason = f" — {report.reason}" if report.reason else ""
    run = f"Run {report.run_id} ({report.kind}, as of {report.as_of}{reason})"
    failed = report.failed_sources
    if report.every_source_failed:
        console.print(
            f"{run} degraded: every source failed ({len(failed)} of {len(report.sources)}), so nothing new was "
            "read; the scores rest on the data stored before.",
            markup=False,
            style="bold yellow",
        )
    elif failed:
        console.print(
            f"{run} degraded: {len(failed)} of {len(report.sources)} source(s) failed ({', '.join(failed)}); "
            "their series hold their last values.",
            markup=False,
            style="yellow",
        )
    console.print(
        f"{run if not failed else 'It'} {'succeeded' if not failed else 'scored'}: "
        f"{report.roles_scored} role(s) scored, {report.changes} changed; zones {report.zones}; "
        f"evidence {report.evidence_status}.",
        markup=False,
    )
    for dimension, counts in report.market_fed.items():
        console.print(
            f"  {dimension}: market-fed for {counts.fresh} role(s) ({counts.fresh_share:.0%}), "
            f"held for {counts.held}, pinned {counts.pinned}",
            markup=False,
        )
    if report.coverage:
        c = report.coverage
        console.print(
            f"  {report.country} view: local wages for {c['local_wages']} role(s), local postings for "
            f"{c['local_postings']} (both {c['both']}), neither for {c['neither']}",
            markup=False,
        )
    if report.zone_moves:
        moves = ", ".join(f"{move}: {count}" for move, count in report.zone_moves.items())
        console.print(f"  zone moves: {moves}", markup=False)
    for name in failed:
        console.print(f"  source {name}: {report.sources[name]} (its series hold their last values)", markup=False)
    for host, count, problem in errors_by_host(report.source_errors):
        console.print(f"    {host}: {count} fetch error(s), first: {problem}", markup=False)
    if report.vintages:
        read = "; ".join(
            f"{name} {v['vintage']}{' (a later recording)' if v['later'] else ''}, to {v['latest_period']}"
            for name, v in report.vintages.items()
        )
        console.print(f"  data published by {report.as_of}: {read}", markup=False)
    if report.market_all_held:
        newest = f" (the newest data read ends {report.newest_period})" if report.newest_period else ""
        console.print(
            f"  warning: no role's job postings or wages moved with the market: as of {report.as_of} is past the "
            f"data they read{newest}, so each held its level. Score as of a date the data covers (--as-of) or "
            "fetch newer data.",
            markup=False,
            style="yellow",
        )
    if report.alerts_held:
        console.print(f"  alerts: {report.alerts_held}", markup=False)
    for problem in report.release_files_unread.values():
        console.print(f"  release file not read (pages keep what was stored for it): {problem}", markup=False)
    stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.seconds.items())
    console.print(f"  time: {stages}. See `jobzone diff --run {report.run_id}`.", markup=False)


def _note(text: str) -> None:
    errors.print(text, markup=False)


@app.command()
def run(
    skip_ingest: bool = typer.Option(
        False, "--skip-ingest", help="Score with stored observations only; fetch nothing."
    ),
    roles: Optional[str] = ROLES_OPTION,
    reason: Optional[str] = typer.Option(None, "--reason", help="Why this run was started (stored and shown)."),
    as_of: Optional[dt.datetime] = typer.Option(
        None, "--as-of", formats=DATE_FORMATS, help="As-of date (default: today, UTC)."
    ),
    replay: Optional[Path] = REPLAY_OPTION,
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    alert: bool = typer.Option(
        False, "--alert", help="Alert subscribers even though --as-of is in the past (a past date builds history)."
    ),
    country: str = COUNTRY_OPTION,
) -> None:
    """The nightly run now: fetch the sources, map evidence, score every role, diff and write the run."""
    from flows.request import RunRequest
    from jobzone.services import runs as runs_service

    request = RunRequest.nightly(
        as_of=as_of.date() if as_of else None,
        roles=split_ids(roles),
        reason=reason,
        replay=replay,
        skip_ingest=skip_ingest,
        alert=True if alert else None,
        country=country,
    )
    finish(runs_service.run(load_settings(db=db), request, _note), as_json)


@app.command()
def rerun(
    reason: str = typer.Option(
        ..., "--reason", help="Why (e.g. 'Claude 5 released'); stored and shown in diffs and alerts."
    ),
    roles: Optional[str] = ROLES_OPTION,
    ingest: bool = typer.Option(
        False, "--ingest", help="Fetch the sources first (default: latest stored observations)."
    ),
    as_of: Optional[dt.datetime] = typer.Option(
        None,
        "--as-of",
        formats=DATE_FORMATS,
        help="As-of date (default: the date of the newest stored scores; with --ingest, today, UTC).",
    ),
    replay: Optional[Path] = REPLAY_OPTION,
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    country: str = COUNTRY_OPTION,
) -> None:
    """Rescore on demand after analysts changed role files; changed assessment fields are named as causes."""
    from flows.request import RunRequest
    from jobzone.services import runs as runs_service

    request = RunRequest.rerun(
        reason,
        roles=split_ids(roles),
        ingest=ingest,
        replay=replay,
        as_of=as_of.date() if as_of else None,
        country=country,
    )
    finish(runs_service.run(load_settings(db=db), request, _note), as_json)


@app.command()
def backfill(
    start: dt.datetime = typer.Option(..., "--from", formats=DATE_FORMATS, help="First as-of date."),
    end: dt.datetime = typer.Option(..., "--to", formats=DATE_FORMATS, help="Last as-of date (inclusive)."),
    every: Step = typer.Option(Step.month, "--every", help="Step between as-of dates."),
    replay: Optional[Path] = REPLAY_OPTION,
    roles: Optional[str] = ROLES_OPTION,
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    alert: bool = typer.Option(False, "--alert", help="Alert subscribers of each run's moves (default: history only)."),
    country: str = COUNTRY_OPTION,
) -> None:
    """One run per as-of date, oldest first; each sees only what was published by it; alerts nobody unless asked."""
    from rich.progress import Progress

    from flows.request import BackfillRequest, checked
    from jobzone.services import runs as runs_service
    from scoring.errors import JobzoneError

    fields = dict(
        start=start.date(),
        end=end.date(),
        every=every.value,
        roles=split_ids(roles),
        replay=replay,
        alert=alert,
        country=country,
    )
    try:
        request = checked(BackfillRequest, fields)
    except JobzoneError as exc:
        raise typer.BadParameter(str(exc)) from None
    dates = request.dates
    settings = load_settings(db=db)
    with Progress(console=console, transient=True, disable=as_json) as progress:
        bar = progress.add_task(f"backfill {len(dates)} as-of runs", total=len(dates))
        reports = runs_service.backfill(settings, request, on_run=lambda report: progress.advance(bar), note=_note)
    degraded = [r for r in reports if r.status == "degraded"]
    if as_json:
        print_json([report.as_dict() for report in reports])
    else:
        print_table(
            f"Backfill {dates[0]} .. {dates[-1]} ({len(reports)} runs)",
            ["run", "as of", "roles", "changes", "status"],
            [(r.run_id, r.as_of, r.roles_scored, r.changes, r.status) for r in reports],
        )
    if degraded:
        if not as_json:
            failed = sorted({name for r in degraded for name in r.failed_sources})
            console.print(
                f"{len(degraded)} of {len(reports)} run(s) degraded: source(s) {', '.join(failed)} failed (see "
                "`jobzone runs`).",
                markup=False,
                style="yellow",
            )
        raise typer.Exit(DEGRADED_EXIT)


@app.command()
def explain(
    role_id: str = typer.Argument(..., help="Role id, e.g. mlops-engineer."),
    run: Optional[int] = typer.Option(None, "--run", help="Run id (default: the role's latest good score)."),
    everything: bool = typer.Option(
        False, "--all", help="Also the tasks, barriers and protective principles the score rests on."
    ),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    country: str = COUNTRY_OPTION,
) -> None:
    """Why a role scores as it does: each evidence dimension with its provenance, in plain words (--all: the rest)."""
    from jobzone.services import reads
    from scoring.explain import assessment_lines, explain_lines

    data = reads.explanation(db_path(db), role_id, run, country)
    if as_json:
        return print_json(data.as_dict())
    lines = list(explain_lines(data))
    if everything:
        lines += list(assessment_lines(data.assessment_text))
    for line in lines:
        console.print(line, markup=False, highlight=False)


@app.command()
def serve() -> None:
    """Serve the `nightly` (cron JOBZONE_NIGHTLY_CRON) and `rerun` deployments; starts a local Prefect server if needed."""
    from jobzone.services import runs as runs_service

    runs_service.serve(load_settings(), note=lambda line: console.print(line, markup=False))


@app.command()
def announce(
    reason: Optional[str] = typer.Argument(None, help="What happened, e.g. 'Claude 5 released'."),
    roles: Optional[str] = ROLES_OPTION,
    release: Optional[Path] = typer.Option(
        None,
        "--release",
        help="A release file: apply it to the drafts here, then announce it; the served rerun scores it.",
    ),
    replay: Optional[Path] = REPLAY_OPTION,
    db: Optional[Path] = DB_OPTION,
) -> None:
    """Emit the jobzone.ai-tool.released event: the served `rerun` deployment starts with this reason."""
    from jobzone.services import releases
    from jobzone.services import runs as runs_service

    settings = load_settings(replay=replay, db=db)
    if bool(reason) == bool(release):
        raise typer.BadParameter("give either a REASON or --release FILE")
    runs_service.check_role_ids(settings, split_ids(roles))  # before the files change, not in the rerun
    if release:  # applied to the files only: the served rerun scores it
        outcome = releases.apply_release(settings, release, rerun=False)
        if outcome.already:
            console.print(f"{outcome.release} is already applied: nothing changes.", markup=False)
        reason = outcome.reason
    event_id = runs_service.announce(settings, reason or "", split_ids(roles))
    console.print(f"announced '{reason}' (event {event_id}); the rerun deployment will start", markup=False)
