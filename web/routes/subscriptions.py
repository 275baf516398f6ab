"""Subscribing without an account: subscribe (double opt-in), confirm, unsubscribe (RFC 8058 one-click too),
and the signed manage link. Link scanners GET: a GET shows a button and changes nothing."""

from __future__ import annotations

from typing import Any, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from notifications import service
from notifications.addresses import normalise
from notifications.errors import SubscriptionError
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from scoring.countries import country as country_named
from scoring.errors import JobzoneError
from warehouse.errors import WarehouseError
from web import data, listing, pages
from web.routes.context import context, form_context, message, off_loop, page, settings_of, valid_form
from web.settings import WebSettings

MAX_FOLLOW = 500  # roles one form may follow at once (a whole category); more is refused, never cut silently
NEUTRAL = (
    "Check your inbox",
    "If the address can receive mail, a confirmation link is on its way. Nothing is sent until you confirm.",
)
EXPIRED = "Form expired"
LOCK_WAIT = 3.0  # seconds a form waits for another short write (e.g. the confirmation sender's) before "Busy"


def address_key(email: str) -> str:
    """The rate limit's key: the address as it is delivered (Unicode look-alikes of a domain are one mailbox)."""
    try:
        return normalise(email)
    except SubscriptionError:
        return email


async def subscribe(request: Request) -> Response:
    form = await request.form()
    if not valid_form(request, form.get("csrf")):
        return message(request, EXPIRED, "Please reload the page and try again.", 403)
    email = str(form.get("email", "")).strip().lower()
    client = request.client.host if request.client else "?"
    limits = context(request)
    if not limits.per_client.allow(client) or not limits.per_address.allow(address_key(email)):
        return message(request, "Too many requests", "Please try again later.", 429)
    settings = settings_of(request)
    role_ids = [str(r) for r in form.getlist("role_id")]
    categories = [str(c) for c in form.getlist("category")]
    if len(role_ids) + len(categories) > MAX_FOLLOW:
        text = f"One form can follow at most {MAX_FOLLOW} roles ({len(role_ids)} were sent); choose fewer."
        return message(request, "Too many roles", text, 400)
    alert_on = "red" if form.get("only_red") else "moves"
    try:
        country = country_named(str(form.get("country") or DEFAULT_COUNTRY)).code
    except JobzoneError as exc:
        return message(request, "No such country view", str(exc).replace("--country", "country"), 400)

    try:
        # Only queued here: the background sender delivers it (web/delivery.py), never the request itself.
        titles = await off_loop(listing.role_titles, settings)
        sizes = await off_loop(listing.category_sizes, settings) if categories else {}
        await locked(
            settings,
            "web subscribe",
            service.subscribe,
            settings,
            email,
            role_ids,
            titles,
            alert_on=alert_on,
            categories=categories,
            known_categories=sizes,
            country=country,
        )
        context(request).sender.wake()  # the confirmation goes out in seconds, from this process
    except (WarehouseError, data.Unavailable):
        return message(request, "Busy", "A scoring run is in progress; please try again in a minute.", 503)
    except SubscriptionError:
        pass  # same answer for bad, known, unknown and unsupported addresses: no enumeration
    return message(request, *NEUTRAL)


async def manage(request: Request) -> Response:
    """The signed link's page: see and change what you follow, no account (GET shows, POST changes)."""
    if request.method in ("GET", "HEAD"):
        return await _link_page(request, service.manage_view, _rendering(request, "manage.html.j2"))
    settings = settings_of(request)
    try:
        form = await request.form()
        if not valid_form(request, form.get("csrf")):
            return message(request, EXPIRED, "Please open the link from your e-mail again.", 403)
        keep = [str(k) for k in form.getlist("keep")]
        keep_categories = [str(k) for k in form.getlist("keep_category")]
        token, alert_on = str(form.get("token", "")), str(form.get("alert_on", "moves"))
        await locked(settings, "web manage", service.manage_apply, settings, token, keep, alert_on, keep_categories)
    except (WarehouseError, data.Unavailable):
        return message(request, "Busy", "Please try again in a minute.", 503)
    except SubscriptionError as exc:
        return message(request, "That link did not work", str(exc), 400)
    return message(request, "Saved", "Your choices are saved.")


async def confirm(request: Request) -> Response:
    if request.method in ("GET", "HEAD"):
        return await _confirm_page(request)
    form = await request.form()
    if not valid_form(request, form.get("csrf")):
        return message(request, EXPIRED, "Please open the link from your e-mail again.", 403)
    token = str(form.get("token") or request.query_params.get("token", ""))
    failed = await _with_lock(request, "confirm", token)
    return failed or message(
        request, "Subscription confirmed", "You will get an e-mail when the roles you follow move."
    )


async def _confirm_page(request: Request) -> Response:
    """The confirm link's page says what pressing its button confirms (and changes nothing itself)."""
    return await _link_page(request, service.confirm_view, _rendering(request, "confirm.html.j2"))


def _rendering(request: Request, template: str) -> Callable[[dict, str, listing.Listing], Response]:
    """A signed link's page from a template: what the token names, with each role's name and score now."""

    def render(view: dict, token: str, listed: listing.Listing) -> Response:
        html = pages.render(
            template,
            view=view,
            token=token,
            titles=listed.follow_names,
            scores=listed.by_id,
            **form_context(request),
        )
        return page(request, html)

    return render


async def unsubscribe(request: Request) -> Response:
    if request.method in ("GET", "HEAD"):
        return await _unsubscribe_page(request)
    form = await request.form()
    one_click = form.get("List-Unsubscribe") == "One-Click"  # RFC 8058: a POST from the mail client, no cookie
    if not one_click and not valid_form(request, form.get("csrf")):
        return message(request, EXPIRED, "Please open the link from your e-mail again.", 403)
    token = str(form.get("token") or request.query_params.get("token", ""))
    failed = await _with_lock(request, "unsubscribe", token)
    if failed:
        return failed
    if one_click:
        return Response(status_code=200)
    return message(request, "Unsubscribed", "You will get no further updates for this subscription.")


async def _unsubscribe_page(request: Request) -> Response:
    """The unsubscribe link's page names the address and what pressing its button stops (and changes nothing)."""

    def asking(view: dict, token: str, listed: listing.Listing) -> Response:
        role = view["role_id"]
        what = f"updates about {listed.follow_names.get(role, role)}" if role else "every update from jobzone"
        return message(
            request,
            "Unsubscribe",
            f"Stop sending {view['email']} {what}? Press the button to unsubscribe.",
            action="/unsubscribe",
            token=token,
            button="Unsubscribe",
        )

    return await _link_page(request, service.unsubscribe_view, asking)


async def _link_page(
    request: Request,
    view_of: Callable[[WebSettings, str], dict],
    answer: Callable[[dict, str, listing.Listing], Response],
) -> Response:
    """A signed link's page, which only reads: what the token names and the newest listing, answered by `answer`;
    a busy warehouse is a 503, a link that no longer works a 400."""
    settings, token = settings_of(request), request.query_params.get("token", "")
    try:
        view = await off_loop(view_of, settings, token)
        listed = await off_loop(listing.current, settings)
    except (WarehouseError, data.Unavailable):
        return message(request, "Busy", "Please try again in a minute.", 503)
    except SubscriptionError as exc:
        return message(request, "That link did not work", str(exc), 400)
    return answer(view, token, listed)


async def _with_lock(request: Request, kind: str, token: str) -> Response | None:
    """Confirm or unsubscribe with the token under the writer lock; the page to answer with if it failed."""
    settings = settings_of(request)
    change = service.confirm if kind == "confirm" else service.unsubscribe
    try:
        await locked(settings, f"web {kind}", change, settings, token)
    except WarehouseError:
        return message(request, "Busy", "Please try again in a minute.", 503)
    except SubscriptionError as exc:
        return message(request, "That link did not work", str(exc), 400)
    return None


async def locked(settings: WebSettings, purpose: str, write: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """One short write under the writer lock (waiting LOCK_WAIT for another), off the event loop."""

    def under_lock() -> None:
        with settings.warehouse.lock(purpose, wait=LOCK_WAIT):
            write(*args, **kwargs)

    await off_loop(under_lock)


ROUTES = [
    Route("/subscribe", subscribe, methods=["POST"]),
    Route("/confirm", confirm, methods=["GET", "POST"]),
    Route("/unsubscribe", unsubscribe, methods=["GET", "POST"]),
    Route("/manage", manage, methods=["GET", "POST"]),
]
