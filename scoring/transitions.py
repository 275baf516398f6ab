"""Transition paths: for each role, the roles with a clearly higher score that share the most of its work.

Work shared is measured through O*NET's detailed work activities (DWAs): each task's share of time is split
evenly over the DWAs it is linked to, and two roles share, of each DWA, the smaller of their two shares. Shared
key skills (O*NET's most important) weigh in the ranking. A step is one a worker would take: it stays within one
Job Zone and one level of entry education of the role's own, asks no second residency or professional degree, pays
at least MIN_PAY_RATIO of the role's median (BLS OEWS), and leads out of Red; within those, a pay cut and each entry
barrier (more schooling, longer training, more preparation) weigh a path down. Pure."""

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
# BLS typical on-the-job training, longest last: a move into longer training than the role's own asks for it.
TRAINING_ORDER = (
    "Short-term on-the-job training",
    "Moderate-term on-the-job training",
    "Long-term on-the-job training",
    "Apprenticeship",
    "Internship/residency",
)
RESIDENCY = TRAINING_ORDER.index("Internship/residency")
SKILLS_WEIGHT = 0.25  # how much shared key skills add to the ranking (work shared counts for the rest)
# Pay (BLS OEWS national medians): a move to less than three quarters of the role's pay is a step down a worker
# would not choose for safety's sake; above that, a cut weighs a path down in proportion (no bonus for a raise: a
# higher score is the point of the move, and pay is shown on the card).
MIN_PAY_RATIO = 0.75
ENTRY_BARRIER_WEIGHT = 0.8  # each barrier a move asks (more schooling, longer training, more preparation)
MAX_PATHS = 4


DOCTORAL = len(EDUCATION_ORDER) - 1


@dataclass(frozen=True, slots=True)
class Entry:
    """What entry to an occupation asks: BLS typical entry education and on-the-job training (positions in
    EDUCATION_ORDER and TRAINING_ORDER) and the O*NET Job Zone; None where not known. `field`: the SOC minor group
    (e.g. 29-12, physicians), where a doctoral or professional degree is the entry: another group's is another
    degree (a radiologist is no dentist without dental school)."""

    education: int | None = None
    training: int | None = None
    job_zone: int | None = None
    field: str | None = None


def entry_of(role: Role) -> Entry:
    context = role.context
    education, training = context.entry_education, context.entry_training
    level = EDUCATION_ORDER.index(education) if education in EDUCATION_ORDER else None
    soc = role.soc or (role.onet_soc[:7] if role.onet_soc else None)
    return Entry(
        level,
        TRAINING_ORDER.index(training) if training in TRAINING_ORDER else None,
        context.job_zone,
        soc[:5] if soc and level == DOCTORAL else None,
    )


def _new_profession(own: Entry, target: Entry) -> bool:
    """Both enter through a doctoral or professional degree, in different fields: the move is a new degree."""
    return own.field is not None and target.field is not None and own.field != target.field


@dataclass(frozen=True, slots=True)
class Ask:
    """One thing a move asks beyond the role's own entry; `barrier`: it takes time or money to meet (a step down
    in schooling is said, but bars nobody)."""

    words: str
    barrier: bool


def asks(own: Entry, target: Entry) -> list[Ask]:
    """What a move asks beyond the role's own entry: more schooling or a step down in it, a new residency or
    internship, longer training, more preparation (a higher Job Zone)."""
    said = []
    if _new_profession(own, target):
        said.append(Ask(f"a new {_lower(EDUCATION_ORDER[DOCTORAL])} in this field", True))
    elif own.education is not None and target.education is not None and target.education != own.education:
        theirs, mine = _lower(EDUCATION_ORDER[target.education]), _lower(EDUCATION_ORDER[own.education])
        if target.education > own.education:
            said.append(Ask(f"new schooling: {theirs} (this role: {mine})", True))
        else:
            said.append(Ask(f"a step down in entry education: {theirs} (this role: {mine})", False))
    if target.training == RESIDENCY:
        new = "a new" if own.training == RESIDENCY else "an"
        said.append(Ask(f"{new} internship or residency in this field", True))
    elif target.training is not None and (own.training is None or target.training > own.training):
        said.append(Ask(_lower(TRAINING_ORDER[target.training]), True))
    if own.job_zone and target.job_zone and target.job_zone > own.job_zone:
        said.append(Ask(f"more preparation (O*NET Job Zone {own.job_zone} -> {target.job_zone})", True))
    return said


def entry_asks(own: Role, target: Role) -> list[str]:
    """What a move between two roles asks beyond the role's own entry, in words (BLS, O*NET)."""
    return [ask.words for ask in asks(entry_of(own), entry_of(target))]


@dataclass(frozen=True, slots=True)
class Pay:
    """A median annual pay (BLS OEWS), or, where BLS top-codes the median, a floor under it: the highest
    percentile it publishes below the median."""

    amount: float
    floor: bool = False


@dataclass(frozen=True, slots=True)
class Work:
    """What a role's work is made of, for comparing it with others' (from the role file), and its pay (from the
    run's market data; None when not published)."""

    tasks: tuple[tuple[float, tuple[str, ...]], ...]  # (time_pct, DWA ids) per task, in file order
    entry: Entry
    skills: frozenset[str]
    pay: Pay | None = None

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
    return Work(tasks, entry_of(role), frozenset(role.context.key_skills))


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
    pay_from: float | None = None  # median annual pay (BLS OEWS) of the role and of the target, as the run read it
    pay_to: float | None = None
    pay_from_floor: bool = False  # ... or a floor under it (Pay.floor)
    pay_to_floor: bool = False
    # A role whose tasks name no work activities borrows its O*NET occupation's work: then the work shared and the
    # task positions are that occupation's (this role id), not the role's own.
    via_id: str | None = None


def _amount(pay: Pay | None) -> float | None:
    return None if pay is None else pay.amount


def _floor(pay: Pay | None) -> bool:
    return pay is not None and pay.floor


def _lower(words: str) -> str:
    return words[0].lower() + words[1:]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _pay_ratio(own: Work, target: Work) -> float | None:
    """The target's pay over the role's; a floor under the role's pay makes it an upper bound (good enough to rule
    a cut out or weigh it), a floor under the target's says only that no cut is known, unless it is a raise."""
    if own.pay is None or target.pay is None:
        return None
    ratio = target.pay.amount / own.pay.amount
    return None if target.pay.floor and ratio < 1 else ratio


def _plausible_step(own: Work, target: Work) -> bool:
    """Within one Job Zone, at most one level of entry education up, no second residency or professional degree,
    and no deep pay cut (unknown values do not rule out)."""
    mine, theirs = own.entry, target.entry
    zones = (
        mine.job_zone is None or theirs.job_zone is None or abs(mine.job_zone - theirs.job_zone) <= MAX_JOB_ZONE_STEP
    )
    schooling = (
        mine.education is None or theirs.education is None or theirs.education - mine.education <= MAX_EDUCATION_STEP
    )
    # another specialty or another profession: a new career, not a move
    anew = (mine.training == RESIDENCY and theirs.training == RESIDENCY) or _new_profession(mine, theirs)
    ratio = _pay_ratio(own, target)
    return zones and schooling and not anew and (ratio is None or ratio >= MIN_PAY_RATIO)


def _weight(own: Work, target: Work) -> float:
    """How much a pay cut and the entry barriers weigh a plausible step down (1: neither)."""
    ratio = _pay_ratio(own, target)
    barriers = sum(ask.barrier for ask in asks(own.entry, target.entry))
    return min(1.0, ratio or 1.0) * ENTRY_BARRIER_WEIGHT**barriers


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
                key = amount * (1 - SKILLS_WEIGHT + SKILLS_WEIGHT * skills) * _weight(own, works[m])
                ranked.append((-key, m, amount, skills))
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


def transitions(
    work: Mapping[str, Work], scores: Mapping[str, float], via: Mapping[str, str] | None = None
) -> list[Transition]:
    """Up to MAX_PATHS paths per role with work and a score, best first; deterministic (ties by role id). Roles
    with the same work and score (clones) share one search, so the cost follows the distinct works. `via`: the
    roles whose work is borrowed from their O*NET occupation's role (never a path to that same role)."""
    via = via or {}
    ids = sorted(role_id for role_id in work if role_id in scores)
    index: dict[Work, int] = {}
    for role_id in ids:
        index.setdefault(work[role_id], len(index))
    works = list(index)
    by_score: list[list[tuple[float, str]]] = [[] for _ in works]
    for role_id in ids:
        if role_id not in via:  # a borrowed work is not the role's own: nobody moves to it for that work
            by_score[index[work[role_id]]].append((scores[role_id], role_id))
    for roles in by_score:
        roles.sort(key=lambda pair: (-pair[0], pair[1]))
    ranked = _ranked(works)
    searched: dict[tuple[int, float], list[tuple[str, float, float]]] = {}
    splits: dict[tuple[int, int], tuple[tuple[int, ...], ...]] = {}
    out: list[Transition] = []
    for role_id in ids:
        n, score = index[work[role_id]], scores[role_id]
        if (n, score) not in searched:  # two more than needed: never to itself, nor to the role it borrows from
            threshold = max(score + MIN_GAIN, TARGET_MIN)
            searched[n, score] = _best_targets(ranked[n], by_score, threshold, MAX_PATHS + 2)
        targets = [t for t in searched[n, score] if t[0] not in (role_id, via.get(role_id))][:MAX_PATHS]
        for rank, (target_id, amount, skills) in enumerate(targets, 1):
            m = index[work[target_id]]
            if (n, m) not in splits:
                keep, lose = _task_split(works[n], {d for _, dwas in works[m].tasks for d in dwas})
                _, gain = _task_split(works[m], {d for _, dwas in works[n].tasks for d in dwas})
                splits[n, m] = (keep, lose, gain)
            keep, lose, gain = splits[n, m]
            out.append(
                Transition(
                    role_id,
                    rank,
                    target_id,
                    round(amount, 4),
                    round(skills, 4),
                    score,
                    scores[target_id],
                    keep,
                    lose,
                    gain,
                    pay_from=_amount(works[n].pay),
                    pay_to=_amount(work[target_id].pay),
                    pay_from_floor=_floor(works[n].pay),
                    pay_to_floor=_floor(work[target_id].pay),
                    via_id=via.get(role_id),
                )
            )
    return out
