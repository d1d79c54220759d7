"""The story clustering state in the SQLite store: every query the clusterer's look-ups need.

Each method reads or writes a few indexed rows (by term, by story, by article, by band key), so
adding one article costs a number of B-tree look-ups that grows with log n, never a scan. Writes
join the caller's transaction (:meth:`SQLiteStore.write`). ``cluster/persist.py`` turns these rows
into the clusterer's objects.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from newsdesk.errors import StorageError
from newsdesk.store.codec import lsh_band_keys

_CHUNK = 500  # ids per IN (...) query
RELATION_KINDS = ("exact", "near", "shared_copy")  # a relation's kind, stored as its index here


def _chunks(items: Sequence, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def story_id(seq: int) -> str:
    """The one story id format: ``story-`` and the story's number, six digits at least."""
    return f"story-{seq:06d}"


def story_seq(sid: str) -> int | None:
    """The number of a story id, or None when ``sid`` is not one."""
    if not sid.startswith("story-"):
        return None
    try:
        return int(sid[6:])
    except ValueError:
        return None


_DOC_SELECT = ("SELECT d.position, d.article_id, d.story, d.terms, d.extra, a.published, a.outlet, a.title"
               " FROM cluster_docs d LEFT JOIN articles a ON a.id = d.article_id")
_STORY_COLUMNS = ("seq, size, title, title_article, top_terms, first_published, last_published, norm2, epoch,"
                  " next_check, central, extra")
# ``extra`` lies after the (long) centroid in the row: read it only when some story has one
_STORY_HEAD = _STORY_COLUMNS.replace(", extra", ", NULL")


class ClusterTables:
    """Row access to the clustering tables of one connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._story_extras: bool | None = None

    def _story_select(self) -> str:
        if self._story_extras is None:
            self._story_extras = self.meta_value("story_extras") == "1"
        return _STORY_COLUMNS if self._story_extras else _STORY_HEAD

    def meta_value(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM cluster_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- meta ---------------------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM cluster_meta"))

    def set_meta(self, values: dict[str, str]) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO cluster_meta (key, value) VALUES (?, ?)", list(values.items()))

    # -- terms --------------------------------------------------------------------------------

    def term_by_name(self, term: str) -> tuple | None:
        return self.conn.execute("SELECT id, term, block, df FROM cluster_terms WHERE term = ?", (term,)).fetchone()

    def terms_by_name(self, names: Sequence[str]) -> list[tuple]:
        out: list[tuple] = []
        for part in _chunks(list(names)):
            out.extend(self.conn.execute(
                f"SELECT id, term, block, df FROM cluster_terms WHERE term IN ({','.join('?' * len(part))})", part))
        return out

    def terms_by_id(self, ids: Sequence[int]) -> list[tuple]:
        out: list[tuple] = []
        for part in _chunks(list(ids)):
            out.extend(self.conn.execute(
                f"SELECT id, term, block, df FROM cluster_terms WHERE id IN ({','.join('?' * len(part))})", part))
        return out

    def save_terms(self, rows: Iterable[tuple[int, str, int, int]]) -> None:
        self.conn.executemany("INSERT INTO cluster_terms (id, term, block, df) VALUES (?, ?, ?, ?)"
                              " ON CONFLICT(id) DO UPDATE SET df = excluded.df", list(rows))

    # -- documents (one row per clustered article) --------------------------------------------

    def doc_position(self, article_id: str) -> int | None:
        row = self.conn.execute("SELECT position FROM cluster_docs WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def docs(self, positions: Sequence[int]) -> list[tuple]:
        """(position, article_id, story, terms, extra, published, outlet, title) rows."""
        out: list[tuple] = []
        for part in _chunks(list(positions)):
            out.extend(self.conn.execute(f"{_DOC_SELECT} WHERE d.position IN ({','.join('?' * len(part))})", part))
        return out

    def doc_ids(self, positions: Sequence[int]) -> list[tuple[int, str]]:
        """(position, article_id) rows."""
        out: list[tuple[int, str]] = []
        for part in _chunks(list(positions)):
            out.extend(self.conn.execute(
                f"SELECT position, article_id FROM cluster_docs WHERE position IN ({','.join('?' * len(part))})",
                part).fetchall())
        return [(r[0], r[1]) for r in out]

    def story_positions(self, seq: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT position FROM cluster_docs WHERE story = ? ORDER BY position", (seq,))]

    def story_tail(self, seq: int, k: int) -> list[int]:
        rows = self.conn.execute("SELECT position FROM cluster_docs WHERE story = ? ORDER BY position DESC LIMIT ?",
                                 (seq, k)).fetchall()
        return [r[0] for r in reversed(rows)]

    def insert_docs(self, rows: Iterable[tuple[int, str, int, bytes, bytes | None]]) -> None:
        self.conn.executemany(
            "INSERT INTO cluster_docs (position, article_id, story, terms, extra) VALUES (?, ?, ?, ?, ?)", list(rows))

    def move_docs(self, rows: Iterable[tuple[int, int]]) -> None:
        """(story, position) pairs."""
        self.conn.executemany("UPDATE cluster_docs SET story = ? WHERE position = ?", list(rows))

    def delete_doc(self, position: int) -> None:
        self.conn.execute("DELETE FROM cluster_docs WHERE position = ?", (position,))

    # -- stories ------------------------------------------------------------------------------

    def story(self, seq: int) -> tuple | None:
        """The story's row without its centroid (see :meth:`centroid`)."""
        return self.conn.execute(f"SELECT {self._story_select()} FROM stories WHERE seq = ?", (seq,)).fetchone()

    def stories(self, seqs: Sequence[int]) -> list[tuple]:
        """Rows of :meth:`story` for several stories (those that exist)."""
        out: list[tuple] = []
        for part in _chunks(list(seqs)):
            out.extend(self.conn.execute(
                f"SELECT {self._story_select()} FROM stories WHERE seq IN ({','.join('?' * len(part))})", part))
        return out

    def centroid(self, seq: int) -> bytes | None:
        row = self.conn.execute("SELECT centroid FROM stories WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else None

    def save_story(self, row: tuple, centroid: bytes) -> None:
        if row[-1] is not None and not self._story_extras:
            self.set_meta({"story_extras": "1"})
            self._story_extras = True
        self.conn.execute(
            f"INSERT OR REPLACE INTO stories ({_STORY_COLUMNS}, centroid, updated_at) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", (*row, centroid))

    def delete_story(self, seq: int) -> None:
        """Drop a story merged away or emptied (its postings stay, marked gone)."""
        self.conn.execute("DELETE FROM stories WHERE seq = ?", (seq,))
        self.conn.execute("UPDATE cluster_postings SET gone = 1 WHERE story = ?", (seq,))

    # -- postings: term -> stories indexed under it, in the order they were indexed --------------
    # Rows (term, rowid, story, gone) clustered by (term, rowid): the tail of a term's list is one
    # range read. ``rowid`` is the indexing order (a counter kept in cluster_meta 'n_postings');
    # ``gone`` marks a story that was merged away or emptied (its row deleted), so that a tail
    # says which of its stories still have members without reading them.

    def posting_tails(self, terms: Iterable[int], k: int) -> dict[int, list[tuple[int, bool]]]:
        """The last ``k`` (story, gone) entries of each term's posting list, oldest first."""
        out: dict[int, list[tuple[int, bool]]] = {}
        execute = self.conn.execute
        for term in terms:
            rows = execute("SELECT story, gone FROM cluster_postings WHERE term = ? ORDER BY rowid DESC LIMIT ?",
                           (term, k)).fetchall()
            rows.reverse()
            out[term] = [(r[0], bool(r[1])) for r in rows]
        return out

    def posting_tail(self, term: int, k: int) -> list[int]:
        return [story for story, _ in self.posting_tails([term], k)[term]]

    def postings_of(self, story: int, terms: Sequence[int]) -> set[int]:
        """Which of ``terms`` the story is indexed under."""
        found: set[int] = set()
        for part in _chunks(list(terms)):
            found.update(r[0] for r in self.conn.execute(
                f"SELECT term FROM cluster_postings WHERE story = ? AND term IN ({','.join('?' * len(part))})",
                [story, *part]))
        return found

    def has_posting(self, story: int, term: int) -> bool:
        return bool(self.postings_of(story, [term]))

    def add_postings(self, rows: Iterable[tuple[int, int]], first: int) -> int:
        """(term, story) pairs in indexing order, numbered from ``first``; returns the next number."""
        rows = list(rows)
        self.conn.executemany("INSERT OR IGNORE INTO cluster_postings (term, rowid, story, gone) VALUES (?, ?, ?, 0)",
                              [(term, first + i, story) for i, (term, story) in enumerate(rows)])
        return first + len(rows)

    # -- duplicate detection ------------------------------------------------------------------

    def exact(self, digest: bytes) -> str | None:
        row = self.conn.execute("SELECT article_id FROM copy_exact WHERE digest = ?", (digest,)).fetchone()
        return row[0] if row else None

    def put_exact(self, digest: bytes, article_id: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO copy_exact (digest, article_id) VALUES (?, ?)", (digest, article_id))

    def fingerprint(self, article_id: str) -> tuple | None:
        """(rows, words, credits JSON, signature) of an article, or None."""
        return self.conn.execute("SELECT rows, words, credits, signature FROM copy_fingerprints WHERE article_id = ?",
                                 (article_id,)).fetchone()

    def fingerprints(self, article_ids: Sequence[str]) -> list[tuple]:
        """(article_id, rows, words, credits JSON, signature) of the articles that have them."""
        out: list[tuple] = []
        for part in _chunks(list(article_ids)):
            out.extend(self.conn.execute(
                "SELECT article_id, rows, words, credits, signature FROM copy_fingerprints"
                f" WHERE article_id IN ({','.join('?' * len(part))})", part))
        return out

    def put_fingerprint(self, article_id: str, rows: bytes, words: int, credits: Sequence[str],
                        signature: bytes | None = None) -> None:
        self.conn.execute("INSERT OR REPLACE INTO copy_fingerprints (article_id, rows, words, credits, signature)"
                          " VALUES (?, ?, ?, ?, ?)", (article_id, rows, words, json.dumps(list(credits)), signature))

    # LSH band keys: (band_key, doc) rows clustered by key, ``doc`` the article's ``articles.rowid``
    # (an integer, not the id text: ten rows per article)

    def put_lsh(self, article_id: str, band_keys: Sequence[int]) -> None:
        row = self.conn.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise StorageError(f"article {article_id} is not stored: its copy-detection keys cannot be kept")
        self.conn.executemany("INSERT OR IGNORE INTO copy_lsh (band_key, doc) VALUES (?, ?)",
                              [(k, row[0]) for k in band_keys])

    def lsh_candidates(self, band_keys: Sequence[int]) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT a.id FROM copy_lsh l JOIN articles a ON a.rowid = l.doc"
            f" WHERE l.band_key IN ({','.join('?' * len(band_keys))})", list(band_keys))}

    def forget_copy(self, article_id: str) -> None:
        """Drop an article's duplicate-detection rows (before its new text is indexed)."""
        row = self.conn.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            sig = self.conn.execute("SELECT signature FROM copy_fingerprints WHERE article_id = ?",
                                    (article_id,)).fetchone()
            if sig is not None and sig[0] is not None:  # its band keys: found by key, not by a scan
                keys = lsh_band_keys(bytes(sig[0]))
                self.conn.execute(f"DELETE FROM copy_lsh WHERE doc = ? AND band_key IN ({','.join('?' * len(keys))})",
                                  [row[0], *keys])
            else:
                self.conn.execute("DELETE FROM copy_lsh WHERE doc = ?", (row[0],))
        self.conn.execute("DELETE FROM copy_fingerprints WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM copy_exact WHERE article_id = ?", (article_id,))
        if row is not None:
            self.conn.execute("DELETE FROM article_relations WHERE doc_a = ? OR doc_b = ?", (row[0], row[0]))

    # -- relations: both articles by articles.rowid, the kind by its code in RELATION_KINDS ----

    def _rowids(self, article_ids: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for part in _chunks(list(dict.fromkeys(article_ids))):
            found.update(self.conn.execute(
                f"SELECT id, rowid FROM articles WHERE id IN ({','.join('?' * len(part))})", part).fetchall())
        return found

    def add_relations(self, rows: Iterable[tuple]) -> None:
        """(article_a, article_b, kind, score, span_a_start, span_a_end, span_b_start, span_b_end,
        passages, shared_words, credits) rows; both articles must be stored."""
        rows = list(rows)
        if not rows:
            return
        docs = self._rowids([r[0] for r in rows] + [r[1] for r in rows])
        missing = sorted({aid for r in rows for aid in r[:2] if aid not in docs})
        if missing:
            raise StorageError(f"article {missing[0]} is not stored: its relations cannot be kept")
        self.conn.executemany(
            "INSERT OR IGNORE INTO article_relations (doc_a, doc_b, kind, score, span_a_start, span_a_end,"
            " span_b_start, span_b_end, passages, shared_words, credits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(docs[r[0]], docs[r[1]], RELATION_KINDS.index(r[2]), *r[3:]) for r in rows])

    def relations(self, article_ids: Sequence[str] | None = None) -> list[tuple]:
        """The rows of :meth:`add_relations` (of these articles, as either side), ordered by the
        two ids and the kind."""
        cols = ("SELECT a.id, b.id, r.kind, r.score, r.span_a_start, r.span_a_end, r.span_b_start, r.span_b_end,"
                " r.passages, r.shared_words, r.credits FROM article_relations r JOIN articles a ON a.rowid = r.doc_a"
                " JOIN articles b ON b.rowid = r.doc_b")
        if article_ids is None:
            found = set(self.conn.execute(cols).fetchall())
        else:
            found = set()
            docs = list(self._rowids(article_ids).values())
            for part in _chunks(docs):
                marks = ",".join("?" * len(part))
                found.update(self.conn.execute(f"{cols} WHERE r.doc_a IN ({marks}) UNION {cols} WHERE r.doc_b IN ({marks})",
                                               part + part))
        return [(a, b, RELATION_KINDS[kind], *rest) for a, b, kind, *rest in sorted(found, key=lambda r: r[:3])]

    # -- history ------------------------------------------------------------------------------

    def add_history(self, rows: Iterable[tuple[str, str, int | None, int | None]]) -> None:
        """(event, article_id, from_story, to_story) rows."""
        self.conn.executemany("INSERT INTO story_history (event, article_id, from_story, to_story) VALUES (?, ?, ?, ?)",
                              list(rows))

    def history(self, seq: int | None = None, limit: int = 1000) -> list[tuple]:
        sql = "SELECT at, event, article_id, from_story, to_story FROM story_history"
        if seq is None:
            return self.conn.execute(sql + " ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return self.conn.execute(sql + " WHERE from_story = ? OR to_story = ? ORDER BY id DESC LIMIT ?",
                                 (seq, seq, limit)).fetchall()

    # -- listings -----------------------------------------------------------------------------

    def list_stories(self, limit: int | None = None) -> list[tuple]:
        """(seq, size, title, first, last, top_terms JSON) of the stories, largest first."""
        sql = ("SELECT seq, size, title, first_published, last_published, top_terms FROM stories"
               " WHERE size > 0 ORDER BY size DESC, last_published DESC, seq")
        if limit:
            return self.conn.execute(sql + " LIMIT ?", (int(limit),)).fetchall()
        return self.conn.execute(sql).fetchall()

    def story_members(self, seq: int) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT article_id FROM cluster_docs WHERE story = ? ORDER BY position", (seq,))]

    def story_outlets(self, seq: int) -> list[str]:
        """The story's outlets, most articles first (ties: the earliest to appear)."""
        rows = self.conn.execute(
            "SELECT a.outlet, count(*), min(d.position) FROM cluster_docs d JOIN articles a ON a.id = d.article_id"
            " WHERE d.story = ? AND a.outlet IS NOT NULL AND a.outlet != '' GROUP BY a.outlet", (seq,)).fetchall()
        return [r[0] for r in sorted(rows, key=lambda r: (-r[1], r[2]))]

    def story_relation_count(self, seq: int) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM cluster_docs da JOIN articles a ON a.id = da.article_id"
            " JOIN article_relations r ON r.doc_a = a.rowid JOIN articles b ON b.rowid = r.doc_b"
            " JOIN cluster_docs db ON db.article_id = b.id WHERE da.story = ? AND db.story = ?",
            (seq, seq)).fetchone()[0]

    def story_of_article(self, article_id: str) -> int | None:
        row = self.conn.execute("SELECT story FROM cluster_docs WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None
