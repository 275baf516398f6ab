"""A personal score: the role's assessment with the reader's own share of time per task (tasks at 0 dropped);
everything else (automation scores, evidence as the run scored it, barriers, growth) stays the role's. Pure: what a
reader enters is neither stored nor logged by anything here."""

from __future__ import annotations

import math
from typing import Mapping, Sequence

from scoring.aijri import Inputs, Score, score
from scoring.errors import JobzoneError
from scoring.model import Role


class PersonalShareError(JobzoneError):
    """The shares a reader entered cannot make a score (the message says which and why)."""


def normalised_shares(shares: Sequence[float], tasks: int) -> list[float]:
    """The reader's shares scaled to 100% of their time; each must be a number from 0 to 100."""
    if len(shares) != tasks:
        raise PersonalShareError(f"expected a share for each of the {tasks} tasks, got {len(shares)}")
    for number, share in enumerate(shares, 1):
        if not math.isfinite(share) or not 0 <= share <= 100:
            raise PersonalShareError(f"task {number}: the share of time must be a number from 0 to 100, got {share!r}")
    total = sum(shares)
    if total <= 0:
        raise PersonalShareError("at least one task needs a share of time above 0")
    return [share / total * 100 for share in shares]


def personal_score(role: Role, evidence: Mapping[str, int], shares: Sequence[float]) -> Score:
    """The score of the role as this reader does it."""
    scaled = normalised_shares(shares, len(role.tasks))
    base = Inputs.from_role(role, evidence)
    tasks = tuple((pct, task_score, impact) for pct, (_, task_score, impact) in zip(scaled, base.tasks) if pct > 0)
    return score(Inputs(tasks, base.evidence, base.barriers, base.protective, base.ai_growth))
