"""Which way in time a date expression points: the tense of the clause it stands in.

A month or weekday without a year ("in July", "on Friday") is read the way a careful reader reads
it: in the past of the publication date, unless the words that govern it point ahead ("will",
"is scheduled for", "plans to", "next"). The governing words are found without a parse: the
nearest tense marker before the expression inside its clause ("declared in July", "will meet on
Friday"), else the nearest one after it inside the clause ("On Friday, he said"), else the
sentence as a whole. Words that say neither ("would", "could", "may") decide nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FUTURE = re.compile(
    r"\b(?:will|shall|won't|wo\s+n't|next|upcoming|coming|scheduled|due\s+(?:to|on|in)|set\s+(?:to|for)|"
    r"expected\s+(?:to|on|in|by|at|next|later)|expects?|plans?\s+to|planned\s+for|planning\s+to|intends?\s+to|aims?\s+to|"
    r"going\s+to|(?:is|are|am)\s+to|slated|poised\s+to|later\s+this)\b|'ll\b|\u2019ll\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|didn't|ago|last|earlier|previously|already|once|since|"
    r"said|told|took|met|came|went|began|begun|gave|made|held|won|lost|left|sent|spoke|wrote|"
    r"saw|fell|rose|grew|ran|found|brought|bought|thought|led|paid|kept|struck|fought|shot|"
    r"[a-z]{2,}ed)\b",
    re.I,
)
# a clause ends at these (a comma-free run of words is one clause)
_BOUNDARY = re.compile(r"[,;:\u2014\u2013()\"\u201c\u201d]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b", re.I)
_WINDOW_WORDS = 8
_PASSIVE_AUX = re.compile(r"\b(?:be|been|being|is|are|am)\s+$", re.I)
_NEUTRAL_ED = frozenset({"need", "speed", "seed", "feed", "bed", "red", "shed", "based", "concerned",
                         "related", "united", "interested", "limited", "detailed"})


@lru_cache(maxsize=64)
def _markers(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, "future" | "past") for every tense marker of ``text``; a future marker wins
    where both match ("expected to", "scheduled")."""
    found = [(m.start(), m.end(), "future") for m in _FUTURE.finditer(text)]
    taken = [(a, b) for a, b, _ in found]
    for m in _PAST.finditer(text):
        if m.group().lower() in _NEUTRAL_ED:
            continue
        if _PASSIVE_AUX.search(text, 0, m.start()):
            continue  # "will be held", "is planned": the auxiliary tells the tense
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        found.append((m.start(), m.end(), "past"))
    found.sort()
    return tuple(found)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _BOUNDARY.finditer(text, 0, start):
        lo = m.end()
    nxt = _BOUNDARY.search(text, end)
    return lo, (nxt.start() if nxt else len(text))


def tense_at(text: str, start: int, end: int) -> str | None:
    """"future", "past" or None (nothing says) for the expression ``text[start:end]``."""
    # a marker may share a word with the expression's cue ("due in" + "in October")
    markers = [m for m in _markers(text) if m[0] < start or m[0] >= end]
    lo, hi = _clause(text, start, end)
    before = [m for m in markers if lo <= m[0] < start and len(text[m[1]:start].split()) <= _WINDOW_WORDS]
    if before:
        return before[-1][2]
    after = [m for m in markers if m[0] >= end and m[1] <= hi and len(text[end:m[0]].split()) <= _WINDOW_WORDS]
    if after:
        return after[0][2]
    kinds = {k for _, _, k in markers}
    if kinds == {"future"}:
        return "future"
    if "past" in kinds:
        return "past"
    return None


__all__ = ["tense_at"]
