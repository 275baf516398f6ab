"""A role file's texts that state its own score: what counts as such a statement, and what does not."""

from scoring.aijri import score_role
from scoring.roles import parse_role
from scoring.stated import stale_statements
from tests.conftest import REFERENCE_ROLE


def with_commentary(text: str):
    role = parse_role(REFERENCE_ROLE.read_text(), REFERENCE_ROLE).role
    return role.model_copy(update={"context": role.context.model_copy(update={"commentary": text})})


def test_a_statement_of_the_roles_own_score_or_evidence_is_checked_against_its_values():
    role = with_commentary("Scored 39.0 overall; the Yellow (Moderate) label at 39.0 fits. Evidence -1 says so.")
    assert stale_statements(role, score_role(role)) == [
        "context.commentary says 39.0 (“Scored 39.0”), but the file's values score 42.6",
        "context.commentary says 39.0 (“Yellow (Moderate) label at 39.0”), but the file's values score 42.6",
        "context.commentary says Evidence -1, but the file's evidence sums to +5",
    ]


def test_distances_and_other_roles_scores_are_not_the_roles_own():
    role = with_commentary(
        "The score sits 5.4 points below Green, between DevOps (10.7, Red) and ML/AI Engineer (68.2, Green "
        "Accelerated); the label at 42.6 holds with Evidence +5."
    )
    assert stale_statements(role, score_role(role)) == []
