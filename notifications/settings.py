"""What subscriptions and delivery read: the signing secret, links, mail transport, webhooks, pacing."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from notifications.errors import SubscriptionError
from warehouse.settings import StoreSettings

MIN_SECRET_LENGTH = 32
SECRET_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"


class NotificationSettings(StoreSettings):
    secret: SecretStr | None = Field(
        None,
        description="signs confirm and unsubscribe tokens and webhook bodies; required once anyone subscribes (32+ characters)",
    )
    base_url: str = Field(
        "http://127.0.0.1:8000",
        description="where links in mail and API answers point (role pages, confirm, unsubscribe)",
    )
    mail_from: str = Field("jobzone <alerts@jobzone.local>", description="sender of every message")
    smtp_url: SecretStr | None = Field(
        None,
        description="`smtp://`, `smtp+starttls://` or `smtps://` (secret if it carries a password); unset: `.eml` files in the outbox folder",
    )
    smtp_password: SecretStr | None = Field(None, description="SMTP password when not in the URL (secret)")
    unsubscribe_mailto: str | None = Field(None, description="adds a mailto to `List-Unsubscribe`")
    outbox_dir: Path = Field(Path("outbox"), description="where the file transport writes `.eml` files")
    # Bounds are where a value stops meaning what its name says: 0 points would alert every subscriber on every
    # unchanged run, a deadline of 0 would send nothing, a breaker after 0 failures would never try a channel.
    alert_min_points: float = Field(
        1.0, gt=0, le=100, allow_inf_nan=False, description="score move since the subscriber was last told that alerts"
    )
    smtp_rate: float = Field(10.0, ge=0, allow_inf_nan=False, description="messages per second (0: unpaced)")
    smtp_per_connection: int = Field(100, ge=1, description="messages per SMTP connection")
    smtp_mark_every: int = Field(25, ge=1, description="accepted messages committed as sent per group (1: strict)")
    smtp_timeout: float = Field(
        30.0, gt=0, le=3600, allow_inf_nan=False, description="seconds an SMTP server may take per command"
    )
    suppress_after: int = Field(
        2, ge=1, description="hard bounces (or refused webhooks) before an address is suppressed"
    )
    check_deliverability: bool = Field(
        False, description="on subscribe, also check the address's domain accepts mail (a DNS lookup)"
    )
    webhook_private_targets: bool = Field(
        False,
        description="allow webhook URLs on loopback, private or link-local addresses (the operator's choice for receivers on their own network); off, such a subscription is refused",
    )
    webhook_timeout: float = Field(
        10.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description="seconds a webhook receiver may take per connect and read; a whole POST is abandoned after 3 times that",
    )
    send_deadline: float = Field(
        600.0,
        gt=0,
        allow_inf_nan=False,
        description="`jobzone send` starts no new delivery after this many seconds (the rest stays queued)",
    )
    channel_breaker_after: int = Field(
        3, ge=1, description="unanswered attempts in a row before a channel is left for the next send (circuit breaker)"
    )

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
