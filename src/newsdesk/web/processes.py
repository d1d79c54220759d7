"""Serving one port from several processes (``newsdesk serve --processes N``).

One Python process answers on one core at most. With ``N`` > 1 the server starts ``N - 1``
reader processes beside itself (the primary); every process listens on the same address with
``SO_REUSEPORT``, so the kernel spreads the connections over them.

- **One writer.** Only the primary runs the writer and knows the add jobs. A reader forwards
  every request that writes (any method but GET, HEAD and OPTIONS) and every job page
  (``/jobs/…``, ``/api/jobs/…``) to the primary over a Unix socket in the server's private run
  folder, and passes the answer back unchanged. So SQLite still sees one writer, and a job is
  found whichever process the browser reaches.
- **Fresh reads.** A reader waits (without blocking its event loop) until its story index is
  at least as new as the database before it answers (``StoryIndex.fresh``): a page asked for
  after a job showed done shows what the job stored, as from the primary.
- **Shared briefs.** A brief computed by one process is kept in the run folder for the others
  (``web/briefs.py``); each renders its own pages from it.
- **One CSRF token** for all the processes of a server.
- The readers stop with the primary: it ends them when it stops, and each one stops by itself
  when its parent is gone.

A reader shows no pending adds on the stories page (it does not run the jobs).
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading

FORWARDED_PREFIXES = ("/jobs/", "/api/jobs/")
FORWARD_TIMEOUT = 300.0  # seconds a forwarded request may take (an add waits at most 120 s)
READER_NAME = "newsdesk-reader"  # the process name of a reader (as ps shows it; bench/serve.py counts them)
_HOP = frozenset({b"connection", b"keep-alive", b"transfer-encoding", b"content-length", b"te", b"trailer",
                  b"upgrade", b"proxy-connection"})


class NoWriter:
    """A reader's stand-in for :class:`newsdesk.web.jobs.Writer`: its writes go to the primary."""

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def pending(self) -> int:
        return 0

    def get(self, job_id: str):
        return None


def forwarded(method: str, path: str) -> bool:
    """Whether a reader sends this request to the primary."""
    return method not in ("GET", "HEAD", "OPTIONS") or path.startswith(FORWARDED_PREFIXES)


class Reader:
    """ASGI middleware of a reader process (inside the Guard, which has checked the request):
    forwards writes and job pages to the primary, and makes every other request wait for a
    story index at least as new as the database."""

    def __init__(self, app, state, primary: str):
        self.app = app
        self.state = state
        self.primary = primary

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if forwarded(scope["method"], scope.get("path", "")):
            return await self._forward(scope, receive, send)
        await self.state.index.fresh()
        return await self.app(scope, receive, send)

    async def _forward(self, scope, receive, send):
        body = bytearray()
        while True:  # the Guard's receive enforces the body cap
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        target = scope.get("raw_path") or scope["path"].encode("utf-8")
        if scope.get("query_string"):
            target += b"?" + scope["query_string"]
        head = [b"%s %s HTTP/1.1" % (scope["method"].encode("ascii"), target)]
        head += [k + b": " + v for k, v in scope.get("headers", ()) if k.lower() not in _HOP]
        head += [b"content-length: %d" % len(body), b"connection: close"]
        try:
            reader, writer = await asyncio.open_unix_connection(self.primary, limit=1 << 20)
            try:
                writer.write(b"\r\n".join(head) + b"\r\n\r\n" + bytes(body))
                await writer.drain()
                status, headers, content = _parse(await asyncio.wait_for(reader.read(), FORWARD_TIMEOUT))
            finally:
                writer.close()
        except (OSError, ValueError, IndexError, asyncio.TimeoutError):
            from newsdesk.web import errors

            err = errors.WebError(503, "unavailable", "the server's writing process did not answer; try again")
            content, media = errors.render(err, scope.get("path", ""), _header(scope, b"accept"))
            status, headers = err.status, [(b"content-type", media.encode("latin-1"))]
        headers.append((b"content-length", str(len(content)).encode("ascii")))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})


def _header(scope, name: bytes) -> str:
    return next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k.lower() == name), "")


def _parse(raw: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """(status, headers without hop-by-hop ones, body) of a whole HTTP/1.1 response."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers, chunked = [], False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip()
        if name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        if name not in _HOP:
            headers.append((name, value))
    if chunked:
        out, pos = bytearray(), 0
        while True:
            end = body.index(b"\r\n", pos)
            size = int(body[pos:end].split(b";", 1)[0], 16)
            if size == 0:
                break
            out += body[end + 2:end + 2 + size]
            pos = end + 2 + size + 2
        body = bytes(out)
    return status, headers, body


# --------------------------------------------------------------------------- the processes


def listening_socket(host: str, port: int, first: bool = False) -> socket.socket:
    """A TCP socket bound to (host, port) with SO_REUSEPORT, not yet listening (uvicorn listens
    once the app has started, so no connection waits on a process that cannot answer yet).
    ``first``: the port must be free (a plain bind is tried first: one that SO_REUSEPORT would
    let this server share with another program is refused instead)."""
    from newsdesk.errors import NewsdeskError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    address = host.strip("[]")
    try:
        if first:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((address, port))
                port = probe.getsockname()[1]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((address, port))
    except OSError as exc:
        raise NewsdeskError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(False)
    return sock


def serve_processes(config, processes: int, run_server) -> None:
    """Run the primary here and ``processes - 1`` readers beside it until the primary stops.
    ``run_server(app, sockets)`` serves an app on the given sockets (uvicorn)."""
    import dataclasses
    import multiprocessing
    import secrets
    import shutil
    import tempfile

    from newsdesk.web import create_app

    run_dir = tempfile.mkdtemp(prefix="newsdesk-serve-")  # private (0700): the socket and the briefs
    tcp = listening_socket(config.host, config.port, first=True)
    port = tcp.getsockname()[1]
    shared = dict(port=port, csrf=secrets.token_urlsafe(32), shared_dir=run_dir)
    primary_sock = os.path.join(run_dir, "primary.sock")
    reader_config = dataclasses.replace(config, **shared, role="reader", forward_to=primary_sock, warm=0)
    ctx = multiprocessing.get_context("spawn")
    readers = [ctx.Process(target=reader_main, args=(reader_config, os.getpid(), run_server),
                           name=f"newsdesk-reader-{i}") for i in range(1, processes)]
    import signal
    import sys

    # uvicorn re-raises the signal that stopped it; exiting by an exception runs the clean-up below
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    try:
        uds = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        uds.bind(primary_sock)
        os.chmod(primary_sock, 0o600)
        for proc in readers:
            proc.start()
        run_server(create_app(dataclasses.replace(config, **shared)), [tcp, uds])
    finally:
        for proc in readers:
            if proc.is_alive():
                proc.terminate()
        for proc in readers:
            proc.join(10)
            if proc.is_alive():
                proc.kill()
                proc.join(5)
        shutil.rmtree(run_dir, ignore_errors=True)


def reader_main(config, parent: int, run_server) -> None:
    """A reader process: the app as a reader, on its own SO_REUSEPORT socket, until its parent
    ends it or is gone."""
    from newsdesk.web import create_app

    _name_process(READER_NAME)
    threading.Thread(target=_watch_parent, args=(parent,), name="newsdesk-parent", daemon=True).start()
    run_server(create_app(config), [listening_socket(config.host, config.port)])


def _name_process(name: str) -> None:
    """The name ``ps``/``top`` show for this process (Linux; elsewhere nothing changes)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(15, name.encode("ascii")[:15], 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def _watch_parent(parent: int) -> None:
    import signal
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's own shutdown, as when the primary ends us


def run_uvicorn(app, sockets, access_log: bool = False) -> None:
    """Serve ``app`` with uvicorn on already bound ``sockets`` until it is stopped."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=access_log, server_header=False)
    uvicorn.Server(config).run(sockets=sockets)
