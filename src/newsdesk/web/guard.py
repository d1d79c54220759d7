"""The ASGI middleware in front of every route: Host check, token, body size cap, headers.

- On loopback, only requests whose Host names the loopback are answered (a page of another
  site that rebinds its DNS name to 127.0.0.1 gets 400, so it cannot read the app).
- With a token, every request must carry it: ``Authorization: Bearer …``, the
  ``X-Newsdesk-Token`` header, the ``newsdesk_token`` cookie, or once ``?token=…`` (which sets
  the cookie and redirects to the same URL without it).
- Unsafe methods from a page of another origin (``Origin`` not this host) are refused.
- A request body over the cap is refused with 413 while it streams.
- Every response carries the Content-Security-Policy and the other security headers.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from newsdesk.web import errors
from newsdesk.web.safety import CSP, SECURITY_HEADERS, same_secret

TOKEN_COOKIE = "newsdesk_token"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


class _TooLarge(Exception):
    pass


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    def __init__(self, app, config):
        self.app = app
        self.config = config
        self.hosts = LOOPBACK_HOSTS | frozenset(config.allowed_hosts)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        path = scope.get("path", "")
        accept = headers.get("accept", "")
        cfg = self.config

        if cfg.loopback and _host_name(headers.get("host", "")).lower() not in self.hosts:
            return await self._error(send, errors.WebError(400, "bad_host", "this server answers only requests "
                                                            "addressed to the loopback (127.0.0.1 or localhost)"),
                                     path, accept)
        extra: list[tuple[bytes, bytes]] = []
        if cfg.token:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            cookie = SimpleCookie()
            try:
                cookie.load(headers.get("cookie", ""))
            except Exception:
                pass
            auth = headers.get("authorization", "")
            given = (auth[7:].strip() if auth.lower().startswith("bearer ") else None) or headers.get("x-newsdesk-token")
            if not given and TOKEN_COOKIE in cookie:
                given = unquote(cookie[TOKEN_COOKIE].value)
            if not same_secret(given, cfg.token):
                if same_secret(query.get("token"), cfg.token) and scope["method"] in ("GET", "HEAD"):
                    rest = urlencode([(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))
                                      if k != "token"])
                    location = path + (f"?{rest}" if rest else "")
                    return await self._redirect(send, location, cfg.token)
                return await self._error(send, errors.WebError(401, "unauthorized", "this server needs its token "
                                                                "(Authorization: Bearer …, or ?token=… once)"),
                                         path, accept, [(b"www-authenticate", b"Bearer")])
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
                return await self._error(send, errors.WebError(403, "cross_origin", "requests from another site's "
                                                                "pages are refused"), path, accept)
            if origin == "null":
                return await self._error(send, errors.WebError(403, "cross_origin", "requests from an opaque origin "
                                                                "are refused"), path, accept)
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cfg.max_request_bytes:
                return await self._error(send, self._too_large(), path, accept)

        limit = cfg.max_request_bytes
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
            return message

        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", ())}
                add = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if b"content-security-policy" not in names:
                    add.append((b"content-security-policy", CSP.encode("latin-1")))
                message = dict(message)
                message["headers"] = list(message.get("headers", ())) + add + extra
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._error(send, self._too_large(), path, accept)

    def _too_large(self) -> errors.WebError:
        return errors.WebError(413, "too_large", f"request body over the {self.config.max_request_bytes:,}-byte cap")

    async def _error(self, send, err, path, accept, extra=()):
        content, media = errors.render(err, path, accept)
        headers = [(b"content-type", media.encode("latin-1")), (b"content-length", str(len(content)).encode()),
                   (b"content-security-policy", CSP.encode("latin-1")), *SECURITY_HEADERS, *extra]
        await send({"type": "http.response.start", "status": err.status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def _redirect(self, send, location: str, token: str):
        cookie = f"{TOKEN_COOKIE}={quote(token, safe='')}; Path=/; HttpOnly; SameSite=Strict"
        headers = [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1")),
                   (b"content-length", b"0"), (b"content-security-policy", CSP.encode("latin-1")), *SECURITY_HEADERS]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
