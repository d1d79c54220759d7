"""Typed detectors: recognise a line as one CLASS of web chrome (not as a known string).

Each detector looks at the shape of one line: UI labels, counters, "Label: other headline" promos,
separator-delimited lists (breadcrumbs, menus, tag lists), widgets (weather, lone dates), credit
and byline lines, photo captions. The line classifier (:mod:`newsdesk.clean.classify`) decides
the lines no detector claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.clean.byline import BylineInfo, parse_byline
from newsdesk.clean.credits import credit_line
from newsdesk.clean.dates import DATE_SEARCH, lone_date
from newsdesk.clean.detector_config import DETECTORS, DetectorConfig
from newsdesk.clean.lines import Features, ends_sentence
from newsdesk.clean.resources import Lexicon, label_key




@dataclass(frozen=True)
class Detection:
    kind: str  # what the line is (see detect())
    reason: str  # the RemovedLine reason when the line is dropped
    credits: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # list entries (tags, menu items)
    byline: BylineInfo | None = None
    date: str | None = None
    label: str | None = None  # date label: published, updated, ...


_COUNTER = re.compile(
    r"(?i)^(?:\d[\d,.]*\s*[km]?|no|one|zero)\s+(?:comments?|replies|reply|responses?|shares?|views?"
    r"|reactions?|likes?|retweets?|votes?|reads?|(?:min(?:ute)?s?|mins)\s+read)$"
    r"|^(?:comments?|replies|responses|shares?|views?|reactions?|likes?)\s*[:(\[]?\s*\d[\d,.]*\s*[km]?\s*[)\]]?$"
    r"|^(?:view|show|read|see|load|all)\s+(?:all\s+)?\d[\d,.]*\s+comments?$"
)
_WEATHER = re.compile(r"-?\d{1,3}(?:[.,]\d)?\s*\u00b0\s*[CFcf]?(?!\w)")
_PROMO = re.compile(
    r"^(?P<label>[^\W\d_][\w'\u2019 ]{1,30}?)\s*(?::|\||\u00bb|>|\u203a|\u2013|\u2014|-{1,2})\s*(?P<rest>\S.*)$"
)
_TAGS_INLINE = re.compile(
    r"(?i)^(?:tags?|tagged(?:\s+(?:with|as|in))?|topics?|related\s+topics|keywords|filed\s+under"
    r"|categories|category|posted\s+in|subjects?)\s*[:\-\u2013]\s*(?P<rest>\S.*)$"
)
_ITEM_SPLIT = re.compile(r"\s*[,|;\u2022\u00b7]\s*|\s{3,}")
_CRUMB_SPLIT = re.compile(r"\s*(?:/|>|\u00bb|\u203a|\u2192|\\)\s*")
_LIST_SPLIT = re.compile(r"\s*[|\u2022\u00b7]\s*")
_CAPTION = re.compile(
    r"(?i)^\(?\s*(?:photo|photograph|image|picture|pictured|file\s+photo|video|illustration|graphic"
    r"|credit)s?\s*(?:credit)?\s*(?::|by\b|/|courtesy\b)"
    r"|\((?:[\w.\-]+\s+)?(?:photo|image|picture|file)s?\s*(?:/|:|by)\s*[^()]{2,80}\)\s*$"
    r"|\b(?:getty\s+images|shutterstock|alamy|epa-efe)\)?\s*$"
)
_CAPTION_WORDS = (
    "photo", "image", "picture", "video", "illustration", "graphic", "credit", "getty", "shutterstock",
    "alamy", "epa-efe",
)
_ALNUM = re.compile(r"[^\W_]")
_STRONG_SHARE = ("click here", "tap here", "subscribe", "sign up", "signup", "follow us", "share this")


def _first_word(text: str) -> str:
    head = text.split(None, 1)
    return head[0].lower().strip("(\"'") if head else ""


def _items(text: str, splitter: re.Pattern[str], max_words: int, max_chars: int) -> tuple[str, ...]:
    parts = [p.strip(" .") for p in splitter.split(text)]
    parts = [p for p in parts if p]
    if not parts or any(len(p.split()) > max_words or len(p) > max_chars or ends_sentence(p) for p in parts):
        return ()
    return tuple(parts)


def _share(key: str, lex: Lexicon, cfg: DetectorConfig) -> bool:
    words = key.split()
    if len(words) > cfg.share_max_words:
        return False
    if key.startswith(_STRONG_SHARE):
        return True
    for verb in lex.share_verbs:
        if key == verb or key.startswith(verb + " "):
            rest = words[len(verb.split()):]
            return any(w in lex.share_targets for w in rest)
    if len(words) >= 2 and all(w in lex.social_names for w in words):
        return True
    return False


def _section_promo(key: str, feats: Features, lex: Lexicon, cfg: DetectorConfig) -> bool:
    if feats.words > cfg.section_promo_max_words or feats.terminal or len(key) > cfg.section_promo_max_chars:
        return False
    words = key.replace(":", " ").split()
    if key.startswith(("more from ", "more in ", "more on ", "more about ")) and len(words) <= cfg.more_from_max_words:
        return True
    listing = any(w in lex.listing_words for w in words) or "most read" in key or "must read" in key
    return listing and any(w in lex.content_words for w in words)


def _breadcrumb(text: str, cfg: DetectorConfig) -> bool:
    if len(text) > cfg.breadcrumb_max_chars or not any(c in text for c in "/>\u00bb\u203a\u2192\\"):
        return False
    parts = [p.strip() for p in _CRUMB_SPLIT.split(text)]
    return len(parts) >= 2 and all(
        p and p[0].isupper() and len(p.split()) <= cfg.crumb_max_words and len(p) <= cfg.crumb_max_chars
        and not ends_sentence(p)
        for p in parts
    )


def detect(text: str, feats: Features, lex: Lexicon, cfg: DetectorConfig = DETECTORS) -> Detection | None:
    """The class of boilerplate this line belongs to, or ``None`` for an ordinary line."""
    n = len(text)
    if n > cfg.max_line_chars:
        return None
    if not _ALNUM.search(text):
        return Detection("separator", "separator")
    credit = credit_line(text, lex, cfg)
    if credit:
        return Detection("credit", credit[0], credits=credit[1])
    byline = parse_byline(text, lex, cfg)
    if byline:
        return Detection("byline", "byline", credits=byline.credits, byline=byline, date=byline.date)
    # the vocabulary key is only needed for short lines and for lines opening with a share verb
    key = label_key(text) if n <= cfg.key_max_chars or (
        n <= cfg.share_line_max_chars and _first_word(text) in lex.share_first) else ""
    if n <= cfg.chrome_max_chars or key in lex.ui_labels:
        return Detection("chrome", "chrome")
    if n <= cfg.counter_max_chars and _COUNTER.match(key):
        return Detection("counter", "counter")
    if feats.digit_ratio:
        found = lone_date(text, cfg)
        if found:
            return Detection("date", "widget", date=found[1], label=found[0])
        if feats.words <= cfg.weather_max_words and _WEATHER.search(text):
            return Detection("widget", "widget")
    m = _PROMO.match(text)
    if m and label_key(m.group("label")) in lex.promo_labels and len(m.group("rest")) <= cfg.promo_rest_max_chars:
        return Detection("promo", "promo")
    if key and _section_promo(key, feats, lex, cfg):
        return Detection("promo", "promo")
    if key and _share(key, lex, cfg):
        return Detection("share", "share")
    m = _TAGS_INLINE.match(text)
    if m:
        items = _items(m.group("rest"), _ITEM_SPLIT, cfg.item_max_words, cfg.item_max_chars)
        if items:
            return Detection("tags", "tags", items=items)
    if key in lex.tag_headers and n <= cfg.tags_header_max_chars:
        return Detection("tags_header", "tags")
    if _breadcrumb(text, cfg):
        return Detection("breadcrumb", "breadcrumb")
    if (feats.separators >= 1 or "\u2022" in text or "\u00b7" in text) and text[0] != "|":
        items = _items(text, _LIST_SPLIT, cfg.nav_item_max_words, cfg.item_max_chars)
        wordy = sum(1 for i in items if i[0].isalpha()) >= max(2, len(items) - 1)
        if wordy and (len(items) >= cfg.nav_min_items or (
                len(items) == 2 and all(len(i.split()) <= cfg.nav_pair_max_words for i in items))):
            return Detection("nav", "chrome", items=items)
    low = text.lower()
    if any(w in low for w in _CAPTION_WORDS) and _CAPTION.search(text):
        return Detection("caption", "caption")
    if n <= cfg.date_meta_max_chars and feats.words <= cfg.date_meta_max_words and not feats.terminal:
        m = DATE_SEARCH.search(text)
        if m and len((text[: m.start()] + text[m.end():]).split()) <= cfg.date_meta_other_words:
            return Detection("date_meta", "dateline", date=m.group(0))
    return None
