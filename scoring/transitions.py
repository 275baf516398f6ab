"""Transition paths: for each role, the roles with a clearly higher score that share the most of its work.

Work shared is measured through O*NET's detailed work activities (DWAs): each task's share of time is split
evenly over the DWAs it is linked to, and two roles share, of each DWA, the smaller of their two shares. Shared
key skills (O*NET's most important) weigh in the ranking; a step stays within one Job Zone and one level of entry
education of the role's own, and leads out of Red. Pure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from scoring.aijri import YELLOW_MIN
from scoring.model import Role

MIN_GAIN = 5.0  # points: a move has to be clearly worth making, beyond the score's own wobble
# ... and it leads out of Red: a Red role is no refuge, however much higher it scores.
TARGET_MIN = YELLOW_MIN
MIN_SHARED_WORK = 0.10  # at least a tenth of the role's time in work the target also does
MAX_JOB_ZONE_STEP = 1  # O*NET Job Zones: one step of preparation is a plausible move, two is a new career
# BLS's typical entry education, in order; a move may ask for one level more than the role's own, not two
# (a bachelor's to a master's, not to a doctoral or professional degree).
EDUCATION_ORDER = (
    "No formal educational credential",
    "High school diploma or equivalent",
    "Some college, no degree",
    "Postsecondary nondegree award",
    "Associate's degree",
    "Bachelor's degree",
    "Master's degree",
    "Doctoral or professional degree",
)
MAX_EDUCATION_STEP = 1
SKILLS_WEIGHT = 0.25  # how much shared key skills add to the ranking (work shared counts for the rest)
MAX_PATHS = 4


@dataclass(frozen=True, slots=True)
class Work:
    """What a role's work is made of, for comparing it with others' (from the role file)."""

    tasks: tuple[tuple[float, tuple[str, ...]], ...]  # (time_pct, DWA ids) per task, in file order
    job_zone: int | None
    skills: frozenset[str]
    education: int | None = None  # position in EDUCATION_ORDER

    def dwa_shares(self) -> dict[str, float]:
        """Share of the role's time (0..1) in each DWA."""
        shares: defaultdict[str, float] = defaultdict(float)
        for pct, dwas in self.tasks:
            for dwa in dwas:
                shares[dwa] += pct / 100 / len(dwas)
        return dict(shares)


def work_of(role: Role) -> Work | None:
    """The role's work, when its tasks name their DWAs (drafts do; a hand-written file may)."""
    if not any(task.dwas for task in role.tasks):
        return None
    tasks = tuple((task.time_pct, tuple(task.dwas)) for task in role.tasks)
    education = role.context.entry_education
    level = EDUCATION_ORDER.index(education) if education in EDUCATION_ORDER else None
    return Work(tasks, role.context.job_zone, frozenset(role.context.key_skills), level)


@dataclass(frozen=True, slots=True)
class Transition:
    role_id: str
    rank: int
    target_id: str
    shared_work: float  # 0..1
    shared_skills: float  # Jaccard of the key skills, 0..1 (0 when either has none)
    score_from: float
    score_to: float
    keep: tuple[int, ...]  # the role's tasks (0-based, file order) whose work the target also does
    lose: tuple[int, ...]  # the role's tasks the target does not do
    gain: tuple[int, ...]  # the target's tasks the role does not do


# BLS typical on-the-job training, longest last: a move into longer training than the role's own asks for it.
TRAINING_ORDER = (
    "Short-term on-the-job training",
    "Moderate-term on-the-job training",
    "Long-term on-the-job training",
    "Apprenticeship",
    "Internship/residency",
)


def entry_asks(own: Role, target: Role) -> list[str]:
    """What a move asks beyond the role's own entry, in words (BLS typical entry education and training, O*NET Job
    Zones): more schooling, a step down in schooling, a new residency or apprenticeship, more preparation."""
    mine, theirs = own.context, target.context
    said = []
    if mine.entry_education in EDUCATION_ORDER and theirs.entry_education in EDUCATION_ORDER:
        step = EDUCATION_ORDER.index(theirs.entry_education) - EDUCATION_ORDER.index(mine.entry_education)
        if step > 0:
            said.append(f"new schooling: {_lower(theirs.entry_education)} (this role: {_lower(mine.entry_education)})")
        elif step < 0:
            said.append(
                f"a step down in entry education: {_lower(theirs.entry_education)} "
                f"(this role: {_lower(mine.entry_education)})"
            )
    if theirs.entry_training == "Internship/residency":
        new = "a new" if mine.entry_training == "Internship/residency" else "an"
        said.append(f"{new} internship or residency in this field")
    elif theirs.entry_training in TRAINING_ORDER and (
        mine.entry_training not in TRAINING_ORDER
        or TRAINING_ORDER.index(theirs.entry_training) > TRAINING_ORDER.index(mine.entry_training)
    ):
        said.append(f"{_lower(theirs.entry_training)}")
    if mine.job_zone and theirs.job_zone and theirs.job_zone > mine.job_zone:
        said.append(f"more preparation (O*NET Job Zone {mine.job_zone} -> {theirs.job_zone})")
    return said


def _lower(words: str) -> str:
    return words[0].lower() + words[1:]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _plausible_step(own: Work, target: Work) -> bool:
    """Within one Job Zone, and at most one level of entry education up (unknown values do not rule out)."""
    zones = own.job_zone is None or target.job_zone is None or abs(own.job_zone - target.job_zone) <= MAX_JOB_ZONE_STEP
    schooling = (
        own.education is None or target.education is None or target.education - own.education <= MAX_EDUCATION_STEP
    )
    return zones and schooling


def _task_split(work: Work, other_dwas: set[str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(tasks sharing a DWA with the other role, the rest), as positions in the role's task list."""
    shares = [bool(other_dwas.intersection(dwas)) for _, dwas in work.tasks]
    return tuple(n for n, shared in enumerate(shares) if shared), tuple(
        n for n, shared in enumerate(shares) if not shared
    )


def _shared_with_everyone(shares: Sequence[dict[str, float]]) -> list[dict[int, float]]:
    """Per role, the work it shares with every role it shares any with (an inverted index over DWAs)."""
    postings: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    for n, role_shares in enumerate(shares):
        for dwa, share in role_shares.items():
            postings[dwa].append((n, share))
    out: list[dict[int, float]] = []
    for n, role_shares in enumerate(shares):
        shared: defaultdict[int, float] = defaultdict(float)
        for dwa, share in role_shares.items():
            for other, other_share in postings[dwa]:
                if other != n:
                    shared[other] += min(share, other_share)
        out.append(dict(shared))
    return out


def _ranked(works: list[Work]) -> list[list[tuple[float, int, float, float]]]:
    """Per distinct work, the works it could step to, best first: (-rank key, index, shared work, shared skills).
    A work shares all of itself with itself (two roles can have the same work)."""
    shares = [w.dwa_shares() for w in works]
    out = []
    for n, shared in enumerate(_shared_with_everyone(shares)):
        shared[n] = sum(shares[n].values())
        own, ranked = works[n], []
        for m, amount in shared.items():
            if amount >= MIN_SHARED_WORK and _plausible_step(own, works[m]):
                skills = _jaccard(own.skills, works[m].skills)
                ranked.append((-(amount * (1 - SKILLS_WEIGHT + SKILLS_WEIGHT * skills)), m, amount, skills))
        out.append(sorted(ranked))
    return out


def _best_targets(
    ranked: list[tuple[float, int, float, float]],
    by_score: list[list[tuple[float, str]]],
    threshold: float,
    wanted: int,
) -> list[tuple[str, float, float]]:
    """The best `wanted` (role id, shared work, shared skills) scoring at least `threshold`; ties by role id."""
    found: list[tuple[str, float, float]] = []
    position = 0
    while position < len(ranked) and len(found) < wanted:
        key, tied = ranked[position][0], []
        while position < len(ranked) and ranked[position][0] == key:
            _, m, amount, skills = ranked[position]
            for score, role_id in by_score[m]:  # highest score first: stop at the first below the threshold
                if score < threshold:
                    break
                tied.append((role_id, amount, skills))
            position += 1
        found += sorted(tied)[: wanted - len(found)]
    return found


def transitions(work: Mapping[str, Work], scores: Mapping[str, float]) -> list[Transition]:
    """Up to MAX_PATHS paths per role with work and a score, best first; deterministic (ties by role id). Roles
    with the same work and score (clones) share one search, so the cost follows the distinct works."""
    ids = sorted(role_id for role_id in work if role_id in scores)
    index: dict[Work, int] = {}
    for role_id in ids:
        index.setdefault(work[role_id], len(index))
    works = list(index)
    by_score: list[list[tuple[float, str]]] = [[] for _ in works]
    for role_id in ids:
        by_score[index[work[role_id]]].append((scores[role_id], role_id))
    for roles in by_score:
        roles.sort(key=lambda pair: (-pair[0], pair[1]))
    ranked = _ranked(works)
    searched: dict[tuple[int, float], list[tuple[str, float, float]]] = {}
    splits: dict[tuple[int, int], tuple[tuple[int, ...], ...]] = {}
    out: list[Transition] = []
    for role_id in ids:
        n, score = index[work[role_id]], scores[role_id]
        if (n, score) not in searched:  # one more than needed: a role never steps to itself
            threshold = max(score + MIN_GAIN, TARGET_MIN)
            searched[n, score] = _best_targets(ranked[n], by_score, threshold, MAX_PATHS + 1)
        targets = [t for t in searched[n, score] if t[0] != role_id][:MAX_PATHS]
        for rank, (target_id, amount, skills) in enumerate(targets, 1):
            m = index[work[target_id]]
            if (n, m) not in splits:
                keep, lose = _task_split(works[n], {d for _, dwas in works[m].tasks for d in dwas})
                _, gain = _task_split(works[m], {d for _, dwas in works[n].tasks for d in dwas})
                splits[n, m] = (keep, lose, gain)
            numbers = (round(amount, 4), round(skills, 4), score, scores[target_id])
            out.append(Transition(role_id, rank, target_id, *numbers, *splits[n, m]))
    return out
