"""RSS and Atom feeds (feedparser), refused when they declare XML entities (XXE, entity bombs)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from newsdesk.errors import InputError
from newsdesk.ingest.fields import clean_title, name_of, stable_id, tag_list
from newsdesk.ingest.htmlpage import html_field_text, looks_like_html
from newsdesk.ingest.limits import ReadLimits
from newsdesk.records import RawDocument, Skipped

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_EMAIL_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")  # RSS <author>: "desk@example.com (Kim Lee)"
_EMAIL = re.compile(r"^\S+@\S+$")


def check_safe_xml(data: bytes, source: str) -> None:
    """Raise InputError when the XML declares entities or references external ones.

    defusedxml parses the bytes with every entity refused; a feed too broken to parse is still
    refused when an entity declaration appears anywhere in it.
    """
    try:
        safe_xml.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise InputError(source, f"feed declares XML entities ({type(err).__name__}); refused as unsafe") from None
    except ParseError:
        if _ENTITY_DECL.search(data):
            raise InputError(source, "malformed feed that declares XML entities; refused as unsafe") from None


def _entry_text(entry: dict) -> tuple[str | None, bool]:
    """The longest of the entry's content values and summary, and whether it is HTML."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry["summary"], detail.get("type") or ""))
    candidates = [c for c in candidates if c[0].strip()]
    if not candidates:
        return None, False
    value, kind = max(candidates, key=lambda c: len(c[0]))
    return value, ("html" in kind) or looks_like_html(value)


def _byline(entry: dict) -> str | None:
    author = name_of(entry.get("author"))
    if author and (named := _EMAIL_NAME.match(author)):
        return named.group(1).strip()
    if author and _EMAIL.match(author):
        return None  # an address alone names no one
    return author or name_of(entry.get("authors"))


def _published(entry: dict) -> datetime | None:
    # Only the stated publication time: an Atom <updated> is a modification time.
    parsed = entry.get("published_parsed")
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=timezone.utc)


def entry_to_document(entry: dict, *, source: str, outlet: str | None, limits: ReadLimits) -> RawDocument:
    value, is_html = _entry_text(entry)
    title = clean_title(entry.get("title"))
    if not value and not title:
        raise InputError(source, "feed entry has no title, content or summary")
    url = entry.get("link") or None
    if not value:
        text = title or ""  # a headline alone is a (short) article
    else:
        text = html_field_text(value, source=source, limits=limits, url=url).text if is_html else value.strip()
        text = text or title or ""  # a summary that only repeated the headline
    if not text.strip():
        raise InputError(source, "feed entry has no text")
    return RawDocument(
        id=stable_id(entry.get("id"), url, text),
        source=source,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        format="feed",
        title=title,
        byline=_byline(entry),
        published=_published(entry),
        outlet=outlet,
        url=url,
        tags=tag_list(entry.get("tags") or []),
        has_metadata=True,
    )


def read_feed(data: bytes, *, source: str, limits: ReadLimits) -> Iterator[RawDocument | Skipped]:
    """Each feed entry as a RawDocument; a bad entry is one Skipped."""
    check_safe_xml(data, source)
    # A file object, never a string: feedparser would treat a string as a URL or a file name.
    import feedparser  # imported when a feed is read

    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=True, sanitize_html=True)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        raise InputError(source, f"not a readable feed ({problem})" if problem else "feed has no entries")
    outlet = (parsed.get("feed") or {}).get("title") or None
    for index, entry in enumerate(entries[: limits.max_records], start=1):
        where = f"{source}#{index}"
        try:
            yield entry_to_document(entry, source=where, outlet=outlet, limits=limits)
        except InputError as err:
            yield Skipped(err.source, err.reason)
    if len(entries) > limits.max_records:
        yield Skipped(source, f"more than {limits.max_records} entries; the rest were not read")
