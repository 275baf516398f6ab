"""Market signals move the analyst's evidence: anchored at assessed_on, mapped by thresholds with hysteresis."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from functools import partial
from typing import Mapping

from scoring.dimensions import Ladder
from scoring.evidence_inputs import EvidenceInputs, MarketInputs, Reading, SeriesInput
from scoring.evidence_rules import DEFAULT_RULES, EvidenceRules
from scoring.evidence_values import Assessed, EvidenceValue, analyst_evidence, pinned_evidence
from scoring.readings import Followed, SeriesReader, Store, read_series

__all__ = [
    "Followed",
    "PreviousLevel",
    "SeriesReader",
    "Store",
    "held",
    "map_dimension",
    "read_series",
    "role_evidence",
]


@dataclass(frozen=True)
class PreviousLevel:
    """A dimension in the role's previous run: its value and the market level (for hysteresis)."""

    value: int
    level_now: int | None
    change_now: float | None = None  # the combined change that run read (for "less than the fall before")


def _basis_read(used: list[SeriesInput], chosen: str) -> str:
    """What the combined change measures: the readings' common basis (a series without an aggregate is read on
    the plain one), the chosen basis when they differ."""
    bases = {s.now.get("basis", chosen) for s in used}
    return bases.pop() if len(bases) == 1 else chosen


def _combined(readings: list[Reading]) -> float:
    total = sum(r["weight"] for r in readings)
    return sum(r["change"] * r["weight"] for r in readings) / total


def _combined_se(readings: list[Reading]) -> float:
    """The weighted mean's standard error, readings taken as independent (a reading without one counts 0)."""
    total = sum(r["weight"] for r in readings)
    return math.sqrt(sum((r.get("se", 0.0) * r["weight"]) ** 2 for r in readings)) / total


def market_level(ladder: Ladder, change: float, se: float, z: float, previous: int | None) -> tuple[int, str]:
    """The level the evidence supports, and why in words: within z standard errors of no change it is 0; leaving
    the previous level takes the change past the crossed threshold by z standard errors, or by the ladder's margin
    if that is larger (hysteresis, so a signal hovering at a threshold does not flap)."""
    unit, noise = ladder.unit, z * se
    shown = f"{change:+.1f}{unit}" + (f" ± {se:.1f}" if se else "")
    if abs(change) <= noise:
        return 0, f"{shown}: within {z:g} standard errors of no change -> 0"
    raw, margin = ladder.level(change), max(ladder.margin, noise)
    level = raw
    if previous is not None and raw > previous:
        level = max(previous, ladder.level(change - margin))
    elif previous is not None and raw < previous:
        level = min(previous, ladder.level(change + margin))
    if level != raw:
        return level, (
            f"{shown} would be {raw:+d} ({ladder.describe(raw)}), held at {level:+d} by hysteresis: "
            f"a level is left only {margin:.1f}{unit} past its threshold"
        )
    return level, f"{shown} -> {level:+d} ({ladder.describe(level)})"


def held(
    dimension: str, analyst: int, previous: PreviousLevel | None, status: str, why: str, inputs: EvidenceInputs
) -> EvidenceValue:
    """A dimension held at its previous value (the analyst's without one) for a stated reason: a failed source or
    no usable reading never turns into a value of its own."""
    value = previous.value if previous else analyst
    level = previous.level_now if previous else None
    return EvidenceValue(
        dimension=dimension,
        value=value,
        analyst_value=analyst,
        status=status,
        rule=f"held at {value:+d}: {why}",
        inputs=replace(inputs, level_now=level),
    )


def map_dimension(
    role: Assessed,
    dimension: str,
    followed: Followed,
    store: Store,
    as_of: dt.date,
    *,
    previous: PreviousLevel | None = None,
    stale_sources: frozenset[str] = frozenset(),
    rules: EvidenceRules = DEFAULT_RULES,
    reader: SeriesReader | None = None,
) -> EvidenceValue:
    """One automated dimension: the analyst's value moved by its followed series (docs/methodology.md, "Evidence from signals").
    `reader`: the run's shared SeriesReader over `store` (one is made when none is given)."""
    reader = reader or SeriesReader(store, rules)
    analyst = role.evidence_values()[dimension]
    if not followed.series:
        return next(e for e in analyst_evidence(role) if e.dimension == dimension)
    if followed.pinned:
        return pinned_evidence(dimension, analyst)
    series = []
    for spec, weight in followed.series:
        series.append(
            SeriesInput(
                source=spec.source,
                series=spec.series_key,
                metric=spec.metric,
                label=spec.label,
                attribution=spec.attribution,
                currency=spec.currency,
                now=reader.read(spec, weight, dimension, as_of, False),
                anchor=reader.read(spec, weight, dimension, role.assessed_on, True),
            )
        )
    inputs = MarketInputs(
        mode=followed.mode,
        assessed_on=role.assessed_on,
        as_of=as_of,
        series=tuple(series),
        origin=followed.origin or None,
    )
    stale = [s for s in series if s.source in stale_sources and store.get((s.source, s.series, s.metric))]
    if stale:
        names = ", ".join(sorted({s.source for s in stale}))
        return held(dimension, analyst, previous, "stale", f"{names} failed this run", inputs)
    needs_anchor = followed.mode == "anchored"
    used = [s for s in series if s.now["ok"] and (s.anchor["ok"] or not needs_anchor)]
    if not used:
        return held(dimension, analyst, previous, "insufficient", "no series had enough data", inputs)
    ladder, z = rules.ladder(dimension), rules.z_of(dimension)
    change_now, se_now = _combined([s.now for s in used]), _combined_se([s.now for s in used])
    level_now, said_now = market_level(ladder, change_now, se_now, z, previous.level_now if previous else None)
    inputs = replace(
        inputs,
        change_now=round(change_now, 3),
        se_now=round(se_now, 3),
        z=z,
        level_now=level_now,
        level_words=said_now,
        basis=_basis_read(used, rules.basis(dimension)),
        used=tuple(s.label for s in used),
        change_before=previous.change_now if previous is not None else None,
    )
    if followed.mode == "absolute":
        rule = f"absolute: market level now {said_now}"
        return EvidenceValue(
            dimension=dimension, value=level_now, analyst_value=analyst, status="fresh", rule=rule, inputs=inputs
        )
    anchors: list[Reading] = [{**s.anchor, "weight": s.now["weight"]} for s in used]
    change_anchor, se_anchor = _combined(anchors), _combined_se(anchors)
    level_anchor, said_anchor = market_level(ladder, change_anchor, se_anchor, z, None)
    value = max(-2, min(2, analyst + level_now - level_anchor))
    inputs = replace(
        inputs, change_anchor=round(change_anchor, 3), se_anchor=round(se_anchor, 3), level_anchor=level_anchor
    )
    rule = (
        f"anchored: analyst {analyst:+d} + market level now {level_now:+d} - at assessment {level_anchor:+d} = "
        f"{value:+d}. Now: {said_now}. At assessment: {said_anchor}"
    )
    return EvidenceValue(
        dimension=dimension, value=value, analyst_value=analyst, status="fresh", rule=rule, inputs=inputs
    )


def role_evidence(
    role: Assessed,
    followed: Mapping[str, Followed],
    store: Store,
    as_of: dt.date,
    *,
    previous: Mapping[str, PreviousLevel] | None = None,
    stale_sources: frozenset[str] = frozenset(),
    rules: EvidenceRules = DEFAULT_RULES,
    reader: SeriesReader | None = None,
) -> list[EvidenceValue]:
    """Every evidence dimension of a role for one run: those with followed series mapped, the rest as the
    analyst wrote them. `followed`: dimension -> its series, resolved from the role's [signals] or its SOC."""
    reader = reader or SeriesReader(store, rules)
    out = []
    for value in analyst_evidence(role):
        if value.dimension in followed:
            series, before = followed[value.dimension], (previous or {}).get(value.dimension)
            key = (id(series), value.dimension, value.analyst_value, role.assessed_on, as_of, before, stale_sources)
            compute = partial(
                map_dimension,
                role,
                value.dimension,
                series,
                store,
                as_of,
                previous=before,
                stale_sources=stale_sources,
                rules=rules,
                reader=reader,
            )
            value = reader.mapped(key, series, compute)
        out.append(value)
    return out
