"""A personal score: the role with the reader's own share of time per task."""

import math

import pytest

from scoring.personal import PersonalShareError, personal_score
from scoring.roles import parse_role
from tests.conftest import REFERENCE_ROLE


def reference():
    return parse_role(REFERENCE_ROLE.read_text(), REFERENCE_ROLE).role


def test_the_roles_own_shares_give_its_published_score_and_other_shares_move_it():
    role = reference()
    evidence = role.evidence_values()
    shares = [t.time_pct for t in role.tasks]
    assert personal_score(role, evidence, shares).aijri_display == "42.6"
    assert personal_score(role, evidence, [s * 3 for s in shares]).aijri_display == "42.6"  # scaled to 100%
    most_automated = max(range(len(shares)), key=lambda i: role.tasks[i].score)
    fewer = list(shares)
    fewer[most_automated] = 0  # dropped: a reader who does not do the most automatable task
    assert personal_score(role, evidence, fewer).aijri > 42.6


@pytest.mark.parametrize(
    "shares, message",
    [
        ([10.0], "expected a share for each of the 7 tasks, got 1"),
        ([0.0] * 7, "at least one task needs a share of time above 0"),
        ([10.0] * 6 + [101.0], "task 7: the share of time must be a number from 0 to 100"),
        ([10.0] * 6 + [math.nan], "task 7: the share of time must be a number from 0 to 100"),
        ([-1.0] + [10.0] * 6, "task 1: the share of time must be a number from 0 to 100"),
    ],
)
def test_shares_that_cannot_make_a_score_are_refused_with_the_reason(shares, message):
    role = reference()
    with pytest.raises(PersonalShareError, match=message.replace("(", r"\(")):
        personal_score(role, role.evidence_values(), shares)
