"""The read-only pages: index, role, search, categories, compare, movers, releases."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from web import data, pages
from web.routes.context import (
    asked_country,
    form_context,
    message,
    not_found,
    off_loop,
    page,
    page_number,
    settings_of,
)


async def index(request: Request) -> Response:
    """GET /: every role's latest score, and ?country=GB for another country's view (US by default)."""
    query = request.query_params
    number = page_number(request)
    if number is None:
        return message(request, "No such page", "page must be a whole number from 1.", 400)
    code = asked_country(request)
    try:
        html = await off_loop(
            pages.index_html,
            settings_of(request),
            query.get("zone"),
            query.get("q"),
            query.get("status"),
            number,
            country=code,
            **form_context(request),
        )
    except data.NotFound as exc:
        return not_found(request, f"There is no such page of roles ({exc}).")
    return page(request, html)


async def role(request: Request) -> Response:
    """GET /roles/{id}, and ?country=GB for another country's view (US by default)."""
    code = asked_country(request)
    try:
        html = await off_loop(
            pages.role_html, settings_of(request), request.path_params["role_id"], code, **form_context(request)
        )
    except data.NotFound as exc:
        return not_found(request, "There is no role with that id." if code == DEFAULT_COUNTRY else f"{exc}.")
    return page(request, html)


MAX_SHARE_FIELDS = 200  # a role has far fewer tasks; a bigger form is refused unread


async def personal(request: Request) -> Response:
    """POST /roles/{id}/personal: the reader's own score from share_<n> (0-100) for task n in page order. Works
    without JavaScript; what the reader enters is not stored and not logged."""
    from scoring.personal import PersonalShareError

    role_id = request.path_params["role_id"]
    form = await request.form(max_fields=MAX_SHARE_FIELDS + 10)
    try:
        count = sum(1 for key in form if str(key).startswith("share_"))
        shares = [_share(form.get(f"share_{n}")) for n in range(1, count + 1)]
        result = await off_loop(data.personal, settings_of(request), role_id, shares)
    except data.NotFound:
        return not_found(request, "There is no role with that id.")
    except (PersonalShareError, ValueError) as exc:
        return message(request, "Those shares do not make a score", str(exc), 400)
    return page(request, pages.render("personal.html.j2", result=result, **form_context(request)))


def _share(value: object) -> float:
    text = str(value if value is not None else "").strip()
    try:
        return float(text or "0")
    except ValueError:
        raise ValueError(f"a share of time must be a number from 0 to 100, got {text[:20]!r}") from None


async def search(request: Request) -> Response:
    return page(
        request,
        await off_loop(pages.search_html, settings_of(request), request.query_params.get("q"), **form_context(request)),
    )


async def categories(request: Request) -> Response:
    """GET /categories, and ?country=GB for another country's view."""
    code = asked_country(request)
    try:
        html = await off_loop(pages.categories_html, settings_of(request), code, **form_context(request))
    except data.NotFound as exc:  # a country with no run yet
        return not_found(request, f"{exc}.")
    return page(request, html)


async def category(request: Request) -> Response:
    slug, sort = request.path_params["slug"], request.query_params.get("sort")
    number = page_number(request)
    if number is None:
        return message(request, "No such page", "page must be a whole number from 1.", 400)
    code = asked_country(request)
    try:
        html = await off_loop(
            pages.category_html, settings_of(request), slug, sort, number, country=code, **form_context(request)
        )
    except data.NotFound as exc:
        return not_found(request, f"There is no category with that name, or no such page of it ({exc}).")
    return page(request, html)


async def compare_with(request: Request) -> Response:
    """GET /compare?role=A&with=QUERY (the role page's "compare with..." box): to /compare/A-vs-B for the role the
    query means."""
    from starlette.responses import RedirectResponse

    from web import browse

    role_id, query = request.query_params.get("role", ""), request.query_params.get("with", "").strip()
    other = await off_loop(browse.compare_target, settings_of(request), role_id, query) if query else None
    if other is None:
        return not_found(
            request, f"No role matches {query!r}; try another title." if query else "Name a role to compare with."
        )
    return RedirectResponse(f"/compare/{role_id}-vs-{other}", status_code=303)


async def compare(request: Request) -> Response:
    a, _, b = request.path_params["pair"].partition("-vs-")
    try:
        return page(request, await off_loop(pages.compare_html, settings_of(request), a, b, **form_context(request)))
    except data.NotFound:
        return not_found(request, "Compare two role ids: /compare/<id>-vs-<id>.")


async def movers(request: Request) -> Response:
    """GET /movers?window=run|7d|30d, and &country=GB for another country's view."""
    window = request.query_params.get("window")
    code = asked_country(request)
    html = await off_loop(pages.movers_html, settings_of(request), window, code, **form_context(request))
    return page(request, html)


async def methodology(request: Request) -> Response:
    return page(request, await off_loop(pages.methodology_html, **form_context(request)))


async def ai(request: Request) -> Response:
    return page(request, await off_loop(pages.ai_html, settings_of(request), **form_context(request)))


async def releases(request: Request) -> Response:
    return page(request, await off_loop(pages.releases_html, settings_of(request), **form_context(request)))


ROUTES = [
    Route("/", index),
    Route("/search", search),
    Route("/categories", categories),
    Route("/categories/{slug}", category),
    Route("/compare", compare_with),
    Route("/compare/{pair}", compare),
    Route("/movers", movers),
    Route("/releases", releases),
    Route("/ai", ai),
    Route("/methodology", methodology),
    Route("/roles/{role_id}", role),
    Route("/roles/{role_id}/personal", personal, methods=["POST"]),
]
