"""Content words, bigrams and sparse TF-IDF vectors for the summary and the story title.

Plain Python over dicts: the summary compares each candidate sentence only with the few chosen
so far, so no matrix library is needed (and none is imported: the one-shot command starts fast).
Stop words and the (light) stemmer come from :mod:`newsdesk.lexicon`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from newsdesk.lexicon.stem import light_stem as stem
from newsdesk.lexicon.stopwords import SUMMARY_STOP_WORDS

_TERM = re.compile(r"[^\W\d_]{3,}")

Vector = dict[str, float]


def terms(text: str) -> list[str]:
    """Stemmed content words (three letters or more, no stop words), in order."""
    stops = SUMMARY_STOP_WORDS
    return [stem(w) for w in _TERM.findall(text.lower()) if w not in stops]


def content_bigrams(text: str) -> set[str]:
    """Bigrams of adjacent content words, leaving out pairs of capitalised words: those are names
    and titles ("Secretary-General Mark"), which entity concepts already count."""
    stops = SUMMARY_STOP_WORDS
    words = [(w, w[:1].isupper()) for w in _TERM.findall(text) if w.lower() not in stops]
    return {f"{stem(a.lower())} {stem(b.lower())}" for (a, ca), (b, cb) in zip(words, words[1:]) if not (ca and cb)}


def tfidf(docs: Sequence[Sequence[str]]) -> list[Vector]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) of term lists."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    vectors = []
    for doc in docs:
        counts = Counter(doc)
        vec = {t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two normalised vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def similarities(vector: Vector, others: Iterable[Vector]) -> list[float]:
    return [cosine(vector, o) for o in others]
