"""E-mail address validation and normalisation (email-validator), and masking for display."""

from __future__ import annotations

from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from notifications.errors import SubscriptionError


def normalise(address: str, check_deliverability: bool = False) -> str:
    """The address as mail servers get it: an internationalised domain in its ASCII (IDNA) form, so
    `a@münchen.de` and `a@xn--mnchen-3ya.de` are one subscriber. A non-ASCII local part would need SMTPUTF8,
    which jobzone does not send: it is refused (SubscriptionError) like any other address it cannot reach."""
    try:
        result = validate_email(address.strip(), check_deliverability=check_deliverability, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise SubscriptionError(f"{address!r} is not an e-mail address jobzone can send to: {exc}") from None
    local, domain = (result.ascii_email or result.normalized).rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def mask(address: str) -> str:
    """a***@example.org: enough to recognise, not enough to harvest. A webhook URL loses its user and password, its
    query and every path segment after the first (Slack's and others' secret tokens are the rest of the path)."""
    if "://" in address:
        parts = urlsplit(address)
        port = f":{parts.port}" if parts.port else ""
        segments = [s for s in parts.path.split("/") if s]
        path = f"/{segments[0]}/***" if len(segments) > 1 else ("/***" if segments else "")
        return f"{parts.scheme}://{parts.hostname or ''}{port}{path}"
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"
