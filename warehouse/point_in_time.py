"""Point-in-time reads of the observations: what a run as of a date may read, and which vintage it read.

One rule, shared by both queries: an observation is published at its vintage, or, for a series under `lags`
((source, series key prefix, days)), that many days after its period, whichever recording holds it."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import duckdb

Lags = Iterable[tuple[str, str, int]]

# The lag table (three unnested lists) and the condition that an observation `o` was published by the as-of date
# (two parameters: the as-of instant for vintages, the as-of date for lagged periods).
LAG_TABLE = (
    "lag AS (SELECT unnest(?::VARCHAR[]) AS source, unnest(?::VARCHAR[]) AS prefix, unnest(?::INTEGER[]) AS days)"
)
LAG_JOIN = "LEFT JOIN lag ON lag.source = o.source AND starts_with(o.series_key, lag.prefix)"
PUBLISHED = (
    "CASE WHEN lag.days IS NULL THEN o.vintage <= ?::TIMESTAMPTZ ELSE o.period_date + lag.days::INTEGER <= ?::DATE END"
)
# Per series (or period): the newest vintage published by the as-of date, else the earliest later one.
NEWEST_BY_AS_OF = (
    "ORDER BY (vintage <= ?::TIMESTAMPTZ) DESC, "
    "CASE WHEN vintage <= ?::TIMESTAMPTZ THEN epoch(vintage) ELSE -epoch(vintage) END DESC"
)


def lag_params(lags: Lags) -> list[list]:
    """The LAG_TABLE's three parameters (one harmless row when there are no lags: an empty list has no type)."""
    rows = list(lags) or [("", "", 0)]
    return [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]]


def observation_store(
    con: duckdb.DuckDBPyConnection,
    sources: Iterable[str],
    as_of: dt.date,
    whole_vintage: Iterable[str] = (),
    series: Iterable[tuple[str, str]] | None = None,
    lags: Lags = (),
) -> dict[tuple[str, str, str], list]:
    """(source, series, metric) -> [(period date, value)] as published by as_of, with the newest parser per body.
    Per period, the newest vintage published by then (else, for a lagged series recorded later, the earliest). A
    `whole_vintage` source revises its whole history with each release: its series come from one vintage only,
    never spliced from two. `series`: only these (source, series key) pairs (a run reads what its roles follow)."""
    names = sorted(set(sources))
    wanted = None if series is None else sorted({f"{source}\x1f{key}" for source, key in series})
    if not names:
        return {}
    whole = sorted(set(whole_vintage) & set(names)) or [""]
    rows = con.execute(
        f"""
        WITH {LAG_TABLE},
        newest_parser AS (
            SELECT * FROM observations
            WHERE source IN (SELECT unnest(?::VARCHAR[]))
              AND (?::VARCHAR[] IS NULL OR source || chr(31) || series_key IN (SELECT unnest(?::VARCHAR[])))
            QUALIFY parser_version = max(parser_version) OVER (PARTITION BY content_hash)
        ),
        current_parser AS (SELECT o.* FROM newest_parser o {LAG_JOIN} WHERE {PUBLISHED}),
        chosen AS (
            SELECT DISTINCT source, series_key, metric, vintage FROM current_parser
            WHERE source IN (SELECT unnest(?::VARCHAR[]))
            QUALIFY row_number() OVER (PARTITION BY source, series_key, metric {NEWEST_BY_AS_OF}) = 1
        ),
        one_vintage AS (
            SELECT p.source, p.series_key, p.metric, p.period_date, p.value
            FROM current_parser p JOIN chosen USING (source, series_key, metric, vintage)
            QUALIFY row_number() OVER (PARTITION BY p.source, p.series_key, p.metric, p.period_date
                                       ORDER BY p.content_hash) = 1
        ),
        per_period AS (
            SELECT source, series_key, metric, period_date, value FROM current_parser
            WHERE source NOT IN (SELECT unnest(?::VARCHAR[]))
            QUALIFY row_number() OVER (PARTITION BY source, series_key, metric, period_date {NEWEST_BY_AS_OF}) = 1
        )
        SELECT source, series_key, metric, list(period_date ORDER BY period_date), list(value ORDER BY period_date)
        FROM (SELECT * FROM one_vintage UNION ALL SELECT * FROM per_period)
        GROUP BY source, series_key, metric""",
        [*lag_params(lags), names, wanted, wanted, as_of, as_of, whole, as_of, as_of, whole, as_of, as_of],
    ).fetchall()
    # One row per series with its points as lists: building 200,000 row tuples in Python cost more than the query.
    return {(source, series, metric): list(zip(dates, values)) for source, series, metric, dates, values in rows}


def source_vintages(
    con: duckdb.DuckDBPyConnection, series: Iterable[tuple[str, str]], as_of: dt.date, lags: Lags = ()
) -> list[dict]:
    """Per source, for these (source, series key) pairs, what a run as of as_of reads: the newest vintage
    published by then and the latest period published by then (observation_store's rule); `later` when only a
    later recording holds those periods (a lagged series recorded after the date)."""
    wanted = sorted({f"{source}\x1f{key}" for source, key in series})
    if not wanted:
        return []
    rows = con.execute(
        f"WITH {LAG_TABLE}, visible AS (SELECT o.source, o.vintage, o.period_date FROM observations o {LAG_JOIN} "
        f"WHERE o.source || chr(31) || o.series_key IN (SELECT unnest(?::VARCHAR[])) AND {PUBLISHED}) "
        "SELECT source, max(vintage) FILTER (WHERE vintage <= ?::TIMESTAMPTZ), min(vintage), max(period_date) "
        "FROM visible GROUP BY source ORDER BY source",
        [*lag_params(lags), wanted, as_of, as_of, as_of],
    ).fetchall()
    return [
        {"source": source, "vintage": (by_then or earliest).date(), "latest_period": period, "later": by_then is None}
        for source, by_then, earliest, period in rows
    ]
