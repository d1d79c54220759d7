"""Helpers shared by the structured readers: stable ids, dates, names and tag lists."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def stable_id(*keys: str | None) -> str:
    """16 hex digits of the SHA-1 of the first non-empty key (a URL, else the text)."""
    key = next((k for k in keys if k), "")
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]  # lone surrogates too


def parse_date(value: Any) -> datetime | None:
    """A datetime from an ISO 8601 or RFC 2822 string, or a Unix time; None when unsure.

    Only absolute dates are read: relative phrases ("2 hours ago") would be resolved against
    the time of reading, which is not a publication date.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds are common in JSON
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import: only when the quick formats failed

    return dateparser.parse(
        text,
        settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True,
        },
    )


def iso_day(value: str | None) -> datetime | None:
    """A ``YYYY-MM-DD`` string (what htmldate returns) as a naive datetime at midnight."""
    if not value or not _DATE_ONLY.match(value):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None


_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")


def clean_title(value: Any) -> str | None:
    """A headline as text: markup (``<em>``, ``<b>``...) and HTML entities (``&#39;``, ``&amp;``)
    removed, whitespace collapsed. Feeds and JSON exports often carry both in their titles."""
    title = name_of(value)
    if title is None:
        return None
    if "&" in title or "<" in title:
        title = html.unescape(_TAG.sub("", html.unescape(title)))
        title = _TAG.sub("", title)
    return " ".join(title.split()) or None


def name_of(value: Any) -> str | None:
    """A display name from a string, a ``{"name": ...}`` object or a list of either."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        for key in ("name", "title", "@name", "value"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key].strip()
        return None
    if isinstance(value, (list, tuple)):
        names = [n for n in (name_of(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    if isinstance(value, (int, float)):
        return str(value)
    return None


def tag_list(*values: Any) -> tuple[str, ...]:
    """Tags from strings (comma- or semicolon-separated), lists or ``{"term"/"name"}`` objects,
    case-insensitively de-duplicated in first-seen order."""
    found: list[str] = []

    def add(value: Any) -> None:
        if isinstance(value, str):
            found.extend(part.strip() for part in re.split(r"[,;]", value))
        elif isinstance(value, dict):
            add(value.get("term") or value.get("name") or value.get("label"))
        elif isinstance(value, (list, tuple)):
            for item in value:
                add(item)

    for value in values:
        add(value)
    seen: dict[str, str] = {}
    for tag in found:
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return tuple(seen.values())
