"""A draft's judgement evidence from open data: expert consensus from BLS's projections (and the factors its
analysts state where they name a technology doing the work), and the AI-growth correlation from the factors that
name AI, or from observed AI use with projected demand. Thresholds in catalogue/rules.py; pure."""

from __future__ import annotations

import re

from catalogue import rules
from catalogue.judgements import Facts

BLS = "BLS Employment Projections 2024-34"


def naming(factors: tuple[str, ...], pattern: str) -> tuple[str, ...]:
    return tuple(text for text in factors if re.search(pattern, text))


def direction(factors: tuple[str, ...]) -> int:
    """+1 when BLS's analysts say the occupation's share increases, -1 when it decreases, 0 when silent or mixed."""
    ups = sum(bool(re.search(r"share increases", text, re.IGNORECASE)) for text in factors)
    downs = sum(bool(re.search(r"share decreases", text, re.IGNORECASE)) for text in factors)
    return (ups > downs) - (downs > ups)


def _first(factors: tuple[str, ...], way: int) -> str:
    return next(text for text in factors if direction((text,)) == way)


def _projection_level(change: float) -> int:
    return next((level for threshold, level in rules.PROJECTION_LEVELS if change >= threshold), -2)


def expert_consensus(f: Facts) -> tuple[int, str]:
    if f.change is None:
        return 0, f"not assessed: no {BLS} row for this occupation"
    level = _projection_level(f.change)
    cuts = " / ".join(f"{threshold:+.0f}" for threshold, _ in rules.PROJECTION_LEVELS)
    why = f"{BLS}: employment {f.change:+.1f}% (all occupations +3.1%; cuts {cuts}%) -> {level:+d}"
    stated = naming(f.factors, rules.TECHNOLOGY_FACTOR)
    way = direction(stated)
    if way:
        moved = max(-2, min(2, level + way))
        verb = "raising" if way > 0 else "lowering"
        why += f'; BLS\'s analysts name technology {verb} its share ("{_first(stated, way)}") -> {moved:+d}'
        level = moved
    return level, why


def ai_growth(f: Facts, observed_share: float, automation: float | None) -> tuple[int, str]:
    """observed_share: the share of task time in tasks observed in Claude conversations; automation: their
    time-weighted automation share of those conversations (None when none is observed)."""
    stated = naming(f.factors, rules.AI_FACTOR)
    way = direction(stated)
    if way:
        verb = "raises" if way > 0 else "lowers"
        return way, f'{BLS}: its analysts state AI {verb} the occupation\'s share ("{_first(stated, way)}") -> {way:+d}'
    source = "Anthropic Economic Index 2025-03-27"
    if automation is None or observed_share < rules.OBSERVED_MIN or f.change is None:
        return 0, (
            f"no signal: {observed_share:.0%} of task time observed in Claude conversations ({source}; needs "
            f"{rules.OBSERVED_MIN:.0%}) and no BLS factor naming AI"
        )
    observed = (
        f"{observed_share:.0%} of task time observed in Claude conversations, {automation:.0%} of them automation "
        f"({source}); {BLS}: {f.change:+.1f}%"
    )
    growth = rules.AUGMENTED_GROWTH
    if automation >= rules.DOMINANT and f.change < 0:
        return -1, f"{observed}: mostly automating use (>= {rules.DOMINANT:.0%}) and projected decline -> -1"
    if 1 - automation >= rules.DOMINANT and f.change >= growth:
        return 1, f"{observed}: mostly augmenting use (>= {rules.DOMINANT:.0%}) and growth >= {growth:.0f}% -> +1"
    return 0, f"{observed}: neither mostly automating with decline nor mostly augmenting with growth -> 0"
