"""A background sender: a thread that delivers what is due in the outbox every few seconds (and at once when woken),
through the same outbox, claims and leases as `jobzone send`. The web process runs one for the confirmations its
forms queue; `jobzone serve` runs one for everything (retries, confirmations queued from the CLI) in its own
process, instead of a Prefect deployment that would add a flow run a minute to the UI."""

from __future__ import annotations

import logging
import threading

from notifications import service
from notifications.settings import NotificationSettings
from scoring.errors import JobzoneError


class OutboxSender:
    def __init__(
        self,
        settings: NotificationSettings,
        every: float,
        kinds: tuple[str, ...] | None = None,
        log: logging.Logger | None = None,
    ):
        self.settings, self.every, self.kinds = settings, every, kinds
        self.log = log or logging.getLogger("jobzone.sender")
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._loop, name="outbox-sender", daemon=True)

    @property
    def enabled(self) -> bool:
        return self.every > 0

    def start(self) -> None:
        if self.enabled:
            self._thread.start()

    def wake(self) -> None:
        """Something was queued: deliver it now rather than at the next tick."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.every)
            self._wake.clear()
            if self._stop.is_set():
                return
            self.send_once()

    def send_once(self) -> None:
        """One delivery of what is due; a failure is logged for the operator and tried again next time. No warehouse
        yet: nothing can be queued, and a sender never creates one."""
        if not self.settings.db.exists():
            return
        what = "confirmations" if self.kinds == ("confirm",) else "messages"
        try:
            report = service.send_due(self.settings, kinds=self.kinds)
        except JobzoneError as exc:  # a busy warehouse, a misconfigured transport: next tick
            self.log.warning("%s not delivered now: %s", what, exc)
            return
        except Exception:  # noqa: BLE001 - the process must keep serving; the operator sees the traceback
            self.log.exception("%s not delivered now", what)
            return
        for error in report.errors:
            self.log.warning("delivery: %s", error)
