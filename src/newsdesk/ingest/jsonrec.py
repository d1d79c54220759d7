"""JSON and JSON Lines: one article object, a list of them, or one object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsdesk.errors import InputError
from newsdesk.ingest.decode import decode_bytes
from newsdesk.ingest.fields import clean_title, name_of, parse_date, stable_id, tag_list
from newsdesk.ingest.htmlpage import html_field_text, looks_like_html
from newsdesk.ingest.limits import ReadLimits
from newsdesk.records import RawDocument, Skipped

ID_KEYS = ("id", "_id", "uuid", "doc_id")
TITLE_KEYS = ("title", "headline")
TEXT_KEYS = ("text", "body", "content", "article", "maintext", "articleBody", "article_body", "full_text", "html")
URL_KEYS = ("url", "link", "href", "canonical_url")
DATE_KEYS = ("published", "date", "publish_date", "pubDate", "datePublished", "published_at", "publishedAt", "date_publish")
OUTLET_KEYS = ("outlet", "source", "site", "publisher", "source_domain", "sitename", "site_name")
AUTHOR_KEYS = ("byline", "author", "authors", "creator")
TAG_KEYS = ("tags", "keywords", "categories", "category")
# Containers some APIs wrap their article lists in ({"articles": [...]}, ...).
LIST_KEYS = ("articles", "items", "results", "data", "documents", "records", "entries")


def _first(record: dict, keys: tuple[str, ...]) -> Any:
    lowered = {k.lower(): v for k, v in record.items() if isinstance(k, str)}
    for key in keys:
        value = record.get(key, lowered.get(key.lower()))
        if value not in (None, "", [], {}):
            return value
    return None


def _text_value(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(v.strip() for v in value if v.strip())  # paragraphs given as a list
    if isinstance(value, dict):
        return _text_value(value.get("text") or value.get("value") or value.get("html"))
    return None


def record_to_document(record: Any, *, source: str, limits: ReadLimits, fmt: str = "json") -> RawDocument:
    """A RawDocument from one article object, tolerant of common field names."""
    if not isinstance(record, dict):
        raise InputError(source, f"record is a JSON {type(record).__name__}, not an object")
    raw_text = _text_value(_first(record, TEXT_KEYS))
    title = clean_title(_first(record, TITLE_KEYS))
    if not raw_text or not raw_text.strip():
        if not title:
            raise InputError(source, "record has no article text (looked for "
                             + "/".join(TEXT_KEYS[:6]) + ") and no title")
        raw_text = title  # a headline alone is a (short) article
    url = name_of(_first(record, URL_KEYS))
    published = parse_date(_first(record, DATE_KEYS))
    outlet = name_of(_first(record, OUTLET_KEYS))
    byline = name_of(_first(record, AUTHOR_KEYS))
    tags = tag_list(_first(record, TAG_KEYS))
    if looks_like_html(raw_text):
        page = html_field_text(raw_text, source=source, limits=limits, url=url)
        text = page.text or (title or page.title or "")  # a summary that only repeated the headline
        title, byline, published = title or page.title, byline or page.byline, published or page.published
        outlet, url, tags = outlet or page.outlet, url or page.url, tags or page.tags
    else:
        text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    given_id = _first(record, ID_KEYS)
    doc_id = str(given_id) if isinstance(given_id, (str, int)) else stable_id(url, text)
    return RawDocument(
        id=doc_id,
        source=source,
        text=text,
        format=fmt,
        title=title,
        byline=byline,
        published=published,
        outlet=outlet,
        url=url,
        tags=tags,
        has_metadata=any((title, byline, published, outlet)),
    )


def _convert(record: Any, source: str, limits: ReadLimits) -> RawDocument | Skipped:
    try:
        return record_to_document(record, source=source, limits=limits)
    except InputError as err:
        return Skipped(err.source, err.reason)


def _unwrap(value: Any) -> list | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and _first(value, TEXT_KEYS) is None:
        for key in LIST_KEYS:
            if isinstance(value.get(key), list):
                return value[key]
    return None


def read_jsonl(data: bytes, *, source: str, limits: ReadLimits) -> Iterator[RawDocument | Skipped]:
    """One record per non-empty line; a bad line is one Skipped and the rest are still read."""
    text = decode_bytes(data, source)
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        count += 1
        if count > limits.max_records:
            yield Skipped(source, f"more than {limits.max_records} records; the rest were not read")
            return
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(where, f"malformed JSON line: {err.msg} at column {err.colno}")
            continue
        yield _convert(record, where, limits)
    if count == 0:
        raise InputError(source, "holds no JSON records")


def read_json(data: bytes, *, source: str, limits: ReadLimits) -> Iterator[RawDocument | Skipped]:
    """One article object, a list of them (or a wrapper holding the list); JSON Lines content
    saved as ``.json`` is read line by line."""
    text = decode_bytes(data, source)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from read_jsonl(data, source=source, limits=limits)
            return
        raise InputError(source, f"malformed JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    records = _unwrap(value)
    if records is None:
        yield _convert(value, source, limits)
        return
    if not records:
        raise InputError(source, "holds an empty list of records")
    for index, record in enumerate(records[: limits.max_records], start=1):
        yield _convert(record, f"{source}#{index}", limits)
    if len(records) > limits.max_records:
        yield Skipped(source, f"more than {limits.max_records} records; the rest were not read")
