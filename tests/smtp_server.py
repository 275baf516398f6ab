"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records what it accepts and can refuse or drop on cue."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from email.policy import default

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: dict[str, list[str]] = {}  # recipient -> responses to give to its next RCPTs, in order
        self.drop_on_data: set[int] = set()  # close the connection instead of accepting the Nth DATA (1-based)
        self.stall_seconds = 0.0  # answer every DATA only after this long (a stalling server)
        self.mail_from_reply: str | None = None  # e.g. "530 5.7.0 Authentication required" for every MAIL FROM
        self.data_count = 0
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_from_reply:
            return self.mail_from_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        planned = self.refuse.get(address)
        if planned:
            return planned.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.stall_seconds:
            await asyncio.sleep(self.stall_seconds)
        with self.lock:
            self.data_count += 1
            drop = self.data_count in self.drop_on_data
        if drop:
            server.transport.close()  # the connection drops before the message is accepted
            return "421 closing"
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [m["Message-ID"] for m in self.messages]


class SmtpServer:
    def __init__(self):
        self.recorder = Recorder()
        with socket.socket() as probe:  # aiosmtpd checks its own port after starting, so it needs a real one
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.controller.port}"
