"""Each evidence row opens with a plain sentence (scoring/evidence_words.py): what the data say and what that does
to the value, for every way a row comes to be. Synthetic rows, labelled: not recorded data."""

import datetime as dt

import pytest

from scoring.evidence_inputs import CapabilityInputs, MarketInputs, SeriesInput
from scoring.evidence_values import EvidenceValue
from scoring.evidence_words import month, plain_sentence

AS_OF = dt.date(2026, 5, 1)


def series(now: dict) -> SeriesInput:
    return SeriesInput(source="s", series="k", metric="m", label="synthetic", attribution="", now=now, anchor=now)


def row_of(dimension, value, analyst, status, inputs=None) -> EvidenceValue:
    return EvidenceValue(
        dimension=dimension, value=value, analyst_value=analyst, status=status, rule="rule", inputs=inputs
    )


def market(dimension="job_posting_trends", value=1, analyst=1, status="fresh", mode="anchored", **inputs):
    readings = inputs.pop("readings", [{"ok": True, "period": "2024-09-27"}])
    fields = {"mode": mode, "as_of": AS_OF, "assessed_on": dt.date(2025, 1, 1), "series": tuple(map(series, readings))}
    return row_of(dimension, value, analyst, status, MarketInputs(**fields, **inputs))


@pytest.mark.parametrize(
    "row, drafted, expected",
    [
        (
            market(value=2, change_now=7.7, se_now=0.9, z=2, basis="relative"),
            False,
            "Job postings for this work did 7.7% better than all job postings in the year to September 2024. "
            "That moves the analyst's +1 to +2.",
        ),
        (
            market(change_now=-8.0, se_now=1.0, z=2, basis="relative", mode="absolute", value=-1),
            True,
            "Job postings for this work did 8.0% worse than all job postings in the year to September 2024. "
            "That counts -1.",
        ),
        (
            market("wage_trends", change_now=14.0, se_now=19.1, z=2, basis="real"),
            False,
            "Pay for this work rose 14.0% after inflation in the year to September 2024, within the data's usual "
            "wobble (± 19.1), so not a clear move. The analyst's +1 stands.",
        ),
        (
            market("wage_trends", value=0, analyst=0, change_now=-1.5, se_now=0.2, z=2, basis="relative"),
            True,
            "Pay for this work grew 1.5 points slower than pay for all work in the year to September 2024. "
            "The drafted +0 stands.",
        ),
        (
            market(status="insufficient", readings=[{"ok": False, "note": "old", "newest": "2024-05-31"}]),
            False,
            "The newest data are from May 2024, too old to show a trend now, so the value, +1, stands.",
        ),
        (
            market(status="stale", value=2),
            False,
            "A data source failed on this run, so the last value, +2, stands.",
        ),
        (
            market(status="insufficient", readings=[{"ok": False, "note": "no data stored for this series"}]),
            True,
            "There is not enough data to show a trend, so the value, +1, stands.",
        ),
        (
            row_of("company_actions", 0, 0, "analyst"),
            False,
            "The analyst's judgement: +0 (see their reasons).",
        ),
        (
            row_of("company_actions", 1, 1, "pinned"),
            False,
            "Pinned by the analyst at +1: market data do not move it.",
        ),
    ],
)
def test_every_kind_of_row_opens_with_a_plain_sentence(row, drafted, expected):
    assert plain_sentence(row, drafted) == expected


def test_a_drafted_row_no_data_supports_says_it_is_not_assessed():
    row = row_of("company_actions", 0, 0, "analyst")
    said = plain_sentence(row, True, "not assessed: no signal or dataset supports a value yet (draft)")
    assert said == "Not assessed yet: no published data supports a value for this role, so it counts +0."
    assert plain_sentence(row, True, "BLS Employment Projections 2024-34: +4.9%") == (
        "Drafted from open data at +0 (see the data and the rule)."
    )


def test_ai_capability_rows_say_what_rose_since_when_or_that_the_work_is_out_of_reach():
    base = {"mode": "anchored", "as_of": AS_OF, "anchor": dt.date(2025, 11, 24), "level_anchor": 0}
    families = ({"family": "coding", "share": 0.2, "steps": 0.9, "ok": True},)
    risen = CapabilityInputs(**base, families=families, rise=1.6, se_now=0.3, z=2, change_now=-1.6, level_now=-1)
    said = plain_sentence(row_of("ai_tool_maturity", -1, 0, "fresh", risen), True)
    assert said == (
        "AI's best benchmark results on this role's exposed work (coding agents) rose 1.6 steps since November "
        "2025. That moves the drafted +0 to -1."
    )
    small = CapabilityInputs(**base, families=families, rise=0.5, se_now=0.4, z=2, change_now=-0.5, level_now=0)
    assert ", not yet a clear rise. The analyst's -1 stands." in plain_sentence(
        row_of("ai_tool_maturity", -1, -1, "fresh", small), False
    )
    flat = CapabilityInputs(**base, families=families, rise=0.0, se_now=0.0, z=2, change_now=0.0, level_now=0)
    assert plain_sentence(row_of("ai_tool_maturity", 0, 0, "fresh", flat), False) == (
        "AI's best benchmark results on this role's exposed work (coding agents) have not risen since November "
        "2025. The analyst's +0 stands."
    )
    in_person = CapabilityInputs(**base, rise=0.0, change_now=0.0, se_now=0.0, z=2, level_now=0)
    assert plain_sentence(row_of("ai_tool_maturity", 0, 0, "fresh", in_person), True) == (
        "AI capability gains are not counted for this work: it is done in person, close to people. "
        "The drafted +0 stands."
    )


def test_months_read_from_dates_and_stored_strings():
    assert month(dt.date(2024, 9, 27)) == month("2024-09-27") == "September 2024"
