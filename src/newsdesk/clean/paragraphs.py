"""From kept lines to the body: rejoin broken sentences, drop repeated paragraphs, map offsets.

Paragraphs in the body are separated by "\\n\\n" and hold no newline. Every character of the body
is copied verbatim from the original text except the spaces that rejoin a broken line and the
paragraph breaks, so the :class:`OffsetMap` is a list of copied segments.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsdesk.clean.lines import Line, ends_sentence, words_of
from newsdesk.clean.resources import Lexicon
from newsdesk.records import Heading, OffsetMap

_ACRONYM = re.compile(r"^(?:[A-Z]\.\s?){1,4}$")
_PUNCT_TO_SPACE = str.maketrans(
    {c: " " for c in ".,;:!?\"'()[]{}<>\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\u2014\u2013-\u2026/|*_#~`"}
)
# abbreviated titles that always stand before a name ("Gen." + "Valery Gerasimov")
_PERSON_TITLES = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt cpl adm cmdr gov sen rep pres amb rev fr hon st".split()
)


@dataclass(frozen=True)
class RepeatConfig:
    """When a body paragraph repeats an earlier one (or the headline) and is dropped. Set by hand
    on the pages of the ingest benchmark (``bench/ingest.py``, floors in ``tests/floors/clean.json``);
    the values the code had before they moved here."""

    min_words: int = 8  # shorter repeats (list items, interview questions) can be real
    length_tolerance: float = 0.15  # a near repeat's length is within this share of the other's ...
    min_bigram_jaccard: float = 0.8  # ... its word bigrams overlap this much ...
    min_char_ratio: float = 0.9  # ... and its characters match this closely (SequenceMatcher ratio)


REPEATS = RepeatConfig()


@dataclass(frozen=True)
class Body:
    text: str
    offsets: OffsetMap
    headings: tuple[Heading, ...]
    paragraphs: tuple[tuple[Line, ...], ...]  # kept paragraphs, as their lines
    repeated: tuple[Line, ...]  # lines of dropped repeated paragraphs


def _ends_with_abbreviation(text: str, lex: Lexicon) -> str | None:
    """"initial" for "U. N." / "U.S.", "title" for "Mr." / "Gen.", else None."""
    tail = text.rstrip("\"'\u201d\u2019)")
    if not tail.endswith("."):
        return None
    tokens = tail.split()
    last = tokens[-1]
    if _ACRONYM.match(last) or (len(tokens) > 1 and _ACRONYM.match(tokens[-2] + " " + last)):
        return "initial"
    low = last.lower().rstrip(".")
    if low in _PERSON_TITLES and last[0].isupper():
        return "title"
    if low in lex.title_abbreviations:
        return "initial"
    return None


def continues(prev: Line, cur: Line, blank_between: bool, lex: Lexicon) -> bool:
    """Does ``cur`` continue the sentence ``prev`` broke off (a line break inside a sentence)?"""
    p, c = prev.text, cur.text
    first = c[0]
    if first.islower():
        return not blank_between or not ends_sentence(p)
    if blank_between:
        return False
    if ends_sentence(p):
        kind = _ends_with_abbreviation(p, lex)
        if kind is None or not first.isupper():
            return False
        words = c.split()
        if kind == "title":
            return True
        # after "U. N." or "U.S.": a name or title phrase (two capitalised words) continues
        return (
            len(words) >= 2
            and words[0].lower() not in lex.stopwords
            and words[1][:1].isupper()
        )
    last = p[-1]
    if last in ",;\u2013\u2014-":
        return True
    tail = words_of(p[-30:])
    return bool(tail) and tail[-1].lower() in lex.stopwords and tail[-1][0].islower()


def _key(text: str) -> str:
    """Folded for repeat detection: NFKC, lower case, quotes and punctuation gone, one space."""
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.lower().translate(_PUNCT_TO_SPACE).split())


def _bigrams(key: str) -> frozenset[tuple[str, str]]:
    words = key.split()
    return frozenset(zip(words, words[1:]))


def _anchors(key: str) -> tuple[str, str]:
    words = key.split()
    return " ".join(words[:3]), " ".join(words[-3:])


def _near_duplicate(key: str, earlier: list[str], cfg: RepeatConfig) -> bool:
    """Near-exact repeat: similar length, word-bigram Jaccard, then character ratio (``cfg``).

    ``earlier`` only holds paragraphs that share the first or the last three words with ``key``.
    """
    grams = None
    for other in earlier:
        if abs(len(other) - len(key)) > cfg.length_tolerance * max(len(key), len(other)):
            continue
        grams = grams or _bigrams(key)
        other_grams = _bigrams(other)
        union = len(grams | other_grams) or 1
        if len(grams & other_grams) / union < cfg.min_bigram_jaccard:
            continue
        if SequenceMatcher(None, key, other, autojunk=False).ratio() >= cfg.min_char_ratio:
            return True
    return False


def group_units(lines: list[Line], fixed: dict[int, str], lex: Lexicon) -> list[list[int]]:
    """Group lines into units: a line that continues the sentence of the previous free line joins
    its unit (even across a removed chrome line between them); decided lines stand alone."""
    units: list[list[int]] = []
    open_unit: int | None = None  # the unit a continuation may join
    blank = False
    for i, line in enumerate(lines):
        blank = blank or line.blank_before
        decided = fixed.get(i)
        if decided is not None:
            units.append([i])
            if decided in ("keep", "title", "byline", "dateline"):
                open_unit = None
            continue
        if open_unit is not None and continues(lines[units[open_unit][-1]], line, blank, lex):
            units[open_unit].append(i)
        else:
            units.append([i])
            open_unit = len(units) - 1
        blank = False
    return units


def assemble(
    lines: list[Line],
    units: list[list[int]],
    labels: list[str],
    lex: Lexicon,
    *,
    title: str | None = None,
    repeats: RepeatConfig = REPEATS,
) -> Body:
    """Build the body from the units labelled "body"; headings from the units labelled "heading"."""
    paragraphs: list[list[Line]] = []
    heading_at: list[tuple[Line, int]] = []  # heading line, index of the paragraph below it
    for unit, label in zip(units, labels):
        if label == "heading":
            heading_at.append((lines[unit[0]], len(paragraphs)))
        elif label == "body":
            paragraphs.append([lines[i] for i in unit])
    # repeated paragraphs: keep the first occurrence (the headline counts as seen)
    seen: set[str] = set()
    by_anchor: dict[str, list[str]] = {}

    def remember(key: str) -> None:
        seen.add(key)
        for anchor in set(_anchors(key)):
            by_anchor.setdefault(anchor, []).append(key)

    if title:
        remember(_key(title))
    kept: list[tuple[int, list[Line]]] = []
    repeated: list[Line] = []
    for idx, para in enumerate(paragraphs):
        text = para[0].text if len(para) == 1 else " ".join(line.text for line in para)
        key = _key(text) if text.count(" ") + 1 >= repeats.min_words else ""
        if key.count(" ") + 1 >= repeats.min_words:
            head, tail = _anchors(key)
            near = by_anchor.get(head, []) + by_anchor.get(tail, [])
            if key in seen or (near and _near_duplicate(key, near, repeats)):
                repeated.extend(para)
                continue
            remember(key)
        kept.append((idx, para))
    # the body text and its offsets
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    starts: dict[int, int] = {}
    pos = 0
    for k, (idx, para) in enumerate(kept):
        if k:
            pieces.append("\n\n")
            pos += 2
        starts[idx] = pos
        for m, line in enumerate(para):
            if m:
                pieces.append(" ")
                pos += 1
            segments.append((pos, line.start, len(line.text)))
            pieces.append(line.text)
            pos += len(line.text)
    body = "".join(pieces)
    headings = []
    for line, idx in heading_at:
        after = [starts[i] for i, _ in kept if i >= idx]
        headings.append(Heading(line.text, after[0] if after else len(body)))
    return Body(
        body,
        OffsetMap(tuple(segments)),
        tuple(headings),
        tuple(tuple(p) for _, p in kept),
        tuple(repeated),
    )
