"""Helpers shared by CSV and JSON adapters: decoding, required columns, numbers, period ends."""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from typing import Sequence

from sources.errors import ParseError


def csv_rows(body: bytes, url: str, required: Sequence[str]) -> list[dict]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(url, f"not UTF-8 text: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(url, f"CSV lacks column(s) {', '.join(missing)}; header is {reader.fieldnames}")
    return list(reader)


def number(text: str | None, missing: Sequence[str] = ("", ".", "-", "NA")) -> float | None:
    """A float, or None where the source marks the value unavailable (never 0)."""
    if text is None or text.strip() in missing:
        return None
    return float(text.replace(",", ""))


def iso_date(text: str, url: str, column: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ParseError(url, f"{column} {text!r} is not a YYYY-MM-DD date") from None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
