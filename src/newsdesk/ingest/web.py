"""http(s) URLs (httpx): polite, bounded in time and size; the content type picks the reader."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsdesk.errors import InputError
from newsdesk.ingest.encodings import DecodeError, accept_encoding, decoded
from newsdesk.ingest.feed import read_feed
from newsdesk.ingest.fields import stable_id
from newsdesk.ingest.htmlpage import read_html_bytes
from newsdesk.ingest.jsonrec import read_json, read_jsonl
from newsdesk.ingest.limits import ReadLimits
from newsdesk.ingest.sniff import (
    FEED, HTML, JSON, JSONL, TEXT, binary_kind, content_type_parts, format_from_content, is_feed,
)
from newsdesk.ingest.text import read_text
from newsdesk.ingest.urlpolicy import (  # noqa: F401 - the URL policy is also imported from here
    FetchWatch, Refused, address_problem, check_url, host_of, url_problem,
)
from newsdesk.records import RawDocument, Skipped

if TYPE_CHECKING:  # httpx is imported when a URL is read (0.07 s saved for files)
    import httpx


@dataclass(frozen=True)
class Fetched:
    """A downloaded body and what the server said about it."""

    url: str  # after redirects
    mime: str
    charset: str | None
    data: bytes


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def make_client(limits: ReadLimits) -> httpx.Client:
    """The client newsdesk uses when the caller gives none. Connections are not kept alive, so
    that every request opens its own socket, which the fetch deadline can close."""
    import httpx

    return httpx.Client(
        follow_redirects=False,
        timeout=_timeout(limits, limits.url_total_timeout),
        headers={"User-Agent": limits.user_agent},
        limits=httpx.Limits(max_keepalive_connections=0),
    )


def _timeout(limits: ReadLimits, left: float) -> httpx.Timeout:
    import httpx

    left = max(left, 0.01)
    return httpx.Timeout(
        connect=min(limits.url_connect_timeout, left),
        read=min(limits.url_read_timeout, left),
        write=min(limits.url_read_timeout, left),
        pool=min(limits.url_connect_timeout, left),
    )


def fetch(url: str, client: httpx.Client, limits: ReadLimits) -> Fetched:
    """GET ``url``, following up to ``limits.max_redirects`` redirects, each checked against
    the URL policy (``limits.allow_private``) before it is followed and again on the connected
    socket. The size cap is enforced while streaming, and the whole fetch (connection, headers,
    redirects, body) ends within ``limits.url_total_timeout``: a watchdog shuts the sockets down
    at the deadline, so a server that drips its headers or its body cannot hold the reader."""
    with FetchWatch(url, limits) as watch:
        try:
            return _fetch(url, client, limits, watch)
        except InputError:
            if watch.expired:
                raise InputError(url, _too_slow(limits)) from None
            raise


def _resolve_within(url: str, limits: ReadLimits, seconds: float) -> None:
    """Look the URL's host name up within ``seconds`` (the system resolver has no time limit of
    its own that the fetch deadline could shorten), and refuse it here, before any connection,
    when every address it has is private and private addresses are not allowed. IP literals
    need no look-up; the connected socket is checked again in any case."""
    host = host_of(url)
    if not host or _is_ip(host):
        return
    found: list = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, None, type=socket.SOCK_STREAM))
        except OSError as exc:
            found.append(exc)

    worker = threading.Thread(target=lookup, daemon=True)  # left behind if the resolver hangs
    worker.start()
    worker.join(seconds)
    if not found:
        raise InputError(url, f"looking up {host} took longer than {seconds:g} s")
    if isinstance(found[0], OSError):
        return  # the client reports it as a connection error, in its words
    if limits.allow_private or host in limits.allowed_hosts:
        return
    problems = [address_problem(info[4][0]) for info in found[0]]
    if problems and all(problems):
        raise InputError(url, f"refused: {host} resolves to {found[0][0][4][0]}, {problems[0]} (allow with --allow-private)")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def _too_slow(limits: ReadLimits) -> str:
    return f"fetch took longer than the {limits.url_total_timeout:g} s total limit (NEWSDESK_URL_TOTAL_TIMEOUT)"


def _fetch(url: str, client: httpx.Client, limits: ReadLimits, watch: FetchWatch) -> Fetched:
    import httpx

    started = time.monotonic()
    current = url
    for hop in range(limits.max_redirects + 1):
        left = limits.url_total_timeout - (time.monotonic() - started)
        if left <= 0:
            raise InputError(url, _too_slow(limits))
        try:
            check_url(current, allow_private=limits.allow_private, allowed_hosts=limits.allowed_hosts)
            _resolve_within(current, limits, min(left, limits.url_connect_timeout))
            watch.current = current
            with client.stream(
                "GET",
                current,
                timeout=_timeout(limits, left),
                follow_redirects=False,
                headers={"User-Agent": limits.user_agent, "Accept-Encoding": accept_encoding()},
                extensions={"trace": watch.trace},
            ) as response:
                if response.is_redirect and response.next_request is not None:
                    current = str(response.next_request.url)
                    continue
                return _body(url, response, limits, started, watch)
        except Refused as err:
            raise InputError(url, str(err) if current == url else f"redirect to {current}: {err}") from None
        except httpx.ConnectTimeout:
            raise InputError(url, f"connection timed out after {limits.url_connect_timeout:g} s") from None
        except httpx.TimeoutException:
            raise InputError(url, f"no response within {limits.url_read_timeout:g} s (timed out)") from None
        except httpx.ConnectError as err:
            raise InputError(url, f"cannot connect ({_first_line(err) or 'connection failed'})") from None
        except httpx.HTTPError as err:
            raise InputError(url, f"download failed: {type(err).__name__} {_first_line(err)}".strip()) from None
        except InputError as err:
            if current != url and err.source == current:
                raise InputError(url, f"redirect to {current}: {err.reason}") from None
            raise
    raise InputError(url, f"too many redirects (limit {limits.max_redirects})")


def _body(url: str, response: httpx.Response, limits: ReadLimits, started: float, watch: FetchWatch) -> Fetched:
    if response.status_code >= 400:
        raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise InputError(url, f"response of {int(declared):,} bytes is over the {limits.max_bytes:,}-byte cap")
    body = bytearray()
    for chunk in _decoded(url, response, limits):  # the cap counts decompressed bytes
        body += chunk
        if len(body) > limits.max_bytes:
            raise InputError(url, f"response larger than the {limits.max_bytes:,}-byte cap (after decompression)")
        if time.monotonic() - started > limits.url_total_timeout:
            raise InputError(url, _too_slow(limits))
    if watch.expired:  # the deadline shut the socket: what came is not the whole body
        raise InputError(url, _too_slow(limits))
    mime, charset = content_type_parts(response.headers.get("Content-Type"))
    return Fetched(url=str(response.url), mime=mime, charset=charset, data=bytes(body))


def _decoded(url: str, response: httpx.Response, limits: ReadLimits) -> Iterator[bytes]:
    """The body, decompressed 64 KB at a time, never past the size cap: httpx would inflate each
    network chunk whole (64 KB of a bomb is 64 MB or more). See :mod:`newsdesk.ingest.encodings`."""
    try:
        yield from decoded(response.iter_raw(), response.headers.get("Content-Encoding"))
    except DecodeError as err:
        raise InputError(url, str(err)) from None


def _first_line(err: Exception) -> str:
    return str(err).strip().split("\n", 1)[0]


_HTML = ("text/html", "application/xhtml+xml")
_FEEDS = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")
_XML = ("application/xml", "text/xml")
_JSON = ("application/json", "application/ld+json")


def read_url(url: str, *, client: httpx.Client, limits: ReadLimits) -> Iterator[RawDocument | Skipped]:
    """Download ``url`` and read it with the reader its content type (or content) calls for."""
    got = fetch(url, client, limits)
    if not got.data.strip():
        raise InputError(url, "empty response")
    if kind := binary_kind(got.data[:16]):
        raise InputError(url, f"response is {kind}, not text")
    if got.mime in _HTML:
        kind = HTML
    elif got.mime in _FEEDS or (got.mime in _XML and is_feed(got.data)):
        kind = FEED
    elif got.mime in _JSON:
        kind = JSON
    elif got.mime == "application/x-ndjson":
        kind = JSONL
    elif got.mime.startswith("text/plain"):
        kind = TEXT
    else:
        kind = format_from_content(got.data[:8192])
    doc_id = stable_id(url)
    if kind == HTML:
        yield read_html_bytes(
            got.data, doc_id=doc_id, source=url, limits=limits, url=got.url, declared=got.charset, fmt="url"
        )
    elif kind == FEED:
        yield from read_feed(got.data, source=url, limits=limits)
    elif kind == JSON:
        yield from read_json(got.data, source=url, limits=limits)
    elif kind == JSONL:
        yield from read_jsonl(got.data, source=url, limits=limits)
    elif kind == TEXT:
        yield read_text(got.data, doc_id=doc_id, source=url, declared=got.charset, url=got.url, fmt="url")
    else:
        raise InputError(url, f"unsupported content type {got.mime or 'unknown'}")
