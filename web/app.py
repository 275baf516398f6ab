"""The web app (Starlette): role pages, JSON API, feeds, and the subscribe / confirm / unsubscribe endpoints,
assembled from the route modules in web/routes/."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware

from scoring.errors import JobzoneError
from web import data
from web.routes import api, browsing, errors, feeds, subscriptions
from web.routes.context import WebContext
from web.security import SecurityHeaders
from web.settings import WebSettings


def create_app(settings: WebSettings) -> Starlette:
    app = Starlette(
        routes=[*feeds.ROUTES, *browsing.ROUTES, *subscriptions.ROUTES, *api.ROUTES],
        exception_handlers={data.Unavailable: errors.unavailable, JobzoneError: errors.page_failed},
        middleware=[Middleware(SecurityHeaders, hsts=settings.base_url.startswith("https://"))],
    )
    app.state.web = WebContext.of(settings)
    return app
