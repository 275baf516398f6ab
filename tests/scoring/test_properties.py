"""Properties of the AIJRI formula over generated inputs, and the zone/label boundaries."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.aijri import Inputs, label_for, score, zone_for
from scoring.model import BARRIER_DIMENSIONS, EVIDENCE_DIMENSIONS, IMPACTS, PROTECTIVE_DIMENSIONS


@st.composite
def inputs(draw):
    count = draw(st.integers(1, 8))
    weights = draw(st.lists(st.integers(1, 20), min_size=count, max_size=count))
    shares = [100 * w / sum(weights) for w in weights]
    tasks = tuple((pct, draw(st.integers(1, 5)), draw(st.sampled_from(IMPACTS))) for pct in shares)
    return Inputs(
        tasks=tasks,
        evidence={d: draw(st.integers(-2, 2)) for d in EVIDENCE_DIMENSIONS},
        barriers={d: draw(st.integers(0, 2)) for d in BARRIER_DIMENSIONS},
        protective={d: draw(st.integers(0, 3)) for d in PROTECTIVE_DIMENSIONS},
        ai_growth=draw(st.integers(-2, 2)),
    )


def replace(inp: Inputs, **changes) -> Inputs:
    return Inputs(**{**inp.__dict__, **changes})


@settings(max_examples=300)
@given(inputs(), st.data())
def test_raising_a_task_score_never_raises_the_score(inp, data):
    index = data.draw(st.integers(0, len(inp.tasks) - 1))
    pct, task_score, impact = inp.tasks[index]
    if task_score == 5:
        return
    tasks = list(inp.tasks)
    tasks[index] = (pct, task_score + 1, impact)
    assert score(replace(inp, tasks=tuple(tasks))).aijri <= score(inp).aijri


@settings(max_examples=300)
@given(inputs(), st.data())
def test_raising_evidence_barrier_or_growth_never_lowers_the_score(inp, data):
    group = data.draw(st.sampled_from(["evidence", "barriers", "ai_growth"]))
    if group == "ai_growth":
        if inp.ai_growth == 2:
            return
        raised = replace(inp, ai_growth=inp.ai_growth + 1)
    else:
        values = dict(getattr(inp, group))
        name = data.draw(st.sampled_from(sorted(values)))
        if values[name] == 2:
            return
        values[name] += 1
        raised = replace(inp, **{group: values})
    assert score(raised).aijri >= score(inp).aijri


@settings(max_examples=300)
@given(inputs())
def test_score_in_range_and_waterfall_sums_to_unclamped(inp):
    result = score(inp)
    assert 0 <= result.aijri <= 100
    assert abs(sum(result.waterfall.values()) - result.unclamped) < 1e-9
    assert result.zone == zone_for(result.aijri)


@pytest.mark.parametrize(
    "aijri, zone",
    [
        (24.94, "Red"),
        (24.96, "Yellow"),
        (47.94, "Yellow"),
        (47.96, "Green"),
        (24.95, "Yellow"),
        (47.95, "Green"),
        (0.0, "Red"),
        (100.0, "Green"),
    ],
)
def test_zone_boundaries_follow_the_displayed_score(aijri, zone):
    assert zone_for(aijri) == zone


@pytest.mark.parametrize(
    "zone, exposure, growth, label",
    [
        ("Yellow", 39.9, 1, "Yellow (Moderate)"),
        ("Yellow", 40, 1, "Yellow (Urgent)"),
        ("Red", 90, 2, "Red"),
        ("Green", 10, 2, "Green (Accelerated)"),
        ("Green", 19.9, 1, "Green (Stable)"),
        ("Green", 20, 1, "Green (Transforming)"),
        ("Green", 80, 2, "Green (Accelerated)"),
    ],
)
def test_labels(zone, exposure, growth, label):
    assert label_for(zone, exposure, growth) == label
