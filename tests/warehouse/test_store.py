"""The warehouse's one connection policy: readers read-only, one writer holding the lock, and no module opening the
file another way."""

import re
import threading

import pytest

from tests.conftest import REPO
from warehouse.errors import WarehouseBusy, WarehouseError
from warehouse.store import Warehouse

PACKAGES = ("scoring", "sources", "catalogue", "warehouse", "notifications", "web", "flows", "jobzone")
OPENERS = re.compile(r"\b(write_connection|read_connection|WriterLock)\(")  # a call opens; a type names


def test_a_read_write_connection_needs_the_writer_lock(tmp_path):
    warehouse = Warehouse(tmp_path / "w.duckdb")
    with pytest.raises(WarehouseError, match="without the writer lock"):
        with warehouse.connect():
            pass
    with warehouse.write("a short write") as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    with warehouse.lock("a run"):
        with warehouse.connect() as con:  # each step of the holder
            con.execute("INSERT INTO t VALUES (1)")
        seen = []
        other = threading.Thread(target=lambda: seen.append(_connects(warehouse)))
        other.start()
        other.join()
        assert seen == [True]  # the holder's other threads (Prefect's task threads) are the holder too
    with pytest.raises(WarehouseError, match="without the writer lock"):  # let go: refused again
        with warehouse.connect():
            pass
    with warehouse.read() as con:
        assert con.execute("SELECT sum(x) FROM t").fetchone() == (1,)


def _connects(warehouse: Warehouse) -> bool:
    with warehouse.connect():
        return True


def test_a_second_writer_hears_who_holds_the_lock(tmp_path):
    warehouse = Warehouse(tmp_path / "w.duckdb")
    with warehouse.lock("nightly run"):
        with pytest.raises(WarehouseBusy, match=r"locked for writing by pid \d+ \(nightly run"):
            with warehouse.write("subscribe"):
                pass


def test_no_module_opens_the_file_but_through_the_warehouse():
    """Every package opens DuckDB through warehouse.store.Warehouse (settings.warehouse); only the warehouse's own
    connection and lock modules name the primitives."""
    allowed = {"warehouse/db.py", "warehouse/lock.py", "warehouse/store.py"}
    found = [
        f"{path.relative_to(REPO)}: {match.group(1)}"
        for package in PACKAGES
        for path in sorted((REPO / package).rglob("*.py"))
        if str(path.relative_to(REPO)) not in allowed
        for match in OPENERS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
