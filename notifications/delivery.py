"""Delivering what is due from the outbox, channel by channel, without holding the database while sending.

A batch is claimed in a short transaction (the claim names this process and expires), sent with no
connection open, and its outcomes are recorded in short transactions: readers and the web are never locked
out by a slow receiver. Accepted messages are marked in groups (mark_every / mark_within); a crash re-sends at
most that window, with the same Message-ID / delivery id. An overall deadline and a per-channel circuit
breaker stop a stalling receiver from holding `send` for long."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, Callable, ContextManager, Mapping, Sequence, TypeVar

from notifications import store
from notifications.addresses import mask
from notifications.channels.base import Deferred, Misconfigured, Refused, Transport, Unreachable
from warehouse.store import Warehouse

RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 6 * 3600


@dataclass(frozen=True)
class DeliveryConfig:
    rate_per_second: float = 10.0
    per_connection: int = 100
    batch: int = 1000
    suppress_after: int = 2
    mark_every: int = 25
    mark_within: float = 0.1
    deadline: float = 600.0  # seconds after which no new delivery starts
    channel_breaker_after: int = 3  # consecutive unreachable answers before a channel is left for a later send
    lease: float = 900.0  # seconds a claim holds before another sender may take the batch over


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    reconnects: int = 0
    left_queued: int = 0
    suppressed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**attempts))


T = TypeVar("T")


class _Store:
    """Short transactions on the outbox, each inside `hold` (the writer lock, when the caller lacks it)."""

    def __init__(self, warehouse: Warehouse, hold: Callable[[], ContextManager]):
        self.warehouse, self.hold = warehouse, hold

    def __call__(self, fn: Callable[..., T], *args: Any) -> T:
        with self.hold(), self.warehouse.connect() as con:
            return fn(con, *args)


class _SentMarks:
    """Buffers acceptances and commits them within mark_every messages / mark_within seconds."""

    def __init__(self, db: _Store, config: DeliveryConfig):
        self.db, self.config = db, config
        self.pending: list[int] = []
        self.oldest = 0.0

    def add(self, outbox_id: int) -> None:
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending.append(outbox_id)
        if len(self.pending) >= self.config.mark_every or time.monotonic() - self.oldest >= self.config.mark_within:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.db(store.mark_sent, self.pending)
            self.pending = []


def deliver_due(
    warehouse: Warehouse,
    transports: Mapping[str, Callable[[], Transport]],
    config: DeliveryConfig,
    kinds: tuple[str, ...] | None = None,
    hold: Callable[[], ContextManager] = nullcontext,
    on_echo: Callable[[str, bytes, str], None] | None = None,
) -> DeliveryReport:
    """Send due messages until none is left, the deadline passes, or every channel's breaker is open.
    `transports`: channel name -> a factory of its transport. `hold`: what guards each short write (the
    writer lock for `jobzone send`; nothing inside a run, which holds it already)."""
    report, db_store = DeliveryReport(), _Store(warehouse, hold)
    deadline = time.monotonic() + config.deadline
    tripped: set[str] = set()
    while time.monotonic() < deadline:
        batch = db_store(store.claim, config.batch, kinds, sorted(tripped), os.getpid(), config.lease)
        if not batch:
            break
        by_channel = defaultdict(list)
        for row in batch:
            by_channel[row.channel].append(row)
        for channel, rows in by_channel.items():
            if channel in tripped or time.monotonic() >= deadline:
                _release(db_store, rows, report, f"{channel}: not attempted (deadline or circuit breaker)")
                continue
            done, refused_us = _deliver(db_store, rows, transports[channel](), config, report, deadline, on_echo)
            if done < len(rows):
                tripped.add(channel)
                _release(db_store, rows[done:], report, f"{channel}: {_why_stopped(config, deadline, refused_us)}")
    return report


def _why_stopped(config: DeliveryConfig, deadline: float, refused_us: str | None) -> str:
    if refused_us:
        return (
            f"the relay refused jobzone itself ({refused_us}): fix the transport settings (JOBZONE_SMTP_URL, "
            "JOBZONE_SMTP_PASSWORD); no message was marked failed and no address suppressed"
        )
    if time.monotonic() >= deadline:
        return f"deadline of {config.deadline:g}s passed"
    return f"circuit breaker open after {config.channel_breaker_after} unanswered attempts"


def _release(db_store: _Store, rows: Sequence[store.Outgoing], report: DeliveryReport, why: str) -> None:
    db_store(store.release, [row.id for row in rows])
    report.left_queued += len(rows)
    report.errors.append(f"{why}; {len(rows)} message(s) left queued for the next send")


def _deliver(
    db_store: _Store,
    rows: Sequence[store.Outgoing],
    transport: Transport,
    config: DeliveryConfig,
    report: DeliveryReport,
    deadline: float,
    on_echo: Callable[[str, bytes, str], None] | None,
) -> tuple[int, str | None]:
    """Send rows over one transport; return how many were handled (fewer when the breaker or deadline hit, or
    the relay refused jobzone itself: then also its reply)."""
    interval = 1.0 / config.rate_per_second if config.rate_per_second > 0 else 0.0
    suppressed: set[int] = set()
    marks = _SentMarks(db_store, config)
    unanswered = handled = 0
    transport.open()
    try:
        for index, row in enumerate(rows):
            if unanswered >= config.channel_breaker_after or time.monotonic() >= deadline:
                break
            handled += 1
            if row.subscriber_id in suppressed:
                continue  # suppressed during this batch: its queued messages were already marked failed
            if index and index % config.per_connection == 0:
                transport.close()
                transport.open()
            started = time.monotonic()
            try:
                reply = transport.send(row.to_addr, bytes(row.raw), row.message_id)
            except Unreachable as exc:
                unanswered += 1
                _retry(db_store, row, str(exc), report)
            except Deferred as exc:
                unanswered = 0
                _retry(db_store, row, str(exc), report)
            except Refused as exc:
                unanswered = 0
                if _failed(db_store, row, str(exc), config, report):
                    suppressed.add(row.subscriber_id)
            except Misconfigured as exc:
                return handled - 1, str(exc)  # this message too stays queued, unattempted
            else:
                unanswered = 0
                marks.add(row.id)
                report.sent += 1
                if on_echo and row.kind == "confirm" and reply:
                    on_echo(row.channel, bytes(row.raw), reply)
            pause = interval - (time.monotonic() - started)
            if pause > 0:
                time.sleep(pause)
    finally:
        marks.flush()
        report.reconnects += getattr(transport, "reconnects", 0)
        transport.close()
    return handled, None


def _shown(address: str) -> str:
    """An address as the operator's report prints it: a webhook URL without its secrets (an e-mail address whole)."""
    return mask(address) if "://" in address else address


def _retry(db_store: _Store, row: store.Outgoing, error: str, report: DeliveryReport) -> None:
    db_store(store.mark_retry, row.id, error, store.now() + backoff(row.attempts))
    report.retried += 1
    report.errors.append(f"{_shown(row.to_addr)}: {error} (will retry)")


def _failed(db_store: _Store, row: store.Outgoing, error: str, config: DeliveryConfig, report: DeliveryReport) -> bool:
    """Store a permanent failure; True when the address has just been suppressed."""
    report.failed += 1
    report.errors.append(f"{_shown(row.to_addr)}: {error} (failed)")
    if db_store(store.mark_failed, row.id, row.subscriber_id, error, config.suppress_after):
        report.suppressed.append(row.to_addr)
        return True
    return False
