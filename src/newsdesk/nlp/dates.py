"""Date expressions in article text, resolved against the publication time.

``find_dates`` finds absolute dates ("October 29, 2024", "February 2022", "in 2016") and relative
ones ("last Friday", "on Sunday", "last week", "earlier this year", "by December", "in early to
mid-October", "three days ago") and resolves them against ``article.published``:

* the tense that governs the expression is read from its clause (:func:`newsdesk.nlp.tense.tense_at`:
  "declared in July" is past even when the sentence goes on "she plans to …");
* a weekday after "last", or a bare weekday not in a future clause, is the most recent such day
  on or before the publication day ("last Friday" in an article published Tuesday 2024-10-29 is
  2024-10-25; a bare weekday equal to the publication weekday is the publication day itself); a
  weekday after "next", or in a future clause ("will", "is due to"), is the next such day;
* a month without a year (or a month and day) is its latest occurrence not after the publication
  date, unless the text points ahead ("next July", "will … in July", "scheduled for", "by
  December" outside a past clause): a date after publication is never made up;
* weeks ("last week") resolve to the Monday of that week with precision ``"week"``.

Precision is "day", "week", "month" or "year"; ``date`` is ISO ("2024-10-25", "2024-10",
"2024"). A relative expression in an article without a publication time stays unresolved
(``date=None``); absolute dates resolve without one. Pure regular expressions and date arithmetic:
no model, no dateparser call per sentence.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsdesk.lexicon.calendar import MONTHS, WEEKDAYS
from newsdesk.lexicon.numbers import UNITS_WORDS
from newsdesk.nlp.tense import tense_at
from newsdesk.records import Article, DatedEvent

_MONTH = (r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMW = r"(?:\d{1,3}|[Aa]|[Aa]n|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve)"
_PHASE = r"(?:(?:[Ee]arly|[Mm]id|[Ll]ate)(?:\s*-\s*|\s+to\s+|\s+)?)"
_MONTH_CUE = (r"(?:[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Tt]ill|[Tt]hrough|[Dd]uring|[Ff]rom|[Bb]efore|[Aa]fter|[Oo]f|[Tt]his|[Ll]ast|[Nn]ext|[Ff]or|"
              r"[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd\s+of|[Bb]eginning\s+of|[Ss]tart\s+of)")

_PATTERNS = [
    ("iso", r"\b(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})\b"),
    ("mdy", rf"\b(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<mdy_y>\d{{4}})\b"),
    ("dmy", rf"\b(?P<dmy_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmy_m>{_MONTH}),?\s+"
            rf"(?P<dmy_y>\d{{4}})\b"),
    ("md", rf"\b(?P<md_m>{_MONTH})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![,.]?\d|,?\s+\d{{4}})"),
    ("dm", rf"\b(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_m>{_MONTH})(?![A-Za-z])"),
    ("my", rf"(?:\b{_PHASE})?\b(?P<my_m>{_MONTH})\s+(?:of\s+)?(?P<my_y>\d{{4}})\b"),
    ("ago", rf"\b(?P<ago_n>{_NUMW})\s+(?P<ago_u>day|week|month|year)s?\s+ago\b"),
    ("rel", r"\b(?P<rel_w>(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast|[Cc]oming|[Pp]revious|[Ee]arlier\s+this|[Ll]ater\s+this))\s+"
            r"(?P<rel_u>week|weekend|month|year)\b"),
    ("day", r"\b(?P<day_w>(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Tt]his\s+(?:morning|afternoon|evening)))\b"),
    ("wd", rf"\b(?:(?P<wd_rel>(?:[Ll]ast|[Tt]his|[Nn]ext|[Oo]n|[Ee]arly|[Ll]ate))\s+)?(?P<wd_d>{_WEEKDAY})(?:'s|’s)?"
           r"(?:\s+(?:morning|afternoon|evening|night))?\b"),
    ("mon", rf"\b(?P<mon_cue>{_MONTH_CUE})\s+(?:{_PHASE}){{0,2}}(?:the\s+)?(?P<mon_m>{_MONTH})"
            rf"(?![A-Za-z]|\.?\s+\d)"),
    ("year", r"\b(?P<year_cue>(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Tt]hrough|[Dd]uring|[Bb]efore|[Aa]fter|[Ee]arly|[Mm]id-?|[Ll]ate|"
             r"[Ee]nd\s+of|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter|[Ff]iscal))\s+(?P<year_y>(?:19|20)\d{2})\b"
             r"(?![-/]\d|\s*(?:%|percent|per\s+cent))"),
]
_DATE_RE = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS))
_CANDIDATE = re.compile(
    rf"{_MONTH}|{_WEEKDAY}|\b(?:today|yesterday|tomorrow|tonight|ago|this\s+morning)\b|"
    r"\b(?:last|this|next|past|coming|previous)\s+(?:week|weekend|month|year)\b|\b(?:19|20)\d{2}\b",
    re.IGNORECASE)


def is_candidate(text: str) -> bool:
    """Cheap test: may ``text`` hold a date expression?"""
    return _CANDIDATE.search(text) is not None


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _number(word: str) -> int:
    word = word.lower()
    if word in ("a", "an"):
        return 1
    return int(word) if word.isdigit() else UNITS_WORDS[word]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _add_months(y: int, m: int, delta: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + delta
    return total // 12, total % 12 + 1


def _weekday(ref: date, target: int, mode: str) -> date:
    """mode: "last" (strictly before), "past" (on or before), "next" (strictly after),
    "future" (on or after), "this" (the week of ``ref``, Monday first)."""
    diff = (ref.weekday() - target) % 7
    if mode == "last":
        return ref - timedelta(days=diff or 7)
    if mode == "past":
        return ref - timedelta(days=diff)
    ahead = (target - ref.weekday()) % 7
    if mode == "next":
        return ref + timedelta(days=ahead or 7)
    if mode == "future":
        return ref + timedelta(days=ahead)
    return ref - timedelta(days=ref.weekday()) + timedelta(days=target)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def resolve(m: re.Match, ref: date | None, sentence: str) -> tuple[str | None, str, bool] | None:
    """(ISO date or None, precision, relative) for one match of the date pattern."""
    kind = m.lastgroup
    g = m.group
    if kind in ("iso", "mdy", "dmy", "my", "year", "ago", "day"):
        tense = None  # these say when by themselves
    else:
        tense = tense_at(sentence, m.start(), m.end())
    future = tense == "future"
    if kind == "iso":
        d = _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        return (d.isoformat(), "day", False) if d else None
    if kind in ("mdy", "dmy"):
        d = _safe_date(int(g(f"{kind}_y")), _month(g(f"{kind}_m")), int(g(f"{kind}_d")))
        return (d.isoformat(), "day", False) if d else None
    if kind == "my":
        return f"{int(g('my_y')):04d}-{_month(g('my_m')):02d}", "month", False
    if kind == "year":
        return g("year_y"), "year", False
    if kind in ("md", "dm"):
        month, day = _month(g(f"{kind}_m")), int(g(f"{kind}_d"))
        if not 1 <= day <= 31 or g(f"{kind}_m").lower().rstrip(".") == "may" and kind == "dm" \
                and False:
            return None
        if ref is None:
            return None, "day", True
        d = _safe_date(ref.year, month, day)
        if d is None:
            return None
        if d > ref and not future:  # never after publication unless the text points ahead
            d = _safe_date(ref.year - 1, month, day) or d
        elif d < ref - timedelta(days=7) and future:
            d = _safe_date(ref.year + 1, month, day) or d
        return d.isoformat(), "day", True
    if ref is None:
        if kind == "mon" or kind in ("ago", "rel", "day", "wd"):
            return None, _precision_of(kind, m), True
        return None
    if kind == "ago":
        n, unit = _number(g("ago_n")), g("ago_u").lower()
        if unit == "day":
            return (ref - timedelta(days=n)).isoformat(), "day", True
        if unit == "week":
            return (ref - timedelta(weeks=n)).isoformat(), "day", True
        if unit == "month":
            y, mo = _add_months(ref.year, ref.month, -n)
            return f"{y:04d}-{mo:02d}", "month", True
        return f"{ref.year - n:04d}", "year", True
    if kind == "rel":
        word = " ".join(g("rel_w").lower().split())
        unit = g("rel_u").lower()
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(word, 0)
        if unit in ("week", "weekend"):
            monday = _monday(ref) + timedelta(weeks=step)
            if unit == "weekend":
                saturday = monday + timedelta(days=5)
                if word == "this" and tense == "past" and saturday > ref:
                    saturday -= timedelta(weeks=1)  # "met this weekend" in a Wednesday article
                return saturday.isoformat(), "day", True
            return monday.isoformat(), "week", True
        if unit == "month":
            y, mo = _add_months(ref.year, ref.month, step)
            return f"{y:04d}-{mo:02d}", "month", True
        return f"{ref.year + step:04d}", "year", True
    if kind == "day":
        word = g("day_w").lower()
        shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return (ref + timedelta(days=shift)).isoformat(), "day", True
    if kind == "wd":
        target = WEEKDAYS.index(g("wd_d").lower())
        rel = (g("wd_rel") or "").lower()
        mode = {"last": "last", "next": "next"}.get(rel)
        if mode is None:  # a bare weekday, "on"/"this" Friday: the one the tense points to
            mode = "future" if future else "past"
        return _weekday(ref, target, mode).isoformat(), "day", True
    if kind == "mon":
        month = _month(g("mon_m"))
        cue = g("mon_cue").lower()
        year = ref.year
        # "next July", "will … in July", "by December" (unless in the past: "by July it had …")
        ahead = cue == "next" or future or (cue in ("by", "until", "till") and tense != "past")
        if cue == "last" or not ahead and month > ref.month:
            year -= 1
        elif ahead and month < ref.month:
            year += 1
        return f"{year:04d}-{month:02d}", "month", True
    return None


def _precision_of(kind: str, m: re.Match) -> str:
    if kind == "mon":
        return "month"
    if kind == "rel":
        unit = m.group("rel_u").lower()
        return {"week": "week", "weekend": "day", "month": "month"}.get(unit, "year")
    if kind == "ago":
        unit = m.group("ago_u").lower()
        return {"day": "day", "week": "day", "month": "month"}.get(unit, "year")
    return "day"


def _in_range(iso: str | None) -> bool:
    """False for a resolved date outside the years 1–9999 that ``datetime`` can hold."""
    return iso is None or (iso[:1].isdigit() and 1 <= int(iso.split("-", 1)[0]) <= 9999)


def dates_in(text: str, ref: date | None) -> list[tuple[int, int, str, str | None, str, bool]]:
    """(start, end, text, date, precision, relative) for each date expression in ``text``."""
    out = []
    for m in _DATE_RE.finditer(text):
        if m.lastgroup == "mon" and m.group("mon_m").lower() == "may" and \
                m.group("mon_cue").lower() in ("this", "of", "for"):
            continue  # "this may", "of may": the verb; "for May": the name
        if m.lastgroup == "wd" and m.group("wd_rel") and m.group("wd_rel").lower() in ("early", "late"):
            pass
        try:
            res = resolve(m, ref, text)
        except OverflowError:  # "last Friday" in an article dated 0001-01-03: before year 1
            continue
        if res is None or not _in_range(res[0]):
            continue
        start, end = m.start(), m.end()
        span = text[start:end]
        if m.lastgroup == "wd" and (m.group("wd_rel") or "").lower() == "on":
            start += span.lower().index(m.group("wd_d").lower())
        if m.lastgroup == "mon" and m.group("mon_cue").lower() in ("in", "of", "during", "from", "for",
                                                                  "through", "before", "after",
                                                                  "since"):
            start = m.start() + len(m.group("mon_cue")) + 1
        if m.lastgroup == "year" and m.group("year_cue").lower() in ("in", "during", "through"):
            start = m.start("year_y")
        out.append((start, end, text[start:end], *res))
    return out


def find_dates(article: Article, sentences: list[tuple[int, int]]) -> list[DatedEvent]:
    """Every date expression in the given sentence spans of ``article.body``."""
    ref = article.published.date() if article.published else None
    events = []
    for s, e in sentences:
        sentence = article.body[s:e]
        if not is_candidate(sentence):
            continue
        for start, end, text, iso, precision, relative in dates_in(sentence, ref):
            events.append(DatedEvent(article=article.id, start=s + start, end=s + end, text=text,
                                     date=iso, precision=precision, sentence_start=s,
                                     sentence_end=e, relative=relative))
    return events
