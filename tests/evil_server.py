"""A slow and hostile HTTP server on 127.0.0.1 for the fault tests and bench/reliability.py.

Paths: ``/ok`` (a good article page), ``/drip-headers`` (one header line every ``drip`` s,
forever), ``/drip-body`` (headers at once, then one byte every ``drip`` s), ``/endless`` (an
endless body without Content-Length), ``/redirect/N`` (a chain of N redirects ending at /ok),
``/loop`` (redirects to itself), ``/to-loopback`` (redirects to 127.0.0.1 on this server, or to
``?to=URL``), ``/ok-gzip`` and ``/gzip-cut`` (a gzip-encoded page, whole and cut short), ``/gzip-bomb`` (a gzip-encoded body of 64 KB that expands to 64 MB), ``/ok-deflate``, ``/ok-br``,
``/deflate-bomb`` and ``/br-bomb`` (the same page and bomb in those encodings; br needs the brotli
package), ``/zstd`` (an encoding newsdesk cannot decode), ``/kept`` (the page on a connection kept alive,
then headers dripped on the same connection's next request), ``/secret``.

Every handler stops when the client goes away; ``serve()`` is a context manager that shuts the
server down and joins its threads, so nothing outlives the test.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ARTICLE = (
    "<html><head><title>Ferry terminal opening delayed to next spring</title></head><body><article>"
    "<h1>Ferry terminal opening delayed to next spring</h1>"
    + "".join(
        f"<p>The harbour authority said on Friday that the new ferry terminal would open next spring, "
        f"two years later than first planned, after costs rose by a third. Paragraph {i} adds that the "
        f"port's chief engineer, Maria Lund, blamed the delay on steel prices and a wet winter.</p>"
        for i in range(6)
    )
    + "</article></body></html>"
).encode()


@functools.lru_cache(maxsize=1)
def _bomb(size: int = 1 << 26) -> bytes:
    """A gzip stream of ``size`` zero bytes (64 KB for 64 MB), built once per process."""
    import io

    out = io.BytesIO()
    block = b"\0" * (1 << 20)
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as stream:
        for _ in range(size // len(block)):
            stream.write(block)
    return out.getvalue()


@functools.lru_cache(maxsize=2)
def _other_bomb(coding: str, size: int = 1 << 26) -> bytes:
    """``size`` zero bytes deflate- or brotli-encoded (64 KB or 200 bytes for 64 MB)."""
    import zlib

    if coding == "br":
        import brotli

        return brotli.compress(b"\0" * size, quality=5)
    squeeze = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    return b"".join(squeeze.compress(block) for _ in range(size // len(block))) + squeeze.flush()


def _encode(coding: str, body: bytes) -> bytes:
    import zlib

    if coding == "br":
        import brotli

        return brotli.compress(body)
    return zlib.compress(body)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        return None

    def _stopping(self) -> bool:
        return self.server.stopping.is_set()

    def _drip_headers(self, drip: float) -> None:
        """A status line, then one header line every ``drip`` seconds, never the blank line."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        n = 0
        while not self._stopping():
            self.wfile.write(f"X-Drip-{n}: {'x' * 10}\r\n".encode())
            self.wfile.flush()
            n += 1
            time.sleep(drip)

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        drip = self.server.drip
        try:
            if path in ("/ok", "/secret"):
                self._send(200, ARTICLE, {"Content-Type": "text/html; charset=utf-8"})
            elif path == "/drip-headers":
                self._drip_headers(drip)
            elif path == "/drip-body":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
                while not self._stopping():
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(drip)
            elif path == "/endless":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
                line = b"All work and no play makes a dull article. " * 100 + b"\n"
                while not self._stopping():
                    self.wfile.write(line)
            elif path.startswith("/redirect/"):
                n = int(path.rsplit("/", 1)[1])
                self._send(302, headers={"Location": f"/redirect/{n - 1}" if n > 1 else "/ok"})
            elif path == "/loop":
                self._send(302, headers={"Location": "/loop"})
            elif path == "/to-loopback":
                target = query.get("to", [f"http://127.0.0.1:{self.server.server_address[1]}/secret"])[0]
                self._send(302, headers={"Location": target})
            elif path == "/ok-gzip":
                self._send(200, gzip.compress(ARTICLE), {"Content-Type": "text/html", "Content-Encoding": "gzip"})
            elif path == "/gzip-cut":
                self._send(200, gzip.compress(ARTICLE)[:-40], {"Content-Type": "text/html", "Content-Encoding": "gzip"})
            elif path == "/gzip-bomb":
                self._send(200, self.server.bomb(), {"Content-Type": "text/html", "Content-Encoding": "gzip"})
            elif path in ("/ok-deflate", "/ok-br"):
                coding = path[4:]
                self._send(200, _encode(coding, ARTICLE), {"Content-Type": "text/html", "Content-Encoding": coding})
            elif path in ("/deflate-bomb", "/br-bomb"):
                coding = path[1:].split("-")[0]
                self._send(200, _other_bomb(coding), {"Content-Type": "text/html", "Content-Encoding": coding})
            elif path == "/kept":
                self.kept = getattr(self, "kept", 0) + 1  # requests on this connection
                if self.kept == 1:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(ARTICLE)))
                    self.end_headers()
                    self.wfile.write(ARTICLE)
                    self.wfile.flush()
                    return
                self._drip_headers(drip)
            elif path == "/zstd":
                self._send(200, b"(zstd frames)", {"Content-Type": "text/html", "Content-Encoding": "zstd"})
            else:
                self._send(404, b"not found")
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, drip: float):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.drip = drip
        self.stopping = threading.Event()

    def bomb(self) -> bytes:
        return _bomb()


@contextlib.contextmanager
def serve(drip: float = 0.5):
    """Run the server on 127.0.0.1 (a free port) and yield its base URL ``http://127.0.0.1:P``."""
    server = _Server(drip)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
