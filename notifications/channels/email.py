"""The e-mail channel: today's templates, transports and headers behind the Channel protocol."""

from __future__ import annotations

from typing import Sequence

from notifications.channels.base import Transport
from notifications.message import MailConfig, Rendered
from notifications.ratchet import RunInfo
from notifications.settings import NotificationSettings

# Templates (jinja2), address validation and SMTP are imported where they are used: the CLI imports the channel
# registry for its --channel help, and should not pay for them on every command.


class EmailChannel:
    name = "email"
    target = "EMAIL"
    confirm_hint = "its confirmation link confirms it"
    operator_confirms = False  # double opt-in: only the address's owner confirms

    def check_target(self, address: str, settings: NotificationSettings) -> None:
        """Any address that normalises is a target: its owner confirms it by the link."""

    def normalise(self, address: str, check_deliverability: bool = False) -> str:
        from notifications.addresses import normalise

        return normalise(address, check_deliverability)

    def render_confirm(
        self,
        config: MailConfig,
        subscriber_id: int,
        address: str,
        titles: list[str],
        token: str,
        categories: Sequence[tuple[str, int]] = (),
    ) -> Rendered:
        from notifications.render import render_confirm

        return render_confirm(config, subscriber_id, address, titles, token, categories)

    def render_digest(
        self,
        config: MailConfig,
        run: RunInfo,
        subscriber_id: int,
        address: str,
        moves: list,
        causes: dict[str, list[str]],
    ) -> Rendered:
        from notifications.render import render_digest

        return render_digest(
            config, run.id, subscriber_id, address, run.reason, moves, causes, as_of=run.as_of, country=run.country
        )

    def transport(self, settings: NotificationSettings) -> Transport:
        from notifications.transport import make_transport

        url = settings.smtp_url.get_secret_value() if settings.smtp_url else None
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return make_transport(url, settings.mail_from, password, settings.outbox_dir, settings.smtp_timeout)

    def echoed_token(self, raw: bytes, reply: str | None) -> str | None:
        return None  # people confirm by following the link


EMAIL = EmailChannel()
