"""The warehouse as one object: the DuckDB file and the one way the code opens it.

Readers open it read-only and briefly (`read`). One writer at a time holds the writer lock: for a short write
(`write`: the lock and one connection), or across a run or a delivery (`lock`), opening a read-write connection for
each step (`connect`), which a process that does not hold the lock is refused. DuckDB lets one process write a file
at a time; the lock makes a second writer wait or hear who holds it, instead of failing inside DuckDB."""

from __future__ import annotations

from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse.db import READ_WAIT_SECONDS, read_connection, write_connection
from warehouse.errors import WarehouseError
from warehouse.lock import WriterLock, held_here


@dataclass(frozen=True)
class Warehouse:
    path: Path

    def read(self, wait: float = READ_WAIT_SECONDS) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A read-only connection (the file must exist and be migrated); waits `wait` s while a writer commits."""
        return read_connection(self.path, wait=wait)

    def lock(self, purpose: str, wait: float = 0.0) -> WriterLock:
        """The writer lock, held across several steps; `purpose` tells a refused writer who holds it."""
        return WriterLock(self.path, purpose, wait=wait)

    @contextmanager
    def write(self, purpose: str, wait: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
        """One short write: the writer lock and a read-write connection (the schema migrated), let go at once."""
        with self.lock(purpose, wait), write_connection(self.path) as con:
            yield con

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection for a step of the lock's holder (a run's stage, a delivery's write)."""
        if not held_here(self.path):
            raise WarehouseError(
                f"{self.path}: a read-write connection was asked for without the writer lock; take "
                "Warehouse.lock() (or use Warehouse.write()) first"
            )
        with write_connection(self.path) as con:
            yield con
