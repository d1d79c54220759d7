"""Quoted spans of a text, in every quote-mark style.

Straight and curly double quotes, guillemets and low-9 marks; single quotes where they are not
apostrophes; nested quotes (kept inside the outer one); quotes left open (they run to the end of
their paragraph, the convention for a quotation that goes on in the next paragraph); and quotes
spanning sentences or a broken line. Each mark is read from its context first (a mark after a
space and before a word opens) and from its glyph when the context does not decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# double marks; two apostrophes stand for one (some wire copy writes ''quoted'')
_DOUBLE = re.compile("''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_OPEN_GLYPHS = "\u201c\u201e\u201f\u00ab"
_CLOSE_GLYPHS = "\u201d\u00bb"
_BEFORE_OPEN = " \t\n([{\u2014\u2013-/:"
_AFTER_CLOSE = " \t\n.,;:!?)]}\u2014\u2013-"
_SINGLE_OPEN = re.compile("(?:(?<=^)|(?<=[\\s(\\[\u2014\u2013\"\u201c]))['\u2018](?=[^\\W\\d_])")
_SINGLE_CLOSE = re.compile("(?<=[^\\s])['\u2019](?=$|[\\s.,;:!?)\\]\u2014\u2013\"\u201d])")
_MAX_SINGLE_WORDS = 60


@dataclass(frozen=True)
class QuoteSpan:
    """One top-level quotation: the marks and the content between them (white space trimmed)."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None: left open, runs to its paragraph end
    start: int  # content
    end: int
    single: bool = False
    close_end: int | None = None  # offset after the closing mark (a mark may be two characters)

    @property
    def outer_end(self) -> int:
        """Offset after the quotation, closing mark included."""
        if self.close is None:
            return self.end
        return self.close_end if self.close_end is not None else self.close + 1


def _role(text: str, i: int, j: int) -> str:
    """open | close | either, for the mark ``text[i:j]``."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[j] if j < len(text) else "\n"
    opens = prev in _BEFORE_OPEN and not nxt.isspace()
    closes = not prev.isspace() and nxt in _AFTER_CLOSE
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    if ch in _OPEN_GLYPHS:
        return "open"
    if ch in _CLOSE_GLYPHS:
        return "close"
    return "either"


def _content(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in re.finditer(r"\n[ \t]*\n", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _double_spans(text: str, a: int, b: int) -> list[QuoteSpan]:
    marks = [(m.start(), m.end(), _role(text, m.start(), m.end())) for m in _DOUBLE.finditer(text, a, b)]
    found: list[QuoteSpan] = []
    depth, top, top_end = 0, -1, -1
    for k, (i, j, role) in enumerate(marks):
        if depth and "\n" in text[marks[k - 1][0] : i] and role != "close":
            # a new line while a quote is open, and this mark does not close it: the quote was
            # left open at the end of its line
            line_end = text.index("\n", marks[k - 1][0])
            found.append(QuoteSpan(top, None, *_content(text, top_end, line_end)))
            depth = 0
        if role == "open" or (role == "either" and depth == 0):
            if depth == 0:
                top, top_end = i, j
            depth = min(depth + 1, 2)
        elif depth == 0:
            # a straight mark read as closing with nothing open: it opens, unless the next mark
            # opens ('review of [his] systems" including … the only "medical records"'): a stray
            if text[i] == '"' and k + 1 < len(marks) and marks[k + 1][2] != "open":
                top, top_end, depth = i, j, 1
        else:
            depth -= 1
            if depth == 0:
                found.append(QuoteSpan(top, i, *_content(text, top_end, i), close_end=j))
    if depth:
        found.append(QuoteSpan(top, None, *_content(text, top_end, b)))
    return [q for q in found if q.end > q.start]


def _single_spans(text: str, a: int, b: int, taken: list[QuoteSpan]) -> list[QuoteSpan]:
    def free(i: int) -> bool:
        return not any(q.open <= i <= (q.close if q.close is not None else q.end) for q in taken)

    doubled = {i for m in re.finditer("''", text[a:b]) for i in (a + m.start(), a + m.start() + 1)}
    opens = [m.start() for m in _SINGLE_OPEN.finditer(text, a, b) if free(m.start()) and m.start() not in doubled]
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(text, a, b) if free(m.start()) and m.start() not in doubled]
    found: list[QuoteSpan] = []
    last_end = a
    for o in opens:
        if o < last_end:
            continue
        fitting = [
            c for c in closes
            if c > o + 1 and "\n" not in text[o + 1 : c] and len(text[o + 1 : c].split()) <= _MAX_SINGLE_WORDS
        ]
        # "voters' views": a mark after an s and before a lower-case word may be a possessive;
        # it closes the quote only when no plainer closing mark follows
        plain = [c for c in fitting if not (text[c - 1] == "s" and re.match(r"\s+[a-z]", text[c + 1 : c + 3]))]
        chosen = plain[0] if plain else (fitting[0] if fitting else None)
        if chosen is not None:
            found.append(QuoteSpan(o, chosen, *_content(text, o + 1, chosen), single=True))
            last_end = chosen + 1
    return found


def quote_spans(text: str) -> list[QuoteSpan]:
    """Every top-level quotation of ``text``, in order."""
    spans: list[QuoteSpan] = []
    for a, b in _paragraphs(text):
        double = _double_spans(text, a, b)
        spans.extend(double)
        spans.extend(_single_spans(text, a, b, double))
    spans.sort(key=lambda q: q.open)
    return spans
