"""Category follows in the warehouse: a subscriber follows a category as such, and each run turns it into the
roles the category holds now (callers hold the writer lock). A role that joins the category is followed from the
next run on, with a baseline first like any new follow; one that leaves it is followed no more."""

from __future__ import annotations

import datetime as dt
from typing import Mapping, NamedTuple, Sequence

import duckdb

from notifications.ratchet import Subscription


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Membership(NamedTuple):
    """What one run changes in the roles that category follows bring: rows to add (with a baseline) and remove."""

    joining: list[Subscription]
    leaving: list[tuple[int, str]]  # (subscriber id, role id)


def add(con: duckdb.DuckDBPyConnection, subscriber_id: int, categories: Sequence[str]) -> None:
    """Follow these categories; one that is new, or active again, waits for a fresh confirmation."""
    for category in categories:
        con.execute(
            "INSERT INTO category_follows (subscriber_id, category, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (subscriber_id, category) DO UPDATE SET confirmed = category_follows.active "
            "AND category_follows.confirmed, active = true",
            [subscriber_id, category, now()],
        )


def pending(con: duckdb.DuckDBPyConnection, subscriber_id: int) -> list[str]:
    """Categories awaiting this subscriber's confirmation."""
    rows = con.execute(
        "SELECT category FROM category_follows WHERE subscriber_id = ? AND active AND NOT confirmed ORDER BY 1",
        [subscriber_id],
    ).fetchall()
    return [category for (category,) in rows]


def confirm(con: duckdb.DuckDBPyConnection, subscriber_id: int) -> None:
    con.execute("UPDATE category_follows SET confirmed = true WHERE subscriber_id = ? AND active", [subscriber_id])


def stop(con: duckdb.DuckDBPyConnection, subscriber_id: int, categories: Sequence[str] | None = None) -> None:
    """Stop following these categories (None: all) and the roles they brought (not the roles followed by
    themselves)."""
    chosen = "" if categories is None else " AND category IN (SELECT unnest(?::VARCHAR[]))"
    params: list = [subscriber_id] + ([] if categories is None else [list(categories)])
    con.execute(f"UPDATE category_follows SET active = false WHERE subscriber_id = ?{chosen}", params)
    via = "via_category IS NOT NULL" if categories is None else "via_category IN (SELECT unnest(?::VARCHAR[]))"
    con.execute(f"DELETE FROM subscriptions WHERE subscriber_id = ? AND {via}", params)


def of(con: duckdb.DuckDBPyConnection, subscriber_id: int) -> list[dict]:
    """The categories a subscriber follows, each with the roles it has brought so far (role ids)."""
    rows = con.execute(
        "SELECT f.category, f.confirmed, list(p.role_id ORDER BY p.role_id) FILTER (WHERE p.role_id IS NOT NULL) "
        "FROM category_follows f LEFT JOIN subscriptions p ON p.subscriber_id = f.subscriber_id "
        "AND p.via_category = f.category AND p.active WHERE f.subscriber_id = ? AND f.active GROUP BY ALL ORDER BY 1",
        [subscriber_id],
    ).fetchall()
    return [{"category": c, "confirmed": confirmed, "roles": roles or []} for c, confirmed, roles in rows]


def membership(con: duckdb.DuckDBPyConnection, categories: Mapping[str, str]) -> Membership:
    """Against this run's roles (role id -> category): the roles confirmed category follows now bring that no
    row holds yet, and the rows whose role has left the category that brought it (roles this run did not score
    are left alone)."""
    ids, names = list(categories), list(categories.values())
    joining = con.execute(
        "WITH run AS (SELECT unnest(?::VARCHAR[]) AS role_id, unnest(?::VARCHAR[]) AS category) "
        "SELECT s.id, s.email, run.role_id, s.channel, s.alert_on, f.category FROM category_follows f "
        "JOIN subscribers s ON s.id = f.subscriber_id JOIN run ON run.category = f.category "
        "WHERE f.active AND f.confirmed AND s.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM subscriptions p "
        "WHERE p.subscriber_id = s.id AND p.role_id = run.role_id) ORDER BY s.id, run.role_id",
        [ids, names],
    ).fetchall()
    leaving = con.execute(
        "WITH run AS (SELECT unnest(?::VARCHAR[]) AS role_id, unnest(?::VARCHAR[]) AS category) "
        "SELECT p.subscriber_id, p.role_id FROM subscriptions p JOIN run ON run.role_id = p.role_id "
        "WHERE p.via_category IS NOT NULL AND p.via_category <> run.category ORDER BY 1, 2",
        [ids, names],
    ).fetchall()
    return Membership(
        [
            Subscription(
                subscriber_id=sid,
                email=email,
                role_id=role_id,
                told_run_id=None,
                told_aijri=None,
                told_zone=None,
                told_label=None,
                channel=channel,
                alert_on=alert_on,
                via_category=category,
            )
            for sid, email, role_id, channel, alert_on, category in joining
        ],
        [(sid, role_id) for sid, role_id in leaving],
    )


def apply(con: duckdb.DuckDBPyConnection, change: Membership) -> None:
    """Write one run's membership change (in the run's transaction, before its ratchet)."""
    if change.joining:
        stamp = now()
        con.execute(
            "INSERT INTO subscriptions (subscriber_id, role_id, created_at, confirmed, via_category) "
            "SELECT unnest(?::BIGINT[]), unnest(?::VARCHAR[]), ?, true, unnest(?::VARCHAR[]) ON CONFLICT DO NOTHING",
            [
                [s.subscriber_id for s in change.joining],
                [s.role_id for s in change.joining],
                stamp,
                [s.via_category for s in change.joining],
            ],
        )
    if change.leaving:
        con.execute(
            "DELETE FROM subscriptions USING (SELECT unnest(?::BIGINT[]) AS sid, unnest(?::VARCHAR[]) AS rid) u "
            "WHERE subscriber_id = u.sid AND role_id = u.rid",
            [[sid for sid, _ in change.leaving], [rid for _, rid in change.leaving]],
        )
