"""What a reader is told about an edit: plain words from parsed field paths; bookkeeping and rationale never."""

from __future__ import annotations

import json

import pytest

from scoring.changes import AssessmentEdit, FieldPath, assessment_causes, parse_field
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
    return AssessmentEdit(field=field, before=before, after=after)


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
    assert {c.field for c in causes if isinstance(c, AssessmentEdit)} == {
        "barriers.union",
        "barriers.rationale.union",
        "context.commentary",
    }
    assert plain_causes(causes, {}, None) == ["Reassessed: union barrier 1 → 2"]
    only_words = [c for c in causes if isinstance(c, AssessmentEdit) and c.field != "barriers.union"]
    assert plain_causes(only_words, {}, "typo fixes") == []


def test_task_shares_and_new_tasks_in_words():
    causes = [_edit(f"tasks[{TASK!r}].time_pct", 20.0, 25.5), _edit("tasks['Write scripts']", None, "present")]
    assert plain_causes(causes, {}, None) == [
        f"Reassessed: task '{TASK}' share of time 20% → 25.5%; task 'Write scripts' added"
    ]


def test_causes_are_records_with_one_versioned_codec():
    from scoring.changes import (
        CauseCodecError,
        EvidenceMove,
        NewRole,
        Recomputed,
        cause_json,
        cause_of,
    )

    causes = [
        NewRole(),
        _edit(f"tasks[{TASK!r}].score", 4, 5),
        EvidenceMove(dimension="wage_trends", before=1, after=0, why="OEWS median -3.1% real"),
        Recomputed(why="no input changed; the scoring code differs"),
    ]
    stored = json.loads(json.dumps([cause_json(c) for c in causes]))
    assert [c["v"] for c in stored] == [1] * 4 and [cause_of(c) for c in stored] == causes
    assert causes[1].path == FieldPath("tasks", "score", TASK)  # the parsed path, never sliced
    # As runs before the codec stored them: no version, a new role's "field": "role", a recomputation's "formula".
    assert cause_of({"kind": "new", "field": "role"}) == NewRole()
    assert cause_of({"kind": "recomputed", "field": "formula", "why": "code"}) == Recomputed(why="code")
    for bad, message in (({"v": 2, "kind": "new"}, "version 2"), ({"kind": "weather"}, "kind 'weather'")):
        with pytest.raises(CauseCodecError, match=message):
            cause_of(bad)
    with pytest.raises(CauseCodecError, match="evidence cause with other fields"):
        cause_of({"kind": "evidence", "dimensoin": "wage_trends", "before": 1, "after": 0})
