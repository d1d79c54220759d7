"""Building the ASGI app: FastAPI with the API and page routers, static files, the guard."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from newsdesk import __version__
from newsdesk.web import errors
from newsdesk.web.safety import CSP, check_bind

log = logging.getLogger("newsdesk.web")


def build_app(config):
    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import Response
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException

    from newsdesk.web import api, pages
    from newsdesk.web.guard import Guard
    from newsdesk.web.state import AppState

    check_bind(config.host, config.token)
    state = AppState(config)

    @asynccontextmanager
    async def lifespan(app):
        state.start()
        try:
            yield
        finally:
            state.stop()

    app = FastAPI(title="newsdesk", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="The stories, briefs and articles of a newsdesk store. Errors are always "
                              '`{"error": {"code", "message"}}` with the status code. POSTs carry the CSRF '
                              "token of `GET /api/csrf`; with a server token, every request carries it.")
    app.state.newsdesk = state

    def reply(request, err: errors.WebError) -> Response:
        content, media = errors.render(err, request.url.path, request.headers.get("accept", ""))
        return Response(content, status_code=err.status, media_type=media,
                        headers={"Content-Security-Policy": CSP, **err.headers})

    @app.exception_handler(errors.WebError)
    async def web_error(request, exc):
        return reply(request, exc)

    @app.exception_handler(HTTPException)
    async def http_error(request, exc):
        code = errors.CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or resource: {request.url.path}"
        return reply(request, errors.WebError(exc.status_code, code, message, dict(exc.headers or {})))

    @app.exception_handler(RequestValidationError)
    async def invalid(request, exc):
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        return reply(request, errors.WebError(422, "invalid_request", "; ".join(parts) or "invalid request"))

    @app.exception_handler(Exception)
    async def failure(request, exc):
        err = errors.from_exception(exc)
        if err.status >= 500:
            log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return reply(request, err)

    from newsdesk.errors import NewsdeskError

    @app.exception_handler(NewsdeskError)
    async def library_error(request, exc):
        return reply(request, errors.from_exception(exc))

    app.include_router(api.router(state))
    app.include_router(pages.router(state, app.openapi))
    app.mount("/static", StaticFiles(packages=[("newsdesk.web", "static")]), name="static")
    if config.role == "reader":  # inside the Guard: requests it forwards have been checked
        from newsdesk.web.processes import Reader

        app.add_middleware(Reader, state=state, primary=config.forward_to)
    app.add_middleware(Guard, config=config)
    return app
