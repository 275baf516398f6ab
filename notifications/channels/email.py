"""The e-mail channel: today's templates, transports and headers behind the Channel protocol."""

from __future__ import annotations

from notifications.addresses import normalise
from notifications.render import MailConfig, Rendered, render_confirm, render_digest
from notifications.transport import make_transport


class EmailChannel:
    name = "email"

    def normalise(self, address: str, check_deliverability: bool = False) -> str:
        return normalise(address, check_deliverability)

    def render_confirm(
        self, config: MailConfig, subscriber_id: int, address: str, titles: list[str], token: str
    ) -> Rendered:
        return render_confirm(config, subscriber_id, address, titles, token)

    def render_digest(
        self, config: MailConfig, run: dict, subscriber_id: int, address: str, moves: list, causes: dict[str, list[str]]
    ) -> Rendered:
        return render_digest(config, run["id"], subscriber_id, address, run.get("reason"), moves, causes)

    def transport(self, settings):
        url = settings.smtp_url.get_secret_value() if settings.smtp_url else None
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return make_transport(url, settings.mail_from, password, settings.outbox_dir, settings.smtp_timeout)

    def echoed_token(self, raw: bytes, reply: str | None) -> str | None:
        return None  # people confirm by following the link


EMAIL = EmailChannel()
