"""Incrementally weighted TF-IDF vectors over several term blocks, as sparse dicts.

Terms are interned into integer ids; document frequencies grow as documents arrive, so a
vector's weights depend on when it is computed (``Vocabulary.n_docs``). A document is kept as
its raw term counts (compact arrays), which lets a story re-weight its members with the current
frequencies when it is refreshed.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SparseVector = dict[int, float]
EMBEDDING_KEYS = tuple(range(-1, -385, -1))  # a sentence embedding's dimensions in a combined vector
_TF = [0.0] + [1.0 + math.log(n) for n in range(1, 64)]  # sublinear term frequency


@dataclass(frozen=True)
class Block:
    """One family of terms in the combined vector: its name, weight (a multiplier of its terms' TF-IDF
    weights) and how many terms a document keeps."""

    name: str
    weight: float
    max_terms: int


class Vocabulary:
    """Term ids and document frequencies, grown one document at a time."""

    def __init__(self, blocks: Sequence[Block]):
        self.blocks = tuple(blocks)
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.block_of = array("b")
        self.df = array("i")
        self.log_df = array("d")  # log(df + 1), kept in step with df
        self.n_docs = 0

    def __len__(self) -> int:
        return len(self.df)

    def intern(self, block: int, term: str) -> int:
        key = f"{self.blocks[block].name}:{term}"
        tid = self.ids.get(key)
        if tid is None:
            tid = self.ids[key] = len(self.df)
            self.terms.append(key)
            self.df.append(0)
            self.log_df.append(0.0)
            self.block_of.append(block)
        return tid

    def observe(self, term_ids: Iterable[int]) -> None:
        """Count one new document holding these (distinct) terms."""
        self.n_docs += 1
        df, log_df, log = self.df, self.log_df, math.log
        for t in term_ids:
            df[t] += 1
            log_df[t] = log(df[t] + 1)

    def idf(self, tid: int) -> float:
        return math.log((self.n_docs + 1) / (self.df[tid] + 1)) + 1.0

    def term(self, tid: int) -> str:
        """The text of a term id, without its block prefix."""
        return self.terms[tid].split(":", 1)[1]


@dataclass(frozen=True)
class TermCounts:
    """A document's counted terms: parallel arrays of term ids and counts."""

    ids: array
    counts: array

    @classmethod
    def from_blocks(cls, vocab: Vocabulary, blocks: Sequence[Iterable[str]]) -> TermCounts:
        counts: dict[int, int] = {}
        get = counts.get
        for b, terms in enumerate(blocks):
            name = vocab.blocks[b].name + ":"
            ids = vocab.ids
            for term in terms:
                tid = ids.get(name + term)
                if tid is None:
                    tid = vocab.intern(b, term)
                counts[tid] = get(tid, 0) + 1
        return cls(array("i", counts.keys()), array("H", (min(n, 65535) for n in counts.values())))


def weigh(vocab: Vocabulary, doc: TermCounts) -> SparseVector:
    """The unit-length combined vector of a document under the current document frequencies.

    Each term weighs sublinear tf (1 + ln tf) times smoothed idf times its block's ``weight`` (a
    multiplier: names and numbers can count more or less than words); per block only the
    ``max_terms`` heaviest terms are kept; the whole vector is then scaled to unit length once.
    Blocks are not normalised one by one: a short text with a single name would otherwise give
    that name a fixed share of its length (one shared "Trump" would make two unrelated short
    articles look alike), so that a cosine would mean different things at different lengths.
    """
    per_block: dict[int, list[tuple[float, int]]] = {}
    base = math.log(vocab.n_docs + 1) + 1.0
    log_df = vocab.log_df
    block_of = vocab.block_of
    for tid, n in zip(doc.ids, doc.counts):
        w = (_TF[n] if n < 64 else 1.0 + math.log(n)) * (base - log_df[tid])
        items = per_block.get(block_of[tid])
        if items is None:
            per_block[block_of[tid]] = [(w, tid)]
        else:
            items.append((w, tid))
    out: SparseVector = {}
    for b, items in per_block.items():
        spec = vocab.blocks[b]
        if spec.weight <= 0:
            continue
        if len(items) > spec.max_terms:
            items.sort(reverse=True)
            del items[spec.max_terms:]
        for w, tid in items:
            out[tid] = w * spec.weight
    total = math.sqrt(sum(w * w for w in out.values()))
    if total > 0:
        scale = 1.0 / total
        for tid in out:
            out[tid] *= scale
    return out


def dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum([a[t] * b[t] for t in a.keys() & b.keys()])


def add_into(target: dict[int, float], v: Mapping[int, float], scale: float = 1.0) -> None:
    for t, w in v.items():
        target[t] = target.get(t, 0.0) + w * scale


def norm2(v: Mapping[int, float]) -> float:
    return sum(w * w for w in v.values())


def top_terms(v: Mapping[int, float], k: int) -> list[int]:
    """The ``k`` heaviest terms of ``v`` (embedding dimensions, negative keys, are not terms)."""
    items = v.items() if -1 not in v else [kv for kv in v.items() if kv[0] >= 0]
    return [t for t, _ in heapq.nlargest(k, items, key=lambda kv: kv[1])]
