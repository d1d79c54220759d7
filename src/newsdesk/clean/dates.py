"""Date strings in bylines, datelines and page widgets: find them cheaply, parse them with dateparser.

Finding is done with one precompiled regular expression (a full date needs a year), so that
dateparser, which is slow, only ever sees strings that already look like a date.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from newsdesk.clean.detector_config import DETECTORS, DetectorConfig
from newsdesk.lexicon.calendar import MONTHS

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

_PLAIN_TIME = r"(?:\s*[,\-–—]?\s*(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*(?P<ap>[ap]m)?)?"
_PLAIN_DATE = re.compile(
    r"(?i)^\s*(?:" + _WEEKDAY + r",?\s+)?"
    r"(?:(?P<mon1>[a-z]+)\.?\s+(?P<day1>[0-3]?\d),?\s+(?P<year1>(?:19|20)\d{2})"
    r"|(?P<day2>[0-3]?\d)\s+(?:of\s+)?(?P<mon2>[a-z]+)\.?,?\s+(?P<year2>(?:19|20)\d{2}))"
    + _PLAIN_TIME + r"\s*$"
)


def _plain_date(text: str) -> datetime | None:
    """The common zone-less English forms ("October 29, 2024, 1:43 am", "29 Oct 2024", ISO
    8601) parsed directly; ``None`` for anything else, which goes to dateparser. dateparser's
    first call costs about half a second (it builds its time-zone and locale tables), which a
    one-shot brief of a few articles should not pay for the usual byline date."""
    stripped = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", stripped):
        try:
            return datetime.fromisoformat(stripped)
        except ValueError:
            return None
    m = _PLAIN_DATE.match(text)
    if not m:
        return None
    month = MONTHS.get((m.group("mon1") or m.group("mon2")).lower())
    if month is None:
        return None
    day, year = int(m.group("day1") or m.group("day2")), int(m.group("year1") or m.group("year2"))
    hour, minute, second = int(m.group("h") or 0), int(m.group("mi") or 0), int(m.group("s") or 0)
    if (ap := (m.group("ap") or "").lower()):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap == "pm" else 0)
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_date(text: str) -> datetime | None:
    """Parse a date string found by :data:`DATE_SEARCH` (English); ``None`` when it is no date."""
    cleaned = re.sub(r"(?i)\b(on|at)\b|[|·]", " ", text)
    cleaned = re.sub(r"(?i)(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    cleaned = re.sub(r"(?i)\b([ap])\.\s?m\.", r"\1m", cleaned)
    if (quick := _plain_date(cleaned)) is not None:
        return quick
    import dateparser  # slow to import and to start: only for the forms _plain_date leaves

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


def lone_date(text: str, cfg: DetectorConfig = DETECTORS) -> tuple[str | None, str] | None:
    """``(label, date string)`` when the whole line is a (maybe labelled) date, else ``None``."""
    if len(text) > cfg.lone_date_max_chars or not any(c.isdigit() for c in text):
        return None
    m = LONE_DATE.match(text)
    if not m:
        return None
    label = m.group("label")
    return (label.lower().split()[-1] if label else None, m.group("date"))


def is_publication_label(label: str | None) -> bool:
    """Labels that state a publication time (not an update or a modification time)."""
    return label in ("published", "posted", "created", "released", "issued", "filed", "date")
