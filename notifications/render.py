"""Rendering messages: jinja2 templates (HTML autoescaped, plain text), CSS inlined, safe headers."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from typing import Sequence

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from notifications.message import MailConfig, Rendered, confirm_url, message_id, one_line
from notifications.message import link_url as _url
from notifications.tokens import make_token
from scoring.countries import COUNTRIES
from scoring.countries import DEFAULT as DEFAULT_COUNTRY

__all__ = ["MailConfig", "Rendered", "confirm_url", "message_id", "one_line", "render_confirm", "render_digest"]

_env = Environment(
    loader=PackageLoader("notifications", "templates"),
    undefined=StrictUndefined,
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
    keep_trailing_newline=True,
)
_inliner = css_inline.CSSInliner(keep_style_tags=False)
# CRLF line ends for SMTP; fold only at the RFC 5322 limit: a folded List-Unsubscribe gets RFC 2047-encoded.
MAIL_POLICY = SMTP.clone(max_line_length=998)


def _message(
    config: MailConfig,
    to_addr: str,
    subject: str,
    message_id: str,
    template: str,
    context: dict,
    extra_headers: dict[str, str] | None = None,
) -> Rendered:
    subject = one_line(subject)
    context = {**context, "subject": subject, "base_url": config.base_url}
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = config.sender
    message["To"] = formataddr(("", to_addr))
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))  # RFC 5322 requires it: when it was made
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies or other auto-answers to it
    for name, value in (extra_headers or {}).items():
        message[name] = one_line(value, 2000)
    message.set_content(_env.get_template(f"{template}.txt.j2").render(context))  # text first
    message.add_alternative(_inliner.inline(_env.get_template(f"{template}.html.j2").render(context)), subtype="html")
    return Rendered(message_id, to_addr, subject, bytes(message))


def render_digest(
    config: MailConfig,
    run_id: int,
    subscriber_id: int,
    email: str,
    reason: str | None,
    moves: list,
    causes: dict[str, list[str]],
    as_of: dt.date | None = None,
    country: str = DEFAULT_COUNTRY,
) -> Rendered:
    """One digest of a run's moves for a subscriber; as_of: the market data the run scored on; country: the view
    the run scored (another country's digest says so, with the data it reads, and links that view's pages)."""
    all_url = _url(config, "/unsubscribe", make_token(config.secret, "unsubscribe-all", subscriber_id))
    per_role = {
        m.now.role_id: _url(
            config, "/unsubscribe", make_token(config.secret, "unsubscribe-role", subscriber_id, m.now.role_id)
        )
        for m in moves
    }
    if len(moves) == 1:
        now, told = moves[0].now, moves[0].subscription
        subject = f"{now.title}: {told.told_aijri:.1f} → {now.aijri_display}, {now.label}"
    else:
        subject = f"{len(moves)} roles you follow moved"
    view = COUNTRIES[country]
    if country != DEFAULT_COUNTRY:
        subject = f"{view.name}: {subject}"
    list_unsubscribe = f"<{all_url}>" + (
        f", <mailto:{config.unsubscribe_mailto}?subject=unsubscribe>" if config.unsubscribe_mailto else ""
    )
    return _message(
        config,
        email,
        f"jobzone: {subject}",
        message_id(config, "alert", run_id, subscriber_id),
        "digest",
        {
            "moves": moves,
            "causes": causes,
            "reason": reason,
            "as_of": as_of,
            "view": None if country == DEFAULT_COUNTRY else view,
            "view_query": "" if country == DEFAULT_COUNTRY else f"?country={country}",
            "unsubscribe_all": all_url,
            "unsubscribe_role": per_role,
            "manage_url": manage_url(config, subscriber_id),
        },
        {
            "List-Id": f"jobzone alerts <alerts.{config.domain}>",  # RFC 2919: one id mail clients can filter on
            "List-Unsubscribe": list_unsubscribe,  # RFC 2369, with the one-click POST of RFC 8058
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def render_confirm(
    config: MailConfig,
    subscriber_id: int,
    email: str,
    titles: list[str],
    token: str,
    categories: Sequence[tuple[str, int]] = (),
) -> Rendered:
    """The confirmation mail; the token is bound to this request's roles and categories (see service.subscribe)."""
    return _message(
        config,
        email,
        "jobzone: confirm your updates",
        message_id(config, "confirm", None, subscriber_id, token),
        "confirm",
        {"titles": titles, "categories": list(categories), "confirm_url": confirm_url(config, token)},
    )


def manage_url(config: MailConfig, subscriber_id: int) -> str:
    """A signed link to the page where a subscriber sees and changes what they follow (no account needed)."""
    return _url(config, "/manage", make_token(config.secret, "manage", subscriber_id))


def render_test(config: MailConfig, email: str, transport: str, salt: str) -> Rendered:
    return _message(
        config,
        email,
        "jobzone: test message",
        message_id(config, "test", None, 0, salt),
        "test",
        {"transport": transport},
    )
