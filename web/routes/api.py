"""The JSON API: the roles index (paginated), a role, a role's history."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from web import data
from web.routes.context import off_loop, settings_of


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


async def api_roles(request: Request) -> Response:
    try:
        number = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        return JSONResponse({"error": "page must be a whole number from 1"}, status_code=400)
    settings = settings_of(request)
    rows = await off_loop(data.roles_index, settings)
    # The next link from the configured base URL: a Host header is the client's to write.
    url = f"{settings.base_url.rstrip('/')}/api/roles"
    return JSONResponse(jsonable(data.paginated(rows, number, url)))


async def api_role(request: Request) -> Response:
    try:
        return JSONResponse(
            jsonable(await off_loop(data.role_page, settings_of(request), request.path_params["role_id"]))
        )
    except data.NotFound as exc:
        return JSONResponse({"error": str(exc)}, status_code=404)


async def api_history(request: Request) -> Response:
    try:
        page = await off_loop(data.role_page, settings_of(request), request.path_params["role_id"])
    except data.NotFound as exc:
        return JSONResponse({"error": str(exc)}, status_code=404)
    return JSONResponse(jsonable(page["history"]))


ROUTES = [
    Route("/api/roles", api_roles, name="api_roles"),
    Route("/api/roles/{role_id}", api_role),
    Route("/api/roles/{role_id}/history", api_history),
]
