"""Words of copied text: the tokens that duplicate detection and the store compare.

Shared wire copy is found on folded word tokens with their character spans (:func:`copy_tokens`)
grouped into shingles of :data:`COPY_SHINGLE_WORDS` words. The clusterer, the duplicate detector
(``cluster/dedup.py``) and the store's migration 7 (``store/upgrades.py``, which checks stored
fingerprint spans against the body) must tokenise alike, so the rule lives here, on the ground
floor, where both can read it without one stage importing the other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

# Words per shingle of the copy fingerprints: CopyConfig's default (cluster/dedup.py), and the size
# every fingerprint stored before migration 7 was made with (the migration re-reads their spans).
COPY_SHINGLE_WORDS = 6


def normalise(text: str) -> str:
    """NFKC with straight apostrophes; case is kept (capitals mark names)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    for curly in ("\u2019", "\u2018", "\u02bc"):
        if curly in text:
            text = text.replace(curly, "'")
    return text


@lru_cache(maxsize=8)
def copy_tokens(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Folded words and their character spans in ``text``.

    Every word counts (stop words too): copied passages are compared as they are written.
    Each word is folded on its own (NFKC, straight apostrophes, lower case), so the spans index
    ``text`` itself. The few most recent results are cached, so that the clusterer and the
    duplicate detector tokenise an article once; callers must not modify the returned lists.
    """
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    ascii_only = text.isascii()
    append_word, append_span = words.append, spans.append
    for m in WORD.finditer(text):
        word = m.group()
        if not ascii_only and not word.isascii():
            word = normalise(word)
        append_word(word.lower())
        append_span(m.span())
    return words, spans
