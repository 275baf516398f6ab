"""What is worth an alert: per subscription, the new score against the last one told to that subscriber."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scoring.changes import Cause, EvidenceMove
from scoring.uncertainty import explained_by_noise

HELD_STATUSES = ("stale", "insufficient")


@dataclass(frozen=True, kw_only=True)
class Subscription:
    subscriber_id: int
    email: str
    role_id: str
    told_run_id: int | None
    told_aijri: float | None
    told_zone: str | None
    told_label: str | None
    channel: str = "email"
    alert_on: str = "moves"  # moves | red (only a followed role entering Red)
    via_category: str | None = None  # the followed category that brought this role (None: followed by itself)


@dataclass(frozen=True, kw_only=True)
class RunInfo:
    """The run an alert comes from: shown in digests and sent with webhook payloads."""

    id: int
    kind: str
    as_of: dt.date
    reason: str | None = None
    country: str = "US"  # the view the run scored: its subscribers, and the digest says which

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "as_of": self.as_of, "reason": self.reason, "country": self.country}


@dataclass(frozen=True, kw_only=True)
class RoleNow:
    """A role's result in this run, with this run's change (if any) and its evidence statuses."""

    role_id: str
    title: str
    aijri: float
    aijri_display: str
    zone: str
    label: str
    causes: list[Cause] = field(default_factory=list)
    evidence_status: dict[str, str] = field(default_factory=dict)
    draft_note: str | None = None
    market_band: float = 0.0  # how far the score could move on the market readings' sampling error alone (±)
    confidence_band: tuple[float, float] | None = None  # the score's 80% band from everything it rests on


@dataclass(frozen=True)
class Move:
    subscription: Subscription
    now: RoleNow


def only_missing_data(role: RoleNow) -> bool:
    """True when every cause of this run's change is a dimension held for stale or insufficient data."""
    evidence = [c for c in role.causes if isinstance(c, EvidenceMove)]
    if not evidence or len(evidence) != len(role.causes):
        return False
    return all(role.evidence_status.get(c.dimension) in HELD_STATUSES for c in evidence)


def within_noise(role: RoleNow, told: float) -> bool:
    """The move since the subscriber was last told is one the market readings' sampling error explains."""
    return explained_by_noise(role.causes, role.aijri - told, role.market_band)


def decide(
    subscriptions: list[Subscription], roles: dict[str, RoleNow], min_points: float
) -> tuple[list[Move], list[tuple]]:
    """(moves to alert, ratchet updates). A first run after subscribing records a baseline and alerts nothing;
    later, a zone or label change or a move of at least min_points since the last score told alerts, unless the
    market readings' own error explains it (within_noise)."""
    moves, updates = [], []
    for sub in subscriptions:
        role = roles.get(sub.role_id)
        if role is None:
            continue
        update = (sub.subscriber_id, sub.role_id, role.aijri, role.zone, role.label)
        if sub.told_aijri is None:
            updates.append(update)
            continue
        crossed = role.zone != sub.told_zone or role.label != sub.told_label
        drifted = abs(role.aijri - sub.told_aijri) >= min_points
        if sub.alert_on == "red":  # only entering Red is news to this subscriber
            crossed, drifted = role.zone == "Red" and sub.told_zone != "Red", False
        if (crossed or drifted) and not only_missing_data(role) and not within_noise(role, sub.told_aijri):
            moves.append(Move(sub, role))
            updates.append(update)
    return moves, updates
