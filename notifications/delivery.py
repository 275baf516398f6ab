"""Delivering what is due from the outbox: marked sent as soon as the server accepts each message."""
from __future__ import annotations

import datetime as dt
import smtplib
import time
from dataclasses import dataclass, field
from pathlib import Path

from notifications import store
from notifications.errors import DeliveryError
from warehouse.db import write_connection

RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 6 * 3600


@dataclass(frozen=True)
class DeliveryConfig:
    sender: str
    rate_per_second: float = 10.0
    per_connection: int = 100
    batch: int = 1000
    suppress_after: int = 2
    # Accepted messages are marked sent in groups: every `mark_every` messages or `mark_within` seconds,
    # whichever comes first. A crash re-sends at most that window, each with its original Message-ID.
    mark_every: int = 25
    mark_within: float = 0.1


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    reconnects: int = 0
    suppressed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _code_of(exc: Exception) -> tuple[int | None, str]:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(exc.recipients.values()))
        return code, message.decode(errors="replace") if isinstance(message, bytes) else str(message)
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return exc.smtp_code, message
    return None, str(exc)


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** attempts))


def deliver_due(db: Path, transport, config: DeliveryConfig, kinds: tuple[str, ...] | None = None) -> DeliveryReport:
    """Send the due messages over one SMTP connection (reopened every `per_connection` messages or when
    dropped). Each outcome is committed on its own as soon as the server answers (autocommit)."""
    report = DeliveryReport()
    with write_connection(db) as con:
        while True:  # batch after batch until nothing is due (retries are scheduled later, so this ends)
            messages = store.due(con, config.batch, kinds)
            if not messages:
                return report
            _deliver(con, messages, transport, config, report)


class _SentMarks:
    """Buffers acceptances and commits them within mark_every messages / mark_within seconds."""

    def __init__(self, con, config: DeliveryConfig):
        self.con, self.config = con, config
        self.pending: list[int] = []
        self.oldest = 0.0

    def add(self, outbox_id: int) -> None:
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending.append(outbox_id)
        if len(self.pending) >= self.config.mark_every or time.monotonic() - self.oldest >= self.config.mark_within:
            self.flush()

    def flush(self) -> None:
        store.mark_sent(self.con, self.pending)
        self.pending = []


def _deliver(con, messages, transport, config: DeliveryConfig, report: DeliveryReport) -> None:
    interval = 1.0 / config.rate_per_second if config.rate_per_second > 0 else 0.0
    suppressed: set[int] = set()
    marks = _SentMarks(con, config)
    transport.open()
    try:
        for index, (outbox_id, subscriber_id, message_id, to_addr, raw, attempts) in enumerate(messages):
            if subscriber_id in suppressed:
                continue  # suppressed during this batch: its queued messages were already marked failed
            if index and index % config.per_connection == 0:
                transport.close()
                transport.open()
            started = time.monotonic()
            outcome = _send_one(transport, config, to_addr, bytes(raw), message_id, report)
            if outcome[0] == "sent":
                marks.add(outbox_id)
                report.sent += 1
            elif _record(con, outcome, outbox_id, subscriber_id, to_addr, attempts, config, report):
                suppressed.add(subscriber_id)
            pause = interval - (time.monotonic() - started)
            if pause > 0:
                time.sleep(pause)
    finally:
        marks.flush()
        transport.close()


def _send_one(transport, config: DeliveryConfig, to_addr: str, raw: bytes, message_id: str, report) -> tuple:
    """('sent',) | ('retry', error) | ('failed', error); a dropped connection is reopened once."""
    for attempt in (1, 2):
        try:
            transport.send(config.sender, to_addr, raw, message_id)
            return ("sent",)
        except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as exc:
            if attempt == 2:
                return ("retry", f"connection lost: {exc}")
            report.reconnects += 1
            transport.close()
            try:
                transport.open()
            except DeliveryError as reopen:
                return ("retry", str(reopen))
        except (smtplib.SMTPException, OSError) as exc:
            code, message = _code_of(exc)
            error = f"{code or ''} {message}".strip()
            return ("failed", error) if code and 500 <= code < 600 else ("retry", error)
    return ("retry", "unreachable")


def _record(con, outcome: tuple, outbox_id: int, subscriber_id: int, to_addr: str, attempts: int,
            config: DeliveryConfig, report: DeliveryReport) -> bool:
    """Store a retry or a failure; True when the address has just been suppressed."""
    if outcome[0] == "retry":
        store.mark_retry(con, outbox_id, outcome[1], store.now() + backoff(attempts))
        report.retried += 1
        report.errors.append(f"{to_addr}: {outcome[1]} (will retry)")
    else:
        report.failed += 1
        report.errors.append(f"{to_addr}: {outcome[1]} (failed)")
        if store.mark_failed(con, outbox_id, subscriber_id, outcome[1], config.suppress_after):
            report.suppressed.append(to_addr)
            return True
    return False
