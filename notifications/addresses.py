"""E-mail address validation and normalisation (email-validator), and masking for display."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from notifications.errors import SubscriptionError


def normalise(address: str, check_deliverability: bool = False) -> str:
    try:
        result = validate_email(address.strip(), check_deliverability=check_deliverability)
    except EmailNotValidError as exc:
        raise SubscriptionError(f"{address!r} is not a valid e-mail address: {exc}") from None
    local, domain = result.normalized.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def mask(address: str) -> str:
    """a***@example.org: enough to recognise, not enough to harvest."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"
