"""`jobzone backtest`: the old and the new signal method over the same as-of dates, per year."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from jobzone.cli.app import COUNTRY_OPTION, JSON_OPTION, ROLES_OPTION, app, split_ids
from jobzone.cli.output import console, print_json, print_table
from jobzone.settings import load_settings

DATE_FORMATS = ["%Y-%m-%d"]


class Every(str, Enum):
    week = "week"
    month = "month"
    year = "year"


@app.command()
def backtest(
    start: dt.datetime = typer.Option(..., "--from", formats=DATE_FORMATS, help="First as-of date."),
    end: dt.datetime = typer.Option(..., "--to", formats=DATE_FORMATS, help="Last as-of date (inclusive)."),
    every: Every = typer.Option(Every.month, "--every", help="Step between as-of dates."),
    replay: Optional[Path] = typer.Option(None, "--replay", help="Serve source responses from recorded files in DIR."),
    roles: Optional[str] = ROLES_OPTION,
    as_json: bool = JSON_OPTION,
    country: str = COUNTRY_OPTION,
) -> None:
    """Backfill the roles under the old method and the new one (throwaway warehouses) and compare them per year."""
    from rich.progress import Progress

    from flows.schedule import as_of_dates
    from jobzone.services.backtests import run_backtest

    try:
        count = len(as_of_dates(start.date(), end.date(), every.value))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    settings = load_settings()
    with Progress(console=console, transient=True, disable=as_json) as progress:
        bar = progress.add_task(f"backtest: {count} as-of runs x 2 methods", total=2 * count)
        rows = run_backtest(
            settings,
            start=start.date(),
            end=end.date(),
            every=every.value,
            replay=replay,
            roles=split_ids(roles),
            on_run=lambda method, report: progress.advance(bar),
            country=country,
        )
    if as_json:
        return print_json([row.as_dict() for row in rows])
    print_table(
        f"Backtest {start.date()} .. {end.date()} every {every.value}: old method vs new",
        [
            "year",
            "method",
            "runs",
            "roles",
            "moved 1+ pt",
            "zone moves",
            "moves within noise",
            "3+-step swings",
            "alerts / role-year",
        ],
        [
            (
                r.year,
                r.method,
                r.runs,
                r.roles,
                f"{r.moved_share:.0%}",
                r.zone_moves,
                r.within_noise,
                r.swings_3plus,
                f"{r.alerts_per_role_year:.2f}",
            )
            for r in sorted(rows, key=lambda r: (r.year, r.method != "old"))
        ],
    )
