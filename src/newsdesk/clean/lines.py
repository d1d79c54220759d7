"""Split flat text into lines with their offsets, and measure each line's features."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.clean.resources import Lexicon

# Characters that are invisible padding around a line (beyond str.isspace()).
_PAD = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
_CONTENT = re.compile(r"[^\r\n]+")
_WORD = re.compile(r"[^\W\d_][\w'\u2019\-]*")
_SEPARATOR = re.compile(r"(?:^|\s)[|/»›•·>→](?=\s|$)|\s\|\s?|\u00a0\|")
_TERMINAL = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]\u300d\u300f]*$")
_ANY_SEPARATOR = re.compile(r"[|/»›•·>→]")
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+[\"'\u201c\u2018(\[]*[A-Z]")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of the original text; ``text`` is ``original[start:end]`` (trimmed)."""

    ordinal: int  # position among the non-blank lines
    start: int
    end: int
    text: str
    blank_before: bool  # a blank line separates it from the previous non-blank line


@dataclass(frozen=True, slots=True)
class Features:
    """The surface features the line classifier combines (jusText's, plus flat-text ones)."""

    length: int
    words: int
    stop_density: float  # share of words in the stoplist
    cap_ratio: float  # share of words starting with a capital
    digit_ratio: float  # share of digits among non-space characters
    separators: int  # stand-alone | / » › • · > → tokens
    terminal: bool  # ends like a sentence (. ! ? … maybe followed by a closing quote/bracket)
    starts_upper: bool
    starts_lower: bool


def split_lines(text: str) -> tuple[list[Line], list[tuple[int, int]]]:
    """Non-blank lines (trimmed, with offsets) and the spans of lines holding only white space."""
    lines: list[Line] = []
    empty: list[tuple[int, int]] = []
    prev_end = 0
    blank = False
    for m in _CONTENT.finditer(text):
        s, e = m.span()
        raw = m.group()
        ls = len(raw) - len(raw.lstrip())
        while ls < len(raw) and raw[ls] in _PAD:
            ls += 1
        trimmed = raw[ls:].rstrip()
        while trimmed and trimmed[-1] in _PAD:
            trimmed = trimmed[:-1]
        if text.count("\n", prev_end, s) >= 2:
            blank = True
        prev_end = e
        if not trimmed or not trimmed.strip(_PAD + " \t\u00a0"):
            empty.append((s, e))
            blank = True
            continue
        start = s + ls
        lines.append(Line(len(lines), start, start + len(trimmed), trimmed, blank and bool(lines)))
        blank = False
    return lines, empty


def features(text: str, lex: Lexicon) -> Features:
    words = _WORD.findall(text)
    n = len(words)
    stop = sum(map(lex.stopwords.__contains__, map(str.lower, words)))
    caps = sum(map(str.isupper, [w[0] for w in words]))
    non_space = (len(text) - text.count(" ") - text.count("\u00a0") - text.count("\t")) or 1
    digits = sum(map(text.count, "0123456789"))
    first = next((c for c in text[:8] if c.isalnum()), "") or next((c for c in text if c.isalnum()), "")
    return Features(
        length=len(text),
        words=n,
        stop_density=stop / n if n else 0.0,
        cap_ratio=caps / n if n else 0.0,
        digit_ratio=digits / non_space,
        separators=len(_SEPARATOR.findall(text)) if _ANY_SEPARATOR.search(text) else 0,
        terminal=bool(_TERMINAL.search(text)),
        starts_upper=first.isupper() or first.isdigit(),
        starts_lower=first.islower(),
    )


def sentence_boundaries(text: str) -> int:
    """Sentence boundaries inside the line ("... said. The ...")."""
    return len(_BOUNDARY.findall(text))


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def title_case_ratio(text: str, lex: Lexicon) -> float:
    """Share of the line's non-minor words written with a capital (digits count as capitals)."""
    tokens = [t for t in re.split(r"[\s:\u2013\u2014-]+", text) if t and t[0].isalnum()]
    content = [t for t in tokens if t.lower() not in lex.title_minor_words]
    if not content:
        return 0.0
    return sum(1 for t in content if t[0].isupper() or t[0].isdigit()) / len(content)
