"""What the app answers when the warehouse cannot be read, or a page cannot be built: never another number."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from web import pages
from web.routes.context import not_found

RETRY_AFTER_SECONDS = 30
log = logging.getLogger("jobzone.web")


async def unavailable(request: Request, exc: Exception) -> Response:
    """When the warehouse cannot be read, say so and when to come back."""
    log.warning("%s: warehouse unavailable: %s", request.url.path, exc)
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


async def page_failed(request: Request, exc: Exception) -> Response:
    log.error("%s: %s", request.url.path, exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "this answer could not be built; the operator can see why in the log"}, 500)
    return HTMLResponse(
        "<h1>Sorry</h1><p>This page could not be built; the operator can see why in the server log.</p>",
        status_code=500,
    )


async def unknown_country(request: Request, exc: Exception) -> Response:
    """A page asked for a country view jobzone does not score: a 404 naming those it does."""
    return not_found(request, str(exc))
