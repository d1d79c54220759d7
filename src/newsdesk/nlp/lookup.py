"""Fast dictionary look-up of names in plain text, without running a statistical model.

Text is cut into word tokens with one regular expression; a name table maps token sequences to
values; :func:`scan` walks the text once and reports the longest table entry starting at each
capitalised token. Words compare case-insensitively, acronyms exactly and without their dots
("U.S." and "US" are one key, "us" is another), so "the us" never reads as the United States.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

V = TypeVar("V")

# dotted acronyms, also as some outlets space them ("U. S."); words, with apostrophes that are
# not a possessive ending ("O'Malley"); numbers. A hyphen separates tokens ("Russia-Ukraine",
# "anti-U.S."); names written with one ("Kim Yong-hyun") are cut the same way in the table.
TOKEN = re.compile(r"[A-Z]\.(?: ?[A-Z]\.)+|[^\W\d_][\w]*(?:['\u2019]\w{2,})*|\d+")
Key = tuple[str, ...]
_JOIN = re.compile(r"[ \t\n,&'\u2019-]*")  # what may stand between two tokens of one name


def token_key(token: str) -> str:
    """Comparison key of one token: "A:US" for acronyms, the lower-cased word otherwise."""
    if "." in token or (len(token) > 1 and token.isupper()):
        return "A:" + token.replace(".", "").replace(" ", "")
    return token.lower()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, token) of every token of ``text[start:end]`` (offsets into ``text``)."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, start, len(text) if end is None else end)]


def name_key(name: str) -> Key:
    return tuple(token_key(t) for _, _, t in tokens(name))


@dataclass(frozen=True)
class NameTable(Generic[V]):
    """Token-sequence keys of names -> value; ``longest`` bounds the look-up window and
    ``prefixes`` (every proper prefix of a key) stops a look-up as soon as no name can match."""

    entries: Mapping[Key, V]
    longest: int
    prefixes: frozenset[Key] = frozenset()

    @classmethod
    def build(cls, items: Iterable[tuple[str, V]]) -> "NameTable[V]":
        entries: dict[Key, V] = {}
        for name, value in items:
            key = name_key(name)
            if key and key not in entries:
                entries[key] = value
        prefixes = frozenset(k[:j] for k in entries for j in range(1, len(k)))
        return cls(entries, max((len(k) for k in entries), default=0), prefixes)


def scan(text: str, table: NameTable[V], start: int = 0, end: int | None = None) -> list[tuple[int, int, V]]:
    """Non-overlapping (start, end, value) of table names in ``text``, longest match first.

    A match must begin on a capitalised token (names are proper nouns: "china" the porcelain
    and "turkey" the bird stay out) and may not run across sentence punctuation.
    """
    found: list[tuple[int, int, V]] = []
    if not table.entries:
        return found
    toks = tokens(text, start, end)
    n = len(toks)
    entries, prefixes, longest = table.entries, table.prefixes, table.longest
    i = 0
    while i < n:
        if not toks[i][2][:1].isupper():
            i += 1
            continue
        hit = None
        key: Key = ()
        j = i
        while j < n and j - i < longest:
            if j > i:  # token j-1 and token j must be able to belong to one name
                gap = text[toks[j - 1][1] : toks[j][0]]
                if not _JOIN.fullmatch(gap) or "\n\n" in gap:
                    break
            key = (*key, token_key(toks[j][2]))
            value = entries.get(key)
            if value is not None:
                hit = (j - i + 1, value)
            if key not in prefixes:
                break
            j += 1
        if hit is None:
            i += 1
            continue
        length, value = hit
        found.append((toks[i][0], toks[i + length - 1][1], value))
        i += length
    return found
