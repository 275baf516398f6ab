"""The capability stages of a run: check the frontier for new frontier models (release events), read the results a
run may use, and write the release proposals of the events a current run found. Orchestration only: the rules are
in scoring/capability.py, the storage in warehouse/capability.py, the proposal file in catalogue/proposals.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from catalogue.proposals import write_proposal
from flows.ingest import SourceReport, ingest
from flows.settings import PipelineSettings
from scoring.frontier_events import ReleaseEvent, frontier_marks, release_events
from sources.epoch import NAME as CAPABILITY_SOURCE
from warehouse.capability import capability_checked, capability_results, last_check, record_check, set_proposal


def check_frontier(settings: PipelineSettings, run_id: int | None, as_of: dt.date, z: float) -> list[ReleaseEvent]:
    """Compare each benchmark's frontier as of the date with its frontier among the results already published at the
    last check, both read from the data now (a publisher that re-runs a benchmark revises old models' scores too);
    record the check and the models that moved a frontier beyond z of their error (one event per model, once)."""
    with settings.warehouse.connect() as con:
        results = capability_results(con, as_of)
        if not results:
            return []
        now = frontier_marks(results, as_of)
        last = last_check(con, as_of)
        before = frontier_marks([r for r in results if r.published <= last], last) if last else {}
        return record_check(con, run_id, as_of, list(now.values()), release_events(now, before, z))


def needs_check(settings: PipelineSettings, reports: Sequence[SourceReport]) -> bool:
    """A run checks the frontier when it fetched Epoch's data and found something new in it, or nothing was ever
    checked: a download with nothing new cannot hold a new frontier model."""
    report = next((r for r in reports if r.source == CAPABILITY_SOURCE), None)
    if report is None or report.status != "ok":
        return False
    if report.new_observations:
        return True
    with settings.warehouse.connect() as con:
        return not capability_checked(con)


def propose(settings: PipelineSettings, events: Sequence[ReleaseEvent]) -> list[ReleaseEvent]:
    """Write each event's release proposal into the releases folder (never over a file there), record where, and
    return the events with the path of the proposal written (None where a file was already there)."""
    out = []
    for event in events:
        path = write_proposal(settings.releases, event)
        if path is not None and event.id is not None:
            with settings.warehouse.connect() as con:
                set_proposal(con, event.id, str(path))
        out.append(replace(event, proposal=str(path) if path else None))
    return out


def named_after(reason: str | None, events: Sequence[ReleaseEvent]) -> str | None:
    """A run that found release events is named after them (its causes then say so)."""
    if not events:
        return reason
    names = "; ".join(event.reason for event in events)
    return names if reason is None else f"{reason}; {names}"


@dataclass(frozen=True, kw_only=True)
class CheckReport:
    """What a capability check outside a run did: the source fetched, the events found and their proposals."""

    as_of: dt.date
    source: SourceReport | None
    events: tuple[ReleaseEvent, ...]

    @property
    def reason(self) -> str | None:
        return named_after(None, self.events)


def watch(settings: PipelineSettings, as_of: dt.date, replay: Path | None, z: float) -> CheckReport:
    """Fetch Epoch's downloads (or replay them as recorded by as_of), archive and parse them, and check the frontier,
    holding the writer lock; a check that finds events writes their proposals. It scores nothing: the rerun it
    triggers does (named after the events)."""
    with settings.warehouse.lock("capability check"):
        reports = ingest(settings, [], replay, None, as_of=as_of, capability=True)
        source = next((r for r in reports if r.source == CAPABILITY_SOURCE), None)
        found = check_frontier(settings, None, as_of, z) if source is not None and source.status == "ok" else []
        return CheckReport(as_of=as_of, source=source, events=tuple(propose(settings, found)))
