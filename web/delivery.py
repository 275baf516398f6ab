"""The web process delivers the confirmations its forms queue, so a subscriber gets the link within seconds with no
operator step: a background thread sends what is due of kind "confirm" through the same outbox as `jobzone send`
(every JOBZONE_WEB_SEND_EVERY seconds, and at once after a form queued one). Alerts stay with the run that queues
them, which delivers them after its commit, and with `jobzone send` for retries."""

from __future__ import annotations

import logging
import threading

from notifications import service
from scoring.errors import JobzoneError
from web.settings import WebSettings

log = logging.getLogger("jobzone.web")


class ConfirmationSender:
    def __init__(self, settings: WebSettings):
        self.settings, self.every = settings, settings.web_send_every
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._loop, name="confirmations", daemon=True)

    @property
    def enabled(self) -> bool:
        return self.every > 0

    def start(self) -> None:
        if self.enabled:
            self._thread.start()

    def wake(self) -> None:
        """A form queued a confirmation: deliver it now rather than at the next tick."""
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
        yet: nothing can be queued, and the web process never creates one."""
        if not self.settings.db.exists():
            return
        try:
            report = service.send_due(self.settings, kinds=("confirm",))
        except JobzoneError as exc:  # a busy warehouse, a misconfigured transport: next tick
            log.warning("confirmations not delivered now: %s", exc)
            return
        except Exception:  # noqa: BLE001 - the web app must keep serving; the operator sees the traceback
            log.exception("confirmations not delivered now")
            return
        for error in report.errors:
            log.warning("confirmation delivery: %s", error)
