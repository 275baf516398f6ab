"""What subscriptions and delivery read: the signing secret, links, mail transport, webhooks, pacing."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from notifications.errors import SubscriptionError
from warehouse.settings import StoreSettings

MIN_SECRET_LENGTH = 32
SECRET_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"


class NotificationSettings(StoreSettings):
    # Signs confirm / unsubscribe links and webhook bodies: no default, required once anyone subscribes.
    secret: SecretStr | None = None
    base_url: str = "http://127.0.0.1:8000"
    mail_from: str = "jobzone <alerts@jobzone.local>"
    smtp_url: SecretStr | None = None  # smtp://, smtp+starttls://, smtps://; unset: .eml files in outbox_dir
    smtp_password: SecretStr | None = None
    unsubscribe_mailto: str | None = None
    outbox_dir: Path = Path("outbox")
    alert_min_points: float = 1.0
    smtp_rate: float = 10.0  # messages per second
    smtp_per_connection: int = 100
    smtp_mark_every: int = 25  # accepted messages committed as sent in groups of at most this many (or 0.1 s)
    smtp_timeout: float = 30.0  # seconds an SMTP server may take to answer one command
    suppress_after: int = 2  # hard bounces (or refused webhooks) before an address is suppressed
    check_deliverability: bool = False  # also check the address's domain accepts mail (a DNS lookup)
    webhook_timeout: float = 10.0  # seconds for one webhook POST
    send_deadline: float = 600.0  # `send` stops starting new deliveries after this many seconds
    breaker_after: int = 3  # consecutive timeouts / connection failures before a channel is skipped for the batch

    def signing_secret(self) -> str:
        """JOBZONE_SECRET, checked: set and long enough to sign links nobody can forge."""
        value = self.secret.get_secret_value() if self.secret else ""
        if not value:
            raise SubscriptionError(
                "JOBZONE_SECRET is not set: it signs confirm and unsubscribe links "
                f"(set a long random value, e.g. `{SECRET_HINT}`)"
            )
        if len(value) < MIN_SECRET_LENGTH:
            raise SubscriptionError(
                f"JOBZONE_SECRET is {len(value)} characters; it must be at least "
                f"{MIN_SECRET_LENGTH} (e.g. `{SECRET_HINT}`)"
            )
        return value
