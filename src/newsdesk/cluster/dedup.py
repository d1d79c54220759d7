"""Exact duplicates, near duplicates and shared wire copy between articles.

* exact: the folded bodies (NFKC, straight quotes, one space, lower case) are identical;
* near: the Jaccard similarity of the bodies' word-shingle sets reaches ``near_threshold``;
  candidates come from MinHash LSH (:mod:`newsdesk.cluster.minhash`, datasketch's signatures
  computed in NumPy) and are confirmed by the exact Jaccard;
* shared_copy: the bodies share a passage of at least ``min_passage_words`` consecutive words
  (``min_passage_words_same_credit`` when both credit the same wire service), found through
  winnowed shingle fingerprints (Schleimer et al. 2003) among the candidates the caller names
  (the article's story) and the LSH candidates; never all pairs.

Relations are immutable records; spans index the articles' bodies. A passage's span covers
matched shingles only, so ``body_a[span_a]`` and ``body_b[span_b]`` read the same words.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from newsdesk.cluster.minhash import BandIndex, permutations, signature
from newsdesk.lexicon.copytext import COPY_SHINGLE_WORDS, WORD, copy_tokens
from newsdesk.records import Article
from newsdesk.textnorm import fold

KINDS = ("exact", "near", "shared_copy")

# Wire services known under several names; compared after folding.
_WIRE_ALIASES = {
    "associated press": "ap", "the associated press": "ap", "ap": "ap",
    "agence france-presse": "afp", "agence france presse": "afp", "afp": "afp",
    "reuters": "reuters", "thomson reuters": "reuters",
    "united press international": "upi", "upi": "upi",
    "deutsche presse-agentur": "dpa", "dpa": "dpa",
    "press association": "pa", "pa media": "pa", "pa": "pa",
}


def credit_key(credit: str) -> str:
    """A comparable form of a credit line: "AP" and "Associated Press" both give "ap"."""
    key = fold(credit).strip(" .")
    return _WIRE_ALIASES.get(key, key)


@dataclass(frozen=True)
class Relation:
    """A duplicate or copy relation from an earlier article ``article_a`` to a later ``article_b``.

    ``score``: 1.0 for exact duplicates; the shingle Jaccard for near duplicates; for shared copy
    the share of the shorter body's words that lie in shared passages. ``span_a``/``span_b``: the
    longest shared passage in each body (shared copy; the whole bodies for exact duplicates).
    """

    article_a: str
    article_b: str
    kind: str  # "exact" | "near" | "shared_copy"
    score: float
    span_a: tuple[int, int] | None = None
    span_b: tuple[int, int] | None = None
    passages: int = 0
    shared_words: int = 0
    credits: tuple[str, ...] = ()  # wire credits both articles carry (credit keys)


@dataclass(frozen=True)
class PreparedCopy:
    """One body's exact-duplicate key, shingle hashes and fingerprints (:meth:`DuplicateDetector.prepare`)."""

    doc_id: str
    body: str
    key: bytes
    hashes: np.ndarray
    fingerprints: Fingerprints


@dataclass(frozen=True)
class CopyDoc:
    id: str
    body: str
    credits: tuple[str, ...] = ()

    @classmethod
    def from_article(cls, article: Article) -> CopyDoc:
        return cls(article.id, article.body, article.credits)


@dataclass(frozen=True)
class CopyConfig:
    shingle_words: int = COPY_SHINGLE_WORDS  # 6; the store's migration 7 reads the same constant
    window: int = 5  # winnowing window; <= shingle_words keeps passages contiguous
    near_threshold: float = 0.8
    num_perm: int = 64
    lsh_bands: tuple[int, int] = (10, 6)  # 10 bands of 6 rows: P(candidate) 0.95 at Jaccard 0.8, 0.15 at 0.5
    # passage lengths are counted over matched shingles, which may miss up to window - 1 words
    # at each end of a copied run
    min_passage_words: int = 20
    min_passage_words_same_credit: int = 10
    max_related: int = 12  # most recent related articles compared per new article
    max_lsh_candidates: int = 20
    estimate_margin: float = 0.15  # candidates whose MinHash estimate is this far below are not confirmed


@dataclass(frozen=True)
class Fingerprints:
    """Winnowed shingle fingerprints of one body: rows of (hash, word position, char start, char end).

    Fingerprints read back from a store may hold the first two columns only: the character spans
    of a reported passage are then read again from the article's body (:func:`passage_span`)."""

    rows: np.ndarray  # uint32, shape (n, 4) or (n, 2), sorted by hash
    words: int
    credits: tuple[str, ...]


_MULT = np.uint64(0x9E3779B1)
_MASK = np.uint64(0xFFFFFFFF)


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=4).digest(), "little")


def shingles(words: Sequence[str], k: int) -> np.ndarray:
    """Deterministic 32-bit hashes of the word k-shingles (one per start position)."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    wh = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    if len(words) < k:
        k = len(words)
    n = len(words) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        h = ((h * _MULT) + wh[j:j + n]) & _MASK
    return h


class DuplicateDetector:
    """Finds relations of each new article with the articles added before it.

    ``body_of`` returns the body of an earlier article by id (the store, in the application); it is
    used only to confirm near-duplicate candidates. Without it the detector keeps bodies itself.
    """

    def __init__(self, config: CopyConfig | None = None, body_of: Callable[[str], str] | None = None):
        self.config = config or CopyConfig()
        self._own_bodies: dict[str, str] | None = None if body_of else {}
        self._body_of = body_of or self._own_bodies.__getitem__  # type: ignore[union-attr]
        self.lsh = BandIndex(*self.config.lsh_bands)
        self._perms = permutations(self.config.num_perm, seed=1)
        self.exact: dict[bytes, str] = {}
        self.fingerprints: dict[str, Fingerprints] = {}
        self.signatures: dict[str, np.ndarray] = {}  # MinHash signatures of the LSH-indexed articles

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.fingerprints

    def prepare(self, doc: CopyDoc) -> PreparedCopy:
        """What :meth:`add` computes from the body alone: a caller that has just tokenised the
        body (the clusterer's terms) prepares it while :func:`copy_tokens`' small cache holds it,
        and hands the result to :meth:`add` later in the batch."""
        words, spans = copy_tokens(doc.body)
        credits = tuple(sorted({credit_key(c) for c in doc.credits}))
        key = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).digest()
        hashes = shingles(words, self.config.shingle_words)
        return PreparedCopy(doc.id, doc.body, key, hashes, Fingerprints(self._winnow(hashes, spans), len(words), credits))

    def add(self, doc: CopyDoc, related: Iterable[str] = (), prepared: PreparedCopy | None = None) -> list[Relation]:
        """Index ``doc`` and return its relations with earlier articles (``related``: ids to check
        for shared copy, most recent last; ``prepared``: :meth:`prepare`'s result for this doc, if
        the caller has it). Adding a known id returns no relation."""
        if doc.id in self.fingerprints:
            return []
        cfg = self.config
        if self._own_bodies is not None:
            self._own_bodies[doc.id] = doc.body
        if prepared is None or prepared.doc_id != doc.id or prepared.body != doc.body:
            prepared = self.prepare(doc)
        key, hashes, fp = prepared.key, prepared.hashes, prepared.fingerprints
        credits, words = fp.credits, fp.words
        original = self.exact.get(key) if words else None
        if original is not None:
            self.fingerprints[doc.id] = fp
            other = self.fingerprints[original]
            return [Relation(original, doc.id, "exact", 1.0, (0, len(self._body_of(original))),
                             (0, len(doc.body)), credits=_shared(other.credits, credits))]
        if words:
            self.exact[key] = doc.id
        relations: list[Relation] = []
        near_ids: set[str] = set()
        unique = np.unique(hashes)
        if len(unique):
            sig = signature(unique, self._perms)
            for cand in sorted(self.lsh.query(sig))[: cfg.max_lsh_candidates]:
                estimate = float(np.mean(self.signatures[cand] == sig))
                if estimate < cfg.near_threshold - cfg.estimate_margin:
                    continue
                other_words, _ = copy_tokens(self._body_of(cand))
                other = np.unique(shingles(other_words, cfg.shingle_words))
                inter = len(np.intersect1d(unique, other, assume_unique=True))
                jac = inter / (len(unique) + len(other) - inter)
                if jac >= cfg.near_threshold:
                    near_ids.add(cand)
                    relations.append(Relation(cand, doc.id, "near", round(jac, 4),
                                              credits=_shared(self.fingerprints[cand].credits, credits)))
            if not near_ids:
                self.lsh.insert(doc.id, sig)
                self.signatures[doc.id] = sig
        seen = set(near_ids)
        recent = [r for r in related if r in self.fingerprints and r != doc.id]
        for other_id in reversed(recent[-cfg.max_related:]):
            if other_id in seen:
                continue
            seen.add(other_id)
            rel = self._shared_copy(other_id, self.fingerprints[other_id], doc.id, fp)
            if rel is not None:
                relations.append(rel)
        self.fingerprints[doc.id] = fp
        relations.sort(key=lambda r: (KINDS.index(r.kind), r.article_a))
        return relations

    # ------------------------------------------------------------------ internals

    def _winnow(self, hashes: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
        k, w = self.config.shingle_words, self.config.window
        if len(hashes) == 0:
            return np.zeros((0, 4), dtype=np.uint32)
        if len(hashes) <= w:
            picks = np.array([int(np.argmin(hashes))])
        else:
            windows = sliding_window_view(hashes, w)
            picks = np.unique(windows.argmin(axis=1) + np.arange(len(windows)))
        last = len(spans) - 1
        rows = np.empty((len(picks), 4), dtype=np.uint32)
        rows[:, 0] = hashes[picks].astype(np.uint32)
        rows[:, 1] = picks
        rows[:, 2] = [spans[p][0] for p in picks]
        rows[:, 3] = [spans[min(p + k - 1, last)][1] for p in picks]
        return rows[np.argsort(rows[:, 0], kind="stable")]

    def _shared_copy(self, a_id: str, a: Fingerprints, b_id: str, b: Fingerprints) -> Relation | None:
        cfg = self.config
        a_hash, b_hash = a.rows[:, 0], b.rows[:, 0]
        if len(a_hash) == 0 or len(b_hash) == 0:
            return None
        pos = np.minimum(np.searchsorted(a_hash, b_hash), len(a_hash) - 1)
        hit = a_hash[pos] == b_hash
        if not hit.any():
            return None
        ib = np.flatnonzero(hit)
        ia = pos[ib]
        credits = _shared(a.credits, b.credits)
        need = cfg.min_passage_words_same_credit if credits else cfg.min_passage_words
        k = cfg.shingle_words
        b_pos = b.rows[ib, 1].astype(np.int64)
        diagonal = a.rows[ia, 1].astype(np.int64) - b_pos
        order = np.lexsort((b_pos, diagonal))
        b_pos, diagonal, ia, ib = b_pos[order], diagonal[order], ia[order], ib[order]
        # a passage continues while the diagonal is the same and the next shingle overlaps or abuts
        breaks = np.flatnonzero((np.diff(diagonal) != 0) | (np.diff(b_pos) > k)) + 1
        firsts = np.concatenate(([0], breaks))
        lasts = np.concatenate((breaks - 1, [len(b_pos) - 1]))
        lengths = np.minimum(b_pos[lasts] + k, b.words) - b_pos[firsts]
        keep = lengths >= need
        if not keep.any():
            return None
        kept = [(int(n), int(f), int(la)) for n, f, la in zip(lengths[keep], firsts[keep], lasts[keep])]
        shared = sum(n for n, _, _ in kept)
        _, first, last = max(kept, key=lambda p: (p[0], -b_pos[p[1]]))
        span_a = self._span(a_id, a, int(ia[first]), int(ia[last]))
        span_b = self._span(b_id, b, int(ib[first]), int(ib[last]))
        score = min(1.0, shared / max(1, min(a.words, b.words)))
        return Relation(a_id, b_id, "shared_copy", round(score, 4), span_a, span_b, len(kept), shared, credits)

    def _span(self, doc_id: str, fp: Fingerprints, first: int, last: int) -> tuple[int, int]:
        """Characters from the start of fingerprint row ``first`` to the end of row ``last``'s shingle."""
        if fp.rows.shape[1] >= 4:
            return int(fp.rows[first, 2]), int(fp.rows[last, 3])
        return passage_span(self._body_of(doc_id), int(fp.rows[first, 1]), int(fp.rows[last, 1]),
                            self.config.shingle_words)


def passage_span(body: str, first_word: int, last_word: int, shingle_words: int) -> tuple[int, int]:
    """The characters of ``body`` from word ``first_word`` to the end of the shingle that starts at
    word ``last_word`` (what the char columns of :meth:`DuplicateDetector._winnow` hold): the spans
    of :func:`copy_tokens`' words, found by skipping words in the regex engine (no token lists)."""
    pos = _skip_words(body, 0, first_word)
    word = _ONE_WORD.search(body, pos) if pos is not None else None
    if word is None:
        raise ValueError(f"the body has no word {first_word}")
    end = _skip_words(body, word.end(), last_word + shingle_words - 1 - first_word)
    if end is None:  # fewer words than the shingle: it ends at the last word
        end = word.end()
        for later in _ONE_WORD.finditer(body, end):
            end = later.end()
    return word.start(), end


# copy_tokens' word as an atomic group (it cannot give back characters to let a count of words
# succeed), and patterns that skip that many words (with what lies between them) in one match
_ONE_WORD = re.compile(f"(?>{WORD.pattern})")
_SKIPS = tuple((n, re.compile(r"(?:[\W_]*+%s){%d}" % (_ONE_WORD.pattern, n))) for n in (256, 32, 4, 1))


def _skip_words(text: str, pos: int, n: int) -> int | None:
    """The position after the ``n``-th word of ``text`` from ``pos`` (``pos`` when ``n`` <= 0);
    None when fewer words follow."""
    for size, pattern in _SKIPS:
        while n >= size:
            m = pattern.match(text, pos)
            if m is None:
                return None
            pos, n = m.end(), n - size
    return pos


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(a) & set(b)))


def find_relations(docs: Iterable[CopyDoc], config: CopyConfig | None = None) -> list[Relation]:
    """All relations within a small set of articles (each compared with every earlier one)."""
    detector = DuplicateDetector(config)
    out: list[Relation] = []
    order: list[str] = []
    for doc in docs:
        out.extend(detector.add(doc, related=order))
        order.append(doc.id)
    return out
