"""How sure a score is: an 80% band from what the score rests on.

Each doubtful input gets a standard deviation in its own unit, its effect on the score is measured by moving it
one step (the formula is nearly linear in each input), and the effects add as independent errors:
- a drafted task whose exposure and automation labels disagree (GPTs-are-GPTs E0 with T3+, or E2 with T0-T1), or
  that has no labels: 1 point of automation; a labelled, consistent task or an analyst's task: none;
- an evidence dimension or the AI growth correlation a draft has "not assessed": 1 level (it could be anything
  from -2 to +2; 0 is only the middle); one held for stale or insufficient data: 0.5 level;
- a market-fed dimension: a quarter of the level range its reading allows within z standard errors (that range
  spans about four standard deviations).
The band is the score +/- 1.28 standard deviations (80% of a normal error), clamped to 0-100. A role with complete,
agreeing inputs and precise readings has a narrow band; one with gaps a wide one. When the band straddles a zone
boundary the zone reads "Yellow, could be Green"."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from scoring.aijri import EVIDENCE_STEP, GREEN_MIN, GROWTH_STEP, RAW_SPAN, YELLOW_MIN, Inputs, Score, score, zone_for
from scoring.evidence_rules import DEFAULT_RULES, EvidenceRules
from scoring.evidence_values import EvidenceValue
from scoring.model import Role
from scoring.uncertainty import level_range

Z_80 = 1.2816
NOT_ASSESSED = "not assessed"  # how a draft's rationale starts where no data supports a value


@dataclass(frozen=True, kw_only=True)
class Doubts:
    """What a role's file leaves open, kept with its view: per task a standard deviation in automation points,
    and the evidence dimensions (and ai_growth) a draft has not assessed."""

    tasks: tuple[float, ...] = ()
    not_assessed: frozenset[str] = frozenset()


@dataclass(frozen=True, kw_only=True)
class Band:
    low: float
    high: float
    half_width: float
    could_be: str | None  # the other zone the band reaches into, if any

    def as_dict(self) -> dict:
        return {"low": self.low, "high": self.high, "half_width": self.half_width, "could_be": self.could_be}


def labels_disagree(exposure: str | None, automation: str | None) -> bool:
    if exposure is None or automation is None:
        return True
    return (exposure == "E0" and automation in ("T3", "T4")) or (exposure == "E2" and automation in ("T0", "T1"))


def doubts_of(role: Role) -> Doubts:
    """A role file's doubts: tasks read from their labels and dimensions from their rationales (drafts only:
    an analyst's values are the judgement the score stands on)."""
    if not role.is_draft:
        return Doubts(tasks=tuple(0.0 for _ in role.tasks))
    written = getattr(role.evidence, "rationale", None)  # a table the registry builds at run time
    rationales = {name: getattr(written, name, "") for name in role.evidence_values()}
    rationales["ai_growth"] = role.ai_growth_rationale
    return Doubts(
        tasks=tuple(1.0 if labels_disagree(t.exposure, t.automation) else 0.0 for t in role.tasks),
        not_assessed=frozenset(name for name, text in rationales.items() if text.startswith(NOT_ASSESSED)),
    )


def score_band(
    inputs: Inputs,
    evidence: Sequence[EvidenceValue],
    doubts: Doubts,
    rules: EvidenceRules = DEFAULT_RULES,
    scored: Score | None = None,
) -> Band:
    """The 80% band of a scored role (inputs with the run's evidence; scored: their score, when already known).
    Each doubt's effect is the score's change when that one input moves a step; the formula is a product, so the
    change is its partial derivative times the step, in closed form (scoring every step cost 5 scores a role)."""
    scored = score(inputs) if scored is None else scored
    mods = scored.modifiers
    points = 100 / RAW_SPAN
    per_task_point = mods["evidence"] * mods["barriers"] * mods["growth"] * points
    variance = sum(
        (sd * inputs.tasks[index][0] / 100 * per_task_point) ** 2
        for index, sd in enumerate(doubts.tasks)
        if sd and index < len(inputs.tasks)
    )
    per_evidence_level = scored.task_resistance * EVIDENCE_STEP * mods["barriers"] * mods["growth"] * points
    for value in evidence:
        sd = _dimension_sd(value, doubts, rules)
        variance += (sd * per_evidence_level) ** 2
    if "ai_growth" in doubts.not_assessed:
        variance += (scored.task_resistance * mods["evidence"] * mods["barriers"] * GROWTH_STEP * points) ** 2
    return band_around(scored.aijri, round(Z_80 * math.sqrt(variance), 1))


def band_around(now: float, half: float) -> Band:
    """The band of half-width `half` points around a score, within 0..100."""
    low, high = max(0.0, round(now - half, 1)), min(100.0, round(now + half, 1))
    return Band(low=low, high=high, half_width=half, could_be=other_zone_reached(now, low, high))


def _dimension_sd(value: EvidenceValue, doubts: Doubts, rules: EvidenceRules) -> float:
    if value.status in ("stale", "insufficient"):
        return 0.5
    if value.status == "fresh":
        low, high = level_range(value, rules)
        return (high - low) / 4
    return 1.0 if value.dimension in doubts.not_assessed else 0.0


def other_zone_reached(now: float, low: float, high: float) -> str | None:
    """The other zone the band reaches; when it reaches both (a wide band in Yellow), the one whose boundary
    is nearer the score."""
    zone = zone_for(now)
    reached = [z for z in (zone_for(low), zone_for(high)) if z != zone]
    if len(reached) < 2:
        return reached[0] if reached else None
    return "Green" if GREEN_MIN - now <= now - YELLOW_MIN else "Red"
