"""Mail transports: SMTP (smtp://, smtp+starttls://, smtps://) from a URL, or .eml files in a folder.
send() answers in the channels' outcomes: a recipient's 4xx Deferred and 5xx Refused, no answer Unreachable, and a
refusal of jobzone itself (authentication, sender, relaying) Misconfigured, which fails no address."""

from __future__ import annotations

import re
import smtplib
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit

from catalogue.files import write_atomically
from notifications.channels.base import Deferred, Misconfigured, Refused, Unreachable
from notifications.errors import DeliveryError

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class FileTransport:
    """The embedded default: each message is written as <outbox>/<message-id>.eml."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.reconnects = 0

    def describe(self) -> str:
        return f".eml files in {self.folder}"

    def open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeliveryError(
                f"JOBZONE_OUTBOX_DIR {self.folder}: cannot create the mail folder ({exc.strerror})"
            ) from None

    def send(self, to_addr: str, raw: bytes, message_id: str) -> None:
        """Write the message whole or not at all: a full disk leaves no empty or cut .eml (it is retried)."""
        name = re.sub(r"[^A-Za-z0-9._-]", "_", message_id.strip("<>"))
        try:
            write_atomically(self.folder / f"{name}.eml", raw)
        except OSError as exc:
            raise Unreachable(f"cannot write to {self.folder}: {exc.strerror}") from None

    def close(self) -> None:
        pass


# Replies that refuse the client, not the recipient (RFC 4954, RFC 3463): authentication required (530), too weak
# (534), invalid credentials (535), encryption required (538), and the enhanced codes of the same meaning.
CLIENT_REFUSED_CODES = frozenset({530, 534, 535, 538})
CLIENT_REFUSED_STATUS = re.compile(r"\b[45]\.7\.(?:0|8|9|11|14)\b")
RELAY_DENIED = re.compile(r"relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)", re.IGNORECASE)


def _outcome(exc: smtplib.SMTPException) -> Exception:
    """The delivery outcome of an SMTP refusal: the client's fault (Misconfigured), else the recipient's (a 5xx
    Refused, a 4xx Deferred)."""
    code, message = _smtp_reply(exc)
    error = f"{code or ''} {message}".strip()
    if (
        isinstance(exc, smtplib.SMTPSenderRefused)
        or code in CLIENT_REFUSED_CODES
        or CLIENT_REFUSED_STATUS.search(message)
        or RELAY_DENIED.search(message)
    ):
        return Misconfigured(error)
    return Refused(error) if code and 500 <= code < 600 else Deferred(error)


def _smtp_reply(exc: smtplib.SMTPException) -> tuple[int | None, str]:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()))
        return code, reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return exc.smtp_code, message
    return None, str(exc)


class SmtpTransport:
    def __init__(self, url: str, sender: str, password: str | None = None, timeout: float = 30):
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS:
            raise DeliveryError(
                f"JOBZONE_SMTP_URL: scheme must be one of {', '.join(DEFAULT_PORTS)}, got {parts.scheme!r}"
            )
        if not parts.hostname:
            raise DeliveryError("JOBZONE_SMTP_URL: no host (expected e.g. smtp+starttls://user@mail.example.org:587)")
        self.scheme, self.host = parts.scheme, parts.hostname
        try:
            self.port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError:
            raise DeliveryError(
                "JOBZONE_SMTP_URL: the port must be a number from 1 to 65535 (e.g. smtp+starttls://host:587)"
            ) from None
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else password
        self.sender = sender
        self.timeout = timeout
        self.reconnects = 0
        self.connection: smtplib.SMTP | None = None

    def describe(self) -> str:  # never includes the password
        return f"{self.scheme}://{self.user + '@' if self.user else ''}{self.host}:{self.port}"

    def open(self) -> None:
        try:
            if self.scheme == "smtps":
                self.connection = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                self.connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.scheme == "smtp+starttls":
                    self.connection.starttls(context=ssl.create_default_context())
            if self.user:
                self.connection.login(self.user, self.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            self.connection = None
            raise DeliveryError(f"cannot connect to {self.describe()}: {exc}") from None

    def send(self, to_addr: str, raw: bytes, message_id: str) -> None:
        """One message over the open connection; a connection dropped before the answer is reopened once."""
        for attempt in (1, 2):
            try:
                if self.connection is None:
                    self.open()
                assert self.connection is not None  # open() connects or raises
                self.connection.sendmail(self.sender, [to_addr], raw)
                return
            except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError, DeliveryError) as exc:
                self._drop()
                if attempt == 2 or isinstance(exc, (TimeoutError, DeliveryError)):
                    raise Unreachable(f"{self.describe()}: {exc or type(exc).__name__}") from None
                self.reconnects += 1
            except smtplib.SMTPException as exc:
                raise _outcome(exc) from None
            except OSError as exc:
                self._drop()
                raise Unreachable(f"{self.describe()}: {exc}") from None

    def _drop(self) -> None:
        """Close without a QUIT: a stalled server would make us wait out the timeout once more."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.connection = None


def make_transport(
    smtp_url: str | None, sender: str, password: str | None, outbox_dir: Path, timeout: float = 30
) -> SmtpTransport | FileTransport:
    return SmtpTransport(smtp_url, sender, password, timeout) if smtp_url else FileTransport(outbox_dir)
