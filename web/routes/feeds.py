"""Atom feeds: the movers, and each role's moves."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from web import data, pages
from web.routes.context import UnknownCountry, asked_country, off_loop, settings_of

ATOM = "application/atom+xml"


async def movers_feed(request: Request) -> Response:
    """GET /movers.atom, and ?country=GB for another country's view."""
    try:
        code = asked_country(request)
    except UnknownCountry as exc:
        return Response(str(exc), status_code=404, media_type="text/plain")
    return Response(await off_loop(pages.movers_atom, settings_of(request), code), media_type=ATOM)


async def role_feed(request: Request) -> Response:
    """GET /roles/{id}.atom, and ?country=GB for the role's moves in another country's view."""
    try:
        code = asked_country(request)
    except UnknownCountry as exc:
        return Response(str(exc), status_code=404, media_type="text/plain")
    try:
        feed = await off_loop(pages.role_atom, settings_of(request), request.path_params["role_id"], country=code)
    except data.NotFound as exc:
        return Response(f"no such role ({exc})", status_code=404, media_type="text/plain")
    return Response(feed, media_type=ATOM)


# Before /roles/{role_id}, which would otherwise take "x.atom" as a role id.
ROUTES = [Route("/movers.atom", movers_feed), Route("/roles/{role_id}.atom", role_feed)]
