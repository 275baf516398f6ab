"""What the operator reads about subscribers and the outbox (`jobzone subscribers`, `jobzone outbox`)."""

from __future__ import annotations

import duckdb


def outbox_summary(con: duckdb.DuckDBPyConnection, recent: int = 10) -> dict:
    counts = dict(con.execute("SELECT status, count(*) FROM outbox GROUP BY 1").fetchall())
    errors = con.execute(
        "SELECT id, to_addr, status, attempts, last_error FROM outbox WHERE last_error IS NOT NULL "
        "ORDER BY id DESC LIMIT ?",
        [recent],
    ).fetchall()
    suppressed = [e for (e,) in con.execute("SELECT email FROM subscribers WHERE status = 'suppressed'").fetchall()]
    return {
        "queued": counts.get("queued", 0),
        "sent": counts.get("sent", 0),
        "failed": counts.get("failed", 0),
        "suppressed": suppressed,
        "recent_errors": [dict(zip(("id", "to", "status", "attempts", "error"), row)) for row in errors],
    }


def list_subscribers(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = con.execute(
        "SELECT s.id, s.email, s.channel, s.status, s.alert_on, s.hard_bounces, "
        "list(p.role_id ORDER BY p.role_id) FILTER (WHERE p.active AND p.confirmed), "
        "list(p.role_id ORDER BY p.role_id) FILTER (WHERE p.active AND NOT p.confirmed), "
        "(SELECT list(f.category ORDER BY f.category) FROM category_follows f WHERE f.subscriber_id = s.id "
        "AND f.active) FROM subscribers s LEFT JOIN subscriptions p ON p.subscriber_id = s.id "
        "GROUP BY ALL ORDER BY s.id"
    ).fetchall()
    names = ("id", "email", "channel", "status", "alert_on", "hard_bounces", "roles", "pending_roles", "categories")
    return [dict(zip(names, row)) for row in rows]
