"""Backtests as the operator runs them: both methods over the same dates, on throwaway warehouses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from flows.backtest import YearRow, backtest
from flows.report import RunReport
from jobzone.services.runs import check_role_ids
from jobzone.settings import Settings


def run_backtest(
    settings: Settings,
    *,
    start: dt.date,
    end: dt.date,
    every: str = "month",
    replay: Path | None = None,
    roles: list[str] | None = None,
    on_run: Callable[[str, RunReport], None] | None = None,
) -> list[YearRow]:
    """The old method and the new one side by side, per year; the operator's warehouse is never written."""
    check_role_ids(settings, roles)
    return backtest(settings, start, end, every, replay, roles, on_run)
