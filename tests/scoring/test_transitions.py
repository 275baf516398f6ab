"""Transition paths (scoring/transitions.py) on small synthetic roles (labelled: not O*NET data), and on the
committed catalogue: who qualifies, what is kept, lost and gained, and the limits of a plausible step."""

from pathlib import Path

from scoring.transitions import MAX_PATHS, MIN_GAIN, Work, transitions, work_of

A, B, C, D = "4.A.1.a.1.I01.D01", "4.A.2.b.1.I02.D02", "4.A.3.a.1.I03.D03", "4.A.4.a.4.I04.D04"


def work(*tasks, zone=3, skills=(), education=None) -> Work:
    return Work(tuple(tasks), zone, frozenset(skills), education)


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
    radiologist = entry("Doctoral or professional degree", "Internship/residency", 5)
    assert entry_asks(radiologist, radiologist) == ["a new internship or residency in this field"]
    developer = entry("Bachelor's degree", "", 4)
    assert entry_asks(developer, entry("Master's degree", "", 5)) == [
        "new schooling: master's degree (this role: bachelor's degree)",
        "more preparation (O*NET Job Zone 4 -> 5)",
    ]
    cashier = entry("No formal educational credential", "Short-term on-the-job training")
    assert entry_asks(cashier, entry("No formal educational credential", "Apprenticeship")) == ["apprenticeship"]
    assert entry_asks(cashier, cashier) == []  # nothing beyond the role's own entry
