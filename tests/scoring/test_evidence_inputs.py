"""Evidence inputs are typed records with one versioned JSON codec: what a run computes is what a reader gets back
from the warehouse, a row stored before the codec reads the same, and a form this code does not know is refused by
name (a renamed key never silently reads as missing)."""

import datetime as dt
import json

import pytest

from flows.pipeline import run_pipeline
from flows.request import RunRequest
from jobzone.settings import Settings
from scoring.evidence_inputs import (
    CODEC_VERSION,
    CapabilityInputs,
    InputsCodecError,
    MarketInputs,
    SeriesInput,
    inputs_json,
    inputs_of,
)
from tests.helpers import SECRET, add_drafts
from warehouse import queries

DAY = dt.date(2026, 3, 31)
READING = {"ok": True, "change": -9.6, "weight": 1.0, "se": 1.2, "basis": "real"}


def _market() -> MarketInputs:
    series = SeriesInput(
        source="fred",
        series="IHLIDXUS",
        metric="index",
        label="Indeed postings",
        attribution="Source: FRED",
        now=dict(READING),
        anchor={"ok": False, "note": "no data before 2020"},
    )
    return MarketInputs(
        mode="anchored",
        as_of=DAY,
        assessed_on=dt.date(2025, 11, 1),
        series=(series,),
        origin="SOC 15-1252",
        change_now=-9.6,
        se_now=1.2,
        z=2.0,
        level_now=-1,
        level_words="-9.6% -> -1",
        basis="real",
        used=("Indeed postings",),
        change_before=-12.0,
    )


def test_both_kinds_survive_the_round_trip_through_json():
    capability = CapabilityInputs(
        mode="anchored",
        as_of=DAY,
        anchor=dt.date(2025, 3, 27),
        origin="exposed work: 40% code",
        families=({"family": "code", "share": 0.4, "ok": True, "steps": 1.1, "benchmarks": []},),
        level_anchor=0,
        download="abc123",
        rise=1.1,
        change_now=-1.1,
    )
    for record in (_market(), capability):
        stored = json.loads(json.dumps(inputs_json(record), default=str))
        assert stored["v"] == CODEC_VERSION and stored["kind"] == record.kind
        assert inputs_of(stored) == record
    assert inputs_json(None) is None and inputs_of(None) is None and inputs_of({}) is None


def test_a_row_stored_before_the_codec_reads_as_version_one():
    stored = json.loads(json.dumps(inputs_json(_market()), default=str))
    del stored["v"], stored["kind"]  # as runs before the codec wrote market inputs
    assert inputs_of(stored) == _market()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"v": 2}, "codec version 2; this jobzone reads 1"),
        ({"kind": "weather"}, "kind 'weather'"),
        ({"levl_now": 1}, "unknown field"),  # a renamed key is refused, never read as "no level"
    ],
)
def test_a_form_this_code_does_not_know_is_refused_by_name(change, message):
    stored = json.loads(json.dumps(inputs_json(_market()), default=str))
    if "levl_now" in change:
        stored["levl_now"] = stored.pop("level_now")
    else:
        stored.update(change)
    with pytest.raises(InputsCodecError, match=message):
        inputs_of(stored)


def test_what_a_run_computes_is_what_the_warehouse_gives_back(roles_dir, tmp_path, fixtures):
    add_drafts(roles_dir, "registered-nurses")
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, secret=SECRET, replay=fixtures)
    as_of = dt.date(2024, 9, 1)  # inside the recorded market data
    run_pipeline(settings, RunRequest.nightly(as_of=as_of))
    with settings.warehouse.read() as con:
        for role_id in ("registered-nurses", "mlops-engineer"):
            stored = {row.dimension: row.inputs for row in queries.explanation(con, role_id).evidence}
            assert any(isinstance(i, MarketInputs) and i.level_now is not None for i in stored.values()), role_id
            assert isinstance(stored["ai_tool_maturity"], CapabilityInputs | None)
            assert all(i is None or i.as_of == as_of for i in stored.values())
