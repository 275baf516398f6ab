"""AI capability in the warehouse: the benchmark results a run may read (point in time), the frontier each check
read, and the release events (new frontier models).

Point in time: a run reads one download of Epoch's benchmark archive, the newest published by its as-of date (else
the earliest: its history is all there is), and from it the results published by then. A result is published at
the first stored download that carries it; a result already in the earliest stored download (which carries years
of history) at the earlier of that download's date and its `not_before` (the benchmark's first publication, the
row's evaluation date, or a stated lag after the model's release: sources/epoch.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Sequence

import duckdb

from scoring.capability import Result, get_benchmark
from scoring.capability_evidence import SOURCE
from scoring.frontier_events import FrontierMark, Jump, ReleaseEvent
from warehouse.db import scalar

_RESULTS = """
WITH res AS (
    SELECT o.series_key, o.metric, o.value, o.vintage, o.content_hash FROM observations o
    WHERE o.source = ? AND NOT starts_with(o.series_key, 'model/')
    QUALIFY o.parser_version = max(o.parser_version) OVER (PARTITION BY o.content_hash)
),
downloads AS (SELECT DISTINCT content_hash, vintage FROM res),
chosen AS (
    SELECT content_hash FROM downloads
    ORDER BY (vintage <= ?::TIMESTAMPTZ) DESC,
             CASE WHEN vintage <= ?::TIMESTAMPTZ THEN epoch(vintage) ELSE -epoch(vintage) END DESC
    LIMIT 1
),
firsts AS (SELECT series_key, min(vintage) AS first_vintage FROM res WHERE metric = 'score' GROUP BY series_key)
SELECT r.series_key, r.metric, r.value, i.title, i.publisher, i.released, i.not_before, f.first_vintage,
       (SELECT min(vintage) FROM downloads) AS earliest, r.content_hash
FROM res r JOIN chosen c USING (content_hash) JOIN firsts f USING (series_key)
JOIN series_info i ON i.source = ? AND i.series_key = r.series_key AND i.content_hash = r.content_hash
"""


def _published(first: dt.datetime, earliest: dt.datetime, not_before: dt.date) -> dt.date:
    if first > earliest:
        return first.date()
    return min(first.date(), not_before)


def capability_results(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[Result]:
    """Every benchmark result a run as of `as_of` may read: released and published by then."""
    rows = con.execute(_RESULTS, [SOURCE, as_of, as_of, SOURCE]).fetchall()
    found: dict[str, dict] = {}
    for key, metric, value, title, publisher, released, not_before, first, earliest, digest in rows:
        item = found.setdefault(
            key,
            {
                "title": title,
                "organisation": publisher,
                "released": released,
                "published": _published(first, earliest, not_before),
                "content_hash": digest,
            },
        )
        item[metric] = value
    out = []
    for key, item in sorted(found.items()):
        if item["released"] > as_of or item["published"] > as_of or item.get("score") is None:
            continue
        benchmark, model = key.split("/", 1)
        try:
            get_benchmark(benchmark)
        except ValueError:
            continue  # a benchmark a newer parser stored and this code does not read
        out.append(
            Result(
                benchmark=benchmark,
                model=model,
                title=item["title"],
                organisation=item["organisation"],
                released=item["released"],
                published=item["published"],
                score=item["score"],
                stderr=item.get("stderr"),
                ci_low=item.get("ci_low"),
                ci_high=item.get("ci_high"),
                content_hash=item["content_hash"],
            )
        )
    return out


def capability_checked(con: duckdb.DuckDBPyConnection) -> bool:
    return scalar(con, "SELECT count(*) FROM capability_checks") > 0


_MARK = "benchmark, model, title, organisation, released, published, score, level, rise_se, content_hash"
_JUMP = "benchmark, before_model, before_title, before_score, after_score, rise, se"


def last_check(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> dt.date | None:
    """The date of the newest check as of this date or before: what a new frontier model is news against."""
    return scalar(con, "SELECT max(as_of) FROM capability_checks WHERE as_of <= ?", [as_of])


def record_check(
    con: duckdb.DuckDBPyConnection,
    run_id: int | None,
    as_of: dt.date,
    frontier: Sequence[FrontierMark],
    found: Sequence[ReleaseEvent],
) -> list[ReleaseEvent]:
    """Store a check, its frontier and its events (a model that already was an event is not one again), in one
    transaction; return the events stored, with their ids."""
    stored: list[ReleaseEvent] = []
    con.execute("BEGIN")
    try:
        check_id = scalar(
            con,
            "INSERT INTO capability_checks (run_id, as_of, checked_at) VALUES (?, ?, now()) RETURNING id",
            [run_id, as_of],
        )
        for mark in frontier:
            con.execute(
                f"INSERT INTO frontier_readings (check_id, {_MARK}) VALUES (?, {', '.join('?' * 10)})",
                [check_id, *(getattr(mark, c) for c in _MARK.split(", "))],
            )
        for event in found:
            if con.execute("SELECT 1 FROM capability_events WHERE model = ?", [event.model]).fetchone():
                continue
            event_id = scalar(
                con,
                "INSERT INTO capability_events (check_id, as_of, model, title, organisation, released) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                [check_id, as_of, event.model, event.title, event.organisation, event.released],
            )
            for jump in event.jumps:
                con.execute(
                    f"INSERT INTO capability_event_jumps (event_id, {_JUMP}) VALUES (?, {', '.join('?' * 7)})",
                    [event_id, *(getattr(jump, c) for c in _JUMP.split(", "))],
                )
            stored.append(replace(event, id=event_id, as_of=as_of))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return stored


def set_proposal(con: duckdb.DuckDBPyConnection, event_id: int, path: str) -> None:
    con.execute("UPDATE capability_events SET proposal = ? WHERE id = ?", [path, event_id])


def events(con: duckdb.DuckDBPyConnection, limit: int = 100) -> list[ReleaseEvent]:
    """The release events, newest first, each with the frontiers it moved."""
    rows = con.execute(
        "SELECT id, as_of, model, title, organisation, released, proposal FROM capability_events "
        "ORDER BY as_of DESC, id DESC LIMIT ?",
        [limit],
    ).fetchall()
    jumps: dict[int, list[Jump]] = {}
    if rows:
        for event_id, *values in con.execute(
            f"SELECT event_id, {_JUMP} FROM capability_event_jumps WHERE event_id IN (SELECT unnest(?::BIGINT[])) "
            "ORDER BY benchmark",
            [[r[0] for r in rows]],
        ).fetchall():
            jumps.setdefault(event_id, []).append(Jump(**dict(zip(_JUMP.split(", "), values))))
    return [
        ReleaseEvent(
            id=r[0],
            as_of=r[1],
            model=r[2],
            title=r[3],
            organisation=r[4],
            released=r[5],
            proposal=r[6],
            jumps=tuple(jumps.get(r[0], ())),
        )
        for r in rows
    ]
