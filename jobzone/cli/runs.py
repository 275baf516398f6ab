"""Commands that write runs: run, rerun, backfill; and explain, which says why a role scores as it does."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import DB_OPTION, JSON_OPTION, ROLES_OPTION, app, db_path, split_ids
from jobzone.cli.output import console, print_json, print_table


class Step(str, Enum):
    day = "day"
    week = "week"
    month = "month"


REPLAY_OPTION = typer.Option(None, "--replay", help="Serve source responses from recorded files in DIR.")
DATE_FORMATS = ["%Y-%m-%d"]


def print_report(report: dict, as_json: bool) -> None:
    if as_json:
        return print_json(report)
    reason = f" — {report['reason']}" if report.get("reason") else ""
    console.print(
        f"Run {report['run_id']} ({report['kind']}, as of {report['as_of']}{reason}) succeeded: "
        f"{report['roles_scored']} role(s) scored, {report['changes']} changed; zones {report['zones']}; "
        f"evidence {report['evidence_status']}.",
        markup=False,
    )
    for dimension, counts in report.get("market_fed", {}).items():
        console.print(
            f"  {dimension}: market-fed for {counts['fresh']} role(s) ({counts['fresh_share']:.0%}), "
            f"held for {counts['held']}, pinned {counts['pinned']}",
            markup=False,
        )
    if report.get("zone_moves"):
        moves = ", ".join(f"{move}: {count}" for move, count in report["zone_moves"].items())
        console.print(f"  zone moves: {moves}", markup=False)
    for name, status in report.get("sources", {}).items():
        if status != "ok":
            console.print(f"  source {name}: {status} (its series hold their last values)", markup=False)
    for problem in report.get("source_errors", []):
        console.print(f"    {problem}", markup=False)
    stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report["seconds"].items())
    console.print(f"  time: {stages}. See `jobzone diff --run {report['run_id']}`.", markup=False)


def _run(kind: str, **params) -> dict:
    """Run a flow on the running Prefect server (see jobzone/cli/prefect_mode.py), else plainly. Both build the
    run's request with the same RunRequest constructor."""
    from jobzone.cli.prefect_mode import prefect_for_run

    settings = params.pop("settings")
    _check_before_starting(settings, params.get("as_of"))
    with prefect_for_run(settings) as use_prefect:
        if not use_prefect:
            from flows.pipeline import RunRequest, run_pipeline

            return run_pipeline(settings, getattr(RunRequest, kind)(**params))
        from flows import prefect_flows

        return getattr(prefect_flows, kind)(settings=settings, **params)


def _check_before_starting(settings, as_of: dt.date | None) -> None:
    """What would fail the run at once is said here, before Prefect starts a flow (and logs its own traceback)."""
    from flows.pipeline import check_as_of
    from warehouse.lock import WriterLock

    if as_of is not None:
        check_as_of(as_of)
    with WriterLock(settings.db, "checking that no run is in progress"):
        pass


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
) -> None:
    """The nightly run now: fetch the sources, map evidence, score every role, diff and write the run."""
    from jobzone.settings import load_settings

    settings = load_settings(db=db)
    report = _run(
        "nightly",
        settings=settings,
        as_of=as_of.date() if as_of else None,
        roles=split_ids(roles),
        reason=reason,
        replay=str(replay) if replay else None,
        skip_ingest=skip_ingest,
    )
    print_report(report, as_json)


@app.command()
def rerun(
    reason: str = typer.Option(
        ..., "--reason", help="Why (e.g. 'Claude 5 released'); stored and shown in diffs and alerts."
    ),
    roles: Optional[str] = ROLES_OPTION,
    ingest: bool = typer.Option(
        False, "--ingest", help="Fetch the sources first (default: latest stored observations)."
    ),
    replay: Optional[Path] = REPLAY_OPTION,
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Rescore on demand after analysts changed role files; changed assessment fields are named as causes."""
    from jobzone.settings import load_settings

    report = _run(
        "rerun",
        settings=load_settings(db=db),
        reason=reason,
        roles=split_ids(roles),
        ingest=ingest,
        replay=str(replay) if replay else None,
    )
    print_report(report, as_json)


@app.command()
def backfill(
    start: dt.datetime = typer.Option(..., "--from", formats=DATE_FORMATS, help="First as-of date."),
    end: dt.datetime = typer.Option(..., "--to", formats=DATE_FORMATS, help="Last as-of date (inclusive)."),
    every: Step = typer.Option(Step.month, "--every", help="Step between as-of dates."),
    replay: Optional[Path] = REPLAY_OPTION,
    roles: Optional[str] = ROLES_OPTION,
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """One run per as-of date, oldest first; each sees only observations dated on or before it."""
    from rich.progress import Progress

    from flows.schedule import as_of_dates

    every = every.value
    from jobzone.settings import load_settings

    try:
        dates = as_of_dates(start.date(), end.date(), every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    settings = load_settings(db=db)
    _check_before_starting(settings, dates[-1])
    with Progress(console=console, transient=True, disable=as_json) as progress:
        bar = progress.add_task(f"backfill {len(dates)} as-of runs", total=len(dates))
        reports = _backfill(settings, dates, every, replay, split_ids(roles), lambda r: progress.advance(bar))
    if as_json:
        return print_json(reports)
    print_table(
        f"Backfill {dates[0]} .. {dates[-1]} ({len(reports)} runs)",
        ["run", "as of", "roles", "changes"],
        [(r["run_id"], r["as_of"], r["roles_scored"], r["changes"]) for r in reports],
    )


def _backfill(settings, dates, every, replay, roles, on_run) -> list[dict]:
    from jobzone.cli.prefect_mode import prefect_for_run

    with prefect_for_run(settings) as use_prefect:
        return _backfill_runs(settings, dates, every, replay, roles, on_run, use_prefect)


def _backfill_runs(settings, dates, every, replay, roles, on_run, use_prefect: bool) -> list[dict]:
    if use_prefect:
        from flows import prefect_flows

        token = prefect_flows.backfill_progress.set(on_run)
        try:
            return prefect_flows.backfill(
                start=dates[0],
                end=dates[-1],
                every=every,
                settings=settings,
                roles=roles,
                replay=str(replay) if replay else None,
            )
        finally:
            prefect_flows.backfill_progress.reset(token)
    from flows.pipeline import RunRequest, run_pipeline

    reports = []
    for request in RunRequest.backfill(dates, every, roles, replay):
        reports.append(run_pipeline(settings, request))
        on_run(reports[-1])
    return reports


@app.command()
def explain(
    role_id: str = typer.Argument(..., help="Role id, e.g. mlops-engineer."),
    run: Optional[int] = typer.Option(None, "--run", help="Run id (default: the role's latest good score)."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Why a role scores as it does: each evidence dimension with its provenance, in plain words."""
    from scoring.explain import explain_lines
    from warehouse import queries
    from warehouse.db import read_connection

    with read_connection(db_path(db)) as con:
        data = queries.explanation(con, role_id, run)
    if as_json:
        return print_json(data)
    for line in explain_lines(data):
        console.print(line, markup=False, highlight=False)


@app.command()
def serve() -> None:
    """Serve the `nightly` (cron JOBZONE_NIGHTLY_CRON) and `rerun` deployments; starts a local Prefect server if needed."""
    from flows.serve import serve_forever
    from jobzone.settings import load_settings

    serve_forever(load_settings())


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
) -> None:
    """Emit the jobzone.ai-tool.released event: the served `rerun` deployment starts with this reason."""
    from flows.pipeline import load_checked_roles
    from flows.serve import announce as emit
    from jobzone.settings import load_settings

    settings = load_settings(replay=replay)
    if bool(reason) == bool(release):
        raise typer.BadParameter("give either a REASON or --release FILE")
    if roles:
        load_checked_roles(settings.roles, split_ids(roles))  # unknown ids are refused here, not in the rerun
    if release:
        from jobzone.cli.releases import apply_files

        reason = apply_files(settings, release)
    event_id = emit(settings, reason, split_ids(roles))
    console.print(f"announced '{reason}' (event {event_id}); the rerun deployment will start", markup=False)
