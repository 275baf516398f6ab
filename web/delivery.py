"""The web process delivers the confirmations its forms queue, so a subscriber gets the link within seconds with no
operator step: a background sender (notifications/sender.py) delivers what is due of kind "confirm" through the
same outbox as `jobzone send` (every JOBZONE_WEB_SEND_EVERY seconds, and at once after a form queued one). Alerts
stay with the run that queues them, which delivers them after its commit, and with `jobzone send` for retries."""

from __future__ import annotations

import logging

from notifications.sender import OutboxSender
from web.settings import WebSettings


class ConfirmationSender(OutboxSender):
    def __init__(self, settings: WebSettings):
        super().__init__(settings, settings.web_send_every, kinds=("confirm",), log=logging.getLogger("jobzone.web"))
