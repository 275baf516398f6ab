"""Columnar bulk inserts: one statement per table, each column passed as a typed list and unnested."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import duckdb


def column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return dict(rows)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert dict rows (all with the same keys) as columns; far faster than executemany."""
    if not rows:
        return 0
    return insert_columns(con, table, {name: [row[name] for row in rows] for name in rows[0]})


def insert_columns(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Mapping[str, Sequence[Any]],
) -> int:
    """Insert rows given as equal-length columns, each a typed list unnested."""
    types = column_types(con, table)
    unknown = [name for name in columns if name not in types]
    if unknown:
        raise ValueError(f"{table}: unknown column(s) {unknown}")
    selects = ", ".join(f"unnest(?::{types[name]}[]) AS {name}" for name in columns)
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {selects}", list(columns.values()))
    return len(next(iter(columns.values()), ()))
