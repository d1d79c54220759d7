"""The polite fetcher: conditional GET, per-host pacing, back-off and Retry-After.

:class:`HostGate` lets one request at a time through to each host and spaces the starts of two
requests to one host by at least the host's delay; errors and ``Retry-After`` push the host's
next slot later. :func:`get` performs one GET with the size cap and total time bound of
:class:`~newsdesk.ingest.limits.ReadLimits` and, unlike the one-shot reader, returns every status
(304, 429, 5xx) with its headers instead of raising.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Callable
from urllib.parse import urlsplit

from newsdesk.ingest.limits import ReadLimits
from newsdesk.ingest.sniff import content_type_parts

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True)
class Response:
    """What one GET returned (``data`` is empty for 304 and for errors)."""

    url: str  # after redirects
    status: int
    headers: dict[str, str]
    data: bytes = b""
    mime: str = ""
    charset: str | None = None
    error: str | None = None  # network failure, size cap, timeout: status is 0

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def host_of(url: str) -> str:
    """The politeness key of a URL: its host name, lower case (all ports of a host share it)."""
    return (urlsplit(url).hostname or "").lower()


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def http_date(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_allowed: float = 0.0  # wall-clock time (time.time()) of the next allowed request start
    delay: float = 0.0
    failures: int = 0


class HostGate:
    """One request at a time per host, starts spaced by the host's delay; waits are interruptible.

    ``log`` receives one dict per request (host, url, start time, status) so that callers and the
    benchmark can check the pacing.
    """

    def __init__(self, min_delay: float, stop: threading.Event | None = None,
                 clock: Callable[[], float] = time.time):
        self.min_delay = min_delay
        self.stop = stop or threading.Event()
        self.clock = clock
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def host(self, name: str) -> _Host:
        with self._lock:
            state = self._hosts.get(name)
            if state is None:
                state = self._hosts[name] = _Host(delay=self.min_delay)
            return state

    def set_delay(self, name: str, delay: float) -> None:
        """Space this host's requests by ``delay`` (never less than the minimum), from its last one on."""
        state = self.host(name)
        new = max(self.min_delay, delay)
        state.next_allowed += new - state.delay  # the slot after the last request moves with the delay
        state.delay = new

    def defer(self, name: str, until: float) -> None:
        """Make the host wait until ``until`` (a back-off or a Retry-After)."""
        state = self.host(name)
        state.next_allowed = max(state.next_allowed, until)

    def next_allowed(self, name: str) -> float:
        return self.host(name).next_allowed

    def states(self) -> dict[str, float]:
        with self._lock:
            return {name: s.next_allowed for name, s in self._hosts.items()}

    def run(self, name: str, request: Callable[[], Response], max_wait: float | None = None) -> Response | None:
        """Run ``request`` in the host's next slot. None when stopped, or when the slot is more
        than ``max_wait`` seconds away (the caller defers the work to a later round)."""
        state = self.host(name)
        with state.lock:
            wait = state.next_allowed - self.clock()
            if max_wait is not None and wait > max_wait:
                return None
            while wait > 0:  # a timed wait may end a hair early: never start before the slot
                if self.stop.wait(wait):
                    return None
                wait = state.next_allowed - self.clock()
            if self.stop.is_set():
                return None
            started = self.clock()
            state.next_allowed = started + state.delay
            return request()


def make_client(limits: ReadLimits) -> httpx.Client:
    """A client for one round: redirects are followed by :func:`get` (each hop checked against
    the URL policy). Connections are not kept alive: every request opens its own socket, which
    the fetch's deadline can shut (a socket kept from an earlier fetch is one it never saw, and a
    host's requests are seconds apart in any case)."""
    import httpx

    return httpx.Client(
        follow_redirects=False,
        timeout=httpx.Timeout(connect=limits.url_connect_timeout, read=limits.url_read_timeout,
                              write=limits.url_read_timeout, pool=limits.url_connect_timeout),
        headers={"User-Agent": limits.user_agent},
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=0),
    )


def get(client: httpx.Client, url: str, limits: ReadLimits, *, etag: str | None = None,
        last_modified: str | None = None) -> Response:
    """One GET, conditional when ``etag``/``last_modified`` are given; never raises for HTTP or
    network trouble (``status`` 0 and ``error`` say what went wrong). Redirects are followed up
    to ``limits.max_redirects``, each hop checked against the URL policy of
    :mod:`newsdesk.ingest.web` (no private or metadata addresses unless ``allow_private``); the
    whole fetch ends within ``limits.url_total_timeout``."""
    import httpx

    from newsdesk.ingest.encodings import accept_encoding
    from newsdesk.ingest.urlpolicy import FetchWatch, Refused, url_problem

    headers = {"User-Agent": limits.user_agent, "Accept-Encoding": accept_encoding()}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    current = url
    with FetchWatch(url, limits) as watch:  # one deadline for the whole fetch, redirects included
        for _ in range(limits.max_redirects + 1):
            if problem := url_problem(current, allow_private=limits.allow_private, allowed_hosts=limits.allowed_hosts):
                return Response(current, 0, {}, error=problem if current == url else f"redirect to {current}: {problem}")
            watch.current = current
            try:
                with client.stream("GET", current, headers=headers, extensions={"trace": watch.trace}) as response:
                    head = {k.lower(): v for k, v in response.headers.items()}
                    if response.is_redirect and response.next_request is not None:
                        current = str(response.next_request.url)
                        continue
                    return _read(current, response, head, limits, started, watch)
            except Refused as err:
                return Response(current, 0, {}, error=str(err))
            except httpx.TimeoutException:
                if watch.expired:
                    return Response(current, 0, {}, error=f"took longer than {limits.url_total_timeout:g} s")
                return Response(current, 0, {}, error=f"timed out (read timeout {limits.url_read_timeout:g} s)")
            except httpx.HTTPError as err:
                if watch.refused:
                    return Response(current, 0, {}, error=watch.refused)
                if watch.expired:
                    return Response(current, 0, {}, error=f"took longer than {limits.url_total_timeout:g} s")
                first = str(err).strip().split("\n", 1)[0]
                return Response(current, 0, {}, error=f"{type(err).__name__}: {first}".strip())
    return Response(url, 0, {}, error=f"too many redirects (limit {limits.max_redirects})")


def _read(url: str, response, head: dict, limits: ReadLimits, started: float, watch) -> Response:
    from newsdesk.ingest.encodings import DecodeError, decoded

    if watch.refused:
        return Response(url, 0, head, error=watch.refused)
    if response.status_code == 304 or response.status_code >= 400:
        return Response(url, response.status_code, head)
    declared = head.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        return Response(url, 0, head, error=f"response of {declared} bytes is over the cap")
    body = bytearray()
    try:
        for chunk in decoded(response.iter_raw(), head.get("content-encoding")):  # inflated step by step
            body += chunk
            if len(body) > limits.max_bytes:
                return Response(url, 0, head, error=f"response larger than the {limits.max_bytes}-byte cap")
            if time.monotonic() - started > limits.url_total_timeout:
                return Response(url, 0, head, error=f"download took longer than {limits.url_total_timeout:g} s")
    except DecodeError as err:
        return Response(url, 0, head, error=str(err))
    if watch.expired:
        return Response(url, 0, head, error=f"download took longer than {limits.url_total_timeout:g} s")
    mime, charset = content_type_parts(head.get("content-type"))
    return Response(url, response.status_code, head, bytes(body), mime, charset)
