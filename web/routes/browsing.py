"""The read-only pages: index, role, search, categories, compare, movers, releases."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from web import data, pages
from web.routes.context import form_context, not_found, off_loop, page, settings_of


async def index(request: Request) -> Response:
    query = request.query_params
    html = await off_loop(
        pages.index_html,
        settings_of(request),
        query.get("zone"),
        query.get("q"),
        query.get("status"),
        **form_context(request),
    )
    return page(request, html)


async def role(request: Request) -> Response:
    try:
        html = await off_loop(
            pages.role_html, settings_of(request), request.path_params["role_id"], **form_context(request)
        )
    except data.NotFound:
        return not_found(request, "There is no role with that id.")
    return page(request, html)


async def search(request: Request) -> Response:
    return page(
        request,
        await off_loop(pages.search_html, settings_of(request), request.query_params.get("q"), **form_context(request)),
    )


async def categories(request: Request) -> Response:
    return page(request, await off_loop(pages.categories_html, settings_of(request), **form_context(request)))


async def category(request: Request) -> Response:
    slug, sort = request.path_params["slug"], request.query_params.get("sort")
    try:
        html = await off_loop(pages.category_html, settings_of(request), slug, sort, **form_context(request))
    except data.NotFound:
        return not_found(request, "There is no category with that name.")
    return page(request, html)


async def compare(request: Request) -> Response:
    a, _, b = request.path_params["pair"].partition("-vs-")
    try:
        return page(request, await off_loop(pages.compare_html, settings_of(request), a, b, **form_context(request)))
    except data.NotFound:
        return not_found(request, "Compare two role ids: /compare/<id>-vs-<id>.")


async def movers(request: Request) -> Response:
    window = request.query_params.get("window")
    return page(request, await off_loop(pages.movers_html, settings_of(request), window, **form_context(request)))


async def releases(request: Request) -> Response:
    return page(request, await off_loop(pages.releases_html, settings_of(request), **form_context(request)))


ROUTES = [
    Route("/", index),
    Route("/search", search),
    Route("/categories", categories),
    Route("/categories/{slug}", category),
    Route("/compare/{pair}", compare),
    Route("/movers", movers),
    Route("/releases", releases),
    Route("/roles/{role_id}", role),
]
