"""Year-on-year changes of observed series at a date: pure arithmetic over (date, value) points."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Sequence

Points = Sequence[tuple[dt.date, float | None]]  # sorted by date


@dataclass(frozen=True)
class PeriodChange:
    """A year-on-year comparison: the periods and values compared and the change in percent."""

    period: dt.date
    value: float
    prev_period: dt.date
    prev_value: float

    @property
    def pct(self) -> float:
        return (self.value / self.prev_value - 1) * 100


def one_year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year - 1)


def _date(point: tuple[dt.date, float | None]) -> dt.date:
    return point[0]


def value_on(points: Points, day: dt.date) -> float | None:
    """The value dated exactly `day`, if any."""
    index = bisect_left(points, day, key=_date)
    if index < len(points) and points[index][0] == day:
        return points[index][1]
    return None


def latest_at_or_before(points: Points, day: dt.date) -> tuple[dt.date, float] | None:
    """The newest non-null point dated on or before `day`."""
    for index in range(bisect_right(points, day, key=_date) - 1, -1, -1):
        date, value = points[index]
        if value is not None:
            return date, value
    return None


# "Now" may fall back to an older period (a thin or missing latest one), but not further back than this.
NOW_LOOKBACK_DAYS = 550


def candidate_periods(points: Points, day: dt.date, anchor: bool) -> list[dt.date]:
    """Periods in order of preference. 'now': newest first, on or before day (within the lookback);
    'anchor': the first on or after day, then the newest before it."""
    dates = [d for d, v in points if v is not None]
    before = [d for d in reversed(dates) if d <= day]
    if anchor:
        return [d for d in dates if d >= day] + before
    return [d for d in before if (day - d).days <= NOW_LOOKBACK_DAYS]


def period_change(points: Points, period: dt.date) -> PeriodChange | None:
    """A period's value vs the same period a year earlier (IT Jobs Watch, annual surveys, OEWS)."""
    prev_period = one_year_before(period)
    value, prev = value_on(points, period), value_on(points, prev_period)
    if value is None or prev in (None, 0):
        return None
    return PeriodChange(period, value, prev_period, prev)


def window_mean(points: Points, end: dt.date, days: int, min_points: int) -> float | None:
    start = end - dt.timedelta(days=days - 1)
    first, last = bisect_left(points, start, key=_date), bisect_right(points, end, key=_date)
    values = [v for _, v in points[first:last] if v is not None]
    return sum(values) / len(values) if len(values) >= min_points else None


def window_yoy(points: Points, end: dt.date, days: int, min_points: int) -> PeriodChange | None:
    """Mean over `days` ending at `end` vs the same window a year earlier (daily indexes)."""
    prev_end = one_year_before(end)
    now, prev = window_mean(points, end, days, min_points), window_mean(points, prev_end, days, min_points)
    if now is None or not prev:
        return None
    return PeriodChange(end, now, prev_end, prev)


def inflation_pct(index: Points, start: dt.date, end: dt.date) -> float | None:
    """Price change between the latest index values on or before each date, in percent."""
    first, last = latest_at_or_before(index, start), latest_at_or_before(index, end)
    if first is None or last is None or first[0] == last[0]:
        return None
    return (last[1] / first[1] - 1) * 100
