"""The webhook channel: one signed JSON POST per subscription per run.

Body: {"run": {...}, "changes": [...], "text": "..."}, each change in the published change schema
(scoring.change_schema, docs/api.md) ("text" makes it a valid Slack / Mattermost incoming
webhook message too). Headers: X-Jobzone-Signature: sha256=<HMAC-SHA256 of the body with JOBZONE_SECRET>,
X-Jobzone-Delivery: an id unique per (run, subscriber), the same on every retry so receivers can deduplicate."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import threading
from typing import Sequence
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from notifications.addresses import mask
from notifications.channels.base import Deferred, Refused, Unreachable
from notifications.errors import SubscriptionError
from notifications.message import MailConfig, Rendered, confirm_url, message_id
from notifications.ratchet import Move, RunInfo
from notifications.settings import NotificationSettings
from scoring.change_schema import ChangeRecord, ScoreState

SIGNATURE_HEADER = "X-Jobzone-Signature"
DELIVERY_HEADER = "X-Jobzone-Delivery"


def _private(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # a name: not resolved here
    return address.is_loopback or address.is_private or address.is_link_local or address.is_reserved


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    """What a receiver does: recompute the HMAC over the raw body and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), signature or "")


def _body(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def _change(config: MailConfig, run: RunInfo, move: Move, causes: list[str]) -> dict:
    """One change in the published schema (scoring.change_schema): `before` is what this subscriber was last told."""
    now, told = move.now, move.subscription
    if told.told_aijri is None or told.told_zone is None or told.told_label is None:
        raise ValueError(f"{now.role_id}: a move needs the score last told (ratchet.decide makes none without)")
    return ChangeRecord(
        role_id=now.role_id,
        title=now.title,
        run_id=run.id,
        as_of=run.as_of,
        reason=run.reason,
        before=ScoreState.of(told.told_aijri, told.told_zone, told.told_label),
        after=ScoreState.of(now.aijri, now.zone, now.label),
        causes=causes,
        url=f"{config.base_url}/roles/{now.role_id}",
        draft=now.draft_note,
        category_followed=told.via_category,
    ).model_dump(mode="json")


def _summary(changes: list[dict], reason: str | None) -> str:
    lines = [
        f"{c['title']}: {c['before']['aijri']:.1f} -> {c['after']['aijri']:.1f}, "
        f"{c['before']['label']} -> {c['after']['label']} ({c['url']})"
        for c in changes
    ]
    head = f"jobzone: {len(changes)} role{'s' if len(changes) != 1 else ''} you follow moved"
    return "\n".join([head + (f" ({reason})" if reason else "")] + lines)


class WebhookChannel:
    name = "webhook"
    target = "URL"
    confirm_hint = "a confirmation POST whose reply echoes its token confirms it; or `jobzone confirm --webhook URL`"
    operator_confirms = True  # for receivers that cannot echo a token

    def check_target(self, address: str, settings: NotificationSettings) -> None:
        """A URL on this machine or a private network (loopback, private, link-local or reserved addresses, localhost)
        would have jobzone POST into the operator's own network: only where the operator says so
        (JOBZONE_WEBHOOK_PRIVATE_TARGETS=true). A literal check: a public name that resolves privately is not seen."""
        host = (urlsplit(address).hostname or "").rstrip(".").lower()
        if settings.webhook_private_targets or not _private(host):
            return
        raise SubscriptionError(
            f"{mask(address)}: {host} is a loopback or private address; webhooks POST there only where the operator "
            "allows it (JOBZONE_WEBHOOK_PRIVATE_TARGETS=true)"
        )

    def normalise(self, address: str, check_deliverability: bool = False) -> str:
        parts = urlsplit(address.strip())
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise SubscriptionError(f"{address!r} is not a webhook URL (expected https://host/path)")
        return parts.geturl()

    def render_confirm(
        self,
        config: MailConfig,
        subscriber_id: int,
        address: str,
        titles: list[str],
        token: str,
        categories: Sequence[tuple[str, int]] = (),
    ) -> Rendered:
        url = confirm_url(config, token)
        followed = [f"every role in {name} ({count} now, and any that join it)" for name, count in categories]
        text = (
            f"jobzone: confirm updates for {', '.join(followed + titles)}. Reply to this POST with the token, "
            f"or open {url}"
        )
        groups = [{"name": name, "roles_now": count} for name, count in categories]
        body = _body(
            {
                "type": "confirmation",
                "token": token,
                "confirm_url": url,
                "roles": titles,
                "categories": groups,
                "text": text,
            }
        )
        return Rendered(message_id(config, "confirm", None, subscriber_id, token), address, "confirm webhook", body)

    def render_digest(
        self,
        config: MailConfig,
        run: RunInfo,
        subscriber_id: int,
        address: str,
        moves: list,
        causes: dict[str, list[str]],
    ) -> Rendered:
        changes = [_change(config, run, move, causes.get(move.now.role_id, [])) for move in moves]
        body = _body(
            {"type": "changes", "run": run.as_dict(), "changes": changes, "text": _summary(changes, run.reason)}
        )
        return Rendered(
            message_id(config, "alert", run.id, subscriber_id), address, f"{len(changes)} role(s) moved", body
        )

    def transport(self, settings: NotificationSettings) -> "WebhookTransport":
        return WebhookTransport(settings.signing_secret(), settings.webhook_timeout)

    def echoed_token(self, raw: bytes, reply: str | None) -> str | None:
        """The token, when the reply is the token itself or {"token": ...}: an endpoint that echoes whatever it is
        sent (its reply holds the whole confirmation) has not confirmed anything."""
        token = json.loads(raw).get("token")
        if not token or not reply:
            return None
        text = reply.strip()
        if text == token:
            return token
        try:
            answer = json.loads(text)
        except ValueError:
            return None
        return token if answer == {"token": token} else None


# A whole POST (connect, retries, reply) is abandoned after this many times JOBZONE_WEBHOOK_TIMEOUT: each
# socket read is bounded by the timeout, but a receiver trickling its reply a byte at a time never trips it.
TOTAL_TIMEOUT_FACTOR = 3
MAX_REPLY_BYTES = 64 * 1024  # enough for any echoed token; the rest of a reply is not read


def post_within(
    session: requests.Session, url: str, body: bytes, headers: dict[str, str], timeout: float
) -> tuple[int, str]:
    """(status, reply text up to MAX_REPLY_BYTES) of one POST, or Unreachable / Deferred. It runs on a daemon
    thread joined with the total deadline: a receiver that holds the connection open cannot hold `send`."""
    answers: list[tuple[int, str]] = []
    errors: list[Exception] = []

    def attempt() -> None:
        try:
            with session.post(
                url, data=body, headers=headers, timeout=timeout, allow_redirects=False, stream=True
            ) as response:
                reply = bytearray()
                for chunk in response.iter_content(4096):
                    reply += chunk
                    if len(reply) >= MAX_REPLY_BYTES:
                        break
                answers.append((response.status_code, reply[:MAX_REPLY_BYTES].decode("utf-8", "replace")))
        except (requests.Timeout, requests.ConnectionError) as exc:
            errors.append(Unreachable(f"{mask(url)}: {type(exc).__name__}"))
        except requests.RequestException as exc:
            errors.append(Deferred(f"{mask(url)}: {type(exc).__name__}"))  # its text repeats the whole URL
        except Exception as exc:  # noqa: BLE001 - anything else the worker met is this POST's outcome, not lost
            errors.append(Deferred(f"{mask(url)}: {type(exc).__name__}"))

    total = timeout * TOTAL_TIMEOUT_FACTOR
    worker = threading.Thread(target=attempt, name="webhook-post", daemon=True)
    worker.start()
    worker.join(total)
    if worker.is_alive():
        raise Unreachable(
            f"{mask(url)}: no complete answer within {total:g}s (JOBZONE_WEBHOOK_TIMEOUT x {TOTAL_TIMEOUT_FACTOR})"
        )
    if errors:
        raise errors[0]
    return answers[0]


class WebhookTransport:
    """POSTs with retries and backoff on 5xx and 429 (urllib3 Retry); the outbox retries later beyond that."""

    def __init__(self, secret: str, timeout: float, retries: int = 2):
        self.secret, self.timeout = secret, timeout
        self.retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=0.5,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"POST"}),
            raise_on_status=False,
            respect_retry_after_header=True,
        )
        self.session: requests.Session | None = None
        self.reconnects = 0

    def describe(self) -> str:
        return "signed webhook POSTs"

    def open(self) -> None:
        self.session = requests.Session()
        self.session.mount("http://", HTTPAdapter(max_retries=self.retry))
        self.session.mount("https://", HTTPAdapter(max_retries=self.retry))

    def send(self, to_addr: str, raw: bytes, message_id: str) -> str | None:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "jobzone-webhooks",
            SIGNATURE_HEADER: sign(self.secret, raw),
            DELIVERY_HEADER: message_id.strip("<>"),
        }
        if self.session is None:
            self.open()
        assert self.session is not None  # open() makes one
        status, reply = post_within(self.session, to_addr, raw, headers, self.timeout)
        if 200 <= status < 300:
            return reply
        error = f"{mask(to_addr)}: HTTP {status}"
        if status == 429 or status >= 500:
            raise Deferred(error)
        raise Refused(error)

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None


WEBHOOK = WebhookChannel()
