"""Runs: the nightly, a rerun and a backfill, as Prefect flows on the running server or plainly (the same stages,
built from the same RunRequest constructors); what would fail a run at once is refused before anything starts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Sequence

from catalogue import journal
from flows.pipeline import RunRequest, backfill_done, check_as_of, run_pipeline
from flows.report import RunReport
from flows.role_loader import load_checked_roles
from flows.schedule import as_of_dates
from jobzone.services.notes import Note, quiet
from jobzone.services.prefect_mode import prefect_for_run
from jobzone.settings import Settings
from warehouse.lock import WriterLock

OnRun = Callable[[RunReport], None]


def check_before_starting(settings: Settings, as_of: dt.date | None) -> None:
    """What would fail the run at once is said here, before Prefect starts a flow (and logs its own traceback):
    a date in the future, a half-written catalogue, or another run holding the warehouse."""
    if as_of is not None:
        check_as_of(as_of)
    journal.refuse_half_written(settings.releases)
    with WriterLock(settings.db, "checking that no run is in progress"):
        pass


def check_role_ids(settings: Settings, roles: Sequence[str] | None) -> None:
    """Unknown role ids are refused here, not in a run served elsewhere."""
    if roles:
        load_checked_roles(settings.roles, roles)


def _replayed(replay: Path | None) -> str | None:
    return str(replay) if replay else None  # a flow parameter: serialisable


def nightly(
    settings: Settings,
    *,
    as_of: dt.date | None = None,
    roles: list[str] | None = None,
    reason: str | None = None,
    replay: Path | None = None,
    skip_ingest: bool = False,
    alert: bool | None = None,
    note: Note = quiet,
) -> RunReport:
    """Fetch the sources, map evidence, score every role, diff and write the run (alert: None, only when the
    as-of date is current)."""
    check_before_starting(settings, as_of)
    with prefect_for_run(settings, note) as use_prefect:
        if not use_prefect:
            request = RunRequest.nightly(
                as_of=as_of, roles=roles, replay=replay, skip_ingest=skip_ingest, reason=reason, alert=alert
            )
            return run_pipeline(settings, request)
        from flows import prefect_flows

        return prefect_flows.nightly(
            as_of=as_of,
            roles=roles,
            replay=_replayed(replay),
            skip_ingest=skip_ingest,
            reason=reason,
            settings=settings,
            alert=alert,
        )


def rerun(
    settings: Settings,
    *,
    reason: str,
    roles: list[str] | None = None,
    ingest: bool = False,
    replay: Path | None = None,
    as_of: dt.date | None = None,
    alert: bool | None = None,
    note: Note = quiet,
) -> RunReport:
    """Rescore after analysts (or a release) changed role files; changed assessment fields are named as causes."""
    check_before_starting(settings, as_of)
    with prefect_for_run(settings, note) as use_prefect:
        if not use_prefect:
            request = RunRequest.rerun(reason, roles=roles, ingest=ingest, replay=replay, as_of=as_of, alert=alert)
            return run_pipeline(settings, request)
        from flows import prefect_flows

        return prefect_flows.rerun(
            reason=reason,
            roles=roles,
            ingest=ingest,
            replay=_replayed(replay),
            as_of=as_of,
            settings=settings,
            alert=alert,
        )


def backfill(
    settings: Settings,
    *,
    start: dt.date,
    end: dt.date,
    every: str = "month",
    roles: list[str] | None = None,
    replay: Path | None = None,
    on_run: OnRun | None = None,
    alert: bool = False,
    note: Note = quiet,
) -> list[RunReport]:
    """One run per as-of date, oldest first; each sees only observations dated on or before it. ValueError for
    an empty or reversed range."""
    dates = as_of_dates(start, end, every)
    check_before_starting(settings, dates[-1])
    done = backfill_done(settings, dates, every)
    if done:
        note(f"resuming: {len(done)} of the {len(dates)} as-of dates of this backfill already ran")
    with prefect_for_run(settings, note) as use_prefect:
        if use_prefect:
            return _backfill_flow(settings, dates, every, roles, replay, on_run, alert)
        reports = []
        for request in RunRequest.backfill(dates, every=every, roles=roles, replay=replay, alert=alert, skip=done):
            reports.append(run_pipeline(settings, request))
            if on_run:
                on_run(reports[-1])
        return reports


def _backfill_flow(
    settings: Settings,
    dates: list[dt.date],
    every: str,
    roles: list[str] | None,
    replay: Path | None,
    on_run: OnRun | None,
    alert: bool = False,
) -> list[RunReport]:
    from flows import prefect_flows

    token = prefect_flows.backfill_progress.set(on_run)
    try:
        return prefect_flows.backfill(
            start=dates[0],
            end=dates[-1],
            every=every,
            settings=settings,
            roles=roles,
            replay=_replayed(replay),
            alert=alert,
        )
    finally:
        prefect_flows.backfill_progress.reset(token)


def serve(settings: Settings) -> None:
    """Serve the nightly (cron) and rerun deployments until interrupted; a local Prefect server if none is set."""
    from flows.serve import serve_forever

    serve_forever(settings)


def announce(settings: Settings, reason: str, roles: list[str] | None = None) -> str:
    """Emit the AI-tool release event the served rerun deployment starts on; its event id."""
    from flows.events import announce as emit

    check_role_ids(settings, roles)
    return emit(settings, reason, roles)
