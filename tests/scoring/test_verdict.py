"""The verdict and "who should worry": plain sentences made from the role's own numbers, none without them."""

import datetime as dt

from scoring.aijri import score_role
from scoring.personal import personal_score
from scoring.roles import parse_role
from scoring.verdict import LABEL_READING, reading
from tests.conftest import REFERENCE_ROLE


def reference():
    return parse_role(REFERENCE_ROLE.read_text(), REFERENCE_ROLE).role


def with_scores(role, scores):
    tasks = [task.model_copy(update={"score": new}) for task, new in zip(role.tasks, scores)]
    return role.model_copy(update={"tasks": tasks})


def test_the_reference_roles_verdict_says_its_label_split_and_what_stays_human():
    role = reference()
    said = reading(role, score_role(role, role.evidence_values()), role.evidence_values(), [])
    label, work = said.verdict  # one score, no history: no sentence on the trend
    assert label.text.startswith("Yellow (Urgent) at 42.6 of 100: this role is being transformed by AI")
    assert "adapt within 3-5 years" in label.text and label.figures == ("42.6",)
    # the published split: 25% displacement-dominant; the human part is the largest not-involved task
    assert work.figures[0] == "25%" and "leaves 10% to people" in work.text
    human = max((t for t in role.tasks if t.impact == "not_involved"), key=lambda t: t.time_pct)
    assert human.name in work.text and f"({round(human.time_pct, 1)}%)" in work.text


def test_who_should_worry_names_each_side_with_the_score_of_a_week_of_only_that_work():
    role = reference()
    evidence = role.evidence_values()
    worry = reading(role, score_role(role, evidence), evidence, []).worry
    red, green, separator = worry.sentences
    high = sorted((t for t in role.tasks if t.score >= 4), key=lambda t: -t.time_pct)
    low = sorted((t for t in role.tasks if t.score <= 2), key=lambda t: -t.time_pct)
    only_high = personal_score(role, evidence, [t.time_pct if t.score >= 4 else 0 for t in role.tasks])
    only_low = personal_score(role, evidence, [t.time_pct if t.score <= 2 else 0 for t in role.tasks])
    assert high[0].name in red.text and "closer to Red than the label suggests" in red.text
    assert worry.red_mix.aijri_display == only_high.aijri_display and only_high.aijri_display in red.text
    assert low[0].name in green.text and worry.green_mix.aijri_display == only_low.aijri_display
    assert float(only_low.aijri_display) > 42.6 > float(only_high.aijri_display)
    assert separator.text.startswith("The single biggest separator") and high[0].name in separator.text


def test_a_role_without_work_on_one_side_says_so_and_names_no_separator():
    role = reference()
    middling = with_scores(role, [3] * len(role.tasks))
    worry = reading(middling, score_role(middling, middling.evidence_values()), middling.evidence_values(), []).worry
    assert [s.text for s in worry.sentences] == [
        "No task of this role scores 4 or more: none is work AI does alone today.",
        "No task of this role scores 2 or less: AI reaches all of its work.",
    ]
    assert worry.red_mix is None and worry.green_mix is None


def test_the_trend_reads_the_last_year_of_history_and_the_latest_moves_cause():
    role = reference()
    score = score_role(role, role.evidence_values())
    history = [
        (dt.date(2024, 1, 1), 50.0),
        (dt.date(2025, 3, 1), 44.3),
        (dt.date(2025, 9, 1), 41.0),
        (dt.date(2026, 3, 1), 36.3),
    ]
    *_, trend = reading(
        role, score, role.evidence_values(), history, "AI tool maturity +0 → -1: the frontier rose"
    ).verdict
    # a year before 2026-03-01 is 2025-03-01: the move is read from there, not from the first point
    assert trend.text == "Down 8.0 points since 2025-03-01 (44.3 → 36.3); the latest move: AI tool maturity +0 → -1."
    assert trend.figures == ("44.3", "36.3", "2025-03-01")
    held = [(dt.date(2025, 1, 1), 36.31), (dt.date(2026, 3, 1), 36.29)]
    *_, flat = reading(role, score, role.evidence_values(), held).verdict
    assert flat.text == "The score has held at 36.3 since 2025-01-01."
    edit = "Reassessed after: Claude 5 released: AI tool maturity +0 → -1; task 'x' automation 3 → 4"
    *_, edited = reading(role, score, role.evidence_values(), history, edit).verdict
    assert edited.text.endswith("the latest move: an analyst's reassessment (AI tool maturity +0 → -1).")


def test_every_label_has_a_reading_and_a_red_role_is_told_it_is_further_in():
    assert set(LABEL_READING) == {
        "Red",
        "Yellow (Urgent)",
        "Yellow (Moderate)",
        "Green (Transforming)",
        "Green (Stable)",
        "Green (Accelerated)",
    }
    role = reference()
    red = with_scores(role, [5 if t.score >= 3 else t.score for t in role.tasks])
    evidence = {name: -2 for name in red.evidence_values()}
    score = score_role(red, evidence)
    assert score.zone == "Red"
    said = reading(red, score, evidence, [])
    assert said.verdict[0].text.startswith(f"Red at {score.aijri_display} of 100: most of this work is within reach")
    assert "further into Red" in said.worry.sentences[0].text


def test_the_methodology_page_states_each_labels_reading_as_the_code_does():
    from tests.conftest import REPO

    text = (REPO / "docs" / "methodology.md").read_text()
    for label, words in LABEL_READING.items():
        assert f"| {label} | {words} |" in text, label


def test_what_this_means_is_the_analysts_when_the_file_has_it_else_made_from_the_numbers():
    from scoring.verdict import Move

    role = reference()
    score = score_role(role, role.evidence_values())
    written = reading(role, score, role.evidence_values(), []).outlook
    assert written.written and written.future[0].text.startswith("The role in 2028:")
    assert len(written.strategy) == 3 and written.timeline.startswith("3-5 years") and len(written.look_next) == 3
    plain = role.model_copy(
        update={"context": role.context.model_copy(update={"outlook": "", "strategy": [], "key_skills": ["Python"]})}
    )
    move = Move("Data Scientists", 42.6, 55.04, 31.6)
    made = reading(plain, score, plain.evidence_values(), [], None, move).outlook
    assert not made.written
    assert made.future[0].text == (
        "In a few years, expect the tasks AI can take over (25% of the time today) to shrink or go; the tasks it "
        "speeds up (65%) to be done faster, by fewer people, and the work it leaves to people (10%) to become more "
        "of the job."
    )
    grow, skills, consider = made.strategy
    assert grow.text.startswith("Grow the work AI barely touches: “ML pipeline design & architecture” (20.0%)")
    assert skills.text == "Deepen the skills O*NET rates most important here: Python."
    assert consider.text.startswith("Consider Data Scientists: it scores 55.0 against this role's 42.6 and shares 32%")
    assert reading(plain, score, plain.evidence_values(), []).outlook.strategy[-1] == skills  # no path: no step


def test_the_future_names_ai_first_whichever_share_it_starts_with():
    from scoring.verdict import future_sentence

    role = reference()
    helped = role.model_copy(
        update={
            "tasks": [
                t.model_copy(update={"impact": "augmentation"}) if t.impact == "displacement" else t for t in role.tasks
            ]
        }
    )
    sentence = future_sentence(score_role(helped, helped.evidence_values()))
    assert sentence.text.startswith("In a few years, expect the tasks AI speeds up (")
    assert "take over" not in sentence.text and len(sentence.figures) == 2


def test_every_dimension_part_and_task_score_says_what_it_means_in_words():
    from scoring.aijri import COMPOSITION_WEIGHTS
    from scoring.dimensions import DIMENSIONS
    from scoring.verdict import PART_MEANINGS, TASK_SCORE_WORDS

    # a reader learns what each measures and which direction protects
    assert all("protect" in d.meaning and "warn" in d.meaning for d in DIMENSIONS), [d.name for d in DIMENSIONS]
    assert set(PART_MEANINGS) == set(COMPOSITION_WEIGHTS) and all(PART_MEANINGS.values())
    assert sorted(TASK_SCORE_WORDS) == [1, 2, 3, 4, 5]
