"""CSRF (double-submit cookie with a signed token) and in-memory sliding-window rate limits."""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "jz_csrf"
CSRF_MAX_AGE = 2 * 3600


class Csrf:
    def __init__(self, secret: str):
        self.signer = URLSafeTimedSerializer(secret, salt="jobzone/csrf")

    @staticmethod
    def new_cookie() -> str:
        return secrets.token_urlsafe(24)

    def form_token(self, cookie: str) -> str:
        return self.signer.dumps(cookie)

    def valid(self, cookie: str | None, form_token: str | None) -> bool:
        """The form's token must be signed by us, recent, and match this browser's cookie."""
        if not cookie or not form_token:
            return False
        try:
            return secrets.compare_digest(self.signer.loads(form_token, max_age=CSRF_MAX_AGE), cookie)
        except BadSignature:
            return False


class RateLimit:
    """At most `limit` events per key within `window` seconds."""

    def __init__(self, limit: int, window: float):
        self.limit, self.window = limit, window
        self.events: dict[str, deque] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self.lock:
            queue = self.events[key]
            while queue and now - queue[0] > self.window:
                queue.popleft()
            if len(queue) >= self.limit:
                return False
            queue.append(now)
            return True


# No script runs from the page itself (inline script is never allowed); styles are the page's own <style>.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)


class SecurityHeaders:
    """ASGI middleware: the same security headers on every response (pages, API, errors)."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app, self.hsts = app, hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    # Links carry signed tokens: never leak them to another site through Referer.
                    (b"referrer-policy", b"no-referrer"),
                ]
                if self.hsts:
                    headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
