"""What subscriptions and delivery read: the signing secret, links, mail transport, webhooks, pacing."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

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
    # Bounds are where a value stops meaning what its name says: 0 points would alert every subscriber on every
    # unchanged run, a deadline of 0 would send nothing, a breaker after 0 failures would never try a channel.
    alert_min_points: float = Field(1.0, gt=0, le=100, allow_inf_nan=False)
    smtp_rate: float = Field(10.0, ge=0, allow_inf_nan=False)  # messages per second (0: unpaced)
    smtp_per_connection: int = Field(100, ge=1)
    smtp_mark_every: int = Field(25, ge=1)  # accepted messages committed as sent in groups of at most this many
    smtp_timeout: float = Field(30.0, gt=0, le=3600, allow_inf_nan=False)  # seconds per SMTP command
    suppress_after: int = Field(2, ge=1)  # hard bounces (or refused webhooks) before an address is suppressed
    check_deliverability: bool = False  # also check the address's domain accepts mail (a DNS lookup)
    # Webhook URLs on loopback, private or link-local addresses: the operator's explicit choice (receivers on their
    # own network); off, such a subscription is refused.
    webhook_private_targets: bool = False
    webhook_timeout: float = Field(10.0, gt=0, le=3600, allow_inf_nan=False)  # seconds for one webhook POST
    send_deadline: float = Field(600.0, gt=0, allow_inf_nan=False)  # `send` starts no delivery after this (s)
    breaker_after: int = Field(3, ge=1)  # timeouts / connection failures in a row before a channel is skipped

    def signing_secret(self) -> str:
        """JOBZONE_SECRET, checked: set and long enough to sign links nobody can forge."""
        value = self.secret.get_secret_value() if self.secret else ""
        if not value.strip():
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
