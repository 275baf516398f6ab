"""What every notification channel is made of: a Channel (normalise, render, transport) and a Transport
whose send() answers with one of four outcomes the shared delivery loop understands."""

from __future__ import annotations

from typing import Protocol, Sequence

from notifications.message import MailConfig, Rendered
from notifications.ratchet import RunInfo
from notifications.settings import NotificationSettings


class Deferred(Exception):
    """The receiver answered 'not now' (SMTP 4xx, HTTP 429 / 5xx): retry later with backoff."""


class Refused(Exception):
    """The receiver refused for good (SMTP 5xx, HTTP 4xx): a hard bounce."""


class Unreachable(Exception):
    """No answer (connection refused or dropped, timeout): retry later; counts towards the circuit breaker."""


class Misconfigured(Exception):
    """The relay refused jobzone itself, not the recipient (SMTP 530 authentication required, 535 bad credentials,
    a refused sender, relaying denied): no address is at fault, so no message fails and nobody is suppressed; the
    channel stops for this send and its messages stay queued until the operator fixes the transport settings."""


class Transport(Protocol):
    def describe(self) -> str: ...

    def open(self) -> None: ...

    def send(self, to_addr: str, raw: bytes, message_id: str) -> str | None:
        """Deliver one rendered message; return the receiver's reply text if it has one.
        Raises Deferred, Refused, Unreachable or Misconfigured."""

    def close(self) -> None: ...


class Channel(Protocol):
    name: str
    target: str  # what a subscriber of this channel is reached at, for help texts ("EMAIL", "URL")
    confirm_hint: str  # how a pending subscription of this channel gets confirmed, for the operator
    operator_confirms: bool  # the operator may confirm it directly (a receiver that cannot echo a token)

    def normalise(self, address: str, check_deliverability: bool = False) -> str:
        """The canonical address; SubscriptionError if it is not one this channel can reach."""

    def check_target(self, address: str, settings: NotificationSettings) -> None:
        """SubscriptionError when the operator's settings do not allow this target (a webhook on a private host)."""

    def render_confirm(
        self,
        config: MailConfig,
        subscriber_id: int,
        address: str,
        titles: list[str],
        token: str,
        categories: Sequence[tuple[str, int]] = (),
    ) -> Rendered:
        """The confirmation of these roles (titles) and categories (name, roles it holds now)."""

    def render_digest(
        self,
        config: MailConfig,
        run: RunInfo,
        subscriber_id: int,
        address: str,
        moves: list,
        causes: dict[str, list[str]],
    ) -> Rendered: ...

    def transport(self, settings: NotificationSettings) -> Transport: ...

    def echoed_token(self, raw: bytes, reply: str | None) -> str | None:
        """For a delivered confirmation: the token, when the receiver's reply echoed it (confirms at once)."""
