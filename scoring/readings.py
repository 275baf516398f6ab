"""One followed series at one date: its year-on-year change in the dimension's unit, on the dimension's basis
(real or relative to the aggregate for pay, absolute or relative for postings), with its standard error.

The standard error says how far the change could be from the truth by sampling alone:
- a level with a published relative standard error (OEWS `MEAN_PRSE`): the median's error is taken as
  MEDIAN_SE_FACTOR times the mean's (sqrt(pi / 2), the ratio for a normal distribution; BLS publishes no error
  for the median), and the two years as independent samples (OEWS panels overlap, so this overstates the error
  of a change: the safe side for an alert);
- a count of postings (IT Jobs Watch): Poisson, the error of a count n being sqrt(n);
- a median of quoted salaries or survey answers (IT Jobs Watch, ai-jobs.net): MEDIAN_SE_FACTOR * PAY_CV /
  sqrt(n), PAY_CV being an assumed spread of pay within one title;
- a daily index (Indeed, FRED): the series' own short-run wobble, the root mean square of the week-to-week
  changes of its year-on-year change over the WOBBLE_WEEKS before the date, divided by sqrt(2)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from scoring.dimensions import get_dimension
from scoring.evidence_inputs import Reading
from scoring.evidence_rules import DEFAULT_RULES, EvidenceRules
from scoring.evidence_values import EvidenceValue
from scoring.series_math import (
    NOW_LOOKBACK_DAYS,
    PeriodChange,
    Points,
    candidate_periods,
    inflation_pct,
    latest_at_or_before,
    period_change,
    value_on,
    window_yoy,
)
from scoring.signals import SeriesKey, SeriesSpec

Store = Mapping[SeriesKey, Points]  # (source, series key, metric) -> points sorted by date

MEDIAN_SE_FACTOR = math.sqrt(math.pi / 2)
PAY_CV = 0.45
WOBBLE_WEEKS = 8


@dataclass(frozen=True)
class Followed:
    """A dimension's market series for one role (spec, weight), and how they move it."""

    series: Sequence[tuple[SeriesSpec, float]]
    mode: str = "anchored"  # anchored | absolute
    pinned: bool = False
    origin: str = ""  # where the series came from when the role file names none, e.g. "SOC 29-1141 -> Nursing"


def _inflation_points(store: Store, deflators: Sequence[SeriesKey]) -> Points:
    merged: dict[dt.date, float] = {}
    for key in reversed(deflators):  # preferred source last, so it wins
        merged.update({d: v for d, v in store.get(key, []) if v is not None})
    return sorted(merged.items())


class SeriesReader:
    """Reads the store for one run. Thousands of roles follow the same few series, so each (series, date,
    side) reading and each merged price index is computed once; readings are shared and never mutated."""

    def __init__(
        self,
        store: Store,
        rules: EvidenceRules = DEFAULT_RULES,
        anchor_stores: Mapping[dt.date, Store] | None = None,
    ):
        """anchor_stores: the observations as published by each assessment date, for the anchored readings (a
        backfill before an assessment compares with the market the analyst saw, not with later revisions)."""
        self.store, self.rules = store, rules
        self._anchors = {day: SeriesReader(s, rules) for day, s in (anchor_stores or {}).items()}
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
        if anchor and day in self._anchors:
            return self._anchors[day].read(spec, weight, dimension, day, anchor)
        key = (spec, weight, dimension, day, anchor)
        if key not in self._readings:
            self._readings[key] = read_series(spec, weight, dimension, self.store, day, anchor, self.rules, self)
        return self._readings[key]

    def price_index(self, deflators: tuple[SeriesKey, ...]) -> Points:
        if deflators not in self._indexes:
            self._indexes[deflators] = _inflation_points(self.store, deflators)
        return self._indexes[deflators]


def periodic_changes(points: Points, day: dt.date, anchor: bool) -> list[PeriodChange]:
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
    """One series' change at a date (percent, or percentage points for pay), with why it may be left out.
    Periods failing the sample guard are skipped in favour of the next preferred period."""
    points = store.get((spec.source, spec.series_key, spec.metric), [])
    if not points:
        return {"ok": False, "note": "no data stored for this series"}
    if spec.shape == "window":
        window = window_yoy(points, day, rules.window_days, rules.min_window_points)
        changes = [window] if window else []
    else:
        changes = periodic_changes(points, day, anchor)
    if not changes:
        reach = rules.window_days if spec.shape == "window" else None if anchor else NOW_LOOKBACK_DAYS
        return _no_change(points, day, reach)
    notes: list[str] = []
    for change in changes:
        reading = _reading(spec, weight, dimension, reader or SeriesReader(store, rules), change)
        if reading["ok"]:
            return {**reading, "skipped": notes} if notes else reading
        notes.append(f"{change.period}: {reading['note']}")
    return {"ok": False, "note": "; ".join(notes)}


def _no_change(points: Points, day: dt.date, reach: int | None) -> Reading:
    """Why a series has no change to read at a date: nothing published by then, only data too old to speak for
    it (with the newest period, for the plain words on pages), or no period a year before the newest."""
    newest = latest_at_or_before(points, day)
    if newest is None:
        return {"ok": False, "note": f"no data published by {day}"}
    if reach is not None and (day - newest[0]).days > reach:
        note = f"the newest data, for {newest[0]}, are more than {reach} days old at {day}"
        return {"ok": False, "note": note, "newest": newest[0]}
    return {"ok": False, "note": f"no year-on-year pair available at {day}"}


def _refused(change: PeriodChange) -> str | None:
    finite = math.isfinite(change.value) and math.isfinite(change.prev_value) and math.isfinite(change.pct)
    if finite and change.prev_value > 0:
        return None
    return f"refused: values {change.value!r} vs {change.prev_value!r} are not finite positive levels"


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
    refused = _refused(change)
    if refused:  # whatever a source let through, a non-finite or non-positive level never becomes a score
        return {**reading, "ok": False, "note": refused}
    reading["nominal_pct"] = round(change.pct, 3)
    if spec.sample_metric:
        counts = store.get((spec.source, spec.series_key, spec.sample_metric), [])
        sample = min((value_on(counts, d) or 0) for d in (change.period, change.prev_period))
        minimum, full = rules.min_sample(dimension), rules.full_weight_sample(dimension)
        reading["sample"] = sample
        if sample < minimum:
            return {**reading, "ok": False, "note": f"sample {sample:g} below the minimum of {minimum}"}
        reading["weight"] = weight * min(1.0, sample / full)
    basis = rules.basis(dimension)
    relative = _benchmark_pct(spec, reader, change) if basis == "relative" else None
    if relative is not None:
        reading["benchmark_pct"] = round(relative, 3)
        reading["basis"] = "relative"
        if get_dimension(dimension).real_terms:  # pay: percentage points above the all-occupation growth
            reading["change"] = change.pct - relative
        else:  # postings: the series' growth against the aggregate's, as a ratio
            reading["change"] = ((1 + change.pct / 100) / (1 + relative / 100) - 1) * 100
    elif get_dimension(dimension).real_terms:
        inflation = inflation_pct(reader.price_index(spec.deflators), change.prev_period, change.period)
        if inflation is None:
            return {**reading, "ok": False, "note": f"no {spec.country} inflation data for the period"}
        reading["inflation_pct"] = round(inflation, 3)
        reading["basis"] = "real"
        reading["change"] = change.pct - inflation
    else:
        reading["basis"] = "absolute"
        reading["change"] = change.pct
    if basis == "relative" and relative is None and spec.benchmark:
        reading["basis_note"] = "the aggregate is not stored for these periods: read on the plain basis"
    if not math.isfinite(reading["change"]):
        return {**reading, "ok": False, "note": "refused: the change is not a finite number"}
    reading["change"] = round(reading["change"], 3)
    error = standard_error(spec, dimension, store, change, reader)
    if error is not None:
        reading["se"], reading["se_basis"] = round(error[0], 3), error[1]
    return reading


def _benchmark_pct(spec: SeriesSpec, reader: SeriesReader, change: PeriodChange) -> float | None:
    """The aggregate's own change over the same periods (all occupations, all postings), in percent."""
    if not spec.benchmark:
        return None
    points = reader.store.get((spec.source, spec.benchmark, spec.metric), [])
    if spec.shape == "window":
        rules = reader.rules
        pair = window_yoy(points, change.period, rules.window_days, rules.min_window_points)
    else:
        pair = period_change(points, change.period)
    if pair is None or pair.prev_period != change.prev_period or _refused(pair):
        return None
    return pair.pct


def standard_error(
    spec: SeriesSpec, dimension: str, store: Store, change: PeriodChange, reader: SeriesReader
) -> tuple[float, str] | None:
    """(standard error of the change in the dimension's unit, how it was estimated), or None when unknown."""
    growth = change.value / change.prev_value
    if spec.rse_metric:
        errors = store.get((spec.source, spec.series_key, spec.rse_metric), [])
        now, before = value_on(errors, change.period), value_on(errors, change.prev_period)
        if now is None or before is None or not (math.isfinite(now) and math.isfinite(before)):
            return None
        factor = 1.0 if spec.rse_of_median else MEDIAN_SE_FACTOR
        se = 100 * growth * math.hypot(*(factor * r / 100 for r in (now, before)))
        if spec.rse_of_median:
            return se, f"sampling error: the median's coefficient of variation {before:g}% then {now:g}%"
        return se, f"sampling error: RSE of the mean {before:g}% then {now:g}%, x{MEDIAN_SE_FACTOR:.2f} for the median"
    if spec.sample_metric:
        counts = store.get((spec.source, spec.series_key, spec.sample_metric), [])
        n_now, n_before = value_on(counts, change.period), value_on(counts, change.prev_period)
        if not n_now or not n_before or n_now <= 0 or n_before <= 0:
            return None
        if spec.metric == spec.sample_metric:  # the count itself: Poisson
            return 100 * growth * math.sqrt(1 / n_now + 1 / n_before), f"Poisson on {n_before:g} then {n_now:g}"
        rel = [MEDIAN_SE_FACTOR * PAY_CV / math.sqrt(n) for n in (n_now, n_before)]
        return 100 * growth * math.hypot(*rel), f"median of {n_before:g} then {n_now:g} quotes (spread {PAY_CV:g})"
    if spec.shape == "window":
        return _wobble(spec, store, change.period, reader.rules)
    return None


def _wobble(spec: SeriesSpec, store: Store, end: dt.date, rules: EvidenceRules) -> tuple[float, str] | None:
    points = store.get((spec.source, spec.series_key, spec.metric), [])
    changes = []
    for week in range(WOBBLE_WEEKS + 1):
        pair = window_yoy(points, end - dt.timedelta(weeks=week), rules.window_days, rules.min_window_points)
        if pair is not None and not _refused(pair):
            changes.append(pair.pct)
    steps = [a - b for a, b in zip(changes, changes[1:])]
    if len(steps) < WOBBLE_WEEKS // 2:
        return None
    se = math.sqrt(sum(s * s for s in steps) / len(steps) / 2)
    return se, f"week-to-week wobble of the year-on-year change over {len(steps)} weeks"
