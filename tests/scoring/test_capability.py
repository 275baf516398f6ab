"""AI capability as evidence, edge by edge: exposure from a role's tasks, a benchmark's rise and its error, the
family and role readings, the AI tool maturity level (z, the cuts, hysteresis, holds) and release events."""

import datetime as dt
import math

import pytest

from scoring.capability import (
    BENCHMARKS,
    Result,
    TaskWork,
    benchmark_reading,
    exposed_rise,
    exposure_of,
    family_reading,
    get_benchmark,
    task_families,
)
from scoring.capability_evidence import FrontierReader, map_capability
from scoring.dimensions import get_dimension
from scoring.evidence import PreviousLevel
from scoring.evidence_inputs import MarketInputs
from scoring.evidence_rules import DEFAULT_RULES
from scoring.frontier_events import FrontierMark, frontier_history, model_identity, release_events

D = dt.date
PROGRAM = "4.A.3.b.1.I01.D01"  # Program computer systems (coding)
RECORDS = "4.A.3.b.6.I08.D02"  # Maintain operational records (computer use)
ANALYSE = "4.A.2.a.4.I11.D03"  # Analyze business or financial data (knowledge work)
LIFT = "4.A.3.a.1.I10.D01"  # Move materials (hands-on: no family)


DAY = dt.date(2026, 1, 1)


def result(benchmark="metr_time_horizon", model="m1", score=60.0, released=D(2025, 2, 24), **more) -> Result:
    defaults = {"title": model, "organisation": "Lab", "published": released, "content_hash": "h"}
    if benchmark == "metr_time_horizon":
        defaults.update(ci_low=score / 2, ci_high=score * 2)
    return Result(benchmark=benchmark, model=model, score=score, released=released, **{**defaults, **more})


def test_task_families_split_a_task_evenly_over_its_dwas_and_skip_hands_on_work():
    assert task_families([PROGRAM, ANALYSE]) == {"coding": 0.5, "knowledge_work": 0.5}
    assert task_families([PROGRAM, LIFT]) == {"coding": 0.5}
    assert task_families([LIFT]) == {} and task_families([]) == {}


def test_exposure_counts_exposed_linked_tasks_and_spreads_unlinked_ones_over_their_mix():
    tasks = [
        TaskWork(40, 4, "E2", [PROGRAM], None),
        TaskWork(20, 3, "E1", [ANALYSE], None),
        TaskWork(20, 2, "E0", [RECORDS], None),  # not exposed: E0 and a low score
        TaskWork(20, 3, "E2", [], None),  # exposed, no links: takes the 40:20 mix of the linked ones
    ]
    exposure = exposure_of(tasks, in_person=False, anchor=D(2025, 3, 27), anchor_why="labels")
    shares = dict(exposure.shares)
    assert shares["coding"] == pytest.approx(0.4 * (1 + 0.2 / 0.6), abs=1e-4)
    assert shares["knowledge_work"] == pytest.approx(0.2 * (1 + 0.2 / 0.6), abs=1e-4)
    assert "computer_use" not in shares and exposure.total == pytest.approx(0.8, abs=1e-3)


def test_in_person_work_is_insensitive_unless_an_analyst_tags_tasks():
    tasks = [TaskWork(100, 4, "E2", [PROGRAM], None)]
    assert exposure_of(tasks, in_person=True, anchor=D(2025, 1, 1), anchor_why="x").shares == ()
    tagged = [TaskWork(60, 3, None, [], ["coding"]), TaskWork(40, 2, None, [], [])]
    assert dict(exposure_of(tagged, in_person=True, anchor=D(2025, 1, 1), anchor_why="x").shares) == {"coding": 0.6}


def test_a_role_with_neither_work_activities_nor_tags_is_not_followed():
    assert exposure_of([TaskWork(100, 4, None, [], None)], in_person=False, anchor=D(2025, 1, 1), anchor_why="") is None


def test_a_rise_is_read_in_doublings_with_the_new_results_lower_interval_as_its_error():
    benchmark = get_benchmark("metr_time_horizon")
    old = result(model="old", score=60.0, released=D(2025, 2, 24))
    new = result(model="new", score=240.0, released=D(2025, 11, 24), ci_low=120.0, ci_high=960.0)
    reading = benchmark_reading([old, new], benchmark, D(2025, 3, 27), D(2026, 1, 1))
    assert reading["rise"] == pytest.approx(2.0) and reading["steps"] == pytest.approx(2.0)
    assert reading["se"] == pytest.approx(1 / 1.959964, abs=1e-3)  # log2(240/120) / z95: the lower side only
    assert reading["then"]["model"] == "old" and reading["now"]["model"] == "new"


def test_no_rise_without_a_newer_best_or_when_the_anchor_is_after_the_run():
    benchmark = get_benchmark("metr_time_horizon")
    results = [
        result(model="a", score=60.0, released=D(2025, 2, 24)),
        result(model="b", score=90, released=D(2025, 6, 1)),
    ]
    same = benchmark_reading(results, benchmark, D(2025, 7, 1), D(2026, 1, 1))
    assert same["rise"] == 0 and same["se"] == 0
    backfill = benchmark_reading(results, benchmark, D(2026, 1, 1), D(2025, 7, 1))  # assessed after the run date
    assert backfill["rise"] == 0


def test_a_reading_needs_a_result_for_a_model_released_by_the_anchor():
    reading = benchmark_reading(
        [result(released=D(2025, 2, 24))], get_benchmark("metr_time_horizon"), D(2023, 3, 17), D(2026, 1, 1)
    )
    assert reading["ok"] is False and "released by 2023-03-17" in reading["note"]


def test_accuracy_errors_are_the_files_or_binomial_on_the_task_count():
    swe = result("swe_bench_verified", score=78.7, stderr=1.86)
    assert swe.rise_error() == pytest.approx(1.86)
    osworld = result("os_world", score=50.0)
    assert osworld.rise_error() == pytest.approx(100 * math.sqrt(0.25 / 369))
    eci = result("eci", score=150.0)
    assert eci.rise_error() == get_benchmark("eci").assumed_se == 2.0


def test_a_family_reads_the_mean_of_its_benchmarks_with_a_reading_and_the_role_the_exposure_weighted_sum():
    readings = [
        {"benchmark": "a", "ok": True, "steps": 2.0, "se_steps": 0.4},
        {"benchmark": "b", "ok": True, "steps": 1.0, "se_steps": 0.3},
        {"benchmark": "c", "ok": False, "note": "no result"},
    ]
    family = family_reading("coding", 0.5, readings)
    assert family["steps"] == pytest.approx(1.5) and family["se_steps"] == pytest.approx(0.25)
    rise, se = exposed_rise([family, {**family_reading("knowledge_work", 0.25, readings[:1])}])
    assert rise == pytest.approx(0.5 * 1.5 + 0.25 * 2.0) and se == pytest.approx(math.hypot(0.5 * 0.25, 0.25 * 0.4))
    assert exposed_rise([family_reading("coding", 0.5, readings[2:])]) is None


class Role:
    assessed_on = D(2025, 3, 27)

    def __init__(self, value: int = 0):
        self.value = value

    def evidence_values(self):
        return {"ai_tool_maturity": self.value}


def _metr_rise(doublings: float, ci_ratio: float = 1.2):
    """A METR history rising `doublings` since the anchor, with a tight lower interval (error ~0.13 doublings)."""
    old = result(model="old", score=60.0, released=D(2025, 2, 24))
    new_score = 60.0 * 2**doublings
    new = result(
        model="new", score=new_score, released=D(2025, 11, 24), ci_low=new_score / ci_ratio, ci_high=new_score * 4
    )
    return FrontierReader([old, new], D(2026, 1, 1))


def _exposure(share: float = 1.0):
    tasks = [TaskWork(share * 100, 4, "E2", [PROGRAM], None)] + (
        [TaskWork(100 - share * 100, 1, "E0", [LIFT], None)] if share < 1 else []
    )
    return exposure_of(tasks, in_person=False, anchor=D(2025, 3, 27), anchor_why="labels")


@pytest.mark.parametrize(
    ("doublings", "level"),
    [(1.45, 0), (1.55, -1), (3.9, -1), (4.1, -2)],  # coding = mean of METR and (no) SWE-bench: METR alone here
)
def test_the_ladder_moves_one_level_from_1_5_steps_and_two_from_4(doublings, level):
    value = map_capability(Role(0), _exposure(), _metr_rise(doublings))
    assert value.status == "fresh" and value.inputs.level_now == level and value.value == level


def test_a_rise_within_two_standard_errors_is_no_move():
    wide = _metr_rise(1.6, ci_ratio=8.0)  # error 3 / 1.96 = 1.5 doublings: 1.6 is within 2 of them
    value = map_capability(Role(0), _exposure(), wide)
    assert value.value == 0 and "within 2 standard errors" in value.rule


def test_exposure_scales_the_rise_and_the_level_adds_to_the_files_value_within_bounds():
    half = map_capability(Role(0), _exposure(0.5), _metr_rise(2.0))
    assert half.inputs.rise == pytest.approx(1.0, abs=0.01) and half.value == 0
    assert map_capability(Role(-1), _exposure(), _metr_rise(4.5)).value == -2  # -1 + -2, clamped


def test_hysteresis_keeps_a_level_until_the_rise_falls_past_its_cut_by_the_margin():
    margin = get_dimension("ai_tool_maturity").ladder.margin
    held = map_capability(Role(0), _exposure(), _metr_rise(1.5 - margin / 2), previous=PreviousLevel(-1, -1, -1.6))
    assert held.value == -1 and "hysteresis" in held.rule
    dropped = map_capability(Role(0), _exposure(), _metr_rise(1.5 - margin * 2), previous=PreviousLevel(-1, -1, -1.6))
    assert dropped.value == 0


def test_stale_insufficient_pinned_unfollowed_and_insensitive_roles():
    reader = _metr_rise(3.0)
    stale = map_capability(Role(0), _exposure(), reader, stale=True, previous=PreviousLevel(-1, -1, -2.0))
    assert stale.status == "stale" and stale.value == -1  # held, never zero
    empty = map_capability(Role(0), _exposure(), FrontierReader([], D(2026, 1, 1)))
    assert empty.status == "insufficient" and empty.value == 0
    assert map_capability(Role(1), _exposure(), reader, pinned=True).value == 1
    assert map_capability(Role(0), None, reader).status == "analyst"
    hands_on = exposure_of(
        [TaskWork(100, 1, "E0", [LIFT], None)], in_person=False, anchor=D(2025, 3, 27), anchor_why=""
    )
    insensitive = map_capability(Role(0), hands_on, reader)
    assert insensitive.value == 0 and insensitive.rule.startswith("insensitive")


def mark(benchmark, model, score, level=None, rise_se=0.5):
    return FrontierMark(
        benchmark=benchmark,
        model=model,
        title=model.title(),
        organisation="Lab",
        released=D(2026, 2, 5),
        published=D(2026, 4, 11),
        score=score,
        level=score if level is None else level,
        rise_se=rise_se,
        content_hash="h",
    )


def test_a_new_frontier_model_is_one_event_naming_every_frontier_it_moved_beyond_its_error():
    before = {
        "metr_time_horizon": mark("metr_time_horizon", "claude-opus-4-5-20251101_16K", 289, 8.17),
        "eci": mark("eci", "a", 154.0),
    }
    now = {
        "metr_time_horizon": mark("metr_time_horizon", "claude-opus-4-6_unknown", 719, 9.49, rise_se=0.6),
        "swe_bench_verified": mark("swe_bench_verified", "claude-opus-4-6", 78.7),  # no frontier before: a baseline
        "eci": mark("eci", "claude-opus-4-6_120K", 155.0, rise_se=2.0),  # +1 within 2 errors: not news
    }
    events = release_events(now, before, z=2)
    assert len(events) == 1 and [j.benchmark for j in events[0].jumps] == ["metr_time_horizon"]
    assert events[0].jumps[0].rise == pytest.approx(1.32, abs=0.01)
    assert release_events(now, before, z=2.3) == []  # 1.32 / 0.6 = 2.2 errors


def test_model_identity_joins_a_models_rows_across_benchmarks():
    assert (
        model_identity("claude-opus-4-5-20251101_16K")
        == model_identity("claude-opus-4-5-20251101")
        == "claude-opus-4-5"
    )
    assert model_identity("gpt-5.2-2025-12-11_high") == "gpt-5.2"
    same = {"metr_time_horizon": mark("metr_time_horizon", "claude-opus-4-5-20251101", 293, 8.2)}
    moved = {"metr_time_horizon": mark("metr_time_horizon", "claude-opus-4-5-20251101_16K", 289, 8.17)}
    assert release_events(same, moved, z=0) == []  # the same model's other row is no new frontier


def test_frontier_history_keeps_each_model_that_set_a_new_best():
    rows = [
        result(model=m, score=s, released=D(2025, 1, d))
        for m, s, d in (("a", 10, 1), ("b", 8, 2), ("c", 20, 3), ("d", 20, 4))
    ]
    assert [r.model for r in frontier_history(rows, "metr_time_horizon")] == ["a", "c"]


def test_every_benchmark_states_its_step_calibration_and_error_model():
    for benchmark in BENCHMARKS:
        assert benchmark.step > 0 and benchmark.calibration and benchmark.error_note
        if benchmark.error == "binomial":
            assert benchmark.tasks


def test_the_market_bands_closed_form_is_what_rescoring_at_the_range_ends_gives():
    """The band moves only the evidence total, so it is computed from the score, not by scoring twice."""
    from scoring.aijri import score_role
    from scoring.evidence_values import EvidenceValue
    from scoring.roles import load_role
    from scoring.uncertainty import level_range, market_band
    from tests.conftest import REFERENCE_ROLE

    role = load_role(REFERENCE_ROLE).role
    values = role.evidence_values()
    for change, se in ((-9.0, 3.0), (-30.0, 8.0), (2.0, 5.0)):
        evidence = [
            EvidenceValue(
                dimension=name,
                value=value,
                analyst_value=value,
                status="fresh" if name == "job_posting_trends" else "analyst",
                rule="",
                inputs=MarketInputs(mode="absolute", as_of=DAY, assessed_on=DAY, change_now=change, se_now=se, z=2)
                if name == "job_posting_trends"
                else None,
            )
            for name, value in values.items()
        ]
        ranges = {e.dimension: level_range(e, DEFAULT_RULES) for e in evidence}
        low = score_role(role, {n: r[0] for n, r in ranges.items()}).aijri
        high = score_role(role, {n: r[1] for n, r in ranges.items()}).aijri
        assert market_band(score_role(role), evidence) == round((high - low) / 2, 1)
