"""Date strings in bylines, datelines and page widgets: find them cheaply, parse them with dateparser.

Finding is done with one precompiled regular expression (a full date needs a year), so that
dateparser, which is slow, only ever sees strings that already look like a date.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_TZ = (
    r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|WET|WEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|IST|JST|KST|HKT|SGT"
    r"|MSK|AEST|AEDT|ET|PT|CT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?"
)
_TIME = (
    r"(?:[01]?\d|2[0-3])(?:[:.][0-5]\d){1,2}\s*(?:[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?(?-i:" + _TZ + r")\)?)?"
    r"|(?:1[0-2]|0?[1-9])\s*[ap]\.?\s?m\.?"
)
_DATE = (
    r"(?:" + _WEEKDAY + r",?\s+)?"
    r"(?:" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR
    + r"|" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR
    + r"|" + _YEAR + r"-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?(?:\.\d+)?(?:Z|[+-][0-2]\d:?\d{2})?)?"
    + r"|[0-3]?\d[/.][0-3]?\d[/.](?:19|20)?\d{2}(?!\d))"
)
_DATETIME = (
    r"(?:(?:" + _TIME + r")\s*,?\s*(?:on\s+)?)?"
    + _DATE
    + r"(?:\s*(?:,|\bat\b|-|–|—|\||·)?\s*(?:" + _TIME + r"))?"
)

#: A date (with its year, and a time when there is one) somewhere in a string.
DATE_SEARCH = re.compile(r"(?i)(?<![\w/.])" + _DATETIME + r"(?![\w/])")

_LABELS = (
    r"(?P<label>first\s+published|published|posted|last\s+updated|updated|last\s+modified|modified"
    r"|created|date|released|issued|filed)"
)
#: A line holding only a date, maybe labelled ("Published: ...", "Updated 3:05 PM EST, ...").
LONE_DATE = re.compile(
    r"(?i)^\s*(?:" + _LABELS + r"(?:\s+(?:on|at))?\s*[:\-–]?\s*)?"
    r"(?P<date>" + _DATETIME + r")\s*[.,;|]?\s*$"
)
#: A labelled date inside a short line ("Published October 3, 2024 | 5 min read").
LABELLED_DATE = re.compile(
    r"(?i)(?:^|[\s|·•,])" + _LABELS + r"(?:\s+(?:on|at))?\s*[:\-–]?\s*(?P<date>" + _DATETIME + r")"
)

_PARSE_SETTINGS = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}


@lru_cache(maxsize=4096)
def parse_date(text: str) -> datetime | None:
    """Parse a date string found by :data:`DATE_SEARCH` (English); ``None`` when it is no date."""
    import dateparser

    cleaned = re.sub(r"(?i)\b(on|at)\b|[|·]", " ", text)
    cleaned = re.sub(r"(?i)(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    cleaned = re.sub(r"(?i)\b([ap])\.\s?m\.", r"\1m", cleaned)
    try:
        value = dateparser.parse(cleaned, languages=["en"], settings=_PARSE_SETTINGS)
    except (ValueError, OverflowError, TypeError):
        return None
    if value is None:
        # dateparser trips over weekday + time + zone in one string: drop the weekday and retry
        simpler = re.sub(r"(?i)\b" + _WEEKDAY + r",?", " ", cleaned)
        if simpler != cleaned:
            try:
                value = dateparser.parse(simpler, languages=["en"], settings=_PARSE_SETTINGS)
            except (ValueError, OverflowError, TypeError):
                return None
    return value


def lone_date(text: str) -> tuple[str | None, str] | None:
    """``(label, date string)`` when the whole line is a (maybe labelled) date, else ``None``."""
    if len(text) > 90 or not any(c.isdigit() for c in text):
        return None
    m = LONE_DATE.match(text)
    if not m:
        return None
    label = m.group("label")
    return (label.lower().split()[-1] if label else None, m.group("date"))


def is_publication_label(label: str | None) -> bool:
    """Labels that state a publication time (not an update or a modification time)."""
    return label in ("published", "posted", "created", "released", "issued", "filed", "date")
