"""Transition paths (scoring/transitions.py) on small synthetic roles (labelled: not O*NET data), and on the
committed catalogue: who qualifies, what is kept, lost and gained, and the limits of a plausible step."""

from pathlib import Path

from scoring.transitions import (
    EDUCATION_ORDER,
    ENTRY_BARRIER_WEIGHT,
    MAX_PATHS,
    MIN_GAIN,
    MIN_PAY_RATIO,
    RESIDENCY,
    Entry,
    Pay,
    Work,
    transitions,
    work_of,
)

A, B, C, D = "4.A.1.a.1.I01.D01", "4.A.2.b.1.I02.D02", "4.A.3.a.1.I03.D03", "4.A.4.a.4.I04.D04"


def work(*tasks, zone=3, skills=(), education=None, training=None, pay=None, floor=False) -> Work:
    return Work(tuple(tasks), Entry(education, training, zone), frozenset(skills), pay and Pay(pay, floor))


def test_a_higher_scoring_role_sharing_work_is_a_path_with_its_tasks_kept_lost_and_gained():
    roles = {
        "clerk": work((60.0, (A,)), (40.0, (B,))),
        "coordinator": work((50.0, (A,)), (50.0, (C,))),  # shares A: min(0.6, 0.5) = 0.5 of the work
        "lower": work((100.0, (A,))),
    }
    scores = {"clerk": 30.0, "coordinator": 30.0 + MIN_GAIN, "lower": 20.0}
    (path,) = [p for p in transitions(roles, scores) if p.role_id == "clerk"]
    assert (path.target_id, path.shared_work, path.rank) == ("coordinator", 0.5, 1)
    assert (path.keep, path.lose, path.gain) == ((0,), (1,), (1,))
    assert (path.score_from, path.score_to) == (30.0, 35.0)
    # the lower-scoring role gets both others as paths, best-shared first; nobody moves down, nor into Red
    roles["still-red"], scores["still-red"] = work((100.0, (A,))), 24.9  # 4.9 above "lower", and Red
    lower = [p.target_id for p in transitions(roles, scores) if p.role_id == "lower"]
    assert lower == ["clerk", "coordinator"]
    scores["lower"] = 19.0  # now "still-red" is 5.9 points higher, yet still Red: no refuge
    assert [p.target_id for p in transitions(roles, scores) if p.role_id == "lower"] == ["clerk", "coordinator"]
    assert not [p for p in transitions(roles, scores) if p.role_id == "coordinator"]


def test_a_step_too_far_too_small_or_too_little_shared_is_no_path():
    base = work((100.0, (A, B)), zone=2, education=1)
    roles = {
        "role": base,
        "two-zones-up": work((100.0, (A, B)), zone=4, education=1),
        "two-degrees-up": work((100.0, (A, B)), zone=3, education=3),
        "barely-higher": work((100.0, (A, B)), zone=2, education=1),
        "little-shared": work((5.0, (A,)), (95.0, (C,)), zone=2, education=1),
        "downward-schooling": work((100.0, (A, B)), zone=1, education=0),  # less schooling is a plausible move
    }
    scores = {"role": 30.0, "barely-higher": 30.0 + MIN_GAIN - 0.1}
    scores |= {name: 60.0 for name in ("two-zones-up", "two-degrees-up", "little-shared", "downward-schooling")}
    assert [p.target_id for p in transitions(roles, scores) if p.role_id == "role"] == ["downward-schooling"]


def test_skills_break_ties_at_most_four_paths_and_the_result_is_deterministic():
    own = work((100.0, (A,)), skills=("Writing", "Speaking"))
    roles = {"role": own} | {
        f"t{n}": work((100.0, (A,)), skills=("Writing", "Speaking") if n == 5 else ("Repairing",)) for n in range(6)
    }
    scores = {"role": 20.0} | {f"t{n}": 50.0 for n in range(6)}
    paths = [p for p in transitions(roles, scores) if p.role_id == "role"]
    assert len(paths) == MAX_PATHS and paths[0].target_id == "t5" and paths[0].shared_skills == 1.0
    assert [p.target_id for p in paths[1:]] == ["t0", "t1", "t2"]  # equal otherwise: by id
    assert transitions(dict(reversed(list(roles.items()))), scores) == transitions(roles, scores)


def test_on_the_catalogue_nurses_have_paths_and_a_role_without_work_links_has_none():
    from flows.role_loader import load_checked_roles
    from scoring.aijri import score_role

    loaded = {item.role.id: item.role for item in load_checked_roles(Path(__file__).parents[2] / "roles")}
    assert work_of(loaded["mlops-engineer"]) is None  # hand-written, its tasks name no O*NET activity
    work_by_role = {role_id: w for role_id, role in loaded.items() if (w := work_of(role))}
    assert len(work_by_role) == 923
    scores = {role_id: score_role(role).aijri for role_id, role in loaded.items()}
    paths = transitions(work_by_role, scores)
    nurses = [p for p in paths if p.role_id == "registered-nurses"]
    assert nurses and all(p.score_to >= p.score_from + MIN_GAIN and p.shared_work >= 0.1 for p in nurses)
    assert "licensed-practical-and-licensed-vocational-nurses" in {p.target_id for p in nurses}
    assert "anesthesiologists" not in {p.target_id for p in nurses}  # a doctoral degree is not one step
    assert len({p.role_id for p in paths}) > 600


def test_a_deep_pay_cut_is_no_path_and_a_smaller_one_weighs_a_path_down():
    own = work((100.0, (A,)), pay=100_000.0)
    roles = {
        "role": own,
        "deep-cut": work((100.0, (A,)), pay=100_000.0 * MIN_PAY_RATIO - 1),
        "small-cut": work((100.0, (A,)), pay=90_000.0),
        "raise": work((50.0, (A,)), (50.0, (B,)), pay=150_000.0),  # shares half the work, pays more
        "unknown-pay": work((50.0, (A,)), (50.0, (C,))),  # top-coded: unknown pay never rules out
    }
    scores = {"role": 30.0} | {name: 60.0 for name in roles if name != "role"}
    paths = [p for p in transitions(roles, scores) if p.role_id == "role"]
    assert [p.target_id for p in paths] == ["small-cut", "raise", "unknown-pay"]  # 1.0 x 0.9 > 0.5 = 0.5 (by id)
    assert (paths[0].pay_from, paths[0].pay_to) == (100_000.0, 90_000.0)
    assert paths[2].pay_to is None
    roles["small-cut"] = work((100.0, (A,)), pay=40_000.0)  # now a deep cut too
    assert "small-cut" not in [p.target_id for p in transitions(roles, scores) if p.role_id == "role"]


def test_a_top_coded_median_is_a_floor_a_cut_below_it_is_no_path_a_floor_above_never_rules_out():
    roles = {
        "radiologist": work((100.0, (A,)), pay=204_330.0, floor=True),  # median top-coded: at least its p25
        "nurse-practitioner": work((100.0, (A,)), pay=129_210.0),  # 0.63 of a floor: a deeper cut still
        "physicist": work((100.0, (A,)), pay=210_000.0, floor=True),
    }
    scores = {"radiologist": 30.0, "nurse-practitioner": 60.0, "physicist": 60.0}
    (path,) = [p for p in transitions(roles, scores) if p.role_id == "radiologist"]
    assert (path.target_id, path.pay_from_floor, path.pay_to_floor) == ("physicist", True, True)
    roles["clerk"], scores["clerk"] = work((100.0, (A,)), pay=100_000.0), 20.0
    # a floor above the clerk's pay is at least a raise: both are paths
    assert {p.target_id for p in transitions(roles, scores) if p.role_id == "clerk"} >= {"radiologist", "physicist"}


def test_entry_barriers_weigh_a_path_down_and_a_second_residency_is_no_path():
    bachelor = EDUCATION_ORDER.index("Bachelor's degree")
    own = work((100.0, (A,)), education=bachelor, zone=3)
    roles = {
        "role": own,
        "more-schooling": work((100.0, (A,)), education=bachelor + 1, zone=4),  # two barriers: 0.8 ** 2 = 0.64
        "same-entry": work((70.0, (A,)), (30.0, (B,)), education=bachelor, zone=3),  # shares 0.7
    }
    scores = {"role": 30.0, "more-schooling": 60.0, "same-entry": 60.0}
    ranked = [p.target_id for p in transitions(roles, scores) if p.role_id == "role"]
    assert 0.7 > ENTRY_BARRIER_WEIGHT**2 and ranked == ["same-entry", "more-schooling"]
    doctoral = len(EDUCATION_ORDER) - 1
    doctor = Work(((100.0, (A,)),), Entry(doctoral, RESIDENCY, 5, "29-12"), frozenset())
    dentist = Work(((100.0, (A,)),), Entry(doctoral, None, 5, "29-10"), frozenset())
    roles = {
        "radiologist": doctor,
        "neurologist": doctor,  # another residency
        "dentist": dentist,  # another professional degree
        "tech": work((100.0, (A,)), zone=4, education=bachelor),
    }
    scores = {"radiologist": 30.0, "neurologist": 60.0, "dentist": 60.0, "tech": 60.0}
    assert [p.target_id for p in transitions(roles, scores) if p.role_id == "radiologist"] == ["tech"]


def test_a_role_without_work_of_its_own_borrows_its_occupations_and_never_moves_to_it():
    shared = work((50.0, (A,)), (50.0, (B,)), pay=100_000.0)
    roles = {
        "hand-written": shared,
        "occupation": shared,
        "next": work((60.0, (A,)), (40.0, (C,)), pay=110_000.0),
    }
    scores = {"hand-written": 30.0, "occupation": 50.0, "next": 50.0}
    paths = [p for p in transitions(roles, scores, {"hand-written": "occupation"}) if p.role_id == "hand-written"]
    assert [(p.target_id, p.via_id, p.keep, p.lose) for p in paths] == [("next", "occupation", (0,), (1,))]
    # without the borrowing the occupation itself would be the best path (it shares all of the work)
    assert transitions(roles, scores)[0].target_id == "occupation"


def test_a_move_says_what_it_asks_beyond_the_roles_own_entry():
    from scoring.roles import parse_role
    from scoring.transitions import entry_asks
    from tests.conftest import REFERENCE_ROLE

    base = parse_role(REFERENCE_ROLE.read_text(), REFERENCE_ROLE).role

    def entry(education: str, training: str = "", zone: int | None = None):
        context = base.context.model_copy(
            update={"entry_education": education, "entry_training": training, "job_zone": zone}
        )
        return base.model_copy(update={"context": context})

    nurse = entry("Bachelor's degree", "", 3)
    assert entry_asks(nurse, entry("Postsecondary nondegree award", "", 3)) == [
        "a step down in entry education: postsecondary nondegree award (this role: bachelor's degree)"
    ]
    radiologist = entry("Doctoral or professional degree", "Internship/residency", 5).model_copy(
        update={"soc": "29-1224"}
    )
    assert entry_asks(radiologist, radiologist) == ["a new internship or residency in this field"]
    dentist = entry("Doctoral or professional degree", "", 5).model_copy(update={"soc": "29-1021"})
    assert entry_asks(radiologist, dentist) == ["a new doctoral or professional degree in this field"]
    developer = entry("Bachelor's degree", "", 4)
    assert entry_asks(developer, entry("Master's degree", "", 5)) == [
        "new schooling: master's degree (this role: bachelor's degree)",
        "more preparation (O*NET Job Zone 4 -> 5)",
    ]
    cashier = entry("No formal educational credential", "Short-term on-the-job training")
    assert entry_asks(cashier, entry("No formal educational credential", "Apprenticeship")) == ["apprenticeship"]
    assert entry_asks(cashier, cashier) == []  # nothing beyond the role's own entry
