"""What a reader is told about an edit: plain words from parsed field paths; bookkeeping and rationale never."""

from __future__ import annotations

from scoring.changes import FieldPath, assessment_causes, parse_field
from scoring.explain import plain_causes

TASK = "Answer customers' questions about products"


def test_field_paths_parse_back_including_quotes_in_task_names():
    assert parse_field(f"tasks[{TASK!r}].score") == FieldPath("tasks", "score", TASK)
    assert parse_field(f"tasks[{TASK!r}]") == FieldPath("tasks", "", TASK)
    assert parse_field("barriers.rationale.union") == FieldPath("barriers", "rationale.union")
    assert parse_field("barriers.rationale.union").is_rationale
    assert parse_field("evidence.company_actions") == FieldPath("evidence", "company_actions")
    assert not parse_field("evidence.company_actions").is_rationale


def _edit(field: str, before, after) -> dict:
    return {"kind": "assessment", "field": field, "before": before, "after": after}


def test_a_withdrawn_release_reads_as_the_task_going_back():
    causes = [
        _edit(f"tasks[{TASK!r}].reassessed", "Contact-centre voice agents: handle routine calls", None),
        _edit(f"tasks[{TASK!r}].rationale", "Reassessed after Contact-centre voice agents: 4 -> 5.", ""),
        _edit(f"tasks[{TASK!r}].impact", "displacement", "augmentation"),
        _edit(f"tasks[{TASK!r}].score", 5, 4),
        _edit("draft.releases", ["2026-01-10-voice"], []),
    ]
    lines = plain_causes(causes, {}, "Withdrawn: Contact-centre voice agents (2026-01-10)")
    assert lines == [f"Release withdrawn: '{TASK}' back from 5 to 4"]


def test_an_applied_release_names_its_effect_with_the_score():
    causes = [
        _edit(f"tasks[{TASK!r}].reassessed", None, "Voice agents: handle routine calls"),
        _edit(f"tasks[{TASK!r}].score", 4, 5),
    ]
    (line,) = plain_causes(causes, {}, "Voice agents (2026-01-10)")
    assert (
        line
        == f"Reassessed after: Voice agents (2026-01-10): task '{TASK}' automation 4 → 5 (effect: handle routine calls)"
    )


def test_rationale_context_and_draft_edits_never_reach_a_reader():
    old = '[barriers]\nunion = 1\n[barriers.rationale]\nunion = "weak"\n[context]\ncommentary = "a"\n'
    new = '[barriers]\nunion = 2\n[barriers.rationale]\nunion = "strong"\n[context]\ncommentary = "b"\n'
    causes = assessment_causes(old, new)
    assert {c["field"] for c in causes} == {"barriers.union", "barriers.rationale.union", "context.commentary"}
    assert plain_causes(causes, {}, None) == ["Reassessed: union barrier 1 → 2"]
    only_words = [c for c in causes if c["field"] != "barriers.union"]
    assert plain_causes(only_words, {}, "typo fixes") == []


def test_task_shares_and_new_tasks_in_words():
    causes = [_edit(f"tasks[{TASK!r}].time_pct", 20.0, 25.5), _edit("tasks['Write scripts']", None, "present")]
    assert plain_causes(causes, {}, None) == [
        f"Reassessed: task '{TASK}' share of time 20% → 25.5%; task 'Write scripts' added"
    ]
