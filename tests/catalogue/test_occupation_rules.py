"""The occupation-data drafting rules, edge by edge, on small synthetic occupations (labelled test data, not O*NET's):
barriers and protective principles from what the work is, the judgement evidence from BLS, the task bounds,
and the time shares of an occupation O*NET never rated."""

import pytest

from catalogue import rules
from catalogue.draft import bounded_score
from catalogue.judgement_evidence import ai_growth, expert_consensus
from catalogue.judgements import Facts, cultural, liability, physical, protective, regulatory

SAME = "same O*NET-SOC code"


def facts(remote=1.0, job_zone=2, **items) -> Facts:
    values = {"proximity": 40, "hands": 30, "handling": 20, "caring": 30, "face_to_face": 80, "relationships": 50}
    values |= {"coaching": 30} | items.pop("context", {})
    return Facts(
        context={k: (v, SAME) for k, v in values.items()}, teleworkable=(remote, SAME), job_zone=job_zone, **items
    )


def test_regulatory_takes_the_highest_licensing_sign_and_names_every_sign_it_read():
    assert regulatory(facts())[0] == 0 and "no licensing sign" in regulatory(facts())[1]
    level, why = regulatory(facts(licensing="Licensing or registration required."))
    assert level == 2 and '"Licensing or registration required."' in why
    assert regulatory(facts(education="Doctoral or professional degree"))[0] == 2
    assert (
        regulatory(facts(training="Apprenticeship"))[0] == 1
        and regulatory(facts(training="Internship/residency"))[0] == 2
    )
    assert [regulatory(facts(certification=c))[0] for c in (2.49, 2.5, 3.49, 3.5)] == [0, 1, 1, 2]
    level, why = regulatory(facts(job_zone=4, apprenticeship=3.6, certification=2.6))
    assert (
        level == 2 and "Job Zone" not in why and "apprenticeship importance 3.60" in why
    )  # only signs that reach a level
    assert regulatory(facts(job_zone=5))[0] == 1  # long preparation alone is not a licence
    assert regulatory(facts(job_zone=4))[0] == 0  # nor is a bachelor's (the reference: "No licensing required")
    assert why.endswith(": 2 (the highest)")


def test_physical_presence_reads_teleworkability_handling_and_proximity_not_keyboards():
    assert physical(facts(context={"hands": 95}))[0] == 0  # typing all day is hands on controls, not presence
    assert physical(facts(remote=0.0))[0] == 1
    assert physical(facts(context={"handling": 50}))[0] == 1 and physical(facts(context={"proximity": 75}))[0] == 1
    level, why = physical(facts(remote=0.0, context={"proximity": 80}))
    assert level == 2 and "Dingel & Neiman teleworkable 0" in why and "physical proximity 80" in why
    assert physical(facts(remote=1.0, context={"proximity": 95}))[0] == 1  # close, yet the work can be remote


def test_cultural_is_care_teaching_or_counsel_in_person():
    assert cultural(facts())[0] == 0
    assert cultural(facts(context={"caring": 75}))[0] == 2 and cultural(facts(context={"caring": 55}))[0] == 1
    assert cultural(facts(context={"coaching": 65}))[0] == 1
    assert cultural(facts(context={"relationships": 80, "face_to_face": 95}))[0] == 1
    assert cultural(facts(context={"relationships": 80, "face_to_face": 94}))[0] == 0


def test_liability_needs_a_profession_or_judgement():
    assert liability(facts(), 0.0)[0] == 0
    level, why = liability(facts(certification=3.6, judgment=3.75), 0.0)
    assert level == 2 and "a licensed profession" in why
    assert (
        liability(facts(judgment=3.75), 0.0)[0] == 1 and liability(facts(certification=3.6, judgment=3.0), 0.0)[0] == 1
    )
    assert liability(facts(judgment=3.5, context={"caring": 75}), 0.0)[0] == 1  # decisions over people in care
    assert liability(facts(), rules.LIABILITY_BARRIER_CUTS[0])[0] == 1  # decision work from the DWA shares


def test_protective_principles_count_their_signs():
    assert {k: v for k, (v, _) in protective(facts(), 0.0).items()} == dict.fromkeys(
        ("embodied_physicality", "interpersonal_connection", "moral_judgment"), 0
    )
    hands_on = facts(
        remote=0.0, context={"handling": 60, "proximity": 90, "caring": 80, "relationships": 80, "coaching": 70}
    )
    found = protective(hands_on, 0.0)
    assert found["embodied_physicality"][0] == 3 and found["interpersonal_connection"][0] == 3
    assert found["moral_judgment"][0] == 1  # caring for people, but no judgement rating and no licence
    assert "of 3 signs" in found["moral_judgment"][1]


@pytest.mark.parametrize(
    ("change", "level"), [(15.0, 2), (14.9, 1), (5.0, 1), (4.9, 0), (-2.0, 0), (-2.1, -1), (-10.0, -1), (-10.1, -2)]
)
def test_expert_consensus_follows_bls_projected_change(change, level):
    assert expert_consensus(facts(change=change))[0] == level


def test_expert_consensus_moves_one_level_where_bls_names_a_technology_doing_the_work():
    down = "Productivity change - share decreases as automated bookkeeping software will allow more work."
    level, why = expert_consensus(facts(change=1.0, factors=(down,)))
    assert level == -1 and "name technology lowering its share" in why and down in why
    unrelated = "Demand change - share decreases as fewer stores open."
    assert expert_consensus(facts(change=1.0, factors=(unrelated,)))[0] == 0  # no technology named: no move
    assert expert_consensus(facts(change=-20.0, factors=(down,)))[0] == -2  # the floor holds
    assert expert_consensus(facts(change=None))[1].startswith("not assessed")


def test_ai_growth_from_bls_factors_naming_ai_else_observed_use_with_projected_demand():
    up = "Demand change - share increases as demand for training in artificial intelligence (AI) grows."
    assert ai_growth(facts(change=0.0, factors=(up,)), 0.0, None)[0] == 1
    assert ai_growth(facts(change=-5.0), 0.5, 0.8)[0] == -1  # mostly automating use, projected decline
    assert ai_growth(facts(change=9.0), 0.5, 0.2)[0] == 1  # mostly augmenting use, projected growth
    level, why = ai_growth(facts(change=-5.0), 0.1, 0.9)
    assert level == 0 and "needs 25%" in why  # too little of the work observed to say


def test_task_bounds_what_a_task_is_outweighs_what_a_conversation_shows():
    hands_on = [("4.A.3.a.2", "4.A.3.a.2.I01"), ("4.A.4.a.5", "4.A.4.a.5.I03")]  # handling; administer care
    task = {"exposure": "E0", "automation": "T2", "observed": None}
    assert bounded_score(3, "T2 -> 3", task, hands_on, False)[0] == 1  # hands-on and no LLM exposure
    assert bounded_score(5, "T4 -> 5", {**task, "exposure": "E2"}, hands_on, False)[0] == 3
    referral = [("4.A.4.a.5", "4.A.4.a.5.I01")]  # "refer customers": caring by name, not hands-on
    assert bounded_score(4, "T3 -> 4", {**task, "exposure": "E2"}, referral, False)[0] == 4
    observed = {"exposure": "E2", "automation": "T2", "observed": 0.7}
    assert bounded_score(3, "T2 -> 3", observed, [], False) == (
        4,
        "T2 -> 3, raised to 4: observed 70% automation in Claude conversations",
        5,  # no bound: a release may lift it further
    )
    assert bounded_score(2, "T1 -> 2", {**observed, "automation": "T1"}, [], False)[0] == 3
    score, rule, bound = bounded_score(3, "T2 -> 3", observed, [], True)  # raised, then bounded: done in person
    assert score == bound == 3 and rule.endswith(
        "capped at 3: the occupation's work is done in person, close to people"
    )
    switchboard = [("4.A.3.a.3", "4.A.3.a.3.I10")]  # operate communications equipment: information, not hands
    assert bounded_score(4, "T3 -> 4", task, switchboard, False)[:2] == (4, "T3 -> 4")
    assert bounded_score(4, "T3 -> 4", task, [("4.A.3.a.3", "4.A.3.a.3.I06")], False)[0] == 1  # production equipment
