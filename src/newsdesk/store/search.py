"""Full-text search of the SQLite store: bounded ranking and snippets made in Python.

**Ranking.** FTS5's bm25 scores every row a query matches, so a word found in most articles
("said") costs time in proportion to the whole store. When a query matches more than
``rank_window`` articles, only the ``rank_window`` most recently added matches are ranked
(bm25 with the statistics of the whole store); a query with fewer matches is ranked over all
of them, exactly as before. Of a news store, the newest reports of a very common word are the
ones a reader wants; the cost of a search is bounded by the window, whatever the store's size.

**Snippets.** The index is contentless (bodies are stored compressed, see
:mod:`newsdesk.store.bodies`), so FTS5's ``snippet()`` has no text to cut from. A snippet is made
here instead, in the same form (``…`` + about 12 words with the matches in ``[brackets]`` + ``…``):
words that may match a query term are found by a prefix look-up, and each is checked with the
index's own tokenizer (porter over unicode61), so that "said" marks "said" and "says" exactly
where FTS5 would.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass

_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_WORD = re.compile(r"\w+", re.UNICODE)
_STEM_CACHE = 50_000


@dataclass(frozen=True)
class SearchConfig:
    """How searches are ranked and shown (``NEWSDESK_SEARCH_RANK_WINDOW`` changes the window)."""

    rank_window: int = 5000  # rank at most this many matches (the newest); 0 = rank all
    snippet_words: int = 12

    @classmethod
    def from_env(cls) -> "SearchConfig":
        value = os.environ.get("NEWSDESK_SEARCH_RANK_WINDOW")
        try:
            return cls(rank_window=max(0, int(value))) if value else cls()
        except ValueError:
            return cls()


def ranked_rowids(conn: sqlite3.Connection, query: str, limit: int, window: int, offset: int = 0) -> list[int]:
    """Row ids of the best ``limit`` matches after the first ``offset``, best first (see the
    module's note on the window)."""
    if window > 0:
        edge = conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                            " ORDER BY rowid DESC LIMIT 1 OFFSET ?", (query, window - 1)).fetchone()
        if edge is not None:
            return [r[0] for r in conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ? ORDER BY rank"
                " LIMIT ? OFFSET ?", (query, edge[0], limit, offset))]
    return [r[0] for r in conn.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
        (query, limit, offset))]


def query_terms(query: str) -> list[str]:
    """The words of an FTS5 query (operators and column names left out)."""
    return [w for w in _WORD.findall(re.sub(r"\b\w+\s*:", " ", query)) if w not in _OPERATORS]


class Stemmer:
    """Words to their index terms, with the index's own tokenizer (an in-memory FTS5 table)."""

    def __init__(self):
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.execute("CREATE VIRTUAL TABLE w USING fts5(x, tokenize='porter unicode61')")
        self._conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(w, 'instance')")
        self._cache: dict[str, str] = {}

    def stems(self, words) -> dict[str, str]:
        """word -> its index term (one word may make no term, then it maps to '')."""
        missing = [w for w in dict.fromkeys(words) if w not in self._cache]
        if missing:
            if len(self._cache) > _STEM_CACHE:
                self._cache.clear()
            conn = self._conn
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO w (rowid, x) VALUES (?, ?)", enumerate(missing, 1))
            found = {doc: term for term, doc, _, offset in conn.execute("SELECT term, doc, col, offset FROM v")
                     if offset == 0}
            conn.execute("ROLLBACK")
            for i, word in enumerate(missing, 1):
                self._cache[word] = found.get(i, "")
        return {w: self._cache[w] for w in words}

    def close(self) -> None:
        self._conn.close()


class SnippetCache:
    """Snippets already made, by (article id, content hash, the query's index terms, length).

    A snippet depends only on the stored body and the terms it marks, so it stays valid across
    adds (unlike a ranking, whose bm25 statistics change with every add): a popular search made
    again after an add ranks again but cuts only the snippets of articles it did not show before.
    Bounded (least recently used out); one per store connection, like the stemmer."""

    def __init__(self, size: int = 20_000):
        self.size = max(1, size)
        self._items: OrderedDict = OrderedDict()

    def get(self, key):
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key, value: str) -> None:
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


class Snippets:
    """Snippets of bodies for one query's terms."""

    def __init__(self, stemmer: Stemmer, terms: list[str], words: int = 12):
        self.words = words
        self._stemmer = stemmer
        self._targets = {s for s in stemmer.stems([t.lower() for t in terms]).values() if s}
        self.key = (tuple(sorted(self._targets)), words)  # what a snippet depends on besides the body
        # a word the index stems to a target starts with the target's first letters (porter changes
        # only endings); each candidate is then checked with the index's own stemmer
        prefixes = {s[:max(1, min(4, len(s) - 1))] for s in self._targets}
        self._prefixes = sorted({v for p in prefixes for v in (p, p.capitalize(), p.upper())})
        self._window = re.compile(r"\w+(?:\W+\w+){0,%d}" % max(0, words - 1))

    def hits(self, body: str) -> list[tuple[int, int, str]]:
        """(start, end, term) of every word of ``body`` that the index would match, in text order."""
        found = []
        for prefix in self._prefixes:
            i = body.find(prefix)
            while i >= 0:
                if i == 0 or not _WORD.match(body, i - 1):
                    m = _WORD.match(body, i)
                    found.append((i, m.end(), m.group().lower()))
                    i = m.end()
                else:
                    i += 1
                i = body.find(prefix, i)
        if not found:
            return []
        stems = self._stemmer.stems([w for _, _, w in found])
        return sorted((s, e, stems[w]) for s, e, w in found if stems[w] in self._targets)

    def snippet(self, body: str) -> str:
        """About ``words`` words of ``body`` around its best group of matches, matches in [brackets],
        ``…`` where text is left out (FTS5's ``snippet(…, '[', ']', '…', 12)`` form)."""
        hits = self.hits(body)
        if not hits:
            return _render(body, self._span(body, 0), [])
        best = None
        tried, reach = 0, -1
        for i, (start, _, _) in enumerate(hits):
            if start < reach:  # inside the last window tried: a later start sees no more
                continue
            span = self._span(body, _lead(body, start, 2))
            inside = [h for h in hits[i:i + 2 * self.words] if h[1] <= span[1]]
            score = (len({h[2] for h in inside}), len(inside))
            if best is None or score > best[0]:
                best = (score, span, inside)
            tried, reach = tried + 1, span[1]
            if tried == 8 or score[0] == len(self._targets) and score[1] >= min(2, len(self._targets) + 1):
                break
        _, span, inside = best
        return _render(body, span, inside)

    def _span(self, text: str, start: int) -> tuple[int, int] | None:
        """(start, end) of the ``words`` words from ``start`` on (fewer at the end of the text)."""
        m = self._window.search(text, start)
        return (m.start(), m.end()) if m else None


def _lead(text: str, pos: int, n: int) -> int:
    """Where the word ``n`` words before ``pos`` starts (fewer words when they are far)."""
    i = pos
    for _ in range(n):
        j = i
        while j > 0 and not (text[j - 1].isalnum() or text[j - 1] == "_"):
            j -= 1
        if j == 0 or pos - j > 60:
            break
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
            j -= 1
        i = j
    return i


def _render(body: str, span: tuple[int, int] | None, hits: list[tuple[int, int, str]]) -> str:
    if not span:
        return ""
    pos, end = span
    out = ["…"] if _WORD.search(body, 0, pos) else []
    for s, e, _ in hits:
        if s < pos or e > end:
            continue
        out.append(body[pos:s])
        out.append("[" + body[s:e] + "]")
        pos = e
    out.append(body[pos:end])
    if _WORD.search(body, end):
        out.append("…")
    return "".join(out)
