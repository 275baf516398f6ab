"""The web app (Starlette): role pages, JSON API, feeds, and the subscribe / confirm / unsubscribe endpoints,
assembled from the route modules in web/routes/."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware

from scoring.errors import JobzoneError
from web import data
from web.routes import api, browsing, errors, feeds, subscriptions
from web.routes.context import UnknownCountry, WebContext
from web.security import SecurityHeaders
from web.settings import WebSettings


def create_app(settings: WebSettings) -> Starlette:
    context = WebContext.of(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        context.sender.start()  # confirmations go out by themselves (web/delivery.py)
        try:
            yield
        finally:
            context.sender.stop()

    app = Starlette(
        routes=[*feeds.ROUTES, *browsing.ROUTES, *subscriptions.ROUTES, *api.ROUTES],
        exception_handlers={
            data.Unavailable: errors.unavailable,
            UnknownCountry: errors.unknown_country,
            JobzoneError: errors.page_failed,
            HTTPException: api.http_error,
        },
        middleware=[Middleware(SecurityHeaders, hsts=settings.base_url.startswith("https://"))],
        lifespan=lifespan,
    )
    app.state.web = context
    return app
