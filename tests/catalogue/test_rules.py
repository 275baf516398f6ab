"""The drafting rules, edge by edge (pure functions; no data needed)."""

import math

import pytest

from catalogue import rules
from catalogue.document import role_ids
from catalogue.draft import Tables, aliases_for, percentages_of, slug


@pytest.mark.parametrize(
    "automation, exposure, score",
    [
        ("T0", "E0", 1),
        ("T1", "E0", 2),
        ("T2", "E0", 2),
        ("T3", "E0", 3),
        ("T4", "E0", 3),  # E0 caps at 2, but two or more steps apart the labels disagree: between them
        ("T0", "E1", 3),
        ("T1", "E1", 3),
        ("T2", "E1", 3),
        ("T3", "E1", 4),
        ("T4", "E1", 5),  # E1 lifts to 3
        ("T0", "E2", 1),
        ("T2", "E2", 3),
        ("T4", "E2", 5),
        ("T3", None, 4),
        (None, "E2", None),
        ("T9", "E1", None),
    ],
)
def test_task_score_from_automation_bounded_by_exposure(automation, exposure, score):
    assert rules.task_score(automation, exposure)[0] == score


def test_task_score_names_its_rule():
    assert rules.task_score("T2", "E0") == (2, "T2 -> 3, capped at 2 by E0")
    assert rules.task_score("T3", "E0") == (3, "T3 -> 4, 3: between it and E0, the labels disagree")
    assert rules.task_score("T1", "E1") == (3, "T1 -> 2, raised to 3 by E1")


def test_where_annotators_and_gpt4_disagree_gpt4s_exposure_label_is_the_third_vote():
    assert rules.task_score("T3", "E0", "E1") == (4, "T3 -> 4, kept: GPT-4's exposure E1 outvotes annotators' E0")
    assert rules.task_score("T4", "E0", "E2")[0] == 5
    assert rules.task_score("T3", "E0", "E0")[0] == 3  # both exposure labels say none: between them
    assert rules.task_score("T2", "E0", "E2")[0] == 2  # one step apart: E0 caps as before
    assert rules.task_score("T1", "E1", "E0") == (2, "T1 -> 2, kept: GPT-4's exposure E0 outvotes annotators' E1")
    assert rules.task_score("T1", "E1", "E2")[0] == 3 and rules.task_score("T2", "E1", "E0")[0] == 3


@pytest.mark.parametrize(
    "score, exposure, impact",
    [
        (5, "E0", "displacement"),
        (4, None, "displacement"),
        (3, "E0", "augmentation"),
        (2, "E2", "augmentation"),
        (2, "E1", "augmentation"),
        (2, "E0", "not_involved"),
        (1, None, "not_involved"),
    ],
)
def test_impact(score, exposure, impact):
    assert rules.task_impact(score, exposure) == impact


def test_task_weight_tempers_frequency_and_caps_it():
    assert rules.task_weight(4.0, 100, 5) == pytest.approx(2.0)
    assert rules.task_weight(100.0, 100, 5) == pytest.approx(math.sqrt(rules.FREQUENCY_CAP))
    assert rules.task_weight(1.0, 50, 2.5) == pytest.approx(0.25)
    assert rules.task_weight(-1.0, 50, 5) == 0.0


@pytest.mark.parametrize(
    "share, cuts, level",
    [
        (0.0, (0.2, 0.5), 0),
        (0.1999, (0.2, 0.5), 0),
        (0.2, (0.2, 0.5), 1),
        (0.5, (0.2, 0.5), 2),
        (1.0, (0.1, 0.3, 0.55), 3),
    ],
)
def test_share_levels(share, cuts, level):
    assert rules.share_level(share, cuts) == level


@pytest.mark.parametrize(
    "applicability, value", [(None, 0), (0.0, 1), (0.0499, 1), (0.05, 0), (0.2999, 0), (0.30, -1), (0.49, -1)]
)
def test_tool_maturity_edges(applicability, value):
    assert rules.tool_maturity(applicability)[0] == value


@pytest.mark.parametrize("weights", [[1, 1, 1], [1000, 1, 1, 1], [0.001] * 37, [3, 2, 2, 1, 1, 0.5]])
def test_percentages_sum_to_exactly_100_and_stay_positive(weights):
    pct = percentages_of(weights)
    assert round(sum(pct), 6) == 100 and min(pct) >= rules.MIN_TASK_PCT and all(round(p, 1) == p for p in pct)


def test_ids_are_unique_slugs_and_aliases_deduplicated():
    assert (
        slug("Cooks, Short Order") == "cooks-short-order"
        and slug("Nurse Practitioners (NP)") == "nurse-practitioners-np"
    )
    tables = Tables(
        occupations={"11-1011.00": {"Title": "Chief Executives"}, "11-1011.03": {"Title": "Chief Executives"}},
        tasks={"11-1011.00": [], "11-1011.03": []},
    )
    assert role_ids(tables) == {"11-1011.00": "chief-executives", "11-1011.03": "chief-executives-11-1011-03"}
    assert aliases_for("RN", ["rn", "Staff Nurse", "staff nurse", "Charge Nurse"]) == ["Staff Nurse", "Charge Nurse"]


def test_every_soc_major_group_has_a_name():
    assert len(rules.SOC_MAJOR_GROUPS) == 23 and all(len(code) == 2 for code in rules.SOC_MAJOR_GROUPS)
