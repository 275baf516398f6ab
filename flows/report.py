"""The run report: what one run did, as a typed record (the CLI prints it, the flows log it, scripts read its
JSON); the same counts are stored with the run in the warehouse."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

from flows.ingest import SourceReport
from notifications.delivery import DeliveryReport
from notifications.ratchet import RunInfo
from scoring.batch import ScoredRole
from scoring.capability_evidence import DIMENSION as CAPABILITY
from scoring.changes import Change
from scoring.evidence_inputs import MarketInputs
from scoring.frontier_events import ReleaseEvent
from scoring.uncertainty import big_swing, explained_by_noise


@dataclass(frozen=True, kw_only=True)
class MarketFed:
    """For one automated dimension: how many roles the market moved this run, and how many held or pinned."""

    fresh: int
    held: int
    pinned: int
    fresh_share: float


@dataclass(frozen=True, kw_only=True)
class RunStats:
    """The counts stored with a run (runs.stats): counts per stage, cheap quality signals, time per stage."""

    roles_scored: int
    changes: int
    zones: dict[str, int]
    evidence_status: dict[str, int]
    market_fed: dict[str, MarketFed]
    zone_moves: dict[str, int]
    ingest: str  # skipped | replay | live
    sources: dict[str, str]
    observations_new: int
    source_errors: list[str]
    notifications_queued: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    # Per source, what the run read as published by its as-of date: vintage, latest period, `later` recording.
    vintages: dict[str, dict[str, Any]] = field(default_factory=dict)
    alerts_held: str | None = None  # why no alert was planned (a backfill of past dates), None when planned
    # Of the roles whose score moved a point or more: how many beyond their market band, how many within it
    # (market readings alone, sampling error), and how many had a dimension jump 3+ levels.
    moves: dict[str, int] = field(default_factory=dict)
    # AI capability: the release events this run found, the proposals written, roles whose AI tool maturity the
    # capability frontier moved away from their file's value.
    capability: dict[str, Any] = field(default_factory=dict)
    # Release files the run could not read (release id -> why): their stored records, which pages show, are kept.
    release_files_unread: dict[str, str] = field(default_factory=dict)
    # The country whose view the run scored, and how many roles read local data there: a wage reading, a postings
    # reading, both, neither (coverage).
    country: str = "US"
    coverage: dict[str, int] = field(default_factory=dict)

    @property
    def failed_sources(self) -> list[str]:
        """The sources this run fetched and could not read (stale or broken): their series hold their last values."""
        return sorted(name for name, state in self.sources.items() if state != "ok")

    @property
    def status(self) -> str:
        """succeeded, or degraded: the run scored every role, but on data a failed source could not refresh."""
        return "degraded" if self.failed_sources else "succeeded"

    @property
    def newest_period(self) -> str | None:
        """The latest period any source the run read holds (ISO date), as published by the run's as-of date."""
        periods = [v["latest_period"] for v in self.vintages.values() if v.get("latest_period")]
        return max(periods) if periods else None

    @property
    def market_all_held(self) -> bool:
        """No role's market series (postings, wages) moved with the market: every one held its level (not enough
        data in the window), as when a run is dated past the newest stored data. (AI capability is read from the
        frontier as of any date: it is not a series that runs out.)"""
        counts = [c for dimension, c in self.market_fed.items() if dimension != CAPABILITY]
        return bool(self.vintages) and bool(counts) and all(c.fresh == 0 and c.held > 0 for c in counts)

    @property
    def every_source_failed(self) -> bool:
        return bool(self.sources) and len(self.failed_sources) == len(self.sources)

    def as_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(RunStats)}
        out["market_fed"] = {name: vars(counts) for name, counts in self.market_fed.items()}
        return {**out, "status": self.status}


def errors_by_host(errors: Sequence[str]) -> list[tuple[str, int, str]]:
    """A run's fetch errors ("<url>: <problem>") grouped by host: (host, how many, the first problem), most first;
    offline, fifteen robots.txt errors from five hosts read as five lines."""
    groups: dict[str, list[str]] = {}
    for error in errors:
        url, _, problem = error.partition(": ")
        host = urlsplit(url).hostname if "://" in url else None
        groups.setdefault(host or "(no host)", []).append(problem if host else error)
    return sorted(((host, len(found), found[0]) for host, found in groups.items()), key=lambda g: (-g[1], g[0]))


@dataclass(frozen=True, kw_only=True)
class RunReport(RunStats):
    run_id: int
    kind: str
    reason: str | None
    as_of: dt.date
    notifications_sent: int | None = None  # set when the run delivered what it queued
    notification_errors: list[str] | None = None

    @classmethod
    def of(
        cls, stats: RunStats, *, run: RunInfo, seconds: dict[str, float], delivery: DeliveryReport | None
    ) -> "RunReport":
        return cls(
            run_id=run.id,
            kind=run.kind,
            reason=run.reason,
            as_of=run.as_of,
            **{**vars(stats), "seconds": seconds},
            notifications_sent=delivery.sent if delivery else None,
            notification_errors=delivery.errors if delivery else None,
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `jobzone run --json` (the run's identity first, then its stats)."""
        head = {"run_id": self.run_id, "kind": self.kind, "reason": self.reason, "as_of": self.as_of}
        tail: dict[str, Any] = (
            {} if self.notifications_sent is None else {"notifications_sent": self.notifications_sent}
        )
        if self.notification_errors is not None:
            tail["notification_errors"] = self.notification_errors
        return {**head, **super().as_dict(), **tail}


def market_fed(scored: Sequence[ScoredRole]) -> dict[str, MarketFed]:
    """Per automated dimension: how many roles the market moved this run (fresh) and how many held or had none."""
    out: dict[str, Counter] = {}
    for row in scored:
        for e in row.evidence:
            if e.status != "analyst":
                out.setdefault(e.dimension, Counter())[e.status] += 1
    return {
        dim: MarketFed(
            fresh=c["fresh"],
            held=c["stale"] + c["insufficient"],
            pinned=c["pinned"],
            fresh_share=round(c["fresh"] / len(scored), 3) if scored else 0.0,
        )
        for dim, c in out.items()
    }


def _read_locally(row: ScoredRole, dimension: str) -> bool:
    """Whether the role's dimension read at least one series this run (its own country's: a view follows only
    local series)."""
    value = next((e for e in row.evidence if e.dimension == dimension), None)
    inputs = value.inputs if value is not None else None
    return isinstance(inputs, MarketInputs) and any(s.now.get("ok") for s in inputs.series)


def coverage(scored: Sequence[ScoredRole]) -> dict[str, int]:
    """How many roles read local wages, local postings, both, or neither this run."""
    wages = {row.role_id for row in scored if _read_locally(row, "wage_trends")}
    postings = {row.role_id for row in scored if _read_locally(row, "job_posting_trends")}
    return {
        "local_wages": len(wages),
        "local_postings": len(postings),
        "both": len(wages & postings),
        "neither": len(scored) - len(wages | postings),
    }


def run_stats(
    *,
    ingest: str,
    scored: Sequence[ScoredRole],
    changes: Sequence[Change],
    sources: Sequence[SourceReport],
    notifications_queued: int,
    seconds: dict[str, float],
    vintages: dict[str, dict[str, Any]] | None = None,
    alerts_held: str | None = None,
    bands: dict[str, float] | None = None,
    capability: dict[str, Any] | None = None,
    release_files_unread: Mapping[str, str] | None = None,
    country: str = "US",
) -> RunStats:
    return RunStats(
        country=country,
        coverage=coverage(scored),
        roles_scored=len(scored),
        changes=len(changes),
        zones=dict(Counter(row.score.zone for row in scored)),
        evidence_status=dict(Counter(e.status for row in scored for e in row.evidence)),
        market_fed=market_fed(scored),
        zone_moves=dict(
            Counter(
                f"{c.before_zone} -> {c.after_zone}" for c in changes if c.before_zone and c.before_zone != c.after_zone
            )
        ),
        ingest=ingest,
        sources={r.source: r.status for r in sources},
        observations_new=sum(r.new_observations for r in sources),
        source_errors=[e for r in sources for e in r.errors],
        notifications_queued=notifications_queued,
        seconds=seconds,
        vintages=vintages or {},
        alerts_held=alerts_held,
        moves=move_counts(changes, bands or {}),
        capability=capability or {},
        release_files_unread=dict(release_files_unread or {}),
    )


def capability_stats(
    scored: Sequence[ScoredRole], events: Sequence[ReleaseEvent], proposed: Sequence[ReleaseEvent]
) -> dict[str, Any]:
    """What AI capability did in a run: events found, proposals written, roles moved off their file's value."""
    values = [e for row in scored for e in row.evidence if e.dimension == "ai_tool_maturity"]
    return {
        "events": [event.reason for event in events],
        "proposals": [event.proposal for event in proposed if event.proposal],
        "followed": sum(1 for e in values if e.status != "analyst"),
        "moved": sum(1 for e in values if e.status == "fresh" and e.value != e.analyst_value),
        "held": sum(1 for e in values if e.status in ("stale", "insufficient")),
    }


def move_counts(changes: Sequence[Change], bands: dict[str, float]) -> dict[str, int]:
    deltas = [(c, c.after_aijri - c.before_aijri) for c in changes if c.before_aijri is not None]
    moved = [(c, d) for c, d in deltas if abs(d) >= 1]
    noise = [c for c, d in moved if explained_by_noise(c.causes, d, bands.get(c.role_id, 0.0))]
    return {
        "moved": len(moved),
        "within_noise": len(noise),
        "beyond_noise": len(moved) - len(noise),
        "swings_3plus": sum(big_swing(c.causes) for c, _ in deltas),
        "zone_moves": sum(1 for c, _ in deltas if c.before_zone != c.after_zone),
    }
