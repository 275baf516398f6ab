"""AI capability: check the frontier for new frontier models and start the rerun they call for; read the frontier
and the release events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flows.capability import CheckReport, watch
from flows.pipeline import check_as_of
from flows.report import RunReport
from flows.request import RunRequest
from jobzone.services import runs
from jobzone.services.notes import Note, quiet
from jobzone.settings import Settings
from scoring.capability_evidence import DIMENSION
from scoring.evidence_rules import load_rules
from scoring.frontier_events import FrontierMark, ReleaseEvent, frontier_marks
from warehouse.capability import capability_results, events


@dataclass(frozen=True, kw_only=True)
class CheckOutcome:
    check: CheckReport
    rerun: RunReport | None = None  # the rerun this process ran (no Prefect server serves the rerun)
    announced: str | None = None  # the event id that starts the served rerun

    def as_dict(self) -> dict:
        return {
            "as_of": self.check.as_of,
            "source": self.check.source.status if self.check.source else None,
            "source_errors": self.check.source.errors if self.check.source else [],
            "events": [
                {"reason": e.reason, "proposal": e.proposal, "jumps": [j.words() for j in e.jumps]}
                for e in self.check.events
            ],
            "rerun": self.rerun.as_dict() if self.rerun else None,
            "announced": self.announced,
        }


def check(
    settings: Settings,
    *,
    as_of: dt.date | None = None,
    replay: Path | None = None,
    rerun: bool = True,
    alert: bool | None = None,
    note: Note = quiet,
    on_stage: runs.OnStage | None = None,
) -> CheckOutcome:
    """Fetch Epoch's data and check the frontier; a new frontier model is recorded, its release proposal written,
    and the rerun started: through the served deployment when `jobzone serve` serves it, else here and now."""
    as_of = check_as_of(as_of or dt.datetime.now(dt.timezone.utc).date())
    runs.check_before_starting(settings, as_of)
    z = load_rules(settings.evidence_rules).z_of(DIMENSION)
    report = watch(settings, as_of, replay or settings.replay, z)
    reason = report.reason
    if reason is None or not rerun:
        return CheckOutcome(check=report)
    from flows.events import serves_rerun

    if settings.prefect and serves_rerun(settings):
        return CheckOutcome(check=report, announced=runs.announce(settings, reason))
    return CheckOutcome(
        check=report, rerun=runs.run(settings, RunRequest.rerun(reason, as_of=as_of, alert=alert), note, on_stage)
    )


def frontier(settings: Settings, as_of: dt.date | None = None) -> list[FrontierMark]:
    """Each benchmark's frontier as of a date (default today), from the stored results."""
    day = as_of or dt.datetime.now(dt.timezone.utc).date()
    with settings.warehouse.read() as con:
        return list(frontier_marks(capability_results(con, day), day).values())


def release_events(settings: Settings) -> list[ReleaseEvent]:
    with settings.warehouse.read() as con:
        return events(con)
