"""Stories, relations and the incremental clusterer's state in the store's SQLite database.

The tables live beside the store's own, under this module's migrations (``cluster_migrations``
records which ran); nothing in ``newsdesk.store`` changes. The state saved after each batch is
exactly what the clusterer and the duplicate detector hold in memory (term ids and document
frequencies, each article's term counts, story centroids as they were summed, the inverted index
in its order, fingerprints and MinHash signatures), so adding articles in two batches assigns
them exactly as adding them in one, and re-adding an article changes nothing.
"""

from __future__ import annotations

import json
import math
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from datasketch import MinHash

from newsdesk.cluster.dedup import CopyDoc, DuplicateDetector, Fingerprints, Relation
from newsdesk.cluster.stories import ClusterDoc, DocState, StoryClusterer, StoryState, story_id
from newsdesk.cluster.vectors import TermCounts
from newsdesk.errors import StorageError
from newsdesk.records import Article

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, """
    CREATE TABLE stories (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        title TEXT,
        title_article TEXT,
        top_terms TEXT NOT NULL,
        first_published TEXT,
        last_published TEXT,
        outlets TEXT NOT NULL,
        norm2 REAL NOT NULL,
        epoch INTEGER NOT NULL,
        next_check INTEGER NOT NULL,
        central INTEGER,
        centroid_terms BLOB NOT NULL,
        centroid_weights BLOB NOT NULL,
        indexed BLOB NOT NULL
    );
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id, position);
    CREATE TABLE article_relations (
        article_a TEXT NOT NULL,
        article_b TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('exact', 'near', 'shared_copy')),
        score REAL NOT NULL,
        span_a_start INTEGER, span_a_end INTEGER,
        span_b_start INTEGER, span_b_end INTEGER,
        passages INTEGER NOT NULL,
        shared_words INTEGER NOT NULL,
        credits TEXT NOT NULL,
        PRIMARY KEY (article_a, article_b, kind)
    );
    CREATE INDEX article_relations_b ON article_relations(article_b);
    CREATE TABLE cluster_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE cluster_terms (
        id INTEGER PRIMARY KEY,
        term TEXT NOT NULL UNIQUE,
        block INTEGER NOT NULL,
        df INTEGER NOT NULL
    );
    CREATE TABLE cluster_docs (
        position INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE,
        story INTEGER NOT NULL,
        published TEXT,
        outlet TEXT,
        title TEXT,
        term_ids BLOB NOT NULL,
        term_counts BLOB NOT NULL,
        query BLOB NOT NULL
    );
    CREATE TABLE cluster_postings (term INTEGER PRIMARY KEY, stories BLOB NOT NULL);
    CREATE TABLE copy_exact (digest BLOB PRIMARY KEY, article_id TEXT NOT NULL);
    CREATE TABLE copy_fingerprints (
        article_id TEXT PRIMARY KEY,
        rows BLOB NOT NULL,
        words INTEGER NOT NULL,
        credits TEXT NOT NULL
    );
    CREATE TABLE copy_signatures (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL UNIQUE,
        signature BLOB NOT NULL
    );
    """),
)


def migrate(conn: sqlite3.Connection) -> None:
    """Create or upgrade this module's tables (idempotent)."""
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS cluster_migrations (version INTEGER PRIMARY KEY)")
        done = {row[0] for row in conn.execute("SELECT version FROM cluster_migrations")}
        for version, sql in MIGRATIONS:
            if version in done:
                continue
            try:
                conn.executescript("BEGIN;" + sql + f"INSERT INTO cluster_migrations VALUES ({version}); COMMIT;")
            except sqlite3.DatabaseError:
                if conn.in_transaction:
                    conn.rollback()
                raise
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"cannot create the story tables: {exc}") from exc


def _tables_exist(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='cluster_migrations'").fetchone()
    return row is not None


def connection_of(store) -> sqlite3.Connection:
    """The sqlite3 connection of a store (the built-in SQLite store exposes ``conn``)."""
    conn = getattr(store, "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        raise StorageError("story clustering needs the SQLite store")
    return conn


# --------------------------------------------------------------------------- load


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def load(conn: sqlite3.Connection, body_of) -> tuple[StoryClusterer, DuplicateDetector]:
    """The clusterer and detector as the last save left them (empty ones on a fresh database)."""
    clusterer = StoryClusterer()
    detector = DuplicateDetector(body_of=body_of)
    vocab = clusterer.vocab
    meta = dict(conn.execute("SELECT key, value FROM cluster_meta"))
    vocab.n_docs = int(meta.get("n_docs", 0))
    for tid, term, block, df in conn.execute("SELECT id, term, block, df FROM cluster_terms ORDER BY id"):
        if tid != len(vocab.terms):
            raise StorageError("story state is damaged (term ids are not contiguous)")
        vocab.ids[term] = tid
        vocab.terms.append(term)
        vocab.block_of.append(block)
        vocab.df.append(df)
        vocab.log_df.append(math.log(df + 1) if df else 0.0)  # as Vocabulary.observe computes it
    rows = conn.execute("SELECT position, article_id, story, published, outlet, title, term_ids,"
                        " term_counts, query FROM cluster_docs ORDER BY position")
    for pos, aid, story, published, outlet, title, ids, counts, query in rows:
        if pos != len(clusterer.docs):
            raise StorageError("story state is damaged (article positions are not contiguous)")
        tc = TermCounts(_ints(ids), _uint16(counts))
        clusterer.docs.append(DocState(aid, tc, story, _date(published), outlet, title, tuple(_ints(query))))
        clusterer.index[aid] = pos
    members: dict[int, list[tuple[int, int]]] = {}
    for aid, sid, position in conn.execute("SELECT article_id, story_id, position FROM story_members"):
        seq = int(sid.rsplit("-", 1)[1])
        members.setdefault(seq, []).append((position, clusterer.index[aid]))
    rows = conn.execute("SELECT seq, norm2, epoch, next_check, central, first_published, last_published,"
                        " centroid_terms, centroid_weights, indexed FROM stories ORDER BY seq")
    for seq, norm2, epoch, next_check, central, first, last, cterms, cweights, indexed in rows:
        if seq != len(clusterer.stories):
            raise StorageError("story state is damaged (story numbers are not contiguous)")
        story = StoryState(seq)
        story.members = [pos for _, pos in sorted(members.get(seq, []))]
        story.centroid = dict(zip(_ints(cterms), array("d", cweights)))
        story.norm2 = norm2
        story.epoch = epoch
        story.next_check = next_check
        story.central = central
        story.first, story.last = _date(first), _date(last)
        story.indexed = set(_ints(indexed))
        clusterer.stories.append(story)
    for term, stories in conn.execute("SELECT term, stories FROM cluster_postings"):
        clusterer.postings[term] = list(_ints(stories))
    for digest, aid in conn.execute("SELECT digest, article_id FROM copy_exact"):
        detector.exact[bytes(digest)] = aid
    for aid, rows_blob, words, credits in conn.execute(
            "SELECT article_id, rows, words, credits FROM copy_fingerprints"):
        fp_rows = np.frombuffer(rows_blob, dtype=np.uint32).reshape(-1, 4)
        detector.fingerprints[aid] = Fingerprints(fp_rows, words, tuple(json.loads(credits)))
    perms = detector._perms
    for aid, sig in conn.execute("SELECT article_id, signature FROM copy_signatures ORDER BY position"):
        values = np.frombuffer(sig, dtype=np.uint32).copy()
        mh = MinHash(hashvalues=values, permutations=perms, scheme="affine32")
        detector.lsh.insert(aid, mh)
        detector.signatures[aid] = values
    clusterer.dirty = set()
    clusterer.dirty_terms = set()
    return clusterer, detector


def _ints(blob: bytes) -> array:
    out = array("i")
    out.frombytes(blob)
    return out


def _uint16(blob: bytes) -> array:
    out = array("H")
    out.frombytes(blob)
    return out


# --------------------------------------------------------------------------- save


def save(conn: sqlite3.Connection, clusterer: StoryClusterer, detector: DuplicateDetector,
         first_new_doc: int, new_relations: Sequence[Relation], loaded_terms: int,
         new_copy_ids: Iterable[str]) -> None:
    """Write what changed since ``load`` (new articles, touched stories, postings, relations)."""
    new_copy_ids = list(new_copy_ids)
    vocab = clusterer.vocab
    new_docs = clusterer.docs[first_new_doc:]
    touched_terms = {t for d in new_docs for t in d.counts.ids}
    conn.execute("INSERT OR REPLACE INTO cluster_meta VALUES ('n_docs', ?)", (str(vocab.n_docs),))
    conn.executemany("INSERT INTO cluster_terms (id, term, block, df) VALUES (?, ?, ?, ?)"
                     " ON CONFLICT(id) DO UPDATE SET df = excluded.df",
                     [(t, vocab.terms[t], vocab.block_of[t], vocab.df[t])
                      for t in sorted(touched_terms | set(range(loaded_terms, len(vocab.terms))))])
    conn.executemany(
        "INSERT INTO cluster_docs (position, article_id, story, published, outlet, title, term_ids,"
        " term_counts, query) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(first_new_doc + i, d.id, d.story, _iso(d.published), d.outlet, d.title, d.counts.ids.tobytes(),
          d.counts.counts.tobytes(), array("i", d.query).tobytes()) for i, d in enumerate(new_docs)])
    for seq in sorted(clusterer.dirty):
        story = clusterer.stories[seq]
        sid = story_id(seq)
        snap = clusterer.story(sid) if story.members else None
        conn.execute("DELETE FROM story_members WHERE story_id = ?", (sid,))
        if snap is None:
            conn.execute("DELETE FROM stories WHERE seq = ?", (seq,))
            continue
        conn.execute(
            "INSERT OR REPLACE INTO stories (seq, id, size, title, title_article, top_terms,"
            " first_published, last_published, outlets, norm2, epoch, next_check, central,"
            " centroid_terms, centroid_weights, indexed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, sid, snap.size, snap.title, snap.title_article, json.dumps(snap.top_terms),
             _iso(story.first), _iso(story.last), json.dumps(snap.outlets), story.norm2, story.epoch,
             story.next_check, story.central, array("i", story.centroid.keys()).tobytes(),
             array("d", story.centroid.values()).tobytes(), array("i", sorted(story.indexed)).tobytes()))
        conn.executemany("INSERT OR REPLACE INTO story_members (article_id, story_id, position) VALUES (?, ?, ?)",
                         [(clusterer.docs[m].id, sid, i) for i, m in enumerate(story.members)])
        conn.executemany("UPDATE cluster_docs SET story = ? WHERE position = ?",
                         [(seq, m) for m in story.members if m < first_new_doc])
    conn.executemany("INSERT OR REPLACE INTO cluster_postings (term, stories) VALUES (?, ?)",
                     [(t, array("i", clusterer.postings[t]).tobytes()) for t in sorted(clusterer.dirty_terms)])
    conn.executemany(
        "INSERT OR IGNORE INTO article_relations (article_a, article_b, kind, score, span_a_start,"
        " span_a_end, span_b_start, span_b_end, passages, shared_words, credits)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(r.article_a, r.article_b, r.kind, r.score, *(r.span_a or (None, None)), *(r.span_b or (None, None)),
          r.passages, r.shared_words, json.dumps(r.credits)) for r in new_relations])
    for aid in new_copy_ids:
        fp = detector.fingerprints[aid]
        conn.execute("INSERT INTO copy_fingerprints VALUES (?, ?, ?, ?)",
                     (aid, fp.rows.astype(np.uint32).tobytes(), fp.words, json.dumps(fp.credits)))
        if aid in detector.signatures:
            conn.execute("INSERT INTO copy_signatures (article_id, signature) VALUES (?, ?)",
                         (aid, detector.signatures[aid].tobytes()))
    fresh = set(new_copy_ids)
    conn.executemany("INSERT OR IGNORE INTO copy_exact VALUES (?, ?)",
                     [(k, v) for k, v in detector.exact.items() if v in fresh])
    clusterer.dirty = set()
    clusterer.dirty_terms = set()


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


def assign_stories(store, articles: Iterable[Article]) -> dict[str, str]:
    """Assign ``articles`` (already in ``store``) to stories, find their duplicates and shared
    copy, and save everything in one transaction. Returns article id -> story id.

    Articles already clustered keep their story and relations (re-adding is idempotent, and an
    article whose text changed in the store is not re-clustered); an article whose story was
    later cut in two reports its current story. The whole clustering state is loaded from the
    database for each call and only what changed is written back.
    """
    conn = connection_of(store)
    migrate(conn)
    articles = list(articles)
    clusterer, detector = load(conn, body_of=lambda aid: store.get_article(aid).body)
    first_new, loaded_terms = len(clusterer.docs), len(clusterer.vocab.terms)
    relations: list[Relation] = []
    new_copy: list[str] = []
    for article in articles:
        sid = clusterer.add(ClusterDoc.from_article(article))
        if article.id not in detector:
            related = clusterer.recent_members(sid, detector.config.max_related + 1)
            relations.extend(detector.add(CopyDoc.from_article(article), related=related))
            new_copy.append(article.id)
    try:
        with conn:
            save(conn, clusterer, detector, first_new, relations, loaded_terms, new_copy)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"cannot save stories: {exc}") from exc
    return {a.id: clusterer.story_of(a.id) for a in articles}


def list_stories(store, limit: int | None = None) -> list[StoryRow]:
    """Stored stories, largest first (then most recent)."""
    conn = connection_of(store)
    if not _tables_exist(conn):
        return []
    sql = ("SELECT s.id, s.size, s.title, s.outlets, s.first_published, s.last_published, s.top_terms,"
           " (SELECT count(*) FROM article_relations r JOIN story_members ma ON ma.article_id = r.article_a"
           "  JOIN story_members mb ON mb.article_id = r.article_b"
           "  WHERE ma.story_id = s.id AND mb.story_id = s.id)"
           " FROM stories s ORDER BY s.size DESC, s.last_published DESC, s.seq")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [StoryRow(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], r[5], tuple(json.loads(r[6])), r[7])
            for r in conn.execute(sql)]


def story_members(store, sid: str) -> list[str]:
    conn = connection_of(store)
    if not _tables_exist(conn):
        return []
    return [r[0] for r in conn.execute(
        "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY position", (sid,))]


def relations_of(store, article_ids: Iterable[str] | None = None) -> list[Relation]:
    """Stored relations (of the given articles, as either side)."""
    conn = connection_of(store)
    if not _tables_exist(conn):
        return []
    rows = conn.execute("SELECT article_a, article_b, kind, score, span_a_start, span_a_end, span_b_start,"
                        " span_b_end, passages, shared_words, credits FROM article_relations"
                        " ORDER BY article_a, article_b, kind").fetchall()
    wanted = set(article_ids) if article_ids is not None else None
    out = []
    for a, b, kind, score, sa0, sa1, sb0, sb1, passages, shared, credits in rows:
        if wanted is not None and a not in wanted and b not in wanted:
            continue
        out.append(Relation(a, b, kind, score, (sa0, sa1) if sa0 is not None else None,
                            (sb0, sb1) if sb0 is not None else None, passages, shared,
                            tuple(json.loads(credits))))
    return out
