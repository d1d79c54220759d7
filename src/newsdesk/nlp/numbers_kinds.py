"""Numbers that are not quantities: dates, years, times of day, ordinals, phone numbers, codes and
numbers inside names ("Resolution 2231", "Game 7", "iPhone 11")."""

from __future__ import annotations

import re
from typing import Any

from newsdesk.lexicon.calendar import MONTH_RE

_BLOCK_PATTERNS = [
    r"\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?",  # ISO dates and times
    r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.?|p\.m\.?|am|pm)(?![A-Za-z])",  # 11 a.m., 10.45pm
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?![\d])",  # 17:22, 1:36.6
    r"\b\d{3,4}\s?(?:GMT|UTC|EDT|EST|BST|CET|PDT|PST|CST|CDT)\b",
    r"\b\d{1,2}\s?o'clock\b",
    rf"(?<![A-Za-z]){MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s?[-–]\s?\d{{1,2}})?(?:,?\s+\d{{4}})?(?!\d)",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_RE}(?:,?\s+\d{{4}})?",
    rf"(?<![A-Za-z]){MONTH_RE},?\s+(?:of\s+)?\d{{4}}\b",
    r"\b\d{4}s\b|'\d0s\b|\b[1-9]0s\b",  # decades
    r"\b\d+(?:st|nd|rd|th)\b",  # ordinals
    r"(?:\+\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b",  # phone numbers
    r"(?:\bNo\.|\bno\.|#|\bNos?\.)\s?\d+",  # reference numbers
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b(?!\s+of\b)",  # 24/7, 9/11, 10/29/2024
    r"\b(?:A\.D\.|B\.C\.|AD|BC)\s?\d{1,4}\b|\b\d{1,4}\s?(?:A\.D\.|B\.C\.|BCE|CE)(?![A-Za-z])",
    r"\b\d{1,5}[A-Za-z]?(?:[-–]\d{1,5})?\s+(?:[A-Z][\w.]*\s+){1,4}(?:St|Street|Road|Rd|Avenue|Ave|"
    r"Way|Boulevard|Blvd|Lane|Ln|Drive|Dr|Place|Pl|Court|Ct|Terrace|Highway|Hwy|Square|Sq)\b",
    r"\(\d{1,3}\)",  # "Dak Prescott (4)": a shirt or list number
    r"\baged\s+\d{1,3}\s*(?:to|-|–|and)\s*\d{1,3}\b",  # age brackets: a category, not a count
]
_BLOCK = re.compile("|".join(f"(?:{p})" for p in _BLOCK_PATTERNS))
_PREV_WORD = re.compile(r"([A-Za-z][\w&.'’-]*)\s$")
_YEAR_PREP = re.compile(
    r"\b(?:in|since|by|from|until|till|through|of|during|before|after|to|and|between|early|late|"
    r"mid|circa|spring|summer|autumn|fall|winter|year|season|fiscal|calendar|class|vintage|the)"
    r"\s*[-]?\s*$", re.I)
_QUALIFIER_BEFORE = re.compile(
    r"\b(?:about|around|approximately|roughly|some|nearly|almost|over|under|more than|less than|"
    r"fewer than|at least|up to|as many as|estimated|total of|only|just|exactly)\s*$", re.I)


def blocked_spans(text: str) -> list[tuple[int, int]]:
    """Spans that hold dates, times, ordinals, decades, phone and reference numbers."""
    return [m.span() for m in _BLOCK.finditer(text)]


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


# Capitalised words that may stand before a number without making it part of a name.
_COMMON_WORDS = frozenset("""
a an the in on at of to for by with from and or but than about around over under some only just
nearly almost approximately roughly estimated total exactly another last next after before since
until between among per more less fewer least up as many much all each every those these its
their his her our your my this that there here is are was were be been has have had will would
could should may might can did do does not no nearly barely some were while when where which who
""".split())
# Lower-case label nouns that turn the number after them into a name: "category 4 hurricane".
_LABEL_NOUNS = frozenset("""
category level grade size number no chapter article section phase stage type tier class round
game match week day page room gate platform line route flight item exhibit figure table model
version season episode part volume issue rank seed
""".split())


def title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    long_words = [w for w in words if len(w) > 3]
    if len(long_words) < 5:
        return False
    return sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.8


def sentence_initial(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?\"“(\n" or before.endswith(("—", " -", "–"))


def is_name_number(text: str, start: int, doc: Any = None) -> bool:
    """True when the number at ``start`` belongs to a name: "Resolution 2231", "Game 7"."""
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    if not m or m.end() != start:
        return False
    word = m.group(1)
    if not word[:1].isupper() and not re.search(r"[A-Z].*[A-Z]|\d", word[1:] or ""):
        if word.lower() in _LABEL_NOUNS:
            return True  # "category 4", "level 3"
        return bool(re.fullmatch(r"[a-z]+[A-Z][\w]*", word))  # iPhone 11
    if word.lower().rstrip(".") in _COMMON_WORDS or sentence_initial(text, m.start(1)):
        return False
    if title_case(text):
        return False
    if doc is not None:
        tok = token_at(doc, m.start(1))
        if tok is not None and tok.pos_ in ("ADP", "DET", "NUM", "SCONJ", "CCONJ"):
            return False
    return True


def token_at(doc: Any, char: int):
    """The token of ``doc`` that covers character ``char`` (None for white space)."""
    if char < 0 or not len(doc):
        return None
    last = doc[-1]
    if char >= last.idx + len(last.text_with_ws):  # past the end (doc.text would rebuild the string)
        return None
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def is_year(text: str, start: int, end: int, value: float, doc: Any = None) -> bool:
    """A plain four-digit number that reads as a year ("in 2016", "the 1988 film", "2019 review")."""
    before = text[max(0, start - 30):start]
    top = 2200 if _YEAR_PREP.search(before) else 2100
    if not (1000 <= value <= top and value == int(value)):
        return False
    if _QUALIFIER_BEFORE.search(before):
        return False
    after = text[end:end + 40]
    nxt = re.match(r"\s+(?:[A-Za-z-]+\s+){0,2}?([a-z][a-z-]*)", after)
    plural_next = False
    if doc is not None:
        tok = token_at(doc, end - 1)
        if tok is not None and tok.i + 1 < len(doc):
            following = tok.head if tok.head.i > tok.i and tok.dep_ == "nummod" else doc[tok.i + 1]
            plural_next = following.tag_ in ("NNS", "NNPS") and following.i - tok.i <= 3
    elif nxt:
        plural_next = nxt.group(1).endswith("s") and not _YEAR_PREP.search(before)
    if plural_next and not _YEAR_PREP.search(before):
        return False
    return True


def is_age(text: str, start: int, end: int, value: float, doc: Any) -> bool:
    """"Maddon, 66, has ...", "Nick Hague 44 has spent", "aged 18" -> an age, not a count."""
    if not (1 <= value <= 120 and value == int(value)):
        return False
    before = text[max(0, start - 30):start]
    if re.search(r"\baged\s*$", before, re.I) or re.search(
            r"\b(?:who|he|she)\s+(?:is|was|will\s+be|turns|turned|would\s+be)\s+(?:about\s+|around\s+)?$",
            before, re.I):
        return True  # "aged 18", "who was 10", "He will be 35"
    if re.search(r"[A-Z][a-z]+,\s$", before) and re.match(r"\s*[,)]", text[end:end + 2]) and \
            not re.search(r"\b(?:in|of|at|on|from|to)\s+[A-Z][a-z]+,\s$", before):
        return True  # "Maddon, 66, has ...": an age in apposition
    if doc is None:
        return False
    tok = token_at(doc, start)
    if tok is None or tok.i == 0:
        return False
    prev = doc[tok.i - 1]
    if prev.text == "," and tok.i >= 2:
        prev = doc[tok.i - 2]
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is None or nxt.text not in (",", ")"):
            return False
    return prev.ent_type_ == "PERSON"


def is_not_quantity(text: str, start: int, end: int, doc: Any = None, *, plain: bool = False,
                    value: float | None = None) -> bool:
    """True for a unit-less number that is a year, a code or part of a name."""
    if end < len(text) and (text[end].isalpha() or text[end] in "_@"):
        return True  # 9AB8, 49ers, Model 3s
    if plain and value is not None and is_year(text, start, end, value, doc):
        return True
    return is_name_number(text, start, doc)
