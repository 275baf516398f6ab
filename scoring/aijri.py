"""The AIJRI formula: pure functions from a role's judgements to a 0-100 score, zone and label."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

from scoring.dimensions import EVIDENCE_MAX, LEVEL_MAX
from scoring.model import BARRIER_MAX, IMPACTS, PROTECTIVE_MAX, Role

# Constants of the published AIJRI method (jobzonerisk.com methodology, as applied in the
# reference MLOps Engineer assessment): task resistance is 6 minus the weighted automation score,
# and the raw product is rescaled from its theoretical range onto 0-100.
TASK_RESISTANCE_CEILING = 6.0
EVIDENCE_STEP = 0.04
BARRIER_STEP = 0.02
GROWTH_STEP = 0.05
RAW_OFFSET = 0.54
RAW_SPAN = 7.93

# Zone thresholds and sub-label rules of the published method ("Green >=48, Yellow 25-47, Red <25";
# "Yellow (Urgent): AIJRI 25-47 AND >=40% of task time scores 3+").
GREEN_MIN = 48.0
YELLOW_MIN = 25.0
HIGH_EXPOSURE_TASK_SCORE = 3
URGENT_EXPOSURE_PCT = 40.0
TRANSFORMING_EXPOSURE_PCT = 20.0
ACCELERATED_GROWTH = 2

# The formula's constants as a browser needs them (the static site's personal score, web/static/personal.js).
CONSTANTS = {
    "ceiling": TASK_RESISTANCE_CEILING,
    "offset": RAW_OFFSET,
    "span": RAW_SPAN,
    "green": GREEN_MIN,
    "yellow": YELLOW_MIN,
    "high_score": HIGH_EXPOSURE_TASK_SCORE,
    "urgent": URGENT_EXPOSURE_PCT,
    "transforming": TRANSFORMING_EXPOSURE_PCT,
    "accelerated": ACCELERATED_GROWTH,
}

# Display weights of the "Score Composition" bar: each component's share of its own maximum.
COMPOSITION_WEIGHTS = {
    "task_resistance": (5, 50),
    "evidence": (EVIDENCE_MAX, 20),
    "barriers": (BARRIER_MAX, 15),
    "protective": (PROTECTIVE_MAX, 10),
    "ai_growth": (LEVEL_MAX, 5),
}


@dataclass(frozen=True)
class Inputs:
    """The numbers the formula needs; evidence may differ from the file once signals move it."""

    tasks: tuple[tuple[float, int, str], ...]  # (time_pct, score, impact)
    evidence: Mapping[str, int]
    barriers: Mapping[str, int]
    protective: Mapping[str, int]
    ai_growth: int

    def with_evidence(self, evidence: Mapping[str, int]) -> "Inputs":
        """The same role with the run's evidence (dataclasses.replace costs 15 us a role in a 100,000-role run)."""
        return Inputs(self.tasks, dict(evidence), self.barriers, self.protective, self.ai_growth)

    @classmethod
    def from_role(cls, role: Role, evidence: Mapping[str, int] | None = None) -> "Inputs":
        return cls(
            tasks=tuple((t.time_pct, t.score, t.impact) for t in role.tasks),
            evidence=dict(evidence if evidence is not None else role.evidence_values()),
            barriers=role.barrier_values(),
            protective=role.protective_values(),
            ai_growth=role.ai_growth,
        )


@dataclass(frozen=True)
class Score:
    aijri: float
    aijri_display: str
    zone: str
    label: str
    task_resistance: float
    weighted_task_score: float
    evidence_total: int
    barrier_total: int
    protective_total: int
    ai_growth: int
    modifiers: dict
    raw: float
    unclamped: float
    high_exposure_pct: float
    split: dict
    composition: dict
    waterfall: dict

    def as_dict(self) -> dict:
        # Shallow on purpose: the nested dicts are built for this score alone (asdict's deep copy cost 0.25 ms a role).
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def round_half_up(value: float, places: int = 1) -> Decimal:
    """Round as people do (42.65 -> 42.7), using the shortest decimal repr of the float."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def display(aijri: float) -> str:
    return str(round_half_up(aijri, 1))


def zone_for(aijri: float) -> str:
    """Zone of the displayed (rounded) score, so the number shown and the zone never disagree."""
    shown = float(round_half_up(aijri, 1))
    if shown >= GREEN_MIN:
        return "Green"
    if shown >= YELLOW_MIN:
        return "Yellow"
    return "Red"


def label_for(zone: str, high_exposure_pct: float, ai_growth: int) -> str:
    if zone == "Red":
        return "Red"
    if zone == "Yellow":
        return "Yellow (Urgent)" if high_exposure_pct >= URGENT_EXPOSURE_PCT else "Yellow (Moderate)"
    if ai_growth == ACCELERATED_GROWTH:
        return "Green (Accelerated)"
    if high_exposure_pct >= TRANSFORMING_EXPOSURE_PCT:
        return "Green (Transforming)"
    return "Green (Stable)"


def _split(tasks: tuple[tuple[float, int, str], ...]) -> dict:
    """Time share per impact, in one pass (the same additions, in the same order, as one sum per impact)."""
    totals: dict[str, float] = dict.fromkeys(IMPACTS, 0)  # an impact without tasks stays 0, not 0.0
    for pct, _, kind in tasks:
        if kind in totals:
            totals[kind] += pct
    return totals


def _composition(task_resistance: float, totals: dict) -> dict:
    values = {"task_resistance": task_resistance, **totals}
    return {name: values[name] / maximum * weight for name, (maximum, weight) in COMPOSITION_WEIGHTS.items()}


def score(inputs: Inputs) -> Score:
    weighted = sum(pct / 100 * task_score for pct, task_score, _ in inputs.tasks)
    task_resistance = TASK_RESISTANCE_CEILING - weighted
    evidence_total = sum(inputs.evidence.values())
    barrier_total = sum(inputs.barriers.values())
    protective_total = sum(inputs.protective.values())
    e_mod = 1 + EVIDENCE_STEP * evidence_total
    b_mod = 1 + BARRIER_STEP * barrier_total
    g_mod = 1 + GROWTH_STEP * inputs.ai_growth
    raw = task_resistance * e_mod * b_mod * g_mod
    unclamped = (raw - RAW_OFFSET) / RAW_SPAN * 100
    aijri = min(100.0, max(0.0, unclamped))
    high_exposure = sum(pct for pct, task_score, _ in inputs.tasks if task_score >= HIGH_EXPOSURE_TASK_SCORE)
    zone = zone_for(aijri)
    scale = 100 / RAW_SPAN
    return Score(
        aijri=aijri,
        aijri_display=display(aijri),
        zone=zone,
        label=label_for(zone, high_exposure, inputs.ai_growth),
        task_resistance=task_resistance,
        weighted_task_score=weighted,
        evidence_total=evidence_total,
        barrier_total=barrier_total,
        protective_total=protective_total,
        ai_growth=inputs.ai_growth,
        modifiers={"evidence": e_mod, "barriers": b_mod, "growth": g_mod},
        raw=raw,
        unclamped=unclamped,
        high_exposure_pct=high_exposure,
        split=_split(inputs.tasks),
        composition=_composition(
            task_resistance,
            {
                "evidence": evidence_total,
                "barriers": barrier_total,
                "protective": protective_total,
                "ai_growth": inputs.ai_growth,
            },
        ),
        waterfall={
            "base": (task_resistance - RAW_OFFSET) * scale,
            "evidence": task_resistance * (e_mod - 1) * scale,
            "barriers": task_resistance * e_mod * (b_mod - 1) * scale,
            "growth": task_resistance * e_mod * b_mod * (g_mod - 1) * scale,
        },
    )


def aijri_with_evidence(scored: Score, evidence_total: int) -> float:
    """The score of the same role with another evidence total, everything else as scored: the same operations in
    the same order as score(), so the number is exactly what scoring those inputs would give."""
    e_mod = 1 + EVIDENCE_STEP * evidence_total
    raw = scored.task_resistance * e_mod * scored.modifiers["barriers"] * scored.modifiers["growth"]
    return min(100.0, max(0.0, (raw - RAW_OFFSET) / RAW_SPAN * 100))


def score_role(role: Role, evidence: Mapping[str, int] | None = None) -> Score:
    return score(Inputs.from_role(role, evidence))


# The engine's scalar outputs (stored per run and role), and the public JSON shape of `score --json`.
SCALAR_OUTPUTS = (
    "aijri",
    "aijri_display",
    "zone",
    "label",
    "task_resistance",
    "weighted_task_score",
    "evidence_total",
    "barrier_total",
    "protective_total",
    "ai_growth",
    "raw",
    "high_exposure_pct",
)
REPORT_KEYS = SCALAR_OUTPUTS[:10] + ("modifiers",) + SCALAR_OUTPUTS[10:] + ("split", "composition", "waterfall")


def score_report(role: Role, result: Score) -> dict:
    """The public JSON shape of `jobzone score --json` (exact keys, in this order)."""
    return report_of(role.id, role.title, result, role.override.model_dump() if role.override else None)


def report_of(role_id: str, title: str, result: Score, override: Mapping[str, Any] | None) -> dict:
    """score_report's shape for a score however it was had: computed now, or as a run stored it (pages show the
    stored score, never a recomputation of it)."""
    data = result.as_dict()
    return {"id": role_id, "title": title, **{key: data[key] for key in REPORT_KEYS}, "override": override}
