"""Subscribers, subscriptions and the outbox in the warehouse (callers hold the writer lock)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from typing import NamedTuple, Sequence

import duckdb

from notifications import follows
from notifications.errors import SubscriptionError
from notifications.message import Rendered
from notifications.ratchet import Subscription
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from warehouse.db import scalar


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Outgoing(NamedTuple):
    id: int
    subscriber_id: int
    message_id: str
    to_addr: str
    raw: bytes
    attempts: int
    channel: str
    kind: str


def upsert_subscriber(
    con: duckdb.DuckDBPyConnection,
    address: str,
    role_ids: Sequence[str],
    channel: str = "email",
    categories: Sequence[str] = (),
    country: str = DEFAULT_COUNTRY,
) -> tuple[int, str, str | None]:
    """Create or reuse the subscriber and add the roles and categories. One that is new, or active again after
    an unsubscribe, waits for a fresh confirmation (double opt-in holds for every addition). Returns
    (id, status, nonce): the nonce binds the confirmation to be sent, or None when nothing awaits one."""
    row = con.execute("SELECT id, status, channel FROM subscribers WHERE email = ?", [address]).fetchone()
    if row is None:
        row = con.execute(
            "INSERT INTO subscribers (email, status, created_at, channel) VALUES (?, 'pending', ?, ?) "
            "RETURNING id, status, channel",
            [address, now(), channel],
        ).fetchone()
    if row is None:
        raise SubscriptionError(f"{address}: the subscriber could not be stored")
    subscriber_id, status, stored_channel = row
    if stored_channel != channel:
        raise SubscriptionError(f"{address} is already subscribed as {stored_channel}")
    for role_id in role_ids:
        # Followed by itself from now on; from another country's page: that view, a new baseline, confirmed again.
        con.execute(
            "INSERT INTO subscriptions (subscriber_id, role_id, created_at, confirmed, country) "
            "VALUES (?, ?, ?, false, ?) ON CONFLICT (subscriber_id, role_id) DO UPDATE SET "
            "confirmed = subscriptions.active AND subscriptions.confirmed AND subscriptions.country = excluded.country, "
            "told_run_id = CASE WHEN subscriptions.country = excluded.country THEN subscriptions.told_run_id END, "
            "told_aijri = CASE WHEN subscriptions.country = excluded.country THEN subscriptions.told_aijri END, "
            "told_zone = CASE WHEN subscriptions.country = excluded.country THEN subscriptions.told_zone END, "
            "told_label = CASE WHEN subscriptions.country = excluded.country THEN subscriptions.told_label END, "
            "country = excluded.country, active = true, via_category = NULL",
            [subscriber_id, role_id, now(), country],
        )
    follows.add(con, subscriber_id, categories)
    waiting = len(pending_roles(con, subscriber_id)) + len(follows.pending(con, subscriber_id))
    if status == "unsubscribed":
        status = "pending"
        con.execute("UPDATE subscribers SET status = 'pending' WHERE id = ?", [subscriber_id])
    nonce = None
    if waiting and status != "suppressed":
        nonce = secrets.token_urlsafe(12)
        con.execute("UPDATE subscribers SET confirm_nonce = ? WHERE id = ?", [nonce, subscriber_id])
    return subscriber_id, status, nonce


def confirm(con: duckdb.DuckDBPyConnection, subscriber_id: int, nonce: str | None) -> str:
    """Confirm what the link was sent for: only the latest confirmation's nonce is honoured."""
    row = con.execute("SELECT status, confirm_nonce FROM subscribers WHERE id = ?", [subscriber_id]).fetchone()
    if row is None:
        raise SubscriptionError("this confirmation link no longer matches a subscription")
    if row[0] == "suppressed":
        raise SubscriptionError("this address is suppressed after repeated delivery failures")
    if row[1] is not None and nonce != row[1]:
        raise SubscriptionError("this confirmation link was replaced by a newer one; use the latest link")
    con.execute(
        "UPDATE subscribers SET status = 'confirmed', confirmed_at = coalesce(confirmed_at, ?), "
        "confirm_nonce = NULL WHERE id = ?",
        [now(), subscriber_id],
    )
    con.execute("UPDATE subscriptions SET confirmed = true WHERE subscriber_id = ? AND active", [subscriber_id])
    follows.confirm(con, subscriber_id)
    # The baseline is what the subscriber saw when confirming: the role's latest score (an alert then tells what
    # moved since). A role with no score yet gets its baseline from the first run that plans alerts.
    con.execute(
        "UPDATE subscriptions SET told_run_id = l.run_id, told_aijri = l.aijri, told_zone = l.zone, "
        "told_label = l.label FROM latest_country_scores l WHERE subscriptions.subscriber_id = ? "
        "AND subscriptions.role_id = l.role_id AND l.country = subscriptions.country AND subscriptions.active "
        "AND subscriptions.told_aijri IS NULL",
        [subscriber_id],
    )
    return "confirmed"


def pending_roles(con: duckdb.DuckDBPyConnection, subscriber_id: int) -> list[str]:
    """Role ids awaiting this subscriber's confirmation."""
    return [
        r
        for (r,) in con.execute(
            "SELECT role_id FROM subscriptions WHERE subscriber_id = ? AND active AND NOT confirmed ORDER BY role_id",
            [subscriber_id],
        ).fetchall()
    ]


def unsubscribe(con: duckdb.DuckDBPyConnection, subscriber_id: int, role_id: str | None) -> int:
    """Deactivate one role (or all); idempotent. Returns how many subscriptions were active before."""
    where = "subscriber_id = ? AND active" + (" AND role_id = ?" if role_id else "")
    params = [subscriber_id] + ([role_id] if role_id else [])
    active = scalar(con, f"SELECT count(*) FROM subscriptions WHERE {where}", params)
    con.execute(f"UPDATE subscriptions SET active = false WHERE {where}", params)
    if role_id is None:
        follows.stop(con, subscriber_id)
        con.execute(
            "UPDATE subscribers SET status = 'unsubscribed' WHERE id = ? AND status <> 'suppressed'", [subscriber_id]
        )
    return active


def active_subscriptions(
    con: duckdb.DuckDBPyConnection, role_ids: Sequence[str], country: str = DEFAULT_COUNTRY
) -> list[Subscription]:
    """The confirmed subscriptions to these roles in one country's view."""
    rows = con.execute(
        "SELECT s.id, s.email, p.role_id, p.told_run_id, p.told_aijri, p.told_zone, p.told_label, s.channel, "
        "s.alert_on, p.via_category "
        "FROM subscriptions p JOIN subscribers s ON s.id = p.subscriber_id "
        "WHERE p.active AND p.confirmed AND s.status = 'confirmed' AND p.role_id IN (SELECT unnest(?::VARCHAR[])) "
        "AND p.country = ? ORDER BY s.id, p.role_id",
        [list(role_ids), country],
    ).fetchall()
    names = ("subscriber_id", "email", "role_id", "told_run_id", "told_aijri", "told_zone", "told_label", "channel")
    return [Subscription(**dict(zip(names + ("alert_on", "via_category"), row))) for row in rows]


def apply_ratchet(con: duckdb.DuckDBPyConnection, run_id: int, updates: Sequence[tuple]) -> None:
    """Record what each subscriber has now been told (one columnar UPDATE)."""
    if not updates:
        return
    columns = [list(column) for column in zip(*updates)]
    con.execute(
        "UPDATE subscriptions SET told_run_id = ?, told_aijri = u.aijri, told_zone = u.zone, told_label = u.label "
        "FROM (SELECT unnest(?::BIGINT[]) AS sid, unnest(?::VARCHAR[]) AS rid, unnest(?::DOUBLE[]) AS aijri, "
        "unnest(?::VARCHAR[]) AS zone, unnest(?::VARCHAR[]) AS label) u "
        "WHERE subscriber_id = u.sid AND role_id = u.rid",
        [run_id, *columns],
    )


def confirmations_since(con: duckdb.DuckDBPyConnection, address: str, window: dt.timedelta) -> int:
    """Confirmation messages queued to an address within the window (sent or not), however its case is written:
    mail providers deliver VICTIM@ and victim@ to one mailbox."""
    since = dt.datetime.now(dt.timezone.utc) - window
    return scalar(
        con,
        "SELECT count(*) FROM outbox WHERE lower(to_addr) = lower(?) AND kind = 'confirm' AND created_at > ?",
        [address, since],
    )


def queue(
    con: duckdb.DuckDBPyConnection,
    run_id: int | None,
    subscriber_id: int,
    kind: str,
    message: Rendered,
    dedupe_key: str,
    channel: str = "email",
) -> bool:
    """Add a message unless one with the same key exists (a rerun of the same run never queues twice)."""
    return queue_many(con, run_id, kind, [(subscriber_id, message, dedupe_key, channel)]) == 1


def queue_many(
    con: duckdb.DuckDBPyConnection, run_id: int | None, kind: str, items: Sequence[tuple[int, Rendered, str, str]]
) -> int:
    """Queue (subscriber id, message, dedupe key, channel) items in one columnar insert; return how many were new."""
    if not items:
        return 0
    stamp = now()
    columns = [
        [sid for sid, _, _, _ in items],
        [key for _, _, key, _ in items],
        [m.message_id for _, m, _, _ in items],
        [m.to_addr for _, m, _, _ in items],
        [m.subject for _, m, _, _ in items],
        [m.raw for _, m, _, _ in items],
        [c for _, _, _, c in items],
    ]
    return scalar(
        con,
        "INSERT INTO outbox (run_id, subscriber_id, kind, dedupe_key, message_id, to_addr, subject, raw, channel, "
        "status, next_attempt_at, created_at) SELECT ?, unnest(?::BIGINT[]), ?, unnest(?::VARCHAR[]), "
        "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BLOB[]), unnest(?::VARCHAR[]), "
        "'queued', ?, ? ON CONFLICT DO NOTHING",
        [run_id, columns[0], kind, *columns[1:], stamp, stamp],
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(
    con: duckdb.DuckDBPyConnection,
    limit: int,
    kinds: Sequence[str] | None,
    skip_channels: Sequence[str],
    pid: int,
    lease_seconds: float,
) -> list[Outgoing]:
    """Claim the due messages (oldest first) for this process, in one short transaction. A claim whose
    process has died, or whose lease has run out, is free again."""
    kinds = list(kinds or ("alert", "confirm", "test"))
    stamp = now()
    holders = [
        p
        for (p,) in con.execute(
            "SELECT DISTINCT claimed_by FROM outbox WHERE status = 'queued' AND claimed_by IS NOT NULL"
        ).fetchall()
    ]
    dead = [p for p in holders if p != pid and not _alive(p)]
    return [
        Outgoing(*row)
        for row in con.execute(
            "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id IN (SELECT id FROM outbox "
            "WHERE status = 'queued' AND next_attempt_at <= ? AND kind IN (SELECT unnest(?::VARCHAR[])) "
            "AND channel NOT IN (SELECT unnest(?::VARCHAR[])) AND (claimed_by IS NULL OR claimed_until < ? "
            "OR claimed_by IN (SELECT unnest(?::INTEGER[]))) ORDER BY id LIMIT ?) "
            "RETURNING id, subscriber_id, message_id, to_addr, raw, attempts, channel, kind",
            [
                pid,
                stamp + dt.timedelta(seconds=lease_seconds),
                stamp,
                kinds,
                list(skip_channels) or [""],
                stamp,
                dead or [0],
                limit,
            ],
        ).fetchall()
    ]


def release(con: duckdb.DuckDBPyConnection, outbox_ids: Sequence[int]) -> None:
    """Give claimed messages back untouched (not attempted: deadline or circuit breaker)."""
    con.execute(
        "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id IN (SELECT unnest(?::BIGINT[]))",
        [list(outbox_ids)],
    )


def mark_sent(con: duckdb.DuckDBPyConnection, outbox_ids: Sequence[int]) -> None:
    """Mark accepted messages sent, in one statement (one commit)."""
    if outbox_ids:
        con.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL, "
            "claimed_by = NULL WHERE id IN (SELECT unnest(?::BIGINT[]))",
            [now(), list(outbox_ids)],
        )


def mark_retry(con: duckdb.DuckDBPyConnection, outbox_id: int, error: str, next_attempt: dt.datetime) -> None:
    con.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_by = NULL "
        "WHERE id = ?",
        [error, next_attempt, outbox_id],
    )


def mark_failed(
    con: duckdb.DuckDBPyConnection, outbox_id: int, subscriber_id: int, error: str, suppress_after: int
) -> bool:
    """A permanent failure; the address is suppressed after `suppress_after` hard bounces. True if suppressed now."""
    con.execute(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, claimed_by = NULL WHERE id = ?",
        [error, outbox_id],
    )
    bounces = con.execute(
        "UPDATE subscribers SET hard_bounces = hard_bounces + 1 WHERE id = ? RETURNING hard_bounces", [subscriber_id]
    ).fetchone()
    if bounces and bounces[0] >= suppress_after:
        con.execute("UPDATE subscribers SET status = 'suppressed' WHERE id = ?", [subscriber_id])
        con.execute(
            "UPDATE outbox SET status = 'failed', last_error = 'address suppressed' "
            "WHERE subscriber_id = ? AND status = 'queued'",
            [subscriber_id],
        )
        return True
    return False


def subscriptions_of(con: duckdb.DuckDBPyConnection, subscriber_id: int) -> dict:
    """What a subscriber follows (categories, and the roles followed by themselves; confirmed and awaiting
    confirmation) and how they want to hear of it."""
    row = con.execute("SELECT email, status, alert_on FROM subscribers WHERE id = ?", [subscriber_id]).fetchone()
    if row is None:
        raise SubscriptionError("this link no longer matches a subscription")
    roles = con.execute(
        "SELECT role_id, confirmed, told_aijri, told_zone, country FROM subscriptions "
        "WHERE subscriber_id = ? AND active AND via_category IS NULL ORDER BY role_id",
        [subscriber_id],
    ).fetchall()
    return {
        "email": row[0],
        "status": row[1],
        "alert_on": row[2],
        # told: the score and zone this subscriber was last told (their baseline), None before the first
        "roles": [
            {"role_id": r, "confirmed": c, "told": None if a is None else (round(a, 1), z), "country": country}
            for r, c, a, z, country in roles
        ],
        "categories": follows.of(con, subscriber_id),
    }


def set_alert_on(con: duckdb.DuckDBPyConnection, subscriber_id: int, alert_on: str) -> None:
    if alert_on not in ("moves", "red"):
        raise SubscriptionError(f"alerts are for 'moves' or 'red', not {alert_on!r}")
    con.execute("UPDATE subscribers SET alert_on = ? WHERE id = ?", [alert_on, subscriber_id])
