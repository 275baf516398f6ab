"""What `make demo` showed, as one record the demo writes to its workspace (demo-summary.json): the README's demo
section is rendered from it (jobzone/demo_docs.py) and the demo's test compares the two."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from flows.report import RunReport
    from jobzone.demo_catalogue import CapabilityStory, UkStory, YearStory

SUMMARY = "demo-summary.json"


@dataclass(frozen=True)
class DemoSummary:
    """The figures the demo printed that the README quotes (its time is kept but never quoted as a fact)."""

    backfill_runs: int
    backfill_alerts: int
    history_first: float
    history_low: float
    history_last: float
    rerun_before: float
    rerun_after: float
    rerun_label: str
    drafted: int
    postings_share: float
    wages_share: float
    zones_before: dict[str, int]
    zones_after: dict[str, int]
    moved: int
    beyond_noise: int
    within_noise: int
    top_mover: str
    capability_followed: int
    capability_moved: int
    capability_event: str
    capability_jump: str
    capability_rerun_roles: int
    capability_rerun_moved: int
    capability_top_mover: str
    uk_roles: int
    uk_wages: int
    uk_postings: int
    uk_neither: int
    uk_reading: str
    alerts: int
    messages: int
    site_files: int
    seconds: float

    @classmethod
    def of(
        cls,
        *,
        backfill: Sequence[RunReport],
        backfill_alerts: int,
        history: Sequence[float],
        rerun: dict,
        year: YearStory,
        event: CapabilityStory,
        uk: UkStory,
        alerts: int,
        messages: int,
        site_files: int,
        seconds: float,
    ) -> DemoSummary:
        after = year.after
        return cls(
            backfill_runs=len(backfill),
            backfill_alerts=backfill_alerts,
            history_first=round(history[0], 1),
            history_low=round(min(history), 1),
            history_last=round(history[-1], 1),
            rerun_before=round(rerun["before_aijri"], 1),
            rerun_after=round(rerun["after_aijri"], 1),
            rerun_label=rerun["after_label"],
            drafted=after.roles_scored,
            postings_share=round(after.market_fed["job_posting_trends"].fresh_share, 2),
            wages_share=round(after.market_fed["wage_trends"].fresh_share, 2),
            zones_before=dict(year.before.zones),
            zones_after=dict(after.zones),
            moved=after.moves.get("moved", 0),
            beyond_noise=after.moves.get("beyond_noise", 0),
            within_noise=after.moves.get("within_noise", 0),
            top_mover=year.movers[0] if year.movers else "none",
            capability_followed=event.base.capability.get("followed", 0),
            capability_moved=event.base.capability.get("moved", 0),
            capability_event=event.events[0] if event.events else "none",
            capability_jump=event.jumps[0] if event.jumps else "none",
            capability_rerun_roles=event.rerun.roles_scored if event.rerun else 0,
            capability_rerun_moved=event.rerun.changes if event.rerun else 0,
            capability_top_mover=event.movers[0] if event.movers else "none",
            uk_roles=uk.report.roles_scored,
            uk_wages=uk.report.coverage["local_wages"],
            uk_postings=uk.report.coverage["local_postings"],
            uk_neither=uk.report.coverage["neither"],
            uk_reading=uk.reading,
            alerts=alerts,
            messages=messages,
            site_files=site_files,
            seconds=round(seconds, 1),
        )


def write_summary(workspace: Path, summary: DemoSummary) -> Path:
    path = workspace / SUMMARY
    path.write_text(json.dumps(asdict(summary), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_summary(workspace: Path) -> DemoSummary:
    path = workspace / SUMMARY
    try:
        return DemoSummary(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise SystemExit(f"{path}: no summary of a finished `make demo` ({exc}); run `make demo` first") from None
