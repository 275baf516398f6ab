"""Runs: the nightly, a rerun and a backfill, as Prefect flows on the running server or plainly (the same stages,
asked for by the same RunRequest / BackfillRequest); what would fail a run at once is refused before anything
starts."""

from __future__ import annotations

import datetime as dt
from typing import Callable, Sequence

from catalogue import journal
from flows.pipeline import backfill_done, check_as_of, run_pipeline
from flows.report import RunReport
from flows.request import BackfillRequest, RunRequest
from flows.role_loader import load_checked_roles
from flows.runner import AnnouncingRunner
from jobzone.services.notes import Note, quiet
from jobzone.services.prefect_mode import prefect_for_run
from jobzone.settings import Settings

OnRun = Callable[[RunReport], None]
OnStage = Callable[[str], None]


def check_before_starting(settings: Settings, as_of: dt.date | None) -> None:
    """What would fail the run at once is said here, before Prefect starts a flow (and logs its own traceback):
    a date in the future, a half-written catalogue, or another run holding the warehouse."""
    if as_of is not None:
        check_as_of(as_of)
    journal.refuse_half_written(settings.releases)
    with settings.warehouse.lock("checking that no run is in progress"):
        pass


def check_role_ids(settings: Settings, roles: Sequence[str] | None) -> None:
    """Unknown role ids are refused here, not in a run served elsewhere."""
    if roles:
        load_checked_roles(settings.roles, roles)


def run(settings: Settings, request: RunRequest, note: Note = quiet, on_stage: OnStage | None = None) -> RunReport:
    """One run as asked (a nightly or a rerun: fetch or not, score, diff, write; alerts by `request.alert`), through
    the Prefect flow of its kind when a server answers, else plainly (then `on_stage` hears each stage's name as it
    starts)."""
    check_before_starting(settings, request.as_of)
    with prefect_for_run(settings, note) as use_prefect:
        if not use_prefect:
            return run_pipeline(settings, request, AnnouncingRunner(on_stage) if on_stage else None)
        from flows import prefect_flows

        flow = prefect_flows.rerun if request.kind == "rerun" else prefect_flows.nightly
        with prefect_flows.settings_for_runs(settings):
            return flow(request)


def backfill(
    settings: Settings, request: BackfillRequest, on_run: OnRun | None = None, note: Note = quiet
) -> list[RunReport]:
    """One run per as-of date, oldest first; each sees only observations dated on or before it; the dates an
    interrupted backfill of the same range ran are not run again."""
    dates = request.dates
    check_before_starting(settings, dates[-1])
    done = backfill_done(settings, request)
    if done:
        note(f"resuming: {len(done)} of the {len(dates)} as-of dates of this backfill already ran")
    with prefect_for_run(settings, note) as use_prefect:
        if use_prefect:
            return _backfill_flow(settings, request, on_run)
        reports = []
        for run_request in request.runs(skip=done):
            reports.append(run_pipeline(settings, run_request))
            if on_run:
                on_run(reports[-1])
        return reports


def _backfill_flow(settings: Settings, request: BackfillRequest, on_run: OnRun | None) -> list[RunReport]:
    from flows import prefect_flows

    token = prefect_flows.backfill_progress.set(on_run)
    try:
        with prefect_flows.settings_for_runs(settings):
            return prefect_flows.backfill(request)
    finally:
        prefect_flows.backfill_progress.reset(token)


def serve(settings: Settings, note: Note = quiet) -> None:
    """Serve the nightly (cron) and rerun deployments until interrupted; a local Prefect server if none is set."""
    from flows.serve import serve_forever

    serve_forever(settings, note)


def announce(settings: Settings, reason: str, roles: list[str] | None = None) -> str:
    """Emit the AI-tool release event the served rerun deployment starts on; its event id."""
    from flows.events import announce as emit

    check_role_ids(settings, roles)
    return emit(settings, reason, roles)
