"""An item's page (or, when it cannot be read, its feed entry) as a cleaned article."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from newsdesk.errors import InputError, NewsdeskError
from newsdesk.ingest.fields import stable_id
from newsdesk.ingest.htmlpage import read_html_bytes
from newsdesk.ingest.limits import ReadLimits
from newsdesk.ingest.sniff import binary_kind
from newsdesk.ingest.text import read_text
from newsdesk.records import Article, RawDocument
from newsdesk.watch.discover import fallback_document
from newsdesk.watch.http import Response

_HTML = ("text/html", "application/xhtml+xml", "")


def page_document(url: str, response: Response, limits: ReadLimits, entry: dict | None) -> RawDocument:
    """The page as a document, its missing metadata filled from what the source said."""
    data = response.data
    if not data.strip():
        raise InputError(url, "empty page")
    if kind := binary_kind(data[:16]):
        raise InputError(url, f"page is {kind}, not text")
    doc_id = stable_id(url)
    if response.mime.startswith("text/plain"):
        doc = read_text(data, doc_id=doc_id, source=url, declared=response.charset, url=response.url, fmt="url")
    elif response.mime in _HTML or "html" in response.mime:
        doc = read_html_bytes(data, doc_id=doc_id, source=url, limits=limits, url=response.url,
                              declared=response.charset, fmt="url")
    else:
        raise InputError(url, f"page of type {response.mime} is not an article")
    if not entry:
        return doc
    published = doc.published
    if published is None and entry.get("published"):
        published = datetime.fromisoformat(entry["published"])
    fallback = entry.get("fallback") or {}
    return replace(doc, title=doc.title or entry.get("title"), published=published,
                   outlet=doc.outlet or entry.get("outlet"), byline=doc.byline or fallback.get("byline"))


def entry_document(url: str, entry: dict | None) -> RawDocument | None:
    """The feed entry's own text as a document (None when the source gave no text)."""
    fields = (entry or {}).get("fallback")
    if not fields or not (fields.get("text") or "").strip():
        return None
    return fallback_document(url, fields)


def clean(doc: RawDocument) -> Article:
    """One cleaned article; InputError when nothing of the article is left."""
    from newsdesk.clean import build_article

    try:
        article = build_article(doc)
    except NewsdeskError:
        raise
    except Exception as exc:  # one broken page never stops a round
        raise InputError(doc.source, f"cleaning failed: {type(exc).__name__}: {exc}") from None
    if not article.body.strip():
        raise InputError(doc.source, "no article text left after cleaning")
    return article


def read_page(url: str, response: Response, limits: ReadLimits, entry: dict | None) -> tuple[Article | None, str | None]:
    """The cleaned article of a fetched page, or why there is none (runs in worker processes too)."""
    try:
        return clean(page_document(url, response, limits, entry)), None
    except InputError as exc:
        return None, exc.reason
