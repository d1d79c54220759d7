"""Store migrations 2-4: compact article rows, clustering state as indexed tables, atomic adds.

* 2 — articles keep their body once: the ``record`` JSON copy of every field is replaced by
  ``extra``, a zlib-compressed JSON of the fields that have no column (the original text, removed
  lines, offsets, headings, credits, tags); the FTS update trigger fires on title/body changes only;
  ``source_key`` (absolute path or URL of the input) keeps ids stable across re-adds.
* 3 — story clustering state (term frequencies, per-article term counts, stories with their
  centroids, postings, duplicate fingerprints, MinHash signatures and LSH band keys, relations,
  story history) as indexed tables, so that adding one article reads only the rows its candidate
  look-up needs. A database written by the earlier ``cluster/persist.py`` layout (its own
  ``cluster_migrations`` table) is converted in place.
* 4 — ``pending_adds``: the inputs of an ``add`` that has not committed yet, so that the next
  ``add`` completes the work of one that crashed.
"""

from __future__ import annotations

import json
import sqlite3
from array import array

from newsdesk.store.codec import lsh_band_keys, pack_extra


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def compact_articles(conn: sqlite3.Connection) -> None:
    """Migration 2: ``record`` JSON -> compressed ``extra``; ``source_key``; narrower FTS trigger."""
    cols = _columns(conn, "articles")
    if "extra" not in cols:
        conn.execute("ALTER TABLE articles ADD COLUMN extra BLOB")
    if "source_key" not in cols:
        conn.execute("ALTER TABLE articles ADD COLUMN source_key TEXT")
    conn.execute("DROP TRIGGER IF EXISTS articles_au")
    conn.execute(
        "CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN"
        " INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);"
        " INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END"
    )
    if "record" in cols:
        rows = conn.execute("SELECT rowid, record FROM articles").fetchall()
        conn.executemany("UPDATE articles SET extra = ? WHERE rowid = ?",
                         [(pack_extra(json.loads(record)), rowid) for rowid, record in rows])
        conn.execute("ALTER TABLE articles DROP COLUMN record")
    conn.execute("CREATE INDEX IF NOT EXISTS articles_source_key ON articles(source_key)")


CLUSTER_TABLES = """
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
    terms BLOB NOT NULL,
    extra BLOB
);
CREATE INDEX cluster_docs_story ON cluster_docs(story, position);
CREATE TABLE stories (
    seq INTEGER PRIMARY KEY,
    size INTEGER NOT NULL,
    title TEXT,
    title_article TEXT,
    top_terms TEXT NOT NULL,
    first_published TEXT,
    last_published TEXT,
    norm2 REAL NOT NULL,
    epoch INTEGER NOT NULL,
    next_check INTEGER NOT NULL,
    central INTEGER,
    centroid BLOB NOT NULL,
    extra BLOB,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX stories_by_size ON stories(size DESC, last_published DESC, seq);
CREATE TABLE cluster_postings (term INTEGER NOT NULL, story INTEGER NOT NULL);
CREATE INDEX cluster_postings_term ON cluster_postings(term);
CREATE UNIQUE INDEX cluster_postings_story ON cluster_postings(story, term);
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
) WITHOUT ROWID;
CREATE INDEX article_relations_b ON article_relations(article_b);
CREATE TABLE copy_exact (digest BLOB PRIMARY KEY, article_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE copy_fingerprints (
    article_id TEXT PRIMARY KEY,
    rows BLOB NOT NULL,
    words INTEGER NOT NULL,
    credits TEXT NOT NULL,
    signature BLOB
);
CREATE TABLE copy_lsh (band_key INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX copy_lsh_key ON copy_lsh(band_key);
CREATE TABLE story_history (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    event TEXT NOT NULL CHECK (event IN ('split', 'merge', 'update', 'remove')),
    article_id TEXT NOT NULL,
    from_story INTEGER,
    to_story INTEGER
);
CREATE INDEX story_history_from ON story_history(from_story);
CREATE INDEX story_history_to ON story_history(to_story);
CREATE INDEX story_history_article ON story_history(article_id);
"""

_OLD_TABLES = ("stories", "story_members", "article_relations", "cluster_meta", "cluster_terms", "cluster_docs",
               "cluster_postings", "copy_exact", "copy_fingerprints", "copy_signatures", "cluster_migrations")


def cluster_tables(conn: sqlite3.Connection) -> None:
    """Migration 3: the clustering state tables (converting the earlier layout when present)."""
    old = _has_table(conn, "cluster_migrations")
    if old:
        for name in _OLD_TABLES:
            if _has_table(conn, name):
                conn.execute(f"ALTER TABLE {name} RENAME TO old_{name}")
        for name in ("story_members_story", "article_relations_b"):
            conn.execute(f"DROP INDEX IF EXISTS {name}")
    for statement in CLUSTER_TABLES.strip().split(";"):
        if statement.strip():
            conn.execute(statement)
    if old:
        _convert_old_layout(conn)
        for name in _OLD_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS old_{name}")


def _ints(blob: bytes) -> array:
    out = array("i")
    out.frombytes(blob)
    return out


def _uint16(blob: bytes) -> array:
    out = array("H")
    out.frombytes(blob)
    return out


def _convert_old_layout(conn: sqlite3.Connection) -> None:
    import numpy as np

    from newsdesk.store.codec import pack_centroid, pack_fingerprints, pack_terms

    conn.execute("INSERT INTO cluster_meta SELECT key, value FROM old_cluster_meta")
    conn.execute("INSERT INTO cluster_terms SELECT id, term, block, df FROM old_cluster_terms")
    rows = conn.execute("SELECT position, article_id, story, term_ids, term_counts, query"
                        " FROM old_cluster_docs ORDER BY position").fetchall()
    conn.executemany(
        "INSERT INTO cluster_docs (position, article_id, story, terms) VALUES (?,?,?,?)",
        [(p, a, s, pack_terms(_ints(ids), _uint16(counts), _ints(query))) for p, a, s, ids, counts, query in rows])
    rows = conn.execute("SELECT seq, size, title, title_article, top_terms, first_published, last_published, norm2,"
                        " epoch, next_check, central, centroid_terms, centroid_weights, indexed FROM old_stories").fetchall()
    for (seq, size, title, tart, top, first, last, n2, epoch, nxt, central, cterms, cweights, indexed) in rows:
        conn.execute("INSERT INTO stories (seq, size, title, title_article, top_terms, first_published,"
                     " last_published, norm2, epoch, next_check, central, centroid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                     (seq, size, title, tart, top, first, last, n2, epoch, nxt, central,
                      pack_centroid(dict(zip(_ints(cterms), array("d", cweights))))))
    n_stories = conn.execute("SELECT coalesce(max(seq) + 1, 0) FROM old_stories").fetchone()[0]
    posting = []
    for term, blob in conn.execute("SELECT term, stories FROM old_cluster_postings ORDER BY term"):
        posting.extend((term, s) for s in _ints(blob))
    # the posting order (oldest story first per term) is kept by inserting in list order
    conn.executemany("INSERT OR IGNORE INTO cluster_postings (term, story) VALUES (?, ?)", posting)
    conn.execute("INSERT INTO article_relations SELECT * FROM old_article_relations")
    conn.execute("INSERT INTO copy_exact SELECT digest, article_id FROM old_copy_exact")
    sigs = dict(conn.execute("SELECT article_id, signature FROM old_copy_signatures"))
    conn.executemany("INSERT INTO copy_fingerprints (article_id, rows, words, credits, signature) VALUES (?,?,?,?,?)",
                     [(a, pack_fingerprints(np.frombuffer(r, dtype=np.uint32)), w, c, sigs.get(a)) for a, r, w, c in
                      conn.execute("SELECT article_id, rows, words, credits FROM old_copy_fingerprints").fetchall()])
    lsh = []
    for aid, sig in conn.execute("SELECT article_id, signature FROM old_copy_signatures ORDER BY position"):
        lsh.extend((key, aid) for key in lsh_band_keys(sig))
    conn.executemany("INSERT INTO copy_lsh (band_key, article_id) VALUES (?, ?)", lsh)
    meta = dict(conn.execute("SELECT key, value FROM cluster_meta"))
    n_terms = conn.execute("SELECT coalesce(max(id) + 1, 0) FROM cluster_terms").fetchone()[0]
    n_pos = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM cluster_docs").fetchone()[0]
    meta.update(n_terms=str(n_terms), n_stories=str(n_stories), n_positions=str(n_pos))
    conn.executemany("INSERT OR REPLACE INTO cluster_meta VALUES (?, ?)", list(meta.items()))


PENDING_ADDS = """
CREATE TABLE pending_adds (
    id INTEGER PRIMARY KEY,
    inputs TEXT NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    attempts INTEGER NOT NULL DEFAULT 0
)
"""


def pending_adds(conn: sqlite3.Connection) -> None:
    """Migration 4: the inputs of adds that have not committed yet."""
    conn.execute(PENDING_ADDS)


CLUSTERED_POSTINGS = """
CREATE TABLE cluster_postings_clustered (
    term INTEGER NOT NULL,
    rowid INTEGER NOT NULL,
    story INTEGER NOT NULL,
    gone INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (term, rowid)
) WITHOUT ROWID
"""


def clustered_postings(conn: sqlite3.Connection) -> None:
    """Migration 6: posting rows clustered by (term, indexing order), with a ``gone`` flag for
    stories merged away or emptied, so that a term's last entries are one range read and say
    which stories still have members. The order (old rowid) and every row are kept."""
    conn.execute(CLUSTERED_POSTINGS)
    conn.execute("INSERT INTO cluster_postings_clustered (term, rowid, story, gone)"
                 " SELECT term, rowid, story, story NOT IN (SELECT seq FROM stories) FROM cluster_postings"
                 " ORDER BY term, rowid")
    n_postings = conn.execute("SELECT coalesce(max(rowid) + 1, 0) FROM cluster_postings").fetchone()[0]
    conn.execute("DROP TABLE cluster_postings")
    conn.execute("ALTER TABLE cluster_postings_clustered RENAME TO cluster_postings")
    conn.execute("CREATE UNIQUE INDEX cluster_postings_story ON cluster_postings(story, term)")
    conn.execute("INSERT OR REPLACE INTO cluster_meta (key, value) VALUES ('n_postings', ?)", (str(n_postings),))


COMPACT_FINGERPRINTS = """
CREATE TABLE copy_fingerprints_compact (
    article_id TEXT PRIMARY KEY,
    rows BLOB NOT NULL,
    words INTEGER NOT NULL,
    credits TEXT NOT NULL,
    signature BLOB
)
"""
COMPACT_LSH = """
CREATE TABLE copy_lsh_compact (
    band_key INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (band_key, doc)
) WITHOUT ROWID
"""


def compact_copy_state(conn: sqlite3.Connection) -> None:
    """Migration 7: the duplicate-detection state and the documents' term counts in fewer bytes,
    nothing lost.

    * ``copy_fingerprints.rows`` keep each fingerprint's hash and word position; the character
      spans (read again from the body when a passage is reported) are dropped for every article
      whose stored body gives exactly those spans — an article whose spans it does not give keeps
      its blob as it is (the earlier form stays readable);
    * ``copy_lsh`` rows name the article by its ``articles.rowid`` instead of its id text, clustered
      by band key (no separate index). Rows of articles no longer stored are dropped: a look-up
      could not read their bodies;
    * ``cluster_docs.terms`` written again in :func:`newsdesk.store.codec.pack_terms`' narrow form
      (2-byte ids and 1-byte counts where they fit): the same ids, counts and query terms.
    """
    from newsdesk.lexicon.copytext import COPY_SHINGLE_WORDS
    from newsdesk.store.bodies import unpack_body
    from newsdesk.store.codec import pack_fingerprints, unpack_fingerprints

    k = COPY_SHINGLE_WORDS  # the shingle size of every fingerprint stored before this migration
    conn.execute(COMPACT_FINGERPRINTS)
    last = -1
    while True:
        chunk = conn.execute("SELECT f.rowid, f.article_id, f.rows, f.words, f.credits, f.signature, a.body"
                             " FROM copy_fingerprints f LEFT JOIN articles a ON a.id = f.article_id"
                             " WHERE f.rowid > ? ORDER BY f.rowid LIMIT 500", (last,)).fetchall()
        if not chunk:
            break
        last = chunk[-1][0]
        out = []
        for rowid, aid, blob, words, credits, signature, body in chunk:
            rows = unpack_fingerprints(blob)
            if rows.shape[1] >= 4 and body is not None and _spans_agree(rows, unpack_body(body), k):
                blob = pack_fingerprints(rows[:, :2])
            out.append((rowid, aid, blob, words, credits, signature))
        conn.executemany("INSERT INTO copy_fingerprints_compact (rowid, article_id, rows, words, credits, signature)"
                         " VALUES (?, ?, ?, ?, ?, ?)", out)
    conn.execute("DROP TABLE copy_fingerprints")
    conn.execute("ALTER TABLE copy_fingerprints_compact RENAME TO copy_fingerprints")
    conn.execute(COMPACT_LSH)
    conn.execute("INSERT OR IGNORE INTO copy_lsh_compact (band_key, doc) SELECT l.band_key, a.rowid"
                 " FROM copy_lsh l JOIN articles a ON a.id = l.article_id ORDER BY l.band_key, a.rowid")
    conn.execute("DROP TABLE copy_lsh")
    conn.execute("ALTER TABLE copy_lsh_compact RENAME TO copy_lsh")
    _repack_docs(conn)


RELATIONS_BY_DOC = """
CREATE TABLE article_relations_by_doc (
    doc_a INTEGER NOT NULL,
    doc_b INTEGER NOT NULL,
    kind INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
    score REAL NOT NULL,
    span_a_start INTEGER, span_a_end INTEGER,
    span_b_start INTEGER, span_b_end INTEGER,
    passages INTEGER NOT NULL,
    shared_words INTEGER NOT NULL,
    credits TEXT NOT NULL,
    PRIMARY KEY (doc_a, doc_b, kind)
) WITHOUT ROWID
"""
# the relation kinds by their stored code (newsdesk.store.cluster_state.RELATION_KINDS)
_KIND_CODE = "CASE r.kind WHEN 'exact' THEN 0 WHEN 'near' THEN 1 WHEN 'shared_copy' THEN 2 END"


def relations_by_doc(conn: sqlite3.Connection) -> None:
    """Migration 8: ``article_relations`` names both articles by their ``articles.rowid`` (as
    ``copy_lsh`` does since migration 7) and the kind by a code (0 exact, 1 near, 2 shared copy),
    in the table and in its index on the later article: every relation of a stored article is kept
    with all its columns (the ids are read back through ``articles``). A relation of an article no
    longer stored could not be shown (articles are never deleted; none is written that way)."""
    conn.execute(RELATIONS_BY_DOC)
    conn.execute(
        "INSERT INTO article_relations_by_doc SELECT a.rowid, b.rowid, " + _KIND_CODE + ", r.score, r.span_a_start,"
        " r.span_a_end, r.span_b_start, r.span_b_end, r.passages, r.shared_words, r.credits FROM article_relations r"
        " JOIN articles a ON a.id = r.article_a JOIN articles b ON b.id = r.article_b ORDER BY 1, 2, 3")
    conn.execute("DROP TABLE article_relations")
    conn.execute("ALTER TABLE article_relations_by_doc RENAME TO article_relations")
    conn.execute("CREATE INDEX article_relations_b ON article_relations(doc_b)")


def _repack_docs(conn: sqlite3.Connection) -> None:
    from newsdesk.store.codec import pack_terms, unpack_terms

    conn.execute("CREATE TABLE cluster_docs_compact (position INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE,"
                 " story INTEGER NOT NULL, terms BLOB NOT NULL, extra BLOB)")
    last = -1
    while True:
        chunk = conn.execute("SELECT position, article_id, story, terms, extra FROM cluster_docs WHERE position > ?"
                             " ORDER BY position LIMIT 1000", (last,)).fetchall()
        if not chunk:
            break
        last = chunk[-1][0]
        conn.executemany("INSERT INTO cluster_docs_compact VALUES (?, ?, ?, ?, ?)",
                         [(p, a, s, pack_terms(*unpack_terms(t)), e) for p, a, s, t, e in chunk])
    conn.execute("DROP TABLE cluster_docs")
    conn.execute("ALTER TABLE cluster_docs_compact RENAME TO cluster_docs")
    conn.execute("CREATE INDEX cluster_docs_story ON cluster_docs(story, position)")


def _spans_agree(rows, body: str, k: int) -> bool:
    """Whether ``body`` gives exactly the char spans of these fingerprint rows (k-word shingles)."""
    import numpy as np

    from newsdesk.lexicon.copytext import copy_tokens

    if not len(rows):
        return True
    spans = np.asarray(copy_tokens(body)[1], dtype=np.int64).reshape(-1, 2)
    pos = rows[:, 1].astype(np.int64)
    if len(spans) == 0 or int(pos.max()) >= len(spans):
        return False
    ends = np.minimum(pos + k - 1, len(spans) - 1)
    return np.array_equal(spans[pos, 0], rows[:, 2]) and np.array_equal(spans[ends, 1], rows[:, 3])
