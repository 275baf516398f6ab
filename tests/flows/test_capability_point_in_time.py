"""Point in time for AI capability, per recorded file: Epoch's four benchmark downloads (one URL, four dates) and two
notable-models lists. Replay serves each URL as recorded by the run's as-of date; a result counts from the first
download that carries it (from its not_before floor in the earliest); a run as of a date never sees a model
released or published later."""

import datetime as dt

import pytest

from jobzone.settings import Settings
from sources.epoch import BENCHMARKS_URL, MODELS_URL
from sources.replay import load_manifest
from tests.helpers import locked_ingest
from warehouse import queries
from warehouse.capability import capability_results
from warehouse.db import read_connection

D = dt.date


def recordings(fixtures, url: str) -> list[dt.date]:
    return sorted(dt.date.fromisoformat(e["vintage"]) for e in load_manifest(fixtures)[0] if e["url"] == url)


@pytest.fixture(scope="module")
def warehouse(fixtures, tmp_path_factory):
    """Every recorded download, ingested as the replay serves it on its own date (as a backfill over 2026 would)."""
    settings = Settings(db=tmp_path_factory.mktemp("pit") / "w.duckdb", roles=fixtures, prefect=False)
    dates = sorted(set(recordings(fixtures, BENCHMARKS_URL) + recordings(fixtures, MODELS_URL)))
    for day in dates:
        reports = locked_ingest(settings, [], fixtures, None, as_of=day, capability=True)
        assert [r.status for r in reports] == ["ok"], reports
    return settings.db


def _keys(db, day):
    with read_connection(db) as con:
        return {(r.benchmark, r.model) for r in capability_results(con, day)}


def test_the_replay_serves_each_download_as_recorded_by_the_as_of_date(warehouse, fixtures):
    dates = recordings(fixtures, BENCHMARKS_URL)
    assert len(dates) == 4
    with read_connection(warehouse) as con:
        stored = [
            d.date()
            for (d,) in con.execute(
                "SELECT DISTINCT vintage FROM fetches WHERE url = ? ORDER BY 1", [BENCHMARKS_URL]
            ).fetchall()
        ]
    assert stored == dates  # one archived body per recording, each with its own date


def first_carried(warehouse, day):
    with read_connection(warehouse) as con:
        first = {
            key
            for (key,) in con.execute(
                "SELECT series_key FROM observations WHERE source = 'epoch' AND metric = 'score' "
                "AND NOT starts_with(series_key, 'model/') GROUP BY 1 HAVING min(vintage)::DATE = ?",
                [day],
            ).fetchall()
        }
    return {tuple(k.split("/", 1)) for k in first}


@pytest.mark.parametrize("index", [1, 2])
def test_a_result_first_carried_by_a_download_is_unseen_the_day_before_it(warehouse, fixtures, index):
    dates = recordings(fixtures, BENCHMARKS_URL)
    before, day = dates[index - 1], dates[index]
    new = first_carried(warehouse, day)
    assert new
    assert not new & _keys(warehouse, day - dt.timedelta(days=1))
    assert not new & _keys(warehouse, before)
    released_by_then = {(b, m) for b, m in new if _released(warehouse, b, m) <= day}
    assert released_by_then and released_by_then <= _keys(warehouse, day)


def test_the_may_download_adds_no_scored_result(warehouse, fixtures):
    """Its three new index rows (Claude Opus 4.7, GPT-5.4 mini and nano) carry no score yet: nothing new to see."""
    assert first_carried(warehouse, recordings(fixtures, BENCHMARKS_URL)[3]) == set()


def _released(db, benchmark, model):
    with read_connection(db) as con:
        return con.execute(
            "SELECT min(released) FROM series_info WHERE series_key = ?", [f"{benchmark}/{model}"]
        ).fetchone()[0]


def test_the_april_download_reveals_claude_opus_4_6_and_not_a_day_earlier(warehouse):
    assert ("metr_time_horizon", "claude-opus-4-6_unknown") not in _keys(warehouse, D(2026, 4, 10))
    assert ("metr_time_horizon", "claude-opus-4-6_unknown") in _keys(warehouse, D(2026, 4, 11))


def test_the_earliest_download_counts_from_each_results_floor(warehouse):
    """Before the first recording, a result counts from its benchmark's first publication, its evaluation date or
    90 days after release, whichever is latest: METR's horizons from 2025-03-19, not earlier."""
    assert _keys(warehouse, D(2025, 3, 18)) & {("metr_time_horizon", "gpt-4-0314")} == set()
    assert ("metr_time_horizon", "gpt-4-0314") in _keys(warehouse, D(2025, 3, 19))
    o3 = ("metr_time_horizon", "o3-2025-04-16_medium")  # released 2025-04-16: + 90 days
    assert o3 not in _keys(warehouse, D(2025, 7, 14)) and o3 in _keys(warehouse, D(2025, 7, 15))


@pytest.mark.parametrize("day", [D(2024, 12, 31), D(2025, 6, 30), D(2025, 12, 31), D(2026, 2, 1), D(2026, 4, 20)])
def test_a_run_as_of_a_date_never_sees_a_model_released_or_published_later(warehouse, day):
    with read_connection(warehouse) as con:
        found = capability_results(con, day)
    assert all(r.released <= day and r.published <= day for r in found)


def test_a_model_first_in_the_july_notable_models_list_is_unseen_before_it(warehouse, fixtures):
    july = recordings(fixtures, MODELS_URL)[-1]
    key = ("epoch", "model/Inkling")

    def listed(day):
        with read_connection(warehouse) as con:
            store = queries.observation_store(con, ["epoch"], day, series=[key])
        return bool(store.get((*key, "listed")))

    assert not listed(july - dt.timedelta(days=1)) and listed(july)
    january = ("epoch", "model/Claude Opus 4.5")
    with read_connection(warehouse) as con:
        assert queries.observation_store(con, ["epoch"], recordings(fixtures, MODELS_URL)[0], series=[january])
