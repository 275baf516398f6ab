"""Mail transports: SMTP (smtp://, smtp+starttls://, smtps://) from a URL, or .eml files in a folder."""
from __future__ import annotations

import re
import smtplib
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit

from notifications.errors import DeliveryError

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class FileTransport:
    """The embedded default: each message is written as <outbox>/<message-id>.eml."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def describe(self) -> str:
        return f".eml files in {self.folder}"

    def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def send(self, sender: str, to_addr: str, raw: bytes, message_id: str) -> None:
        name = re.sub(r"[^A-Za-z0-9._-]", "_", message_id.strip("<>"))
        (self.folder / f"{name}.eml").write_bytes(raw)

    def close(self) -> None:
        pass


class SmtpTransport:
    def __init__(self, url: str, password: str | None = None, timeout: float = 30):
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS:
            raise DeliveryError(f"JOBZONE_SMTP_URL: scheme must be one of {', '.join(DEFAULT_PORTS)}, got {parts.scheme!r}")
        if not parts.hostname:
            raise DeliveryError("JOBZONE_SMTP_URL: no host (expected e.g. smtp+starttls://user@mail.example.org:587)")
        self.scheme, self.host = parts.scheme, parts.hostname
        self.port = parts.port or DEFAULT_PORTS[parts.scheme]
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else password
        self.timeout = timeout
        self.connection: smtplib.SMTP | None = None

    def describe(self) -> str:  # never includes the password
        return f"{self.scheme}://{self.user + '@' if self.user else ''}{self.host}:{self.port}"

    def open(self) -> None:
        try:
            if self.scheme == "smtps":
                self.connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                                   context=ssl.create_default_context())
            else:
                self.connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.scheme == "smtp+starttls":
                    self.connection.starttls(context=ssl.create_default_context())
            if self.user:
                self.connection.login(self.user, self.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            self.connection = None
            raise DeliveryError(f"cannot connect to {self.describe()}: {exc}") from None

    def send(self, sender: str, to_addr: str, raw: bytes, message_id: str) -> None:
        if self.connection is None:
            self.open()
        self.connection.sendmail(sender, [to_addr], raw)

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.connection = None


def make_transport(smtp_url: str | None, password: str | None, outbox_dir: Path):
    return SmtpTransport(smtp_url, password) if smtp_url else FileTransport(outbox_dir)
