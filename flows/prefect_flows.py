"""Prefect flows: nightly, rerun and backfill. They only wire the pipeline's stages into tasks."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator, TypeVar

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.pipeline import backfill_done, run_pipeline
from flows.report import RunReport
from flows.request import BackfillRequest, RunRequest
from flows.settings import PipelineSettings
from scoring.errors import JobzoneError

T = TypeVar("T")
TASK_RETRIES = 1
_run_settings: ContextVar[PipelineSettings | None] = ContextVar("run_settings", default=None)
# Set by the CLI to draw a progress bar; flow parameters must stay serialisable, so it is not one.
backfill_progress: ContextVar[Callable[[RunReport], None] | None] = ContextVar(
    "backfill_progress", default=None
)  # HTTP retries live in the client; a task retry covers an unexpected crash of the stage


class _Opaque:
    """Holds a stage's result so Prefect does not walk it (10,000 roles would cost seconds per task)."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def _worth_retrying(task: Any, task_run: Any, state: Any) -> bool:
    """A JobzoneError (bad input, a refused date) would fail the same way again: no retry for it."""
    return not isinstance(state.data, JobzoneError)


def _stage_task(fn: Callable, name: str) -> Any:
    def stage(*args: Any) -> _Opaque:
        return _Opaque(fn(*args))

    return task(name=name, cache_policy=NO_CACHE, retries=TASK_RETRIES, retry_condition_fn=_worth_retrying)(stage)


class PrefectRunner:
    """The Runner under a flow: each stage becomes one task run (fetch fans out to sources on threads inside
    its task). Inputs are quoted and results boxed: stages pass plain data in-process, so Prefect need not
    inspect it."""

    def call(self, name: str, fn: Callable[..., T], *args: Any) -> T:
        return _stage_task(fn, name)(*[quote(arg) for arg in args]).value


def _log_report(report: RunReport) -> RunReport:
    logger = get_run_logger()
    logger.info(
        "run %s (%s, as of %s): %s roles scored, %s changed, sources %s",
        report.run_id,
        report.kind,
        report.as_of,
        report.roles_scored,
        report.changes,
        report.sources or "not fetched",
    )
    for problem in report.source_errors:
        logger.warning("source problem: %s", problem)
    return report


@contextmanager
def settings_for_runs(settings: PipelineSettings) -> Iterator[None]:
    """The settings the flows called inside this block run with (the CLI's); a deployment run reads JOBZONE_*. Not a
    flow parameter: a run's parameters are what it was asked to do, stored on the server, and settings hold secrets."""
    token = _run_settings.set(settings)
    try:
        yield
    finally:
        _run_settings.reset(token)


def _settings() -> PipelineSettings:
    return _run_settings.get() or PipelineSettings()


@flow(name="nightly", log_prints=False)
def nightly(request: RunRequest = RunRequest()) -> RunReport:
    """Fetch the sources the roles follow, map evidence, score every role, diff, write the run."""
    return _log_report(run_pipeline(_settings(), request.of_kind("nightly"), PrefectRunner()))


@flow(name="rerun")
def rerun(request: RunRequest) -> RunReport:
    """On demand (e.g. after an AI-tool release changed assessments): rescore with the latest observations; the
    request must say why (its reason)."""
    return _log_report(run_pipeline(_settings(), request.of_kind("rerun"), PrefectRunner()))


@flow(name="capability")
def capability() -> dict:
    """Check Epoch AI's benchmarks for a new frontier model; an event is recorded, its release proposal written,
    and the served rerun started by the event (named after it)."""
    from flows.capability import watch
    from flows.events import announce
    from scoring.capability_evidence import DIMENSION
    from scoring.evidence_rules import load_rules

    settings = _settings()
    today = dt.datetime.now(dt.timezone.utc).date()
    report = watch(settings, today, settings.replay, load_rules(settings.evidence_rules).z_of(DIMENSION))
    logger = get_run_logger()
    if report.source is not None and report.source.errors:
        logger.warning("capability source: %s", "; ".join(report.source.errors))
    if report.reason:
        logger.info("%s: starting the rerun", report.reason)
        announce(settings, report.reason, None)
    return {"events": [event.reason for event in report.events]}


@flow(name="deliver")
def deliver() -> dict:
    """Deliver what is due in the outbox (retries, confirmations queued from the CLI): `jobzone send`, served."""
    from notifications.service import send_due

    report = send_due(_settings())
    logger = get_run_logger()
    logger.info("delivered %s, to retry %s, failed %s", report.sent, report.retried, report.failed)
    for problem in report.errors:
        logger.warning("delivery: %s", problem)
    return {"sent": report.sent, "retried": report.retried, "failed": report.failed}


@flow(name="backfill")
def backfill(request: BackfillRequest) -> list[RunReport]:
    """One run per as-of date, oldest first; the sources are fetched (or replayed) once, before the first; the
    dates an interrupted backfill of the same range already ran are not run again."""
    settings = _settings()
    reports = []
    for run in request.runs(skip=backfill_done(settings, request)):
        reports.append(_log_report(run_pipeline(settings, run, PrefectRunner())))
        progress = backfill_progress.get()
        if progress:
            progress(reports[-1])
    return reports
