"""What a rendered message is, and the parts of it that need no template: its Message-ID, its links, safe header
text. Kept apart from notifications/render.py (jinja2, CSS inlining) so the channel registry imports cheaply."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class MailConfig:
    sender: str
    base_url: str
    secret: str
    unsubscribe_mailto: str | None = None

    @property
    def domain(self) -> str:
        return parseaddr(self.sender)[1].rpartition("@")[2] or urlsplit(self.base_url).hostname or "jobzone.local"


@dataclass(frozen=True)
class Rendered:
    message_id: str
    to_addr: str
    subject: str
    raw: bytes


def one_line(text: str, limit: int = 200) -> str:
    """Header-safe: role titles or reasons with CR/LF cannot add headers."""
    return re.sub(r"\s+", " ", text).strip()[:limit]


def link_url(config: MailConfig, path: str, token: str) -> str:
    return f"{config.base_url}{path}?token={quote(token)}"


def message_id(config: MailConfig, kind: str, run_id: int | None, subscriber_id: int, salt: str = "") -> str:
    """Deterministic per (run, subscriber, kind): a retried send carries the same Message-ID."""
    digest = hashlib.sha256(f"{kind}:{run_id}:{subscriber_id}:{salt}".encode()).hexdigest()[:16]
    return f"<jobzone.{kind}.{run_id or 0}.{subscriber_id}.{digest}@{config.domain}>"


def confirm_url(config: MailConfig, token: str) -> str:
    return link_url(config, "/confirm", token)
