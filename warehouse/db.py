"""Opening the DuckDB file: versioned migrations, short-lived connections, clear errors when busy."""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Sequence

import duckdb

from warehouse.errors import WarehouseBusy, WarehouseError
from warehouse.lock import describe_holder, describe_process, ensure_folder, writer_pid

READ_WAIT_SECONDS = 10.0
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> Any:
    """The first value of the one row an aggregate or a RETURNING statement answers."""
    row = con.execute(sql, params).fetchone()
    if row is None:
        raise WarehouseError(f"no row where one was certain: {' '.join(sql.split())[:80]}")
    return row[0]


@lru_cache(maxsize=1)
def migrations() -> tuple[tuple[int, str, str], ...]:
    """(version, name, sql) of every migration shipped with the code, in order."""
    found = []
    for entry in resources.files("warehouse.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


def code_schema_version() -> int:
    return migrations()[-1][0]


def _stored_version(con: duckdb.DuckDBPyConnection) -> int:
    # Asked on every connection, so the cheap query; information_schema took ~10 ms a time.
    try:
        row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return row[0] if row else 0
    except duckdb.CatalogException:
        return 0  # a new file


def _check_not_newer(db_path: Path, stored: int) -> None:
    if stored > code_schema_version():
        raise WarehouseError(
            f"{db_path} has schema version {stored}, newer than this jobzone understands "
            f"({code_schema_version()}): upgrade jobzone before using this database"
        )


def migrate(con: duckdb.DuckDBPyConnection, db_path: Path) -> int:
    """Apply the migrations the file lacks, each in its own transaction; return the new version."""
    stored = _stored_version(con)
    _check_not_newer(db_path, stored)
    if stored == code_schema_version():
        return stored  # the common case, on every connection: no DDL, so no write
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    for version, name, sql in migrations():
        if version <= stored:
            continue
        con.execute("BEGIN")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise WarehouseError(f"{db_path}: migration {version:04d}_{name} failed: {exc}") from exc
        stored = version
    return stored


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    return "lock" in str(exc).lower()


def _is_same_process_conflict(exc: duckdb.Error) -> bool:
    return "different configuration" in str(exc)


_CONFLICT_PID = re.compile(r"\(PID (\d+)\)")


def _busy_message(db_path: Path, exc: duckdb.Error, read_only: bool, wait: float) -> str:
    """Who keeps the file open, from DuckDB's own report of the conflicting process.

    A writer asking is itself the writer lock's holder, so the lock's note would name the asker: the process
    DuckDB names is then one reading the file (or a tool outside jobzone)."""
    match = _CONFLICT_PID.search(str(exc))
    holder_pid = int(match.group(1)) if match else None
    if holder_pid is not None and holder_pid == writer_pid(db_path) and holder_pid != os.getpid():
        writing, holder = True, describe_holder(db_path)
    elif holder_pid is not None:
        writing, holder = read_only, describe_process(holder_pid)
    else:
        writing, holder = read_only, describe_holder(db_path) if read_only else "another process"
    if writing:
        return (
            f"{db_path} is busy: {holder} has it open for writing and it stayed locked for {wait:g}s; try again shortly"
        )
    return (
        f"{db_path} is busy: {holder} has it open (reading, or a tool outside jobzone) and kept it open for "
        f"{wait:g}s, so this write cannot start; DuckDB lets no writer in while another process has the file "
        "open: wait for that process to finish or stop it"
    )


# Never fetch code at run time: an unknown file type must not make DuckDB download an extension.
# A memory limit makes DuckDB spill a large run's uncommitted rows (100,000 role files in one transaction)
# to disk instead of holding them: peak RSS for 100,000 texts went from 2.5 GB to 1.2 GB at 500 MB.
CONNECT_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "memory_limit": "1GB",
}
SQLITE_MAGIC = b"SQLite format 3\x00"


def _refuse_foreign_file(db_path: Path) -> None:
    try:
        with open(db_path, "rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WarehouseError(f"{db_path}: cannot read: {exc.strerror}") from None
    if head == SQLITE_MAGIC:
        raise WarehouseError(
            f"{db_path} is a SQLite database, not a jobzone DuckDB file; point JOBZONE_DB / --db "
            "at a .duckdb file (a new one is created if it does not exist)"
        )


def _connect(db_path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    _refuse_foreign_file(db_path)
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only, config=CONNECT_CONFIG)
        except duckdb.ConnectionException as exc:
            if read_only and _is_same_process_conflict(exc):
                # This process is the writer and has the file open: read through the same instance.
                return duckdb.connect(str(db_path), config=CONNECT_CONFIG)
            raise WarehouseError(f"{db_path}: cannot open: {exc}") from exc
        except duckdb.IOException as exc:
            if not _is_lock_conflict(exc):
                raise WarehouseError(f"{db_path}: cannot open: {exc}") from exc
            if time.monotonic() >= deadline:
                raise WarehouseBusy(_busy_message(db_path, exc, read_only, wait)) from None
            time.sleep(0.05)
        except duckdb.Error as exc:  # a damaged or foreign file
            raise WarehouseError(f"{db_path}: cannot open: {exc}") from exc


@contextmanager
def write_connection(db_path: Path, wait: float = READ_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with the schema up to date. Hold a WriterLock around it."""
    db_path = Path(db_path)
    ensure_folder(db_path)
    con = _connect(db_path, read_only=False, wait=wait)
    try:
        migrate(con, db_path)
        yield con
    finally:
        con.close()


@contextmanager
def read_connection(db_path: Path, wait: float = READ_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection; waits briefly while a writer commits, then says who holds the file."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise WarehouseError(f"no database at {db_path}: run `jobzone run` first (or set JOBZONE_DB / --db)")
    con = _connect(db_path, read_only=True, wait=wait)
    try:
        stored = _stored_version(con)
        _check_not_newer(db_path, stored)
        if stored < code_schema_version():
            raise WarehouseError(
                f"{db_path} has schema version {stored}, older than this jobzone's "
                f"{code_schema_version()}: run any write command (e.g. `jobzone run`) to migrate it"
            )
        yield con
    finally:
        con.close()
