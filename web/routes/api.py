"""The JSON API (web/api_models.py is its contract, /openapi.json publishes it, /api/docs shows it): roles
(filtered, paginated), a role, its history, search, categories and movers. Answers carry an ETag and
Cache-Control; every error under /api is JSON."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any, Awaitable, Callable, Mapping

from pydantic import BaseModel, TypeAdapter
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from scoring.change_schema import ScoreState
from scoring.countries import COUNTRIES
from scoring.countries import DEFAULT as DEFAULT_COUNTRY
from web import api_models, browse, data, listing, openapi, pages
from web.openapi import ROLE_ID, Endpoint, Param
from web.routes.context import off_loop, page_number, settings_of

MAX_AGE_SECONDS = 60  # scores move at most once a run; a minute of reuse costs a reader nothing
ZONES = ("Red", "Yellow", "Green")


class BadParameter(ValueError):
    pass


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def published(request: Request, body: bytes) -> Response:
    """A 200 with its ETag and Cache-Control, or a 304 when the client already holds this body."""
    etag = _etag(body)
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE_SECONDS}"}
    held = {tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")}
    if etag in held or "*" in held:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def _dump(value: BaseModel | list[Any], model: type[BaseModel]) -> bytes:
    if isinstance(value, list):
        return TypeAdapter(list[model]).dump_json(value)  # type: ignore[valid-type]  # a model class, given at run time
    return value.model_dump_json().encode()


def error(message: str, status: int, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(api_models.ApiError(error=message).model_dump(), status, headers)


def _choice(request: Request, name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    match = next((a for a in allowed if a.lower() == value.lower()), None)
    if match is None:
        raise BadParameter(f"{name} must be one of {', '.join(allowed)} (got {value!r})")
    return match


def _page_number(request: Request) -> int:
    number = page_number(request)
    if number is None:
        raise BadParameter("page must be a whole number from 1")
    return number


def _base(request: Request) -> str:
    # Links from the configured base URL: a Host header is the client's to write.
    return settings_of(request).base_url.rstrip("/")


def _roles(request: Request) -> api_models.RolesPage:
    settings, query = settings_of(request), request.query_params
    zone, draft = _choice(request, "zone", ZONES), _choice(request, "draft", ("true", "false"))
    number, category = _page_number(request), (query.get("category") or "").strip().lower()
    status = {"true": "draft", "false": "reviewed"}.get(draft or "")
    country = _country(request)
    rows = listing.current(settings, country).select(zone, query.get("q"), status, category)
    view = None if country == DEFAULT_COUNTRY else country
    asked = {"zone": zone, "category": category, "q": query.get("q"), "draft": draft, "country": view}
    found = listing.paginated(rows, number, f"{_base(request)}/api/roles", {k: v for k, v in asked.items() if v})
    summaries = [api_models.summary_of(row, _base(request), country) for row in found.pop("roles")]
    return api_models.RolesPage(**found, roles=summaries)


def _country(request: Request) -> str:
    return _choice(request, "country", tuple(COUNTRIES)) or DEFAULT_COUNTRY


def _role(request: Request) -> api_models.RoleDetail:
    page = data.role_page(settings_of(request), request.path_params["role_id"], _country(request))
    return api_models.detail_of(page, _base(request))


def _history(request: Request) -> list[api_models.HistoryPoint]:
    rows = data.role_history(settings_of(request), request.path_params["role_id"], _country(request))
    return [api_models.history_point(row) for row in rows]


def _search(request: Request) -> api_models.SearchResults:
    text = (request.query_params.get("q") or "").strip()
    if not text:
        raise BadParameter("q must be the words to search for, e.g. q=nurse")
    hits = listing.current(settings_of(request)).search(text)
    return api_models.SearchResults(query=text, hits=[api_models.hit_of(hit, _base(request)) for hit in hits])


def _categories(request: Request) -> list[api_models.Category]:
    categories = listing.current(settings_of(request), _country(request)).categories
    return [api_models.Category(**vars(entry)) for entry in categories]


def _movers(request: Request) -> api_models.Movers:
    window = _choice(request, "window", tuple(browse.WINDOWS)) or "run"
    country = _country(request)
    rows = browse.movers(settings_of(request), window, country)
    base = _base(request)
    changes = [
        api_models.change_of(
            role_id=r["role_id"],
            title=r["title"],
            move=r,
            before=api_models.state(r["before_aijri"], r["before_zone"], r["before_label"]),
            after=ScoreState.of(r["after_aijri"], r["after_zone"], r["after_label"]),
            causes=r["plain_causes"],
            base=base,
            country=country,
        )
        for r in rows
    ]
    return api_models.Movers.model_validate({"window": window, "changes": changes})


COUNTRY = Param(
    "country",
    "The country's view: US (default), GB, AU, CA, DE or FR",
    {"type": "string", "enum": list(COUNTRIES)},
)
FILTERS = (
    COUNTRY,
    Param("zone", "Only roles in this zone", {"type": "string", "enum": list(ZONES)}),
    Param("category", "Only roles in this category (its name or slug)", {"type": "string"}),
    Param("q", "Only roles whose title or an alias contains these words", {"type": "string"}),
    Param("draft", "true: only drafts nobody has reviewed; false: only reviewed roles", {"type": "boolean"}),
    Param("page", "The page, from 1 (100 roles a page)", {"type": "integer", "minimum": 1}),
)
ENDPOINTS: list[tuple[Endpoint, Callable[[Request], Any]]] = [
    (
        Endpoint(
            "/api/roles",
            "roles",
            "Every scored role in a country's view (US by default), filtered and paginated.",
            api_models.RolesPage,
            params=FILTERS,
            errors=(400, 404),
        ),
        _roles,
    ),
    (
        Endpoint(
            "/api/roles/{role_id}",
            "role",
            "One role: its score, band, tasks, evidence, history and recent changes (in a country's view with "
            "?country=GB: that country's market evidence; US by default).",
            api_models.RoleDetail,
            params=(ROLE_ID, COUNTRY),
            errors=(400, 404),
        ),
        _role,
    ),
    (
        Endpoint(
            "/api/roles/{role_id}/history",
            "history",
            "A role's score at every run of the country's view that scored it, oldest first.",
            api_models.HistoryPoint,
            many=True,
            params=(ROLE_ID, COUNTRY),
            errors=(400, 404),
        ),
        _history,
    ),
    (
        Endpoint(
            "/api/search",
            "search",
            "Roles for the names people type (titles, aliases, common names), best first.",
            api_models.SearchResults,
            params=(Param("q", "What to search for", {"type": "string"}),),
            errors=(400,),
        ),
        _search,
    ),
    (
        Endpoint(
            "/api/categories",
            "categories",
            "The categories, each with its roles per zone (in a country's view with ?country=GB).",
            api_models.Category,
            many=True,
            params=(COUNTRY,),
            errors=(400, 404),
        ),
        _categories,
    ),
    (
        Endpoint(
            "/api/movers",
            "movers",
            "The roles that moved most: in the last run, or over 7 or 30 days (in a country's view with ?country=GB).",
            api_models.Movers,
            params=(
                Param("window", "run (default), 7d or 30d", {"type": "string", "enum": list(browse.WINDOWS)}),
                COUNTRY,
            ),
            errors=(400,),
        ),
        _movers,
    ),
]


def _handler(endpoint: Endpoint, build: Callable[[Request], Any]) -> Callable[[Request], Awaitable[Response]]:
    async def handle(request: Request) -> Response:
        try:
            body = await off_loop(lambda: _dump(build(request), endpoint.response))
        except BadParameter as exc:
            return error(str(exc), 400)
        except data.NotFound as exc:
            return error(str(exc), 404)
        return published(request, body)

    return handle


@lru_cache(maxsize=8)
def _document(base: str) -> dict[str, Any]:
    return openapi.document([endpoint for endpoint, _ in ENDPOINTS], base)


def spec(request: Request) -> dict[str, Any]:
    """The OpenAPI document: built once per base URL (it changes only with the code)."""
    return _document(_base(request))


async def openapi_json(request: Request) -> Response:
    return published(request, bytes(JSONResponse(spec(request)).body))


async def api_docs(request: Request) -> Response:
    return HTMLResponse(pages.render("api_docs.html.j2", api=openapi.reference(spec(request)), root="/", suffix=""))


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's 404 and 405 as JSON under /api (and for /openapi.json); plain text elsewhere, as before."""
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return error(f"{exc.detail}: {request.url.path} (the endpoints: /api/docs)", exc.status_code, exc.headers)
    return PlainTextResponse(exc.detail, exc.status_code, headers=exc.headers)


ROUTES = [
    *(Route(endpoint.path, _handler(endpoint, build), name=endpoint.name) for endpoint, build in ENDPOINTS),
    Route("/openapi.json", openapi_json),
    Route("/api/docs", api_docs),
]
