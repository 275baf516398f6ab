"""Backtests as the operator runs them: both methods over the same dates, on throwaway warehouses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from flows.backtest import YearRow, backtest
from flows.report import RunReport
from jobzone.services.runs import check_role_ids
from jobzone.settings import Settings
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.countries import country as country_named


def run_backtest(
    settings: Settings,
    *,
    start: dt.date,
    end: dt.date,
    every: str = "month",
    replay: Path | None = None,
    roles: list[str] | None = None,
    on_run: Callable[[str, RunReport], None] | None = None,
    country: str = DEFAULT_COUNTRY,
) -> list[YearRow]:
    """The old method and the new one side by side, per year, in one country's view; the operator's warehouse is
    never written."""
    check_role_ids(settings, roles)
    return backtest(settings, start, end, every, replay, roles, on_run, country_named(country).code)
