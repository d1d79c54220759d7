"""Text normalisation used for comparisons (golden rules: NFKC, straight quotes, folded spaces)."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})
_SPACE = re.compile(r"\s+")


def fold(text: str, *, lower: bool = True) -> str:
    """NFKC, curly quotes and apostrophes folded to straight ones, white space folded to one space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACE.sub(" ", text).strip()
    return text.lower() if lower else text
