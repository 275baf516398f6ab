"""A run that finds another process writing the warehouse waits a bounded time for it, and an attempt refused after
that wait is recorded: shown by `jobzone runs` while the holder writes, stored as a failed run by the next run."""

import threading
import time

import pytest

from jobzone.settings import Settings
from tests.helpers import jobzone_json, quick_run
from warehouse.errors import WarehouseBusy
from warehouse.refusals import pending_refusals, refusals_path
from warehouse.store import Warehouse


def test_a_run_waits_for_a_short_writer_then_runs(tmp_path, roles_dir):
    """1 run in 25 was refused by the web's short subscription writes; a served run was refused by a manual one."""
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, run_lock_wait=30)
    quick_run(settings)  # the file exists
    holder = Warehouse(settings.db).lock("subscribe")
    holder.__enter__()
    threading.Timer(1.0, holder.__exit__, (None, None, None)).start()
    start = time.monotonic()
    report = quick_run(settings, kind="rerun", reason="waited")
    assert report.roles_scored == 1 and time.monotonic() - start >= 0.9  # it waited, then ran
    assert pending_refusals(settings.db) == []


def test_a_refused_attempt_is_shown_then_recorded_by_the_next_run(tmp_path, roles_dir):
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, run_lock_wait=0.3)
    quick_run(settings)
    with Warehouse(settings.db).lock("nightly run"):
        with pytest.raises(WarehouseBusy, match=r"nightly run.*\(waited 0\.3 s\); this attempt is recorded"):
            quick_run(settings, kind="rerun", reason="Claude 5 released")
        shown = jobzone_json("runs", db=settings.db)  # while the holder still writes
    assert [(r["id"], r["kind"], r["reason"], r["status"]) for r in shown[:2]] == [
        (None, "rerun", "Claude 5 released", "refused"),
        (1, "nightly", None, "succeeded"),
    ]
    assert "locked for writing by pid" in shown[0]["error"] and "(waited 0.3 s)" in shown[0]["error"]
    quick_run(settings)  # the next run records it
    assert not refusals_path(settings.db).exists()
    runs = jobzone_json("runs", db=settings.db)
    assert [(r["id"], r["kind"], r["reason"], r["status"]) for r in runs] == [
        (3, "nightly", None, "succeeded"),
        (2, "rerun", "Claude 5 released", "failed"),
        (1, "nightly", None, "succeeded"),
    ]
    assert runs[1]["error"].startswith("refused: ") and "nightly run" in runs[1]["error"]


def test_a_torn_note_is_skipped_and_an_interrupted_recording_is_finished(tmp_path, roles_dir):
    settings = Settings(db=tmp_path / "w.duckdb", roles=roles_dir, prefect=False, run_lock_wait=0)
    quick_run(settings)
    with Warehouse(settings.db).lock("nightly run"):
        for reason in ("one", "two"):
            with pytest.raises(WarehouseBusy):
                quick_run(settings, kind="rerun", reason=reason)
    # a crash mid-recording left the renamed notes, and a crash mid-write a torn line in a new one
    refusals_path(settings.db).rename(settings.db.with_name("w.duckdb.refused.recording"))
    refusals_path(settings.db).write_text('{"kind": "rerun", "reas')
    assert [a.reason for a in pending_refusals(settings.db)] == ["one", "two"]
    quick_run(settings)
    assert [(r["reason"], r["status"]) for r in jobzone_json("runs", db=settings.db)][1:3] == [
        ("two", "failed"),
        ("one", "failed"),
    ]


def test_threads_of_one_process_queue_for_the_lock_instead_of_calling_their_own_process_busy(tmp_path):
    """The web process's confirmation sender was told "busy: pid N (subscribe ...)", N being its own process; threads
    of one process now wait for each other, while the same thread asking twice is still refused at once."""
    import threading
    import time

    from warehouse.lock import WriterLock

    db = tmp_path / "w.duckdb"
    held, done = threading.Event(), []

    def subscribe_write():
        with WriterLock(db, "subscribe"):
            held.set()
            time.sleep(0.5)

    writer = threading.Thread(target=subscribe_write)
    writer.start()
    held.wait(5)
    started = time.monotonic()
    with WriterLock(db, "send", wait=0):  # the sender: no wait asked, yet its own process's writer is waited for
        done.append(time.monotonic() - started)
    writer.join()
    assert done and 0.3 < done[0] < 5
    with WriterLock(db, "nightly run"):
        with pytest.raises(WarehouseBusy, match=r"locked for writing by pid \d+ \(nightly run"):
            WriterLock(db, "nested", wait=0).__enter__()  # the same thread again: refused, as before
