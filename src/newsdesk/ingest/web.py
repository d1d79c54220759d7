"""http(s) URLs (httpx): polite, bounded in time and size; the content type picks the reader."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsdesk.errors import InputError
from newsdesk.ingest.feed import read_feed
from newsdesk.ingest.fields import stable_id
from newsdesk.ingest.htmlpage import read_html_bytes
from newsdesk.ingest.jsonrec import read_json, read_jsonl
from newsdesk.ingest.limits import ReadLimits
from newsdesk.ingest.sniff import (
    FEED, HTML, JSON, JSONL, TEXT, binary_kind, content_type_parts, format_from_content, is_feed,
)
from newsdesk.ingest.text import read_text
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
    """The client newsdesk uses when the caller gives none."""
    import httpx

    return httpx.Client(
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        timeout=_timeout(limits),
        headers={"User-Agent": limits.user_agent},
    )


def _timeout(limits: ReadLimits) -> httpx.Timeout:
    import httpx

    return httpx.Timeout(
        connect=limits.url_connect_timeout,
        read=limits.url_read_timeout,
        write=limits.url_read_timeout,
        pool=limits.url_connect_timeout,
    )


def fetch(url: str, client: httpx.Client, limits: ReadLimits) -> Fetched:
    """GET ``url``; the size cap is enforced while streaming and the whole download is bounded by
    ``url_total_timeout`` (a server that drips bytes cannot hold the reader)."""
    import httpx

    started = time.monotonic()
    try:
        with client.stream(
            "GET", url, timeout=_timeout(limits), follow_redirects=True, headers={"User-Agent": limits.user_agent}
        ) as response:
            if response.status_code >= 400:
                raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise InputError(url, f"response of {declared} bytes is over the {limits.max_bytes}-byte cap")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limits.max_bytes:
                    raise InputError(url, f"response larger than the {limits.max_bytes}-byte cap")
                if time.monotonic() - started > limits.url_total_timeout:
                    raise InputError(url, f"download took longer than {limits.url_total_timeout:g} s")
            mime, charset = content_type_parts(response.headers.get("Content-Type"))
            return Fetched(url=str(response.url), mime=mime, charset=charset, data=bytes(body))
    except httpx.TooManyRedirects:
        raise InputError(url, f"too many redirects (limit {limits.max_redirects})") from None
    except httpx.ConnectTimeout:
        raise InputError(url, f"connection timed out after {limits.url_connect_timeout:g} s") from None
    except httpx.TimeoutException:
        raise InputError(url, f"no response within {limits.url_read_timeout:g} s (timed out)") from None
    except httpx.ConnectError as err:
        raise InputError(url, f"cannot connect ({_first_line(err) or 'connection failed'})") from None
    except httpx.HTTPError as err:
        raise InputError(url, f"download failed: {type(err).__name__} {_first_line(err)}".strip()) from None


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
