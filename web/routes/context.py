"""What every route shares: the settings, the CSRF signer and the rate limits (on app.state), and the helpers
that answer with a page or a message and set the CSRF cookie."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.countries import country as country_named
from scoring.errors import JobzoneError
from web import pages
from web.delivery import ConfirmationSender
from web.security import CSRF_COOKIE, Csrf, RateLimit
from web.settings import WebSettings

T = TypeVar("T")


async def off_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run database work (reads that may wait for a writer's commit, the writer lock) on a worker thread: a
    request waiting for the warehouse never holds up the event loop, so other pages keep answering."""
    return await run_in_threadpool(fn, *args, **kwargs)


@dataclass(frozen=True)
class WebContext:
    settings: WebSettings
    csrf: Csrf
    per_address: RateLimit
    per_client: RateLimit
    sender: ConfirmationSender

    @classmethod
    def of(cls, settings: WebSettings) -> "WebContext":
        limits = (RateLimit(3, 3600), RateLimit(10, 600))
        return cls(settings, Csrf(settings.signing_secret()), *limits, ConfirmationSender(settings))


def context(request: Request) -> WebContext:
    return request.app.state.web


def settings_of(request: Request) -> WebSettings:
    return context(request).settings


def form_context(request: Request) -> dict:
    """The CSRF token for the page's forms, bound to the visitor's cookie (made now if there is none)."""
    request.state.csrf_cookie = request.cookies.get(CSRF_COOKIE) or Csrf.new_cookie()
    return {"csrf": context(request).csrf.form_token(request.state.csrf_cookie)}


def valid_form(request: Request, token: object) -> bool:
    """The form's CSRF token matches the visitor's cookie."""
    return context(request).csrf.valid(request.cookies.get(CSRF_COOKIE), token if isinstance(token, str) else None)


def page(request: Request, html: str, status: int = 200) -> HTMLResponse:
    response = HTMLResponse(html, status_code=status)
    if not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, request.state.csrf_cookie, httponly=True, samesite="strict")
    return response


def message(
    request: Request,
    heading: str,
    text: str,
    status: int = 200,
    *,
    action: str | None = None,
    token: str = "",
    button: str = "",
) -> HTMLResponse:
    html = pages.render(
        "message.html.j2",
        heading=heading,
        text=text,
        action=action,
        token=token,
        button=button,
        **form_context(request),
    )
    return page(request, html, status)


def not_found(request: Request, text: str) -> HTMLResponse:
    return message(request, "Not found", text, 404)


class UnknownCountry(JobzoneError):
    """A page asked for a country view jobzone does not score: a 404 naming those it does (web/app.py)."""


def asked_country(request: Request) -> str:
    """The country view a page is asked for: ?country=GB (UK too), the US by default; UnknownCountry for any other."""
    try:
        return country_named(request.query_params.get("country") or DEFAULT_COUNTRY).code
    except JobzoneError as exc:  # the CLI's words: its option name becomes the query's parameter
        raise UnknownCountry(str(exc).replace("--country", "country")) from None


def page_number(request: Request) -> int | None:
    """?page=N (default 1); None when it is not a whole number from 1 (pages and the API refuse it alike)."""
    text = request.query_params.get("page", "1")
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_PAGE_DIGITS):
        return None
    return int(text) or None


MAX_PAGE_DIGITS = 7  # far past any catalogue's last page; a longer number is refused unread
