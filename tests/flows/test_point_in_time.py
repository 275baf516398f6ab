"""Point in time, for every source: a run as of a date reads an observation only if its publisher had
published it by then: at its vintage (OEWS release date, IT Jobs Watch and ai-jobs.net capture date), or for a
lagged series its period plus the lag (Indeed and FRED a week, CPI-U two weeks, CPIH three), whatever recording
holds it. A backfill never sees a later publication."""

import datetime as dt

import pytest

from sources.registry import SOURCES, publication_lags
from warehouse import queries
from warehouse.archive import store_observations
from warehouse.db import read_connection, write_connection

AS_OF = dt.date(2024, 6, 30)
LATER = dt.datetime(2026, 4, 9, tzinfo=dt.timezone.utc)  # a recording made long after the periods it holds


def rules_of(name: str) -> list[tuple[str, int | None]]:
    """(series key, lag days or None for the vintage rule) to try for a source: one key under each lag prefix,
    and one under none when some of its series are published at their vintage."""
    lags = [(prefix, days) for source, prefix, days in publication_lags() if source == name]
    keys: list[tuple[str, int | None]] = [(prefix + "X", days) for prefix, days in lags]
    if not any(prefix == "" for prefix, _ in lags):
        keys.append(("OEU/X", None))
    return keys


def row(name, key, period, vintage, value, digest):
    return {
        "source": name,
        "series_key": key,
        "metric": "value",
        "period_date": period,
        "value": value,
        "unit": "index",
        "vintage": vintage,
        "content_hash": digest,
        "parser_version": 1,
    }


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_run_reads_nothing_published_after_its_as_of_date(tmp_path, name):
    db = tmp_path / "w.duckdb"
    rows, expected = [], {}
    for index, (key, days) in enumerate(rules_of(name)):
        if days is None:  # published at its vintage: the next May's estimates came out after the as-of date
            published = (dt.date(2023, 5, 31), dt.datetime(2024, 4, 3, tzinfo=dt.timezone.utc))
            unpublished = (dt.date(2024, 5, 31), dt.datetime(2024, 7, 1, tzinfo=dt.timezone.utc))
        else:  # published `days` after its period, though only a later recording holds it
            published = (AS_OF - dt.timedelta(days=days), LATER)
            unpublished = (AS_OF - dt.timedelta(days=days - 1), LATER)
        rows += [
            row(name, key, *published, 100.0, f"{name}{index}a"),
            row(name, key, *unpublished, 999.0, f"{name}{index}b"),
        ]
        expected[(name, key, "value")] = [(published[0], 100.0)]
    with write_connection(db) as con:
        store_observations(con, rows)
    with read_connection(db) as con:
        whole = [n for n, s in SOURCES.items() if s.revises_history]
        seen = queries.observation_store(con, [name], AS_OF, whole, None, publication_lags())
    assert {k: [(d, v) for d, v in points] for k, points in seen.items()} == expected
