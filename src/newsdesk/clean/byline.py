"""Bylines: "By Jane Doe", "by Avijit Gupta - October 29, 2024, 1:43 am", "BY ZEKE MILLER Associated
Press", desk names ("Newsroom", "Web Desk") that are no author."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.clean.credits import is_media, normalise
from newsdesk.clean.dates import DATE_SEARCH
from newsdesk.clean.detector_config import DETECTORS, DetectorConfig
from newsdesk.clean.resources import Lexicon, label_key


@dataclass(frozen=True)
class BylineInfo:
    name: str | None  # author name(s), without "By" and without the date
    date: str | None  # the date string glued to the byline, unparsed
    credits: tuple[str, ...] = ()
    desk: bool = False  # a desk or staff name stood where an author would


_BY = re.compile(
    r"(?i)^(?:(?:written|posted|reported|story|words|text|report|compiled|edited|analysis|"
    r"commentary|opinion)\s+(?:and\s+\w+\s+)?)?by\s*:?\s+(?P<rest>\S.*)$"
)
_AUTHOR = re.compile(r"(?i)^(?:authors?|reporter|writer|byline)\s*[:\-\u2013]\s*(?P<rest>\S.*)$")
_TAIL_PUNCT = re.compile(r"[\s,|\-\u2013\u2014:\u00b7\u2022/]+$")
_TAIL_WORD = re.compile(r"(?i)(?:^|\s+)(?:on|published|updated|posted|last|at)$")
_PARTS = re.compile(r"\s*\|\s*|\s+[\u2013\u2014\-]\s+|,\s+|\s*[\u00b7\u2022]\s*")
_AFFILIATION = re.compile(r"\s+(?:in|at|from|for|of)\s+(?=[A-Z])")
_PEOPLE = re.compile(r"\s+(?:and|&)\s+|\s*&\s*")
_PARTICLES = frozenset(
    "de da van von der den del della di du la le al el bin ibn dos das ter ten y st st. mac".split()
)
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday today yesterday tomorrow".split()
)
_ROLES = frozenset(
    "editor editors correspondent correspondents reporter reporters writer writers contributor "
    "contributors columnist producer analyst chief senior staff bureau desk political politics "
    "diplomatic defence defense security foreign digital special associate deputy managing "
    "executive host anchor team newsroom service services agencies photographer photos video "
    "updated published posted".split()
)
_DESK_TAIL = frozenset(
    "desk newsroom bureau staff team correspondents service services agencies editors reporters "
    "board".split()
)


def strip_tail(text: str) -> str:
    """Drop separators and date labels left at the end once a date was cut off."""
    while True:
        cut = _TAIL_WORD.sub("", _TAIL_PUNCT.sub("", text))
        if cut == text:
            return text.strip()
        text = cut


def _is_token(tok: str) -> bool:
    low = tok.lower()
    if low in _PARTICLES:
        return True
    if not tok[0].isupper() or low.strip(".") in _CALENDAR:
        return False
    return all(c.isalpha() or c in "'\u2019-." for c in tok)


def is_person(text: str, cfg: DetectorConfig = DETECTORS) -> bool:
    """Does ``text`` look like one person's name (1-5 capitalised tokens, no calendar words)?"""
    tokens = text.split()
    if not 1 <= len(tokens) <= cfg.person_max_tokens or len(text) > cfg.person_max_chars or not tokens[0][0].isupper():
        return False
    if not all(_is_token(t) for t in tokens):
        return False
    if any(t.lower().strip(".") in _ROLES for t in tokens):
        return False
    return any(sum(c.isalpha() for c in t) >= 2 for t in tokens)


def is_desk(text: str, lex: Lexicon, cfg: DetectorConfig = DETECTORS) -> bool:
    key = label_key(text)
    if not key:
        return False
    if key in lex.desk_words:
        return True
    words = key.split()
    return len(words) <= cfg.desk_max_words and words[-1] in _DESK_TAIL


def _pretty(name: str, cfg: DetectorConfig) -> str:
    """Title-case names written in capitals ("ZEKE MILLER" -> "Zeke Miller")."""
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) >= cfg.caps_name_min_letters:
        return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), name.lower())
    return name


def _strip_media_suffix(rest: str, lex: Lexicon) -> tuple[str, list[str]]:
    """Cut a trailing agency or outlet name ("ZEKE MILLER Associated Press"): known names first,
    the shortest that fits; then a media-shaped name ("... Kyiv Post")."""
    words = rest.split()
    for known in (True, False):
        for k in (1, 2, 3) if known else (2, 3):
            if len(words) <= k:
                break
            tail = " ".join(words[-k:])
            key = label_key(tail)
            if k == 1:  # one word: only a wire code in capitals or an agency name ("AP", "Reuters")
                hit = key in lex.agency_alias and (tail.isupper() or lex.agency_alias[key] == tail)
            elif known:
                hit = key in lex.agency_alias or key in lex.media_names
            else:
                hit = is_media(tail, lex)
            if hit:
                canon = normalise(tail, lex)
                return " ".join(words[:-k]), [canon] if canon else []
    return rest, []


def parse_byline_rest(rest: str, lex: Lexicon, cfg: DetectorConfig = DETECTORS) -> BylineInfo | None:
    """Read what follows "By": names, a glued date, credits; ``None`` if it is no byline."""
    date = None
    m = DATE_SEARCH.search(rest)
    if m:
        date = m.group(0)
        rest = rest[: m.start()]
    rest = strip_tail(rest)
    if not rest:
        return None
    rest, credits = _strip_media_suffix(rest, lex)
    names: list[str] = []
    desk = False
    for part in _PARTS.split(rest):
        part = part.strip(" .,:;()")
        if not part:
            continue
        head, *tail = _AFFILIATION.split(part, maxsplit=1)
        if is_media(part, lex) or label_key(part) in lex.agency_alias:
            canon = normalise(part, lex)
            credits.extend([canon] if canon else [])
            continue
        if is_desk(part, lex, cfg):
            desk = True
            continue
        people = [p.strip() for p in _PEOPLE.split(head) if p.strip()]
        if people and all(is_person(p, cfg) for p in people):
            names.extend(_pretty(p, cfg) for p in people)
            for t in tail:
                if is_media(t, lex):
                    canon = normalise(t, lex)
                    credits.extend([canon] if canon else [])
            continue
        if names or desk or credits:
            lower = [w for w in part.split() if w[0].islower() and w.lower() not in _ROLES | _PARTICLES]
            if lower:
                return None  # the sentence goes on: "By Christmas Day, the troops had left."
            break  # a trailing role or place: "Politics Editor", "London", "staff writer"
        return None
    if not (names or desk or credits):
        return None
    name = None
    if names:
        name = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return BylineInfo(name, date, tuple(credits), desk and not names)


def parse_byline(text: str, lex: Lexicon, cfg: DetectorConfig = DETECTORS) -> BylineInfo | None:
    """A byline line ("By ...", "Author: ...") or a desk line ("Newsroom", "Web Desk | date")."""
    if len(text) > cfg.byline_max_chars:
        return None
    m = _BY.match(text) or _AUTHOR.match(text)
    if m and not (len(text.split()) > cfg.byline_sentence_words and text.rstrip().endswith((".", "!", "?"))):
        return parse_byline_rest(m.group("rest"), lex, cfg)
    if len(text) > cfg.desk_line_max_chars:
        return None
    rest = text
    date = None
    dm = DATE_SEARCH.search(text)
    if dm:
        date = dm.group(0)
        rest = strip_tail(text[: dm.start()])
    if rest and is_desk(rest, lex, cfg):
        return BylineInfo(None, date, (), True)
    return None
