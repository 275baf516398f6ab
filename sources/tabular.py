"""Helpers shared by CSV and JSON adapters: decoding, required columns, numbers, period ends."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import math
from typing import Sequence

from sources.errors import ParseError


def csv_rows(body: bytes, url: str, required: Sequence[str]) -> list[dict]:
    """Rows as dicts; a row with more or fewer fields than the header (a truncated file) is a ParseError."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(url, f"not UTF-8 text: {exc}") from None
    if text and not text.endswith("\n"):  # every publisher ends its CSV with a newline; a cut file does not
        raise ParseError(url, f"the file does not end with a newline (ends {text[-20:]!r}): cut short in transfer?")
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
        missing = [column for column in required if column not in header]
        if missing:
            raise ParseError(url, f"CSV lacks column(s) {', '.join(missing)}; header is {header}")
        rows = list(reader)
    except csv.Error as exc:
        raise ParseError(url, f"not a readable CSV: {exc}") from None
    for index, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            fields = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or [])
            raise ParseError(
                url, f"line {index} has {fields} fields where the header has {len(header)} (truncated or malformed)"
            )
    return rows


def number(text: str | None, where: str, missing: Sequence[str] = ("", ".", "-", "NA")) -> float | None:
    """A finite float, or None where the source marks the value unavailable (never 0). Anything else,
    including 'nan' and 'inf', is a ParseError naming `where` (the URL, and the column or row)."""
    if text is None or str(text).strip() in missing:
        return None
    if "_" in str(text):  # Python would read "1_000" as 1000; no publisher writes a number that way
        raise ParseError(where, f"{text!r} is not a number")
    try:
        value = float(str(text).replace(",", ""))
    except ValueError:
        raise ParseError(where, f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise ParseError(where, f"{text!r} is not a finite number")
    return value


def iso_date(text: str, url: str, column: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ParseError(url, f"{column} {text!r} is not a YYYY-MM-DD date") from None


def month_end(year: int, month: int) -> dt.date:
    if not (dt.MINYEAR <= year <= dt.MAXYEAR and 1 <= month <= 12):
        raise ValueError(f"{year}-{month} is not a month")
    return dt.date(year, month, calendar.monthrange(year, month)[1])
