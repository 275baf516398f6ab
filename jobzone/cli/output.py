"""Human and JSON output helpers shared by CLI commands."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from scoring.evidence_inputs import CapabilityInputs, MarketInputs, inputs_json

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True, highlight=False)


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, MarketInputs | CapabilityInputs):
        return inputs_json(value)  # evidence inputs in their stored form (versioned: "v")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, default=_default, ensure_ascii=False))


def print_table(
    title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], fold: Sequence[str] = ()
) -> None:
    """Cells are data (titles, reasons, errors): plain Text, never rich markup, so '[/bold]' in a title is shown.
    The `fold` columns (errors, causes) break long words such as URLs across lines instead of cutting them."""
    table = Table(title=Text(title) if title else None, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold" if column in fold else "ellipsis")
    for row in rows:
        table.add_row(*(Text(cell_text(cell)) for cell in row))
    console.print(table)


def cell_text(cell: Any) -> str:
    """A table cell as a person reads it: a timestamp to the second in UTC (2026-12-07 03:04:12 UTC), not to the
    microsecond with an offset; JSON output keeps the full value."""
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        moment = cell.astimezone(dt.timezone.utc) if cell.tzinfo else cell
        return f"{moment:%Y-%m-%d %H:%M:%S}{' UTC' if cell.tzinfo else ''}"
    return str(cell)
