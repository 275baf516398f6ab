"""The web app (Starlette): role pages, JSON API, and the subscribe / confirm / unsubscribe endpoints."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from notifications import service
from notifications.errors import SubscriptionError
from scoring.errors import JobzoneError
from warehouse.errors import WarehouseBusy
from warehouse.lock import WriterLock
from web import data, pages
from web.security import CSRF_COOKIE, Csrf, RateLimit, SecurityHeaders

MAX_FOLLOW = 500  # roles one form may follow at once (a whole category)
NEUTRAL = (
    "Check your inbox",
    "If the address can receive mail, a confirmation link is on its way. Nothing is sent until you confirm.",
)


def create_app(settings) -> Starlette:
    csrf = Csrf(settings.signing_secret())
    per_address, per_client = RateLimit(3, 3600), RateLimit(10, 600)

    def page(request: Request, html: str, status: int = 200) -> HTMLResponse:
        response = HTMLResponse(html, status_code=status)
        if not request.cookies.get(CSRF_COOKIE):
            response.set_cookie(CSRF_COOKIE, request.state.csrf_cookie, httponly=True, samesite="strict")
        return response

    def form_context(request: Request) -> dict:
        request.state.csrf_cookie = request.cookies.get(CSRF_COOKIE) or Csrf.new_cookie()
        return {"csrf": csrf.form_token(request.state.csrf_cookie)}

    def message(request: Request, heading: str, text: str, status: int = 200, **form) -> HTMLResponse:
        return page(
            request,
            pages.render(
                "message.html.j2",
                heading=heading,
                text=text,
                action=form.get("action"),
                token=form.get("token", ""),
                button=form.get("button", ""),
                **form_context(request),
            ),
            status,
        )

    async def index(request: Request):
        return page(
            request,
            pages.index_html(
                settings,
                request.query_params.get("zone"),
                request.query_params.get("q"),
                request.query_params.get("status"),
                **form_context(request),
            ),
        )

    async def role(request: Request):
        try:
            return page(request, pages.role_html(settings, request.path_params["role_id"], **form_context(request)))
        except data.NotFound:
            return message(request, "Not found", "There is no role with that id.", 404)

    async def subscribe(request: Request):
        form = await request.form()
        if not csrf.valid(request.cookies.get(CSRF_COOKIE), form.get("csrf")):
            return message(request, "Form expired", "Please reload the page and try again.", 403)
        email = str(form.get("email", "")).strip().lower()
        client = request.client.host if request.client else "?"
        if not per_client.allow(client) or not per_address.allow(email):
            return message(request, "Too many requests", "Please try again later.", 429)
        try:
            with WriterLock(settings.db, "web subscribe"):
                # Only queued here: delivery is the send step's (`jobzone send`), never a web request's.
                role_ids = [str(r) for r in form.getlist("role_id")][:MAX_FOLLOW]
                alert_on = "red" if form.get("only_red") else "moves"
                service.subscribe(settings, email, role_ids, data.role_titles(settings), alert_on=alert_on)
        except (WarehouseBusy, data.Unavailable):
            return message(request, "Busy", "A scoring run is in progress; please try again in a minute.", 503)
        except SubscriptionError:
            pass  # same answer for bad, known, unknown and unsupported addresses: no enumeration
        return message(request, *NEUTRAL)

    async def manage(request: Request):
        """The signed link's page: see and change what you follow, no account (GET shows, POST changes)."""
        try:
            if request.method in ("GET", "HEAD"):
                token = request.query_params.get("token", "")
                view = service.manage_view(settings, token)
                return page(
                    request,
                    pages.render(
                        "manage.html.j2",
                        view=view,
                        token=token,
                        titles=data.role_titles(settings),
                        **form_context(request),
                    ),
                )
            form = await request.form()
            if not csrf.valid(request.cookies.get(CSRF_COOKIE), form.get("csrf")):
                return message(request, "Form expired", "Please open the link from your e-mail again.", 403)
            with WriterLock(settings.db, "web manage"):
                service.manage_apply(
                    settings,
                    str(form.get("token", "")),
                    [str(k) for k in form.getlist("keep")],
                    str(form.get("alert_on", "moves")),
                )
        except (WarehouseBusy, data.Unavailable):
            return message(request, "Busy", "Please try again in a minute.", 503)
        except SubscriptionError as exc:
            return message(request, "That link did not work", str(exc), 400)
        return message(request, "Saved", "Your choices are saved.")

    def token_endpoint(kind: str):
        async def endpoint(request: Request):
            if request.method in ("GET", "HEAD"):  # link scanners GET (or HEAD): show a button, change nothing
                verb = "Confirm your subscription" if kind == "confirm" else "Unsubscribe"
                return message(
                    request,
                    verb,
                    "Press the button to continue.",
                    action=f"/{kind}",
                    token=request.query_params.get("token", ""),
                    button=verb,
                )
            form = await request.form()
            token = str(form.get("token") or request.query_params.get("token", ""))
            one_click = kind == "unsubscribe" and form.get("List-Unsubscribe") == "One-Click"  # RFC 8058
            if not one_click and not csrf.valid(request.cookies.get(CSRF_COOKIE), form.get("csrf")):
                return message(request, "Form expired", "Please open the link from your e-mail again.", 403)
            try:
                with WriterLock(settings.db, f"web {kind}"):
                    (service.confirm if kind == "confirm" else service.unsubscribe)(settings, token)
            except WarehouseBusy:
                return message(request, "Busy", "Please try again in a minute.", 503)
            except SubscriptionError as exc:
                return message(request, "That link did not work", str(exc), 400)
            if one_click:
                return Response(status_code=200)
            done = (
                ("Subscription confirmed", "You will get an e-mail when the roles you follow move.")
                if kind == "confirm"
                else ("Unsubscribed", "You will get no further updates for this subscription.")
            )
            return message(request, *done)

        return endpoint

    async def api_roles(request: Request):
        try:
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            return JSONResponse({"error": "page must be a whole number from 1"}, status_code=400)
        return JSONResponse(
            _jsonable(data.paginated(data.roles_index(settings), page, str(request.url_for("api_roles"))))
        )

    async def search(request: Request):
        return page(request, pages.search_html(settings, request.query_params.get("q"), **form_context(request)))

    async def categories(request: Request):
        return page(request, pages.categories_html(settings, **form_context(request)))

    async def category(request: Request):
        try:
            html = pages.category_html(
                settings, request.path_params["slug"], request.query_params.get("sort"), **form_context(request)
            )
        except data.NotFound:
            return message(request, "Not found", "There is no category with that name.", 404)
        return page(request, html)

    async def compare(request: Request):
        a, _, b = request.path_params["pair"].partition("-vs-")
        try:
            return page(request, pages.compare_html(settings, a, b, **form_context(request)))
        except data.NotFound:
            return message(request, "Not found", "Compare two role ids: /compare/<id>-vs-<id>.", 404)

    async def movers(request: Request):
        return page(request, pages.movers_html(settings, request.query_params.get("window"), **form_context(request)))

    async def releases(request: Request):
        return page(request, pages.releases_html(settings, **form_context(request)))

    async def movers_feed(request: Request):
        return Response(pages.movers_atom(settings), media_type="application/atom+xml")

    async def role_feed(request: Request):
        try:
            return Response(
                pages.role_atom(settings, request.path_params["role_id"]), media_type="application/atom+xml"
            )
        except data.NotFound:
            return Response("no such role", status_code=404, media_type="text/plain")

    async def api_role(request: Request):
        try:
            return JSONResponse(_jsonable(data.role_page(settings, request.path_params["role_id"])))
        except data.NotFound as exc:
            return JSONResponse({"error": str(exc)}, status_code=404)

    async def api_history(request: Request):
        try:
            return JSONResponse(_jsonable(data.role_page(settings, request.path_params["role_id"])["history"]))
        except data.NotFound as exc:
            return JSONResponse({"error": str(exc)}, status_code=404)

    return Starlette(
        routes=[
            Route("/", index),
            Route("/search", search),
            Route("/categories", categories),
            Route("/categories/{slug}", category),
            Route("/compare/{pair}", compare),
            Route("/movers", movers),
            Route("/movers.atom", movers_feed),
            Route("/releases", releases),
            Route("/roles/{role_id}.atom", role_feed),
            Route("/roles/{role_id}", role),
            Route("/subscribe", subscribe, methods=["POST"]),
            Route("/confirm", token_endpoint("confirm"), methods=["GET", "POST"]),
            Route("/unsubscribe", token_endpoint("unsubscribe"), methods=["GET", "POST"]),
            Route("/manage", manage, methods=["GET", "POST"]),
            Route("/api/roles", api_roles, name="api_roles"),
            Route("/api/roles/{role_id}", api_role),
            Route("/api/roles/{role_id}/history", api_history),
        ],
        exception_handlers={data.Unavailable: _unavailable, JobzoneError: _jobzone_error},
        middleware=[Middleware(SecurityHeaders, hsts=settings.base_url.startswith("https://"))],
    )


RETRY_AFTER_SECONDS = 30


async def _unavailable(request: Request, exc: data.Unavailable):
    """Never another number: when the warehouse cannot be read, say so and when to come back."""
    logging.getLogger("jobzone.web").warning("%s: warehouse unavailable: %s", request.url.path, exc)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "scores are unavailable right now; try again shortly"}, 503, headers)
    html = pages.render(
        "message.html.j2",
        heading="Scores unavailable right now",
        text="The score database is busy or not ready. Please try again in a minute.",
        action=None,
        token="",
        button="",
        csrf="",
    )
    return HTMLResponse(html, 503, headers)


async def _jobzone_error(request: Request, exc: JobzoneError):
    logging.getLogger("jobzone.web").error("%s: %s", request.url.path, exc)
    return HTMLResponse(
        "<h1>Sorry</h1><p>This page could not be built; the operator can see why in the server log.</p>",
        status_code=500,
    )


def _jsonable(value):
    import json

    return json.loads(json.dumps(value, default=str))
