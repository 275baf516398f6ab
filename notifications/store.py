"""Subscribers, subscriptions and the outbox in the warehouse (callers hold the writer lock)."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from notifications.errors import SubscriptionError
from notifications.ratchet import Subscription
from notifications.render import Rendered


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def upsert_subscriber(con, email: str, role_ids: Sequence[str]) -> tuple[int, str]:
    """Create or reuse the subscriber; add the roles (pending until confirmed). Returns (id, status)."""
    row = con.execute("SELECT id, status FROM subscribers WHERE email = ?", [email]).fetchone()
    if row is None:
        row = con.execute("INSERT INTO subscribers (email, status, created_at) VALUES (?, 'pending', ?) "
                          "RETURNING id, status", [email, now()]).fetchone()
    elif row[1] == "unsubscribed":
        con.execute("UPDATE subscribers SET status = 'pending' WHERE id = ?", [row[0]])
        row = (row[0], "pending")
    for role_id in role_ids:
        con.execute("INSERT INTO subscriptions (subscriber_id, role_id, created_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (subscriber_id, role_id) DO UPDATE SET active = true", [row[0], role_id, now()])
    return row


def confirm(con, subscriber_id: int) -> str:
    row = con.execute("SELECT status FROM subscribers WHERE id = ?", [subscriber_id]).fetchone()
    if row is None:
        raise SubscriptionError("this confirmation link no longer matches a subscription")
    if row[0] == "suppressed":
        raise SubscriptionError("this address is suppressed after repeated delivery failures")
    if row[0] != "confirmed":
        con.execute("UPDATE subscribers SET status = 'confirmed', confirmed_at = ? WHERE id = ?", [now(), subscriber_id])
    return "confirmed"


def unsubscribe(con, subscriber_id: int, role_id: str | None) -> int:
    """Deactivate one role (or all); idempotent. Returns how many subscriptions were active before."""
    where = "subscriber_id = ? AND active" + (" AND role_id = ?" if role_id else "")
    params = [subscriber_id] + ([role_id] if role_id else [])
    active = con.execute(f"SELECT count(*) FROM subscriptions WHERE {where}", params).fetchone()[0]
    con.execute(f"UPDATE subscriptions SET active = false WHERE {where}", params)
    if role_id is None:
        con.execute("UPDATE subscribers SET status = 'unsubscribed' WHERE id = ? AND status <> 'suppressed'",
                    [subscriber_id])
    return active


def active_subscriptions(con, role_ids: Sequence[str]) -> list[Subscription]:
    rows = con.execute(
        "SELECT s.id, s.email, p.role_id, p.told_run_id, p.told_aijri, p.told_zone, p.told_label "
        "FROM subscriptions p JOIN subscribers s ON s.id = p.subscriber_id "
        "WHERE p.active AND s.status = 'confirmed' AND p.role_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY s.id, p.role_id", [list(role_ids)]).fetchall()
    return [Subscription(*row) for row in rows]


def apply_ratchet(con, run_id: int, updates: Sequence[tuple]) -> None:
    """Record what each subscriber has now been told (one columnar UPDATE)."""
    if not updates:
        return
    columns = [list(column) for column in zip(*updates)]
    con.execute("UPDATE subscriptions SET told_run_id = ?, told_aijri = u.aijri, told_zone = u.zone, told_label = u.label "
                "FROM (SELECT unnest(?::BIGINT[]) AS sid, unnest(?::VARCHAR[]) AS rid, unnest(?::DOUBLE[]) AS aijri, "
                "unnest(?::VARCHAR[]) AS zone, unnest(?::VARCHAR[]) AS label) u "
                "WHERE subscriber_id = u.sid AND role_id = u.rid", [run_id, *columns])


def queue(con, run_id: int | None, subscriber_id: int, kind: str, message: Rendered, dedupe_key: str) -> bool:
    """Add a message unless one with the same key exists (a rerun of the same run never queues twice)."""
    return queue_many(con, run_id, kind, [(subscriber_id, message, dedupe_key)]) == 1


def queue_many(con, run_id: int | None, kind: str, items: Sequence[tuple[int, Rendered, str]]) -> int:
    """Queue (subscriber id, message, dedupe key) items in one columnar insert; return how many were new."""
    if not items:
        return 0
    stamp = now()
    columns = [[sid for sid, _, _ in items], [key for _, _, key in items], [m.message_id for _, m, _ in items],
               [m.to_addr for _, m, _ in items], [m.subject for _, m, _ in items], [m.raw for _, m, _ in items]]
    return con.execute(
        "INSERT INTO outbox (run_id, subscriber_id, kind, dedupe_key, message_id, to_addr, subject, raw, status, "
        "next_attempt_at, created_at) SELECT ?, unnest(?::BIGINT[]), ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
        "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BLOB[]), 'queued', ?, ? ON CONFLICT DO NOTHING",
        [run_id, columns[0], kind, *columns[1:], stamp, stamp]).fetchone()[0]


def due(con, limit: int, kinds: Sequence[str] | None = None) -> list[tuple]:
    """Queued messages whose next attempt is due, oldest first (optionally only some kinds)."""
    kinds = list(kinds or ("alert", "confirm", "test"))
    return con.execute("SELECT id, subscriber_id, message_id, to_addr, raw, attempts FROM outbox "
                       "WHERE status = 'queued' AND next_attempt_at <= ? AND kind IN (SELECT unnest(?::VARCHAR[])) "
                       "ORDER BY id LIMIT ?", [now(), kinds, limit]).fetchall()


def mark_sent(con, outbox_ids: Sequence[int]) -> None:
    """Mark accepted messages sent, in one statement (one commit)."""
    if outbox_ids:
        con.execute("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL "
                    "WHERE id IN (SELECT unnest(?::BIGINT[]))", [now(), list(outbox_ids)])


def mark_retry(con, outbox_id: int, error: str, next_attempt: dt.datetime) -> None:
    con.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                [error, next_attempt, outbox_id])


def mark_failed(con, outbox_id: int, subscriber_id: int, error: str, suppress_after: int) -> bool:
    """A permanent failure; the address is suppressed after `suppress_after` hard bounces. True if suppressed now."""
    con.execute("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
                [error, outbox_id])
    bounces = con.execute("UPDATE subscribers SET hard_bounces = hard_bounces + 1 WHERE id = ? RETURNING hard_bounces",
                          [subscriber_id]).fetchone()
    if bounces and bounces[0] >= suppress_after:
        con.execute("UPDATE subscribers SET status = 'suppressed' WHERE id = ?", [subscriber_id])
        con.execute("UPDATE outbox SET status = 'failed', last_error = 'address suppressed' "
                    "WHERE subscriber_id = ? AND status = 'queued'", [subscriber_id])
        return True
    return False


def outbox_summary(con, recent: int = 10) -> dict:
    counts = dict(con.execute("SELECT status, count(*) FROM outbox GROUP BY 1").fetchall())
    errors = con.execute("SELECT id, to_addr, status, attempts, last_error FROM outbox WHERE last_error IS NOT NULL "
                         "ORDER BY id DESC LIMIT ?", [recent]).fetchall()
    suppressed = [e for (e,) in con.execute("SELECT email FROM subscribers WHERE status = 'suppressed'").fetchall()]
    return {"queued": counts.get("queued", 0), "sent": counts.get("sent", 0), "failed": counts.get("failed", 0),
            "suppressed": suppressed,
            "recent_errors": [dict(zip(("id", "to", "status", "attempts", "error"), row)) for row in errors]}


def list_subscribers(con) -> list[dict]:
    rows = con.execute("SELECT s.id, s.email, s.status, s.hard_bounces, "
                       "list(p.role_id ORDER BY p.role_id) FILTER (WHERE p.active) FROM subscribers s "
                       "LEFT JOIN subscriptions p ON p.subscriber_id = s.id GROUP BY ALL ORDER BY s.id").fetchall()
    return [dict(zip(("id", "email", "status", "hard_bounces", "roles"), row)) for row in rows]
