"""As-of dates for backfills."""

from __future__ import annotations

import calendar
import datetime as dt

STEPS = ("day", "week", "month", "year")


def as_of_dates(start: dt.date, end: dt.date, every: str = "month") -> list[dt.date]:
    """Dates from start to end inclusive; monthly and yearly steps keep the day of month (clipped to the month's end)."""
    if every not in STEPS:
        raise ValueError(f"--every must be one of {', '.join(STEPS)}, got {every!r}")
    if end < start:
        raise ValueError(f"--to {end} is before --from {start}")
    dates: list[dt.date] = []
    index = 0
    while True:
        if every in ("month", "year"):
            month = start.month - 1 + index * (12 if every == "year" else 1)
            year, month = start.year + month // 12, month % 12 + 1
            day = dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        else:
            day = start + dt.timedelta(days=index * (7 if every == "week" else 1))
        if day > end:
            return dates
        dates.append(day)
        index += 1
