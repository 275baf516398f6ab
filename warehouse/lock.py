"""The single-writer lock: an OS file lock beside the database, released by the kernel if the holder dies."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import threading
import time
from pathlib import Path

from warehouse.errors import WarehouseBusy, WarehouseError


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def ensure_folder(db_path: Path) -> None:
    """The database's folder, made if missing; a path that cannot hold one is a WarehouseError naming it."""
    if db_path.parent.exists() and not db_path.parent.is_dir():
        raise WarehouseError(f"{db_path}: cannot create its folder: {db_path.parent} is a file")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(f"{db_path}: cannot create its folder: {exc.strerror}") from None


def _lock_note(db_path: Path) -> dict:
    try:
        note = json.loads(lock_path(db_path).read_text() or "{}")
    except (OSError, ValueError):
        return {}
    return note if isinstance(note, dict) else {}


def writer_pid(db_path: Path) -> int | None:
    """The pid the writer lock's holder noted, if any."""
    pid = _lock_note(db_path).get("pid")
    return pid if isinstance(pid, int) else None


_PLAIN_WORD = re.compile(r"^[-\w.]{1,40}$")


def describe_process(pid: int) -> str:
    """A process in words: its pid, program and first plain argument (`jobzone web`, `duckdb -readonly`).

    Never the whole command line: it may carry a password or a token."""
    try:
        words = [word.decode(errors="replace") for word in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")]
    except OSError:
        return f"pid {pid}"
    if not words or not words[0]:
        return f"pid {pid}"
    shown = [Path(words[0]).name] + [word for word in words[1:2] if _PLAIN_WORD.match(word)]
    return f"pid {pid} ({' '.join(shown)})"


def describe_holder(db_path: Path) -> str:
    """Who holds the writer lock, in words (from the note the holder wrote into the lock file)."""
    note = _lock_note(db_path)
    if not note:
        return "another process"
    run = f", run {note['run_id']}" if note.get("run_id") else ""
    return f"pid {note.get('pid')} ({note.get('purpose', 'writing')}{run}, since {note.get('since')})"


_HELD_HERE: set[Path] = set()  # the databases whose writer lock this process holds (any thread)


def held_here(db_path: Path) -> bool:
    """Whether this process holds the writer lock of db_path."""
    return Path(db_path).resolve() in _HELD_HERE


# Threads of one process (the web process's request threads and its confirmation sender) queue for the writer lock
# among themselves: their writes are short, so one waits for the other (up to this long) instead of being told that
# its own process is busy. A writer in another process is waited for only as long as the caller said.
SAME_PROCESS_WAIT = 30.0
_IN_PROCESS: dict[Path, threading.Lock] = {}
_HOLDER_THREAD: dict[Path, int] = {}
_REGISTRY = threading.Lock()


def _in_process_lock(key: Path) -> threading.Lock:
    with _REGISTRY:
        return _IN_PROCESS.setdefault(key, threading.Lock())


class WriterLock:
    """Exclusive: a second writer gets WarehouseBusy naming the holder, at once or after waiting `wait` seconds
    (for short writes that may queue behind a run's commit); another thread of this process is waited for."""

    def __init__(self, db_path: Path, purpose: str, wait: float = 0.0):
        self.db_path = Path(db_path)
        self.purpose = purpose
        self.wait = wait
        self._fd: int | None = None
        self._local: threading.Lock | None = None

    def __enter__(self) -> "WriterLock":
        key = self.db_path.resolve()
        if _HOLDER_THREAD.get(key) != threading.get_ident():  # the same thread again is refused below, as before
            local = _in_process_lock(key)
            if not local.acquire(timeout=max(self.wait, SAME_PROCESS_WAIT)):
                raise WarehouseBusy(
                    f"{self.db_path} is locked for writing by another thread of this process "
                    f"({describe_holder(self.db_path)}) for over {max(self.wait, SAME_PROCESS_WAIT):g} s"
                )
            self._local = local
            _HOLDER_THREAD[key] = threading.get_ident()
        try:
            return self._take_file_lock()
        except BaseException:
            self._let_go_of_threads()
            raise

    def _let_go_of_threads(self) -> None:
        if self._local is not None:
            _HOLDER_THREAD.pop(self.db_path.resolve(), None)
            self._local.release()
            self._local = None

    def _take_file_lock(self) -> "WriterLock":
        path = lock_path(self.db_path)
        ensure_folder(self.db_path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise WarehouseError(f"{path}: cannot create the writer lock: {exc.strerror}") from None
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise WarehouseBusy(
                        f"{self.db_path} is locked for writing by {describe_holder(self.db_path)}; "
                        "wait for it to finish or stop that process"
                    ) from None
                time.sleep(0.05)
        self._fd = fd
        _HELD_HERE.add(self.db_path.resolve())
        self.note(run_id=None)
        return self

    def note(self, run_id: int | None) -> None:
        """Record who holds the lock, so a refused writer can be told."""
        since = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        text = json.dumps({"pid": os.getpid(), "purpose": self.purpose, "run_id": run_id, "since": since})
        if self._fd is None:
            raise WarehouseError(f"{self.db_path}: the writer lock is not held, so who holds it cannot be noted")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, text.encode(), 0)

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            _HELD_HERE.discard(self.db_path.resolve())
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._let_go_of_threads()
