"""One error shape for every failure: ``{"error": {"code", "message"}}`` with its status code
(JSON under /api/, the same code and message on an HTML page elsewhere)."""

from __future__ import annotations

import json
from http import HTTPStatus

from newsdesk.errors import InputError, NewsdeskError, NotFoundError, StorageError


class WebError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         406: "not_acceptable", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
         422: "invalid_request", 429: "too_many_requests", 500: "internal_error", 503: "unavailable"}


def from_exception(exc: Exception) -> WebError:
    if isinstance(exc, WebError):
        return exc
    if isinstance(exc, NotFoundError):
        return WebError(404, "not_found", str(exc))
    if isinstance(exc, InputError):
        return WebError(400, "bad_input", str(exc))
    if isinstance(exc, StorageError):
        return WebError(500, "storage_error", str(exc))
    if isinstance(exc, NewsdeskError):
        return WebError(500, "error", str(exc))
    return WebError(500, "internal_error", "internal error (see the server's log)")


def body(err: WebError) -> dict:
    return {"error": {"code": err.code, "message": err.message}}


def wants_json(path: str, accept: str = "") -> bool:
    return path.startswith("/api/") or path == "/api" or ("application/json" in accept and "text/html" not in accept)


def render(err: WebError, path: str, accept: str = "") -> tuple[bytes, str]:
    """(content, media type) of an error for this request."""
    if wants_json(path, accept):
        return json.dumps(body(err), ensure_ascii=False).encode("utf-8"), "application/json"
    from newsdesk.web.views import render_page

    try:
        phrase = HTTPStatus(err.status).phrase
    except ValueError:
        phrase = "Error"
    html = render_page("error.html.j2", status=err.status, phrase=phrase, code=err.code, message=err.message)
    return html.encode("utf-8"), "text/html; charset=utf-8"
