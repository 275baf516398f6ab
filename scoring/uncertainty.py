"""How far a score could move on sampling error alone: the market band of an alert ("41.0 -> 36.3, ±1.6").

Each market-fed dimension could sit at any level its reading allows within z standard errors (the change's
interval, through the same ladder); the band is half the score's range between every such dimension at its
lowest and at its highest, everything else as scored. A move within it, caused by market readings alone, is not
news: no alert goes out for it."""

from __future__ import annotations

from typing import Sequence

from scoring.aijri import Score, aijri_with_evidence
from scoring.changes import Cause, EvidenceMove
from scoring.evidence_rules import DEFAULT_RULES, EvidenceRules
from scoring.evidence_values import EvidenceValue


def _clamp(level: int) -> int:
    return max(-2, min(2, level))


def level_range(value: EvidenceValue, rules: EvidenceRules, z: float | None = None) -> tuple[int, int]:
    """The lowest and highest value this dimension's reading allows within z standard errors (default: the z
    it was mapped with); its own value when it is not market-fed."""
    inputs = value.inputs
    if value.status != "fresh" or inputs is None or not inputs.se_now or inputs.change_now is None:
        return value.value, value.value
    if z is None:
        z = inputs.z if inputs.z is not None else rules.z_of(value.dimension)
    ladder, noise = rules.ladder(value.dimension), z * inputs.se_now
    low, high = ladder.level(inputs.change_now - noise), ladder.level(inputs.change_now + noise)
    if inputs.mode != "absolute":
        base = value.analyst_value - (inputs.level_anchor or 0)
        low, high = _clamp(base + low), _clamp(base + high)
    return min(low, value.value), max(high, value.value)


def market_band(
    scored: Score, evidence: Sequence[EvidenceValue], rules: EvidenceRules = DEFAULT_RULES, z: float | None = None
) -> float:
    """Half the score range the market readings allow (0.0 when no reading has an error), from the role's score
    with each dimension at the lowest and at the highest level its reading allows (only the evidence total moves,
    so in closed form). z: as mapped, or another (a backtest measures every method's moves against the same z)."""
    ranges = [level_range(value, rules, z) for value in evidence]
    if all(low == high for low, high in ranges):
        return 0.0  # no reading leaves its level in doubt (most roles, most runs)
    low = aijri_with_evidence(scored, sum(pair[0] for pair in ranges))
    high = aijri_with_evidence(scored, sum(pair[1] for pair in ranges))
    return round((high - low) / 2, 1)


def explained_by_noise(causes: Sequence[Cause], move: float, band: float) -> bool:
    """A move the market readings' sampling error explains: caused by market readings alone, within the band."""
    market_only = bool(causes) and all(isinstance(c, EvidenceMove) for c in causes)
    return market_only and abs(move) <= band


def big_swing(causes: Sequence[Cause], steps: int = 3) -> bool:
    """A dimension that jumped `steps` or more levels in one move (e.g. -2 -> +1)."""
    return any(
        isinstance(c, EvidenceMove) and c.before is not None and abs(c.after - c.before) >= steps for c in causes
    )
