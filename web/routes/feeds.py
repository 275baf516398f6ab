"""Atom feeds: the movers, and each role's moves."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from web import data, pages
from web.routes.context import off_loop, settings_of

ATOM = "application/atom+xml"


async def movers_feed(request: Request) -> Response:
    return Response(await off_loop(pages.movers_atom, settings_of(request)), media_type=ATOM)


async def role_feed(request: Request) -> Response:
    try:
        return Response(
            await off_loop(pages.role_atom, settings_of(request), request.path_params["role_id"]), media_type=ATOM
        )
    except data.NotFound:
        return Response("no such role", status_code=404, media_type="text/plain")


# Before /roles/{role_id}, which would otherwise take "x.atom" as a role id.
ROUTES = [Route("/movers.atom", movers_feed), Route("/roles/{role_id}.atom", role_feed)]
