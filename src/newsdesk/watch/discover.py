"""What a polled source holds: the items of an RSS/Atom feed or a news sitemap, or the page itself.

Each item has a key (its canonical URL, else its feed id) under which it is fetched once, its
page URL, what the source said about it (title, dates, outlet) and, for feeds, the entry's own
text as a fallback article for when the page cannot be read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from newsdesk.errors import InputError
from newsdesk.ingest.fields import parse_date, stable_id
from newsdesk.ingest.limits import ReadLimits
from newsdesk.ingest.sniff import is_feed
from newsdesk.records import RawDocument

FEED, SITEMAP, PAGE = "feed", "sitemap", "page"
KINDS = ("auto", FEED, SITEMAP, PAGE)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")
_SITEMAP_ROOT = re.compile(rb"<(?:[\w-]+:)?(urlset|sitemapindex)[\s>]")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.IGNORECASE)
_NS_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True)
class Item:
    """One article a source points to."""

    key: str
    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601, as the source states it
    updated: str | None = None  # the source's modification stamp: a change means "re-read the page"
    outlet: str | None = None
    fallback: dict | None = None  # the feed entry as an article (text, byline, tags …), when it has text


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def sniff_kind(data: bytes, mime: str) -> str:
    head = data[:4096]
    if _SITEMAP_ROOT.search(head):
        return SITEMAP
    if mime in _FEED_TYPES or is_feed(data):
        return FEED
    return PAGE


def discover(data: bytes, mime: str, *, kind: str, source_url: str, name: str | None,
             limits: ReadLimits) -> tuple[str, list[Item], list[str]]:
    """The kind of the source (``kind`` unless "auto"), its items, and child sitemap URLs."""
    if kind == "auto":
        kind = sniff_kind(data, mime)
    if kind == FEED:
        return kind, feed_items(data, source_url=source_url, name=name, limits=limits), []
    if kind == SITEMAP:
        items, children = sitemap_items(data, source_url=source_url, name=name)
        return kind, items, children
    return PAGE, [Item(canonical_url(source_url), source_url, outlet=name)], []


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def feed_items(data: bytes, *, source_url: str, name: str | None, limits: ReadLimits) -> list[Item]:
    from newsdesk.ingest.feed import check_safe_xml, entry_to_document

    check_safe_xml(data, source_url)
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=True, sanitize_html=True)
    entries = parsed.get("entries") or []
    if not entries and parsed.get("bozo_exception"):
        raise InputError(source_url, f"not a readable feed ({parsed.get('bozo_exception')})")
    outlet = name or (parsed.get("feed") or {}).get("title") or None
    items: list[Item] = []
    for entry in entries[: limits.max_records]:
        link = entry.get("link")
        url = urljoin(source_url, link) if link else None
        key = None
        if not url or not url.lower().startswith(("http://", "https://")):
            # no page to fetch: the entry's own text is the article, under a key of its own
            key = "entry:" + stable_id(entry.get("id"), entry.get("title"), entry.get("summary"))
            url = f"{source_url}#{key}"
        fallback = None
        try:
            doc = entry_to_document(entry, source=url, outlet=outlet, limits=limits)
        except InputError:
            doc = None
        if doc is not None:
            fallback = _doc_fields(doc)
        elif key is not None:
            continue  # neither a page nor any text
        if key is not None:
            fallback["no_page"] = True
        published = None
        if entry.get("published_parsed"):
            published = datetime(*entry["published_parsed"][:6], tzinfo=timezone.utc).isoformat()
        items.append(Item(key or canonical_url(url), url, entry.get("title") or None, published,
                          entry.get("updated") or None, outlet, fallback))
    return items


def sitemap_items(data: bytes, *, source_url: str, name: str | None) -> tuple[list[Item], list[str]]:
    """Items of a news sitemap (entries with ``<news:news>``; all entries when none has it), and
    the child sitemaps of a sitemap index."""
    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    try:
        root = safe_xml.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise InputError(source_url, f"sitemap declares XML entities ({type(err).__name__}); refused") from None
    except ParseError as err:
        raise InputError(source_url, f"not a readable sitemap ({err})") from None
    local = root.tag.rsplit("}", 1)[-1]
    if local == "sitemapindex":
        children = [urljoin(source_url, (loc.text or "").strip()) for loc in root.iter() if loc.tag.endswith("}loc") or loc.tag == "loc"]
        return [], [c for c in children if c.lower().startswith(("http://", "https://"))]
    news_items: list[Item] = []
    plain_items: list[Item] = []
    for node in root:
        if not node.tag.endswith("url"):
            continue
        fields = {child.tag.rsplit("}", 1)[-1]: child for child in node}
        loc = (fields.get("loc").text or "").strip() if fields.get("loc") is not None else ""
        if not loc:
            continue
        url = urljoin(source_url, loc)
        lastmod = (fields["lastmod"].text or "").strip() if "lastmod" in fields else None
        news = node.find(f"{{{_NS_NEWS}}}news")
        if news is None:
            plain_items.append(Item(canonical_url(url), url, updated=lastmod or None, outlet=name))
            continue
        title = news.findtext(f"{{{_NS_NEWS}}}title")
        date = news.findtext(f"{{{_NS_NEWS}}}publication_date")
        outlet = news.findtext(f"{{{_NS_NEWS}}}publication/{{{_NS_NEWS}}}name") or name
        published = _iso(parse_date(date.strip())) if date and date.strip() else None
        news_items.append(Item(canonical_url(url), url, (title or "").strip() or None, published,
                               lastmod or None, (outlet or "").strip() or None))
    return (news_items or plain_items), []


def _doc_fields(doc: RawDocument) -> dict:
    return {"text": doc.text, "title": doc.title, "byline": doc.byline,
            "published": _iso(doc.published), "outlet": doc.outlet, "tags": list(doc.tags)}


def fallback_document(item_url: str, fields: dict) -> RawDocument:
    """The feed entry of an item as a document, when its page cannot be read."""
    return RawDocument(
        id=stable_id(item_url), source=item_url, text=fields["text"], format="feed",
        title=fields.get("title"), byline=fields.get("byline"),
        published=datetime.fromisoformat(fields["published"]) if fields.get("published") else None,
        outlet=fields.get("outlet"), url=item_url, tags=tuple(fields.get("tags") or ()), has_metadata=True,
    )
