"""Market signals move the analyst's evidence: anchored at assessed_on, mapped by thresholds with hysteresis."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Mapping, Sequence

from scoring.dimensions import get_dimension
from scoring.evidence_rules import DEFAULT_RULES, EvidenceRules
from scoring.evidence_values import Assessed, EvidenceValue, Reading, analyst_evidence
from scoring.series_math import Change as PeriodChange
from scoring.series_math import Points, candidate_periods, inflation_pct, period_change, value_on, window_yoy
from scoring.signals import SeriesKey, SeriesSpec

Store = Mapping[SeriesKey, Points]  # (source, series key, metric) -> points sorted by date


@dataclass(frozen=True)
class Followed:
    """A dimension's market series for one role (spec, weight), and how they move it."""

    series: Sequence[tuple[SeriesSpec, float]]
    mode: str = "anchored"  # anchored | absolute
    pinned: bool = False
    origin: str = ""  # where the series came from when the role file names none, e.g. "SOC 29-1141 -> Nursing"


@dataclass(frozen=True)
class PreviousLevel:
    """A dimension in the role's previous run: its value and the market level (for hysteresis)."""

    value: int
    level_now: int | None


def _inflation_points(store: Store, deflators: Sequence[SeriesKey]) -> Points:
    merged: dict[dt.date, float] = {}
    for key in reversed(deflators):  # preferred source last, so it wins
        merged.update({d: v for d, v in store.get(key, []) if v is not None})
    return sorted(merged.items())


class SeriesReader:
    """Reads the store for one run. Thousands of roles follow the same few series, so each (series, date,
    side) reading and each merged price index is computed once; readings are shared and never mutated."""

    def __init__(self, store: Store, rules: EvidenceRules = DEFAULT_RULES):
        self.store, self.rules = store, rules
        self._readings: dict[tuple, Reading] = {}
        self._indexes: dict[tuple, Points] = {}
        self._mapped: dict[tuple, tuple[Followed, EvidenceValue]] = {}

    def mapped(self, key: tuple, followed: Followed, compute: Callable[[], EvidenceValue]) -> EvidenceValue:
        """A dimension's value for roles that follow the same (interned) series with the same inputs: computed
        once and shared, inputs included (a catalogue's variants of one occupation share their market)."""
        hit = self._mapped.get(key)
        if hit is not None and hit[0] is followed:
            return hit[1]
        value = compute()
        self._mapped[key] = (followed, value)
        return value

    def read(self, spec: SeriesSpec, weight: float, dimension: str, day: dt.date, anchor: bool) -> Reading:
        key = (spec, weight, dimension, day, anchor)
        if key not in self._readings:
            self._readings[key] = read_series(spec, weight, dimension, self.store, day, anchor, self.rules, self)
        return self._readings[key]

    def price_index(self, deflators: tuple[SeriesKey, ...]) -> Points:
        if deflators not in self._indexes:
            self._indexes[deflators] = _inflation_points(self.store, deflators)
        return self._indexes[deflators]


def _periodic_changes(points: Points, day: dt.date, anchor: bool) -> list:
    """Year-on-year changes of the candidate periods, in order of preference."""
    return [c for c in (period_change(points, p) for p in candidate_periods(points, day, anchor)) if c is not None]


def read_series(
    spec: SeriesSpec,
    weight: float,
    dimension: str,
    store: Store,
    day: dt.date,
    anchor: bool,
    rules: EvidenceRules,
    reader: SeriesReader | None = None,
) -> Reading:
    """One series' change at a date (percent, or real percentage points for wages), with why it may be left out.
    Periods failing the sample guard are skipped in favour of the next preferred period."""
    points = store.get((spec.source, spec.series_key, spec.metric), [])
    if not points:
        return {"ok": False, "note": "no data stored for this series"}
    if spec.shape == "window":
        window = window_yoy(points, day, rules.window_days, rules.min_window_points)
        changes = [window] if window else []
    else:
        changes = _periodic_changes(points, day, anchor)
    if not changes:
        return {"ok": False, "note": f"no year-on-year pair available at {day}"}
    notes: list[str] = []
    for change in changes:
        reading = _reading(spec, weight, dimension, reader or SeriesReader(store, rules), change)
        if reading["ok"]:
            return {**reading, "skipped": notes} if notes else reading
        notes.append(f"{change.period}: {reading['note']}")
    return {"ok": False, "note": "; ".join(notes)}


def _reading(spec: SeriesSpec, weight: float, dimension: str, reader: SeriesReader, change: PeriodChange) -> Reading:
    store, rules = reader.store, reader.rules
    reading: Reading = {
        "ok": True,
        "period": change.period,
        "value": change.value,
        "prev_period": change.prev_period,
        "prev_value": change.prev_value,
        "weight": weight,
    }
    if not (
        math.isfinite(change.value)
        and math.isfinite(change.prev_value)
        and change.prev_value > 0
        and math.isfinite(change.pct)
    ):
        # Whatever a source let through, a non-finite or non-positive level never becomes a score.
        return {
            **reading,
            "ok": False,
            "note": f"refused: values {change.value!r} vs {change.prev_value!r} are not finite positive levels",
        }
    reading["nominal_pct"] = round(change.pct, 3)
    if spec.sample_metric:
        counts = store.get((spec.source, spec.series_key, spec.sample_metric), [])
        sample = min((value_on(counts, d) or 0) for d in (change.period, change.prev_period))
        minimum, full = rules.min_sample(dimension), rules.full_weight_sample(dimension)
        reading["sample"] = sample
        if sample < minimum:
            return {**reading, "ok": False, "note": f"sample {sample:g} below the minimum of {minimum}"}
        reading["weight"] = weight * min(1.0, sample / full)
    reading["change"] = change.pct
    if get_dimension(dimension).real_terms:
        inflation = inflation_pct(reader.price_index(spec.deflators), change.prev_period, change.period)
        if inflation is None:
            return {**reading, "ok": False, "note": f"no {spec.country} inflation data for the period"}
        reading["inflation_pct"] = round(inflation, 3)
        reading["change"] = change.pct - inflation
        if not math.isfinite(reading["change"]):
            return {**reading, "ok": False, "note": "refused: inflation over the period is not a finite number"}
    reading["change"] = round(reading["change"], 3)
    return reading


def _combined(readings: list[Reading]) -> float:
    total = sum(r["weight"] for r in readings)
    return sum(r["change"] * r["weight"] for r in readings) / total


def _hold(
    dimension: str, analyst: int, previous: PreviousLevel | None, status: str, why: str, inputs: dict
) -> EvidenceValue:
    value = previous.value if previous else analyst
    level = previous.level_now if previous else None
    return EvidenceValue(
        dimension=dimension,
        value=value,
        analyst_value=analyst,
        status=status,
        rule=f"held at {value:+d}: {why}",
        inputs={**inputs, "level_now": level},
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
    """One automated dimension: the analyst's value moved by its followed series (see DESIGN.md, decision 2).
    `reader`: the run's shared SeriesReader over `store` (one is made when none is given)."""
    reader = reader or SeriesReader(store, rules)
    analyst = role.evidence_values()[dimension]
    if not followed.series:
        return next(e for e in analyst_evidence(role) if e.dimension == dimension)
    if followed.pinned:
        return EvidenceValue(
            dimension=dimension,
            value=analyst,
            analyst_value=analyst,
            status="pinned",
            rule=f"pinned at the analyst's {analyst:+d}",
        )
    series: list[dict[str, Any]] = []  # stored as the evidence row's inputs
    for spec, weight in followed.series:
        now = reader.read(spec, weight, dimension, as_of, False)
        anchor = reader.read(spec, weight, dimension, role.assessed_on, True)
        series.append(
            {
                "source": spec.source,
                "series": spec.series_key,
                "metric": spec.metric,
                "label": spec.label,
                "attribution": spec.attribution,
                "now": now,
                "anchor": anchor,
            }
        )
    inputs = {"mode": followed.mode, "assessed_on": role.assessed_on, "as_of": as_of, "series": series}
    if followed.origin:
        inputs["origin"] = followed.origin
    stale = [s for s in series if s["source"] in stale_sources and store.get((s["source"], s["series"], s["metric"]))]
    if stale:
        names = ", ".join(sorted({s["source"] for s in stale}))
        return _hold(dimension, analyst, previous, "stale", f"{names} failed this run", inputs)
    needs_anchor = followed.mode == "anchored"
    used = [s for s in series if s["now"]["ok"] and (s["anchor"]["ok"] or not needs_anchor)]
    if not used:
        return _hold(dimension, analyst, previous, "insufficient", "no series had enough data", inputs)
    ladder = rules.ladder(dimension)
    change_now = _combined([s["now"] for s in used])
    level_now = ladder.level_with_hysteresis(change_now, previous.level_now if previous else None)
    inputs.update(change_now=round(change_now, 3), level_now=level_now, used=[s["label"] for s in used])
    if followed.mode == "absolute":
        rule = f"absolute: {change_now:+.1f}{ladder.unit} now -> {level_now:+d} ({ladder.describe(level_now)})"
        return EvidenceValue(
            dimension=dimension, value=level_now, analyst_value=analyst, status="fresh", rule=rule, inputs=inputs
        )
    change_anchor = _combined([{**s["anchor"], "weight": s["now"]["weight"]} for s in used])
    level_anchor = ladder.level(change_anchor)
    value = max(-2, min(2, analyst + level_now - level_anchor))
    inputs.update(change_anchor=round(change_anchor, 3), level_anchor=level_anchor)
    rule = (
        f"anchored: analyst {analyst:+d} + market level now {level_now:+d} ({change_now:+.1f}{ladder.unit}) "
        f"- at assessment {level_anchor:+d} ({change_anchor:+.1f}{ladder.unit}) = {value:+d}"
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
