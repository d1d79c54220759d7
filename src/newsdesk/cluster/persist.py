"""Stories, relations and the incremental clusterer's state, kept in the store.

The clusterer (:class:`StoryClusterer`) and the duplicate detector (:class:`DuplicateDetector`)
run unchanged over state that lives in the store's tables (``newsdesk.store.cluster_state``): this
module gives them containers that look like their in-memory lists, dicts and sets but read a row
only when the code touches it (a term's frequency, a candidate story's centroid, the last entries
of a posting list, a related article's fingerprints) and write back only what changed. Adding one
article therefore reads what its candidate look-up needs — never the whole state — and costs
B-tree look-ups that grow with log n. The state after each call is exactly what the in-memory
objects would hold, so adding articles in two calls assigns them exactly as adding them in one.

Everything is written inside the caller's write transaction (``store.write()``): articles, their
relations and their stories commit together or not at all.

On top of the clusterer's own splits and merges, this module keeps stories right as articles change:

* an article whose text changed (a newer version of the same URL or file) leaves its story and is
  assigned again;
* every move — a story cut in two, two stories merged (both by the clusterer), an article
  re-assigned after a change — is written to the story history (``story_history``).
"""

from __future__ import annotations

import base64
import json
import math
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime

import numpy as np

from newsdesk.cluster.dedup import CopyDoc, DuplicateDetector, Fingerprints, PreparedCopy, Relation
from newsdesk.cluster.stories import ClusterDoc, DocState, StoryClusterer, StoryState
from newsdesk.cluster.vectors import TermCounts, Vocabulary, top_terms
from newsdesk.errors import NotFoundError, StorageError
from newsdesk.records import Article
from newsdesk.store.cluster_state import ClusterTables, story_id, story_seq
from newsdesk.store.codec import (
    lsh_band_keys, pack_centroid, pack_fingerprints, pack_terms, unpack_centroid, unpack_fingerprints, unpack_terms,
)

_DOC_FIELDS = {"id", "counts", "story", "published", "outlet", "title", "query"}
_STORY_FIELDS = {"seq", "members", "centroid", "norm2", "epoch", "next_check", "indexed", "central", "first", "last"}


def _tables(store) -> ClusterTables:
    get = getattr(store, "cluster_tables", None)
    if get is None:
        raise StorageError("story clustering needs a store with clustering tables (the SQLite store)")
    return get()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _extras(obj, known: set[str]) -> bytes | None:
    """Fields a newer clusterer added to its records, pickled (None when there are none)."""
    extra = {f.name: getattr(obj, f.name) for f in fields(obj) if f.name not in known}
    return pickle.dumps(extra) if extra else None


# --------------------------------------------------------------------------- lazy containers


class _Column(dict):
    """One column of the term rows (term id -> value) that reads a missing row from the store."""

    def __init__(self, terms: _Terms):
        super().__init__()
        self.terms = terms

    def __missing__(self, tid: int):
        self.terms.prefetch([tid])
        if not dict.__contains__(self, tid):
            raise StorageError(f"story state is damaged (no term {tid})")
        return dict.__getitem__(self, tid)

    def __len__(self) -> int:
        return self.terms.n_terms


class _DfColumn(_Column):
    def __setitem__(self, tid: int, value) -> None:
        dict.__setitem__(self, tid, value)
        self.terms.dirty.add(tid)


class TermCache:
    """Term rows (id -> name, block, df) as the last add of this store object left them, for a
    long-running writer (watch, serve, a batch): the next add reads only the terms it has not seen.

    Trusted only while the store is exactly as that add left it: each save writes a stamp (this
    cache's token and a save count) to the clustering meta, and a session that finds another stamp
    (another writer saved since, or the save was rolled back) empties the cache first. Holds at
    most ``max_terms`` terms (emptied when full).
    """

    def __init__(self, max_terms: int = 300_000):
        import uuid

        self.max_terms = max_terms
        self.token = uuid.uuid4().hex
        self.saves = 0
        self.rows: dict[int, tuple[str, int, int]] = {}
        self.ids: dict[str, int] = {}

    def stamp(self) -> str:
        return f"{self.token}:{self.saves}"

    def check(self, stamp: str | None) -> None:
        """Empty the cache unless ``stamp`` (the store's) is the one this cache's last save wrote."""
        if stamp != self.stamp():
            self.rows.clear()
            self.ids.clear()

    def update(self, terms: _Terms) -> str:
        """Take the session's term rows (call while saving); returns the stamp to save with them."""
        if len(self.rows) + len(terms.by_name) > self.max_terms:
            self.rows.clear()
            self.ids.clear()
        names, block, df = terms.names, terms.block, terms.df
        rows = self.rows
        for name, tid in terms.by_name.items():
            rows[tid] = (name, dict.__getitem__(block, tid), dict.__getitem__(df, tid))
        self.ids.update(terms.by_name)
        self.saves += 1
        return self.stamp()


def _detector(tables: ClusterTables, store) -> DuplicateDetector:
    """The store object's duplicate detector (made once: its MinHash permutations cost a
    millisecond); each session gives it containers over the store's rows."""
    detector = getattr(tables, "detector", None)
    if detector is None:
        detector = tables.detector = DuplicateDetector(body_of=store.body_of)
    return detector


def _term_cache(tables: ClusterTables) -> TermCache:
    cache = getattr(tables, "term_cache", None)
    if cache is None:
        cache = tables.term_cache = TermCache()
    return cache


class _Terms:
    """Term rows (name, block, df, log df) read on first use (from the store, or from the store
    object's :class:`TermCache`), as dict columns by term id."""

    def __init__(self, tables: ClusterTables, n_terms: int, cache: TermCache | None = None):
        self.tables = tables
        self.names, self.block, self.df, self.log_df = _Column(self), _Column(self), _DfColumn(self), _Column(self)
        self.by_name: dict[str, int] = {}
        self.absent: set[str] = set()
        self.dirty: set[int] = set()
        self.n_terms = n_terms
        self.cache = cache if cache is not None else TermCache()

    def _keep(self, row) -> None:
        tid, term, block, df = row
        dict.__setitem__(self.names, tid, term)
        dict.__setitem__(self.block, tid, block)
        dict.__setitem__(self.df, tid, df)
        dict.__setitem__(self.log_df, tid, math.log(df + 1) if df else 0.0)
        self.by_name[term] = tid

    def _cached(self, tid: int) -> bool:
        row = self.cache.rows.get(tid)
        if row is None:
            return False
        self._keep((tid, *row))
        return True

    def id_of(self, name: str) -> int | None:
        tid = self.by_name.get(name)
        if tid is None and name not in self.absent:
            known = self.cache.ids.get(name)
            if known is not None and self._cached(known):
                return known
            row = self.tables.term_by_name(name)
            if row is None:
                self.absent.add(name)
            else:
                self._keep(row)
                tid = row[0]
        return tid

    def prefetch(self, ids: Iterable[int]) -> None:
        names = self.names
        need = sorted({t for t in ids if not dict.__contains__(names, t)})
        need = [t for t in need if not self._cached(t)]
        for row in self.tables.terms_by_id(need):
            self._keep(row)

    def prefetch_names(self, names: Iterable[str]) -> None:
        need = []
        ids = self.cache.ids
        for n in names:
            if n in self.by_name or n in self.absent:
                continue
            known = ids.get(n)
            if known is None or not self._cached(known):
                need.append(n)
        for row in self.tables.terms_by_name(need):
            self._keep(row)
        self.absent.update(n for n in need if n not in self.by_name)

    def new(self, name: str, block: int) -> int:
        tid = self.n_terms
        self.n_terms += 1
        self._keep((tid, name, block, 0))
        self.absent.discard(name)
        self.dirty.add(tid)
        return tid

    def changed_rows(self) -> list[tuple[int, str, int, int]]:
        return [(t, self.names[t], self.block[t], self.df[t]) for t in sorted(self.dirty)]


class _TermIds:
    def __init__(self, terms: _Terms):
        self.terms = terms

    def get(self, name: str, default=None):
        tid = self.terms.id_of(name)
        return default if tid is None else tid

    def __getitem__(self, name: str) -> int:
        tid = self.terms.id_of(name)
        if tid is None:
            raise KeyError(name)
        return tid

    def __contains__(self, name: str) -> bool:
        return self.terms.id_of(name) is not None

    def __len__(self) -> int:
        return self.terms.n_terms


class StoredVocabulary(Vocabulary):
    """A :class:`Vocabulary` whose terms and frequencies are rows of the store."""

    def __init__(self, blocks, terms: _Terms, n_docs: int):
        super().__init__(blocks)
        self._rows = terms
        self.ids = _TermIds(terms)
        self.terms = terms.names
        self.block_of = terms.block
        self.df = terms.df
        self.log_df = terms.log_df
        self.n_docs = n_docs

    def __len__(self) -> int:
        return self._rows.n_terms

    def intern(self, block: int, term: str) -> int:
        key = f"{self.blocks[block].name}:{term}"
        tid = self._rows.id_of(key)
        return self._rows.new(key, block) if tid is None else tid


class _Docs:
    """Position -> DocState, read on first use; new documents appended."""

    def __init__(self, tables: ClusterTables, terms: _Terms, n_positions: int):
        self.tables, self.terms = tables, terms
        self.cache: dict[int, DocState] = {}
        self.loaded_story: dict[int, int] = {}
        self.new: list[int] = []
        self.deleted: list[int] = []
        self.n = n_positions

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, pos: int) -> DocState:
        doc = self.cache.get(pos)
        if doc is None:
            self.load([pos])
            doc = self.cache.get(pos)
            if doc is None:
                raise StorageError(f"story state is damaged (no clustered article at position {pos})")
        return doc

    def __iter__(self):
        for start in range(0, self.n, 1000):
            span = range(start, min(start + 1000, self.n))
            self.load(span)
            yield from (self.cache[p] for p in span if p in self.cache)

    def load(self, positions: Iterable[int], with_terms: bool = False) -> None:
        need = [p for p in positions if p not in self.cache]
        if not need:
            return
        for pos, aid, story, blob, extra, published, outlet, title in self.tables.docs(need):
            ids, counts, query = unpack_terms(blob)
            more = pickle.loads(extra) if extra else {}
            self.cache[pos] = DocState(aid, TermCounts(ids, counts), story, _date(published), outlet, title, query,
                                       **more)
            self.loaded_story[pos] = story
        if with_terms:
            self.terms.prefetch(t for p in need if p in self.cache for t in self.cache[p].counts.ids)

    def ids(self, positions: Sequence[int]) -> list[str]:
        """Article ids at these positions (rows not read yet: their id only)."""
        need = [p for p in positions if p not in self.cache]
        found = dict(self.tables.doc_ids(need)) if need else {}
        out = []
        for p in positions:
            doc = self.cache.get(p)
            if doc is None and p not in found:
                raise StorageError(f"story state is damaged (no clustered article at position {p})")
            out.append(doc.id if doc is not None else found[p])
        return out

    def append(self, doc: DocState) -> None:
        self.cache[self.n] = doc
        self.new.append(self.n)
        self.n += 1

    def delete(self, pos: int) -> None:
        self.cache.pop(pos, None)
        self.loaded_story.pop(pos, None)
        if pos in self.new:
            self.new.remove(pos)
        else:
            self.deleted.append(pos)

    def moved(self) -> list[tuple[int, int, int]]:
        """(position, old story, new story) of stored documents whose story changed."""
        return [(p, s, self.cache[p].story) for p, s in self.loaded_story.items() if self.cache[p].story != s]


class _Index:
    """Article id -> position."""

    def __init__(self, tables: ClusterTables):
        self.tables = tables
        self.cache: dict[str, int | None] = {}

    def get(self, aid: str, default=None):
        if aid not in self.cache:
            self.cache[aid] = self.tables.doc_position(aid)
        pos = self.cache[aid]
        return default if pos is None else pos

    def __contains__(self, aid: str) -> bool:
        return self.get(aid) is not None

    def __getitem__(self, aid: str) -> int:
        pos = self.get(aid)
        if pos is None:
            raise KeyError(aid)
        return pos

    def __setitem__(self, aid: str, pos: int) -> None:
        self.cache[aid] = pos

    def pop(self, aid: str, default=None):
        pos = self.get(aid)
        self.cache[aid] = None
        return default if pos is None else pos


class _Members:
    """A stored story's member positions (oldest first): the count and the last few are read
    without loading the rest."""

    def __init__(self, tables: ClusterTables, docs: _Docs, seq: int, size: int):
        self.tables, self.docs, self.seq = tables, docs, seq
        self._all: list[int] | None = None
        self._size = size
        self._tail: list[int] = []

    def _load(self) -> list[int]:
        if self._all is None:
            self._all = self.tables.story_positions(self.seq) + self._tail
            self.docs.load(self._all, with_terms=True)
        return self._all

    def __len__(self) -> int:
        return len(self._all) if self._all is not None else self._size + len(self._tail)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self):
        return iter(self._load())

    def __contains__(self, pos: int) -> bool:
        return pos in self._load()

    def __getitem__(self, item):
        if (self._all is None and isinstance(item, slice) and item.step is None and item.stop is None
                and item.start is not None and item.start < 0):
            k = -item.start
            if k <= len(self._tail):
                return self._tail[-k:]
            return self.tables.story_tail(self.seq, k - len(self._tail)) + self._tail
        return self._load()[item]

    def append(self, pos: int) -> None:
        (self._all if self._all is not None else self._tail).append(pos)

    def __eq__(self, other) -> bool:
        return list(self) == list(other)


class _Indexed:
    """The terms a stored story is indexed under. Membership tests read posting rows: the first
    one also reads the story's rows for the terms of the article being added (``hint``), which are
    the terms a join tests next."""

    def __init__(self, tables: ClusterTables, seq: int, hint: _Hint):
        self.tables, self.seq, self.hint = tables, seq, hint
        self.known: dict[int, bool] = {}

    def __contains__(self, term: int) -> bool:
        hit = self.known.get(term)
        if hit is None:
            ask = {term, *(t for t in self.hint.terms if t not in self.known)}
            found = self.tables.postings_of(self.seq, sorted(ask))
            for t in ask:
                self.known[t] = t in found
            hit = self.known[term]
        return hit

    def add(self, term: int) -> None:
        self.known[term] = True


class _Hint:
    """The query terms of the article being added (what a join will look up next)."""

    terms: tuple[int, ...] = ()


class _Centroid(dict):
    """A stored story's centroid, read from the store the first time it is used (a story is often
    looked at only to see whether it still has members)."""

    def __init__(self, tables: ClusterTables, seq: int, version: tuple):
        super().__init__()
        self._tables, self._seq, self._version, self._filled = tables, seq, version, False

    def _fill(self) -> None:
        if not self._filled:
            self._filled = True
            cache = _centroid_cache(self._tables)
            known = cache.get(self._seq, self._version)
            if known is not None:
                dict.update(self, known)
            else:
                blob = self._tables.centroid(self._seq)
                if blob is not None:
                    centroid = unpack_centroid(blob)
                    dict.update(self, centroid)
                    cache.put(self._seq, self._version, centroid)
            self.__class__ = _FilledCentroid  # from now on a plain dict, at dict speed


class _FilledCentroid(dict):
    """A :class:`_Centroid` once read (same layout, no hooks)."""


class CentroidCache:
    """Centroids read or written by earlier adds of this store object (a long-running writer such as
    `watch`, `serve` or a batch reads a popular story's centroid once, not once per article).

    An entry is used only while the story's row still has the size, squared norm and refresh epoch
    the centroid was cached with (any change to a centroid changes them), so a write by another
    process, or a rolled-back one, is never read from here. Entries are copies, never handed out;
    at most ``max_terms`` terms are kept (least recently used dropped first).
    """

    def __init__(self, max_terms: int = 300_000):
        from collections import OrderedDict

        self.max_terms = max_terms
        self.entries: OrderedDict[int, tuple[tuple, dict[int, float]]] = OrderedDict()
        self.terms = 0

    def get(self, seq: int, version: tuple) -> dict[int, float] | None:
        entry = self.entries.get(seq)
        if entry is None or entry[0] != version:
            return None
        self.entries.move_to_end(seq)
        return entry[1]

    def put(self, seq: int, version: tuple, centroid: dict[int, float]) -> None:
        old = self.entries.pop(seq, None)
        if old is not None:
            self.terms -= len(old[1])
        if len(centroid) > self.max_terms // 4:
            return
        self.entries[seq] = (version, dict(centroid))
        self.terms += len(centroid)
        while self.terms > self.max_terms and self.entries:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.terms -= len(dropped)


def _centroid_cache(tables: ClusterTables) -> CentroidCache:
    cache = getattr(tables, "centroid_cache", None)
    if cache is None:
        cache = tables.centroid_cache = CentroidCache()
    return cache


def _version(size: int, norm2: float, epoch: int) -> tuple:
    return (size, norm2, epoch)


def _filling(name: str):
    method = getattr(dict, name)

    def call(self, *args, **kwargs):
        self._fill()
        return method(self, *args, **kwargs)

    call.__name__ = name
    return call


for _name in ("__getitem__", "__setitem__", "__delitem__", "__contains__", "__iter__", "__len__", "__eq__",
              "__repr__", "__or__", "__ior__", "get", "keys", "values", "items", "pop", "popitem", "setdefault",
              "update", "copy", "clear"):
    setattr(_Centroid, _name, _filling(_name))


class _Stories:
    """Story number -> StoryState, read on first use; new stories appended."""

    def __init__(self, tables: ClusterTables, docs: _Docs, n_stories: int):
        self.tables, self.docs = tables, docs
        self.cache: dict[int, StoryState] = {}
        self.alive: dict[int, bool] = {}  # whether stories not read yet have members (from posting rows)
        self.heads = _StoryHeads(self)  # what the candidate scan sees of each story (see _StoryHeads)
        self.titles: dict[int, tuple[int | None, str | None, str | None]] = {}  # stored (central, title, article)
        self.hint = _Hint()
        self.n = n_stories

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, seq: int) -> StoryState:
        story = self.cache.get(seq)
        if story is None:
            if not 0 <= seq < self.n:
                raise IndexError(seq)
            self._make(seq, self.tables.story(seq))
            story = self.cache[seq]
        return story

    def prefetch(self, seqs: Iterable[int]) -> None:
        """Read the rows of these stories in one query (a posting list's tail, say)."""
        need = [s for s in set(seqs) if s not in self.cache and 0 <= s < self.n]
        if need:
            found = {row[0]: row for row in self.tables.stories(need)}
            for seq in need:
                self._make(seq, found.get(seq))

    def _make(self, seq: int, row) -> None:
        if row is None:  # merged away or emptied
            story = StoryState(seq)
        else:
            (_, size, title, title_article, _, first, last, norm2, epoch, next_check, central, extra) = row
            self.titles[seq] = (central, title, title_article)
            more = pickle.loads(extra) if extra else {}
            story = StoryState(seq, _Members(self.tables, self.docs, seq, size),
                               _Centroid(self.tables, seq, _version(size, norm2, epoch)),
                               norm2, epoch, next_check, _Indexed(self.tables, seq, self.hint), central,
                               _date(first), _date(last), **more)
        self.cache[seq] = self.heads[seq] = story

    def __iter__(self):
        return (self[s] for s in range(self.n))

    def append(self, story: StoryState) -> None:
        if story.seq != self.n:
            raise StorageError("story numbers must grow by one")
        self.cache[story.seq] = self.heads[story.seq] = story
        self.n += 1


class _Sized:
    """What the candidate scan asks of a story it has not read yet: whether it has members."""

    __slots__ = ("members",)

    def __init__(self, alive: bool):
        self.members = (True,) if alive else ()


_ALIVE, _GONE = _Sized(True), _Sized(False)


class _StoryHeads(dict):
    """``stories`` as the candidate scan sees it: read stories as they are, the others as whether
    they still have members (the ``gone`` flag of their posting rows), so that the hundreds of
    stories in the posting tails are not each read to find the few dozen worth scoring. Kept up to
    date as stories are read (``_Stories._make``, ``append``) and posting tails are read
    (``_Postings.read``), so that the scan's look-ups are plain dict look-ups; a story in neither
    is read on first look."""

    def __init__(self, stories: _Stories):
        super().__init__()
        self.stories = stories

    def __missing__(self, seq: int):
        return self.stories[seq]  # read: _make records it here

    def __len__(self) -> int:
        return len(self.stories)


class _Posting:
    """The tail of one term's posting list (the last ``tail`` entries, read on first look);
    appends are recorded for saving and need no read."""

    __slots__ = ("owner", "term", "items", "appended")

    def __init__(self, owner: _Postings, term: int, items: list[int] | None = None):
        self.owner, self.term, self.items, self.appended = owner, term, items, []

    def _read(self) -> list[int]:
        if self.items is None:
            self.owner.read([self.term])
        return self.items

    def append(self, seq: int) -> None:
        (self.items if self.items is not None else self.appended).append(seq)
        self.owner.new.append((self.term, seq))

    def __len__(self) -> int:
        return len(self._read())

    def __bool__(self) -> bool:
        return bool(self._read())

    def __iter__(self):
        return iter(self._read())

    def __getitem__(self, item):
        return self._read()[item]

    def __eq__(self, other) -> bool:
        return list(self) == list(other)


class _Postings:
    """Term -> the stories indexed under it; only the last ``tail`` entries are read."""

    def __init__(self, tables: ClusterTables, tail: int, stories: _Stories):
        self.tables, self.tail, self.stories = tables, tail, stories
        self.cache: dict[int, _Posting] = {}
        self.new: list[tuple[int, int]] = []

    def read(self, terms: Iterable[int]) -> None:
        """Read the tails of these terms (those not read yet)."""
        need = []
        for t in terms:
            posting = self.cache.get(t)
            if posting is None:
                posting = self.cache[t] = _Posting(self, t)
            if posting.items is None:
                need.append(t)
        if not need:
            return
        alive, heads, read = self.stories.alive, self.stories.heads, self.stories.cache
        for t, rows in self.tables.posting_tails(need, self.tail).items():
            posting = self.cache[t]
            posting.items = [seq for seq, _ in rows] + posting.appended  # appended: not saved yet
            posting.appended = []
            for seq, gone in rows:
                alive[seq] = not gone  # the candidate scan looks only at these
                if seq not in read:
                    heads[seq] = _GONE if gone else _ALIVE

    def get(self, term: int, default=None):
        posting = self.cache.get(term)
        if posting is None:
            posting = self.cache[term] = _Posting(self, term)
        return posting

    def setdefault(self, term: int, default=None):
        return self.get(term)

    def __getitem__(self, term: int):
        return self.get(term)

    def __contains__(self, term: int) -> bool:
        return bool(self.get(term))


class _Exact:
    def __init__(self, tables: ClusterTables):
        self.tables = tables

    def get(self, digest: bytes, default=None):
        found = self.tables.exact(bytes(digest))
        return default if found is None else found

    def __setitem__(self, digest: bytes, aid: str) -> None:
        self.tables.put_exact(bytes(digest), aid)


class _Fingerprints:
    """Article id -> Fingerprints, written through to the store (the signature with them)."""

    def __init__(self, tables: ClusterTables, signatures: _Signatures):
        self.tables, self.signatures = tables, signatures
        self.cache: dict[str, Fingerprints | None] = {}

    def _load(self, aid: str) -> Fingerprints | None:
        if aid not in self.cache:
            self.prefetch([aid])
        return self.cache[aid]

    def prefetch(self, aids: Iterable[str]) -> None:
        """Read the rows of these articles (those not read yet) in one query."""
        need = [a for a in dict.fromkeys(aids) if a not in self.cache]
        if not need:
            return
        found = {row[0]: row[1:] for row in self.tables.fingerprints(need)}
        for aid in need:
            row = found.get(aid)
            if row is None:
                self.cache[aid] = None
                continue
            rows, words, credits, signature = row
            self.cache[aid] = Fingerprints(unpack_fingerprints(rows), words, tuple(json.loads(credits)))
            if signature is not None:
                self.signatures.stored[aid] = np.frombuffer(signature, dtype=np.uint32)

    def __contains__(self, aid: str) -> bool:
        return self._load(aid) is not None

    def __getitem__(self, aid: str) -> Fingerprints:
        fp = self._load(aid)
        if fp is None:
            raise KeyError(aid)
        return fp

    def __setitem__(self, aid: str, fp: Fingerprints) -> None:
        self.cache[aid] = fp
        signature = self.signatures.pending.pop(aid, None)
        if signature is not None:
            self.signatures.stored[aid] = signature
        self.tables.put_fingerprint(aid, pack_fingerprints(fp.rows), fp.words, fp.credits,
                                    None if signature is None else signature.astype(np.uint32).tobytes())


class _Signatures:
    def __init__(self, tables: ClusterTables):
        self.tables = tables
        self.stored: dict[str, np.ndarray] = {}
        self.pending: dict[str, np.ndarray] = {}
        self.fingerprints: _Fingerprints | None = None

    def __getitem__(self, aid: str) -> np.ndarray:
        if aid in self.pending:
            return self.pending[aid]
        if aid not in self.stored and self.fingerprints is not None:
            self.fingerprints._load(aid)
        return self.stored[aid]

    def __setitem__(self, aid: str, values: np.ndarray) -> None:
        self.pending[aid] = values

    def __contains__(self, aid: str) -> bool:
        try:
            self[aid]
        except KeyError:
            return False
        return True


class _StoredLSH:
    """MinHash LSH over band keys in the store: the candidates of the in-memory
    :class:`newsdesk.cluster.minhash.BandIndex` (and of datasketch's MinHashLSH)."""

    def __init__(self, tables: ClusterTables, bands: int, rows: int):
        self.tables, self.bands, self.rows = tables, bands, rows

    def _keys(self, sig: np.ndarray) -> list[int]:
        return lsh_band_keys(np.asarray(sig, dtype=np.uint32).tobytes(), self.bands, self.rows)

    def query(self, sig: np.ndarray) -> list[str]:
        return list(self.tables.lsh_candidates(self._keys(sig)))

    def insert(self, aid: str, sig: np.ndarray) -> None:
        self.tables.put_lsh(aid, self._keys(sig))


# --------------------------------------------------------------------------- a session over the store


class _KnownTerms:
    """A ClusterDoc whose terms were already computed (delegates everything else)."""

    def __init__(self, doc: ClusterDoc, blocks):
        self._doc, self._blocks = doc, blocks

    def terms(self, lead_sentences: int = 0, lead_boost: int = 0):
        return self._blocks

    def __getattr__(self, name):
        return getattr(self._doc, name)


class StoredClustering:
    """The clusterer and duplicate detector over the store's state, for one write transaction."""

    def __init__(self, store):
        self.store = store
        self.tables = _tables(store)
        self.tables._story_extras = None  # read again: another process may have written some
        meta = self.tables.meta()
        clusterer = StoryClusterer()
        term_cache = _term_cache(self.tables)
        term_cache.check(meta.get("writer"))  # rows cached by earlier adds, if the store is as they left it
        terms = _Terms(self.tables, int(meta.get("n_terms", 0)), term_cache)
        clusterer.vocab = StoredVocabulary(clusterer.config.blocks(), terms, int(meta.get("n_docs", 0)))
        docs = _Docs(self.tables, terms, int(meta.get("n_positions", 0)))
        clusterer.docs = docs
        clusterer.index = _Index(self.tables)
        clusterer.stories = _Stories(self.tables, docs, int(meta.get("n_stories", 0)))
        clusterer.postings = _Postings(self.tables, clusterer.config.posting_scan, clusterer.stories)
        clusterer.dirty, clusterer.dirty_terms = set(), set()
        scan = clusterer._candidates

        def candidates(vec, query):
            stories = clusterer.stories
            stories.hint.terms = tuple(query)  # the terms a join of this article indexes next
            clusterer.postings.read(query)
            clusterer.stories = stories.heads
            try:
                found = scan(vec, query)
            finally:
                clusterer.stories = stories
            stories.prefetch(found)  # the rows of the stories about to be scored, in one query
            return found

        clusterer._candidates = candidates
        self.clusterer, self.terms, self.docs = clusterer, terms, docs
        self.next_posting = int(meta.get("n_postings", 0))
        self.embedding_count = _restore_embedding_mean(clusterer, meta)
        detector = _detector(self.tables, store)
        signatures = _Signatures(self.tables)
        detector.exact = _Exact(self.tables)
        detector.fingerprints = _Fingerprints(self.tables, signatures)
        signatures.fingerprints = detector.fingerprints
        detector.signatures = signatures
        bands, rows = detector.config.lsh_bands
        detector.lsh = _StoredLSH(self.tables, bands, rows)
        self.detector = detector
        self.relations: list[Relation] = []
        self.history: list[tuple[str, str, int | None, int | None]] = []
        self._blocks: dict[str, tuple] = {}  # article id -> its terms, computed by encode()
        self._embeddings: dict[str, np.ndarray] = {}  # article id -> its sentence embedding, from encode()
        self._prepared: dict[str, PreparedCopy] = {}  # article id -> its copy fingerprints, from encode()

    def encode(self, articles: Sequence[Article], changed: set[str] = frozenset()) -> None:
        """Sentence embeddings of the articles about to be added that get one (short texts), in
        one batched pass: the encoder's matrix products serve the whole batch (a headline costs
        about 9 CPU ms in a batch of 32 against 16 alone). An embedding depends on its batch in
        the last bits of a float32 (the matrix kernels' sums), never on the order of the adds."""
        cfg = self.clusterer.config
        if cfg.embedding_weight <= 0:
            return
        todo: list[ClusterDoc] = []
        for article in articles:
            if article.id in self._blocks or (article.id in self.clusterer.index and article.id not in changed):
                continue  # seen, or clustered already (re-adding is idempotent)
            doc = ClusterDoc.from_article(article)
            blocks = self._blocks[article.id] = doc.terms(cfg.lead_sentences, cfg.lead_boost)
            # the body's tokens are in copy_tokens' small cache now, not when the batch reaches it
            self._prepared[article.id] = self.detector.prepare(CopyDoc.from_article(article))
            if cfg.embedding_share(len(set(blocks[0]))) > 0:
                todo.append(doc)
        if len(todo) < 2:
            return  # one text: the clusterer encodes it as it is added
        from newsdesk.cluster.embed import load_encoder

        encoder = load_encoder(cfg.embedding_tokens)
        if encoder is not None:
            self._embeddings.update(zip([d.id for d in todo], encoder.encode_many([d.embedding_text() for d in todo])))

    # -- adding -------------------------------------------------------------------------------

    def add(self, article: Article, changed: bool = False) -> str:
        """Assign ``article`` to a story (again, when ``changed``) and find its relations."""
        clusterer = self.clusterer
        old_story = self._remove(article.id) if changed else None
        merges_before = len(getattr(clusterer, "merged", ()))
        doc = ClusterDoc.from_article(article)
        embedding = self._embeddings.pop(article.id, None)
        if embedding is not None:
            doc = replace(doc, embedding=embedding)
        sid = clusterer.add(self._prefetched(doc))
        for _, keep in getattr(clusterer, "merged", [])[merges_before:]:
            # the store lists members in arrival order: keep the live story in that order too, so that
            # one batch and several see the same members (recent ones for copy detection, split samples)
            members = clusterer.stories[keep].members
            if isinstance(members, list) and members != sorted(members):
                members.sort()
        if changed:
            self.history.append(("update", article.id, old_story, story_seq(sid)))
        prepared = self._prepared.pop(article.id, None)
        if article.id not in self.detector:
            related = self._recent_members(sid, self.detector.config.max_related + 1)
            self.detector.fingerprints.prefetch(related)  # the copy check reads them all: one query
            self.relations.extend(self.detector.add(CopyDoc.from_article(article), related=related,
                                                    prepared=prepared))
        return clusterer.story_of(article.id)

    def _recent_members(self, sid: str, limit: int) -> list[str]:
        """:meth:`StoryClusterer.recent_members` reading only the ids of members not read yet."""
        positions = list(self.clusterer.stories[story_seq(sid)].members[-limit:])
        return self.docs.ids(positions)

    def _prefetched(self, doc: ClusterDoc) -> ClusterDoc:
        """``doc`` with its terms computed once and their rows read in one query."""
        if doc.id in self.clusterer.index:
            return doc
        cfg = self.clusterer.config
        blocks = self._blocks.pop(doc.id, None) or doc.terms(cfg.lead_sentences, cfg.lead_boost)
        names = self.clusterer.vocab.blocks
        self.terms.prefetch_names({f"{names[b].name}:{t}" for b, terms in enumerate(blocks) for t in terms})
        return _KnownTerms(doc, blocks)

    def _remove(self, aid: str) -> int | None:
        """Take a clustered article out of its story (its text changed); returns the story."""
        clusterer = self.clusterer
        pos = clusterer.index.get(aid)
        if pos is None:
            return None
        doc = clusterer.docs[pos]
        story = clusterer.stories[doc.story]
        vocab = clusterer.vocab
        vocab.n_docs -= 1
        for t in doc.counts.ids:
            vocab.df[t] -= 1
            vocab.log_df[t] = math.log(vocab.df[t] + 1) if vocab.df[t] else 0.0
        members = [m for m in story.members if m != pos]
        story.members = members
        story.first = story.last = None
        if members:
            clusterer._refresh(story)
            for m in members:
                clusterer._note_dates(story, clusterer.docs[m].published)
        else:
            story.centroid, story.norm2, story.central = {}, 0.0, None
        clusterer.dirty.add(story.seq)
        self.docs.delete(pos)
        clusterer.index.pop(aid)
        self.tables.forget_copy(aid)
        self.detector.fingerprints.cache.pop(aid, None)
        return story.seq

    def close(self) -> None:
        """Break the session's reference cycles (the scan hook on the clusterer, postings and
        columns that point back at their owner) so that its objects are freed as soon as it is
        dropped, not left for the cyclic garbage collector to trace at a later add."""
        clusterer = self.clusterer
        clusterer.__dict__.pop("_candidates", None)
        clusterer.postings.cache.clear()
        clusterer.stories.cache.clear()
        clusterer.stories.heads.clear()
        self.docs.cache.clear()
        for column in (self.terms.names, self.terms.block, self.terms.df, self.terms.log_df):
            dict.clear(column)

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        clusterer, tables, docs = self.clusterer, self.tables, self.docs
        tables.save_terms(self.terms.changed_rows())
        for pos in docs.deleted:
            tables.delete_doc(pos)
        tables.insert_docs(
            (p, d.id, d.story, pack_terms(d.counts.ids, d.counts.counts, d.query), _extras(d, _DOC_FIELDS))
            for p in docs.new for d in [docs.cache[p]])
        moved = docs.moved()
        tables.move_docs((new, p) for p, _, new in moved)
        merges = _merge_targets(getattr(clusterer, "merged", ()))
        for p, old, new in moved:
            event = "merge" if merges.get(old, old) == new else "split"
            self.history.append((event, docs.cache[p].id, old, new))
        self.next_posting = tables.add_postings(clusterer.postings.new, self.next_posting)
        for seq in sorted(clusterer.dirty):  # after the postings: a story deleted marks its postings gone
            self._save_story(clusterer.stories[seq])
        tables.add_relations(
            (r.article_a, r.article_b, r.kind, r.score, *(r.span_a or (None, None)), *(r.span_b or (None, None)),
             r.passages, r.shared_words, json.dumps(list(r.credits))) for r in self.relations)
        tables.add_history(self.history)
        mean = getattr(clusterer, "embedding_mean", None)
        if mean is not None and mean.count != self.embedding_count and mean.total is not None:
            tables.set_meta({"embedding_count": str(mean.count),
                             "embedding_total": base64.b64encode(np.asarray(mean.total, dtype="<f8").tobytes()).decode()})
            self.embedding_count = mean.count
        tables.set_meta({"n_docs": str(clusterer.vocab.n_docs), "n_terms": str(self.terms.n_terms),
                         "n_postings": str(self.next_posting), "writer": self.terms.cache.update(self.terms),
                         "n_stories": str(len(clusterer.stories)), "n_positions": str(len(docs))})
        clusterer.dirty, clusterer.dirty_terms = set(), set()
        if hasattr(clusterer, "merged"):
            clusterer.merged = []
        clusterer.postings.new = []
        self.relations, self.history = [], []

    def _save_story(self, story: StoryState) -> None:
        size = len(story.members)
        if size == 0:
            self.tables.delete_story(story.seq)
            return
        vocab = self.clusterer.vocab
        terms = [vocab.term(t) for t in top_terms(story.centroid, 8) if vocab.block_of[t] != 2][:5]
        stored = self.clusterer.stories.titles.get(story.seq)
        if story.central is not None and stored is not None and stored[0] == story.central:
            title, title_article = stored[1], stored[2]  # same central member: its title as stored
        elif story.central is not None:
            central = self.clusterer.docs[story.central]
            title, title_article = central.title, central.id
        else:
            title, title_article = (" ".join(terms) if terms else None), None
        self.tables.save_story((story.seq, size, title, title_article, json.dumps(terms), _iso(story.first),
                                _iso(story.last), story.norm2, story.epoch, story.next_check, story.central,
                                _extras(story, _STORY_FIELDS)), pack_centroid(story.centroid))
        _centroid_cache(self.tables).put(story.seq, _version(size, story.norm2, story.epoch), story.centroid)


def _restore_embedding_mean(clusterer, meta: dict[str, str]) -> int:
    """Give the clusterer the running mean of the stored documents' embeddings (which a document's
    embedding is centred on), saved exactly (float64) in the clustering meta; returns its count."""
    mean = getattr(clusterer, "embedding_mean", None)
    count = int(meta.get("embedding_count", 0))
    if mean is not None and count and meta.get("embedding_total"):
        mean.total = np.frombuffer(base64.b64decode(meta["embedding_total"]), dtype="<f8").astype(np.float64)
        mean.count = count
    return count


def _merge_targets(merged: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Story -> the story it was finally merged into, from the clusterer's (gone, kept) log."""
    into: dict[int, int] = {}
    for gone, keep in merged:
        into[gone] = keep
        for s, t in into.items():
            if t == gone:
                into[s] = keep
    return into


# --------------------------------------------------------------------------- the entry points


@dataclass(frozen=True)
class StoryRow:
    id: str
    size: int
    title: str | None
    outlets: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    top_terms: tuple[str, ...]
    relations: int  # duplicate / copy relations among the story's members


@dataclass(frozen=True)
class HistoryRow:
    at: str
    event: str  # split | merge | update
    article: str
    from_story: str | None
    to_story: str | None


def assign_stories(store, articles: Iterable[Article], changed: Iterable[str] = ()) -> dict[str, str]:
    """Assign ``articles`` (already in ``store``) to stories, find their duplicates and shared
    copy, and save it all in the store's current write transaction (or one of its own).
    Returns article id -> story id.

    Articles already clustered keep their story and relations (re-adding is idempotent), except
    those named in ``changed`` (their text changed): they leave their story and are assigned
    again. An article whose story was later cut or merged reports its current story.
    """
    articles = list(articles)
    changed = set(changed)
    with store.write():
        session = StoredClustering(store)
        try:
            session.encode(articles, changed)
            for article in articles:
                session.add(article, changed=article.id in changed)
            session.save()
            return {a.id: session.clusterer.story_of(a.id) for a in articles}
        finally:
            session.close()


def list_stories(store, limit: int | None = None) -> list[StoryRow]:
    """Stored stories, largest first (then most recent)."""
    tables = _tables(store)
    return [StoryRow(story_id(seq), size, title, tuple(tables.story_outlets(seq)), first, last,
                     tuple(json.loads(top)), tables.story_relation_count(seq))
            for seq, size, title, first, last, top in tables.list_stories(limit)]


def _seq_of(sid: str) -> int | None:
    return story_seq(sid)


def story_members(store, sid: str) -> list[str]:
    """Article ids of a story, in the order they joined it ([] for an unknown id)."""
    seq = _seq_of(sid)
    return [] if seq is None else _tables(store).story_members(seq)


def story_of(store, article_id: str) -> str:
    seq = _tables(store).story_of_article(article_id)
    if seq is None:
        raise NotFoundError(f"article {article_id} is in no story")
    return story_id(seq)


def story_history(store, sid: str | None = None, limit: int = 1000) -> list[HistoryRow]:
    """Articles that moved between stories (split, merge, changed text), newest first."""
    seq = None if sid is None else _seq_of(sid)
    if sid is not None and seq is None:
        return []
    return [HistoryRow(at, event, aid, None if a is None else story_id(a), None if b is None else story_id(b))
            for at, event, aid, a, b in _tables(store).history(seq, limit)]


def relations_of(store, article_ids: Iterable[str] | None = None) -> list[Relation]:
    """Stored relations (of the given articles, as either side)."""
    ids: Sequence[str] | None = None if article_ids is None else list(article_ids)
    return [Relation(a, b, kind, score, (sa0, sa1) if sa0 is not None else None,
                     (sb0, sb1) if sb0 is not None else None, passages, shared, tuple(json.loads(credits)))
            for a, b, kind, score, sa0, sa1, sb0, sb1, passages, shared, credits in _tables(store).relations(ids)]
