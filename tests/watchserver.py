"""A small HTTP server on 127.0.0.1 for the watch tests and benchmark: routes that change between
rounds, ETags (304), status codes with headers (429 Retry-After, 500), slow answers, and a log of
every request (path, time, headers)."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    etag: bool = True  # answer If-None-Match with 304 when the body is unchanged
    delay: float = 0.0  # seconds before answering
    statuses: list = field(default_factory=list)  # statuses to answer first, one per request (then `status`)
    last_modified: str | None = None  # answer If-Modified-Since with 304 when it matches


@dataclass
class Hit:
    path: str
    host: str
    t: float
    headers: dict
    status: int


class LocalServer:
    """``with LocalServer() as server:`` … ``server.url("/feed.xml")``."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                return

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("#", 1)[0]
                with server.lock:
                    route = server.routes.get(path)
                    status = route.statuses.pop(0) if route is not None and route.statuses else None
                if route is None:
                    self._answer(path, 404, b"not found", "text/plain", {})
                    return
                if route.delay:
                    time.sleep(route.delay)
                status = status or route.status
                headers = dict(route.headers)
                if status != 200:
                    self._answer(path, status, b"", "text/plain", headers)
                    return
                tag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                if route.etag:
                    headers["ETag"] = tag
                    if self.headers.get("If-None-Match") == tag:
                        self._answer(path, 304, b"", None, headers)
                        return
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                    if self.headers.get("If-Modified-Since") == route.last_modified:
                        self._answer(path, 304, b"", None, headers)
                        return
                self._answer(path, 200, route.body, route.content_type, headers)

            def _answer(self, path: str, status: int, body: bytes, ctype: str | None, headers: dict) -> None:
                with server.lock:
                    server.hits.append(Hit(path, self.headers.get("Host", ""), time.time(),
                                           dict(self.headers.items()), status))
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:  # a client that hung up: not news
                import sys

                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self.httpd = Server((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.host = host
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def set(self, path: str, body: str | bytes = b"", **kw) -> Route:
        route = Route(body.encode("utf-8") if isinstance(body, str) else body, **kw)
        with self.lock:
            self.routes[path] = route
        return route

    def count(self, path: str, status: int | None = None) -> int:
        with self.lock:
            return sum(1 for h in self.hits if h.path == path and (status is None or h.status == status))

    def __enter__(self) -> "LocalServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def rss(title: str, items: list[dict], link: str = "http://example.invalid/") -> str:
    """An RSS 2.0 feed; each item: link, title, and optionally description, pubDate, guid, updated."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
             f"<channel><title>{title}</title><link>{link}</link><description>{title}</description>"]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{item['title']}</title><link>{item['link']}</link>")
        parts.append(f"<guid>{item.get('guid', item['link'])}</guid>")
        if item.get("description"):
            parts.append(f"<description>{item['description']}</description>")
        if item.get("pubDate"):
            parts.append(f"<pubDate>{item['pubDate']}</pubDate>")
        if item.get("updated"):
            parts.append(f"<atom:updated>{item['updated']}</atom:updated>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def page(title: str, paragraphs: list[str], *, published: str | None = None, site: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title>{meta}{site_meta}</head><body>"
            f"<nav>Home | World | Sport</nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright</footer></body></html>")
