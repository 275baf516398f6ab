"""Signed, expiring, single-purpose tokens for confirm and unsubscribe links (itsdangerous, HMAC-SHA256)."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from notifications.errors import SubscriptionError

PURPOSES = {
    "confirm": 7 * 86400,
    "unsubscribe-role": 400 * 86400,
    "unsubscribe-all": 400 * 86400,
    "manage": 400 * 86400,
}


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    # The purpose is the salt: a token signed for one purpose never verifies for another.
    return URLSafeTimedSerializer(secret, salt=f"jobzone/{purpose}")


def make_token(secret: str, purpose: str, subscriber_id: int, role_id: str | None = None) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return _serializer(secret, purpose).dumps({"s": subscriber_id, "r": role_id})


def read_token(secret: str, purpose: str, token: str) -> tuple[int, str | None]:
    """(subscriber id, role id) from a valid token of this purpose; SubscriptionError otherwise."""
    try:
        data = _serializer(secret, purpose).loads(token, max_age=PURPOSES[purpose])
    except SignatureExpired:
        raise SubscriptionError(f"this {purpose} link has expired; ask for a new one") from None
    except BadSignature:
        raise SubscriptionError(f"this {purpose} link is not valid (altered, or made for something else)") from None
    return int(data["s"]), data.get("r")


def token_purpose(secret: str, token: str, candidates: tuple[str, ...]) -> str:
    """Which of the candidate purposes a token was signed for (for a single /unsubscribe endpoint)."""
    for purpose in candidates:
        try:
            read_token(secret, purpose, token)
            return purpose
        except SubscriptionError:
            continue
    raise SubscriptionError("this link is not valid (altered, expired, or made for something else)")
