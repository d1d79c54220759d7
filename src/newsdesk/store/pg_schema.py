"""The PostgreSQL store's schema: the SQLite store's tables, version for version, in PostgreSQL's
dialect (BYTEA for blobs, identity columns for SQLite's implicit ``rowid``, a generated tsvector
with a GIN index for full-text search instead of FTS5).

Version numbers follow :mod:`newsdesk.store.migrations`: 1 (articles, skips, search), 2 (compact
article rows: built into 1 here, so 2 only records itself), 3 (story clustering state), 4 (pending
adds), 21 (story versions). The tables keep the SQLite names and columns, so that the row-level
code (:mod:`newsdesk.store.cluster_state`, :mod:`newsdesk.store.ids`) runs unchanged on both.
"""

from __future__ import annotations

_NOW = "(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))"

PG_MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, f"""
        CREATE TABLE articles (
            rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            title TEXT,
            byline TEXT,
            published TEXT,
            outlet TEXT,
            url TEXT,
            format TEXT NOT NULL,
            body TEXT NOT NULL,
            words INTEGER NOT NULL,
            extra BYTEA,
            source_key TEXT,
            added_at TEXT NOT NULL DEFAULT {_NOW},
            search tsvector GENERATED ALWAYS AS
                (setweight(to_tsvector('english', coalesce(title, '')), 'A') || to_tsvector('english', body)) STORED
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_source_key ON articles(source_key);
        CREATE INDEX articles_search ON articles USING GIN (search);
        CREATE TABLE skipped (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL DEFAULT {_NOW}
        );
    """),
    (2, "SELECT 1"),
    (3, f"""
        CREATE TABLE cluster_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE cluster_terms (id BIGINT PRIMARY KEY, term TEXT NOT NULL UNIQUE, block INTEGER NOT NULL,
                                    df BIGINT NOT NULL);
        CREATE TABLE cluster_docs (position BIGINT PRIMARY KEY, article_id TEXT NOT NULL UNIQUE, story BIGINT NOT NULL,
                                   terms BYTEA NOT NULL, extra BYTEA);
        CREATE INDEX cluster_docs_story ON cluster_docs(story, position);
        CREATE TABLE stories (
            seq BIGINT PRIMARY KEY, size INTEGER NOT NULL, title TEXT, title_article TEXT, top_terms TEXT NOT NULL,
            first_published TEXT, last_published TEXT, norm2 DOUBLE PRECISION NOT NULL, epoch BIGINT NOT NULL,
            next_check BIGINT NOT NULL, central BIGINT, centroid BYTEA NOT NULL, extra BYTEA,
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );
        CREATE INDEX stories_by_size ON stories(size DESC, last_published DESC, seq);
        CREATE TABLE cluster_postings (rowid BIGINT GENERATED ALWAYS AS IDENTITY, term BIGINT NOT NULL,
                                       story BIGINT NOT NULL);
        CREATE INDEX cluster_postings_term ON cluster_postings(term, rowid);
        CREATE UNIQUE INDEX cluster_postings_story ON cluster_postings(story, term);
        CREATE TABLE article_relations (
            article_a TEXT NOT NULL, article_b TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('exact', 'near', 'shared_copy')),
            score DOUBLE PRECISION NOT NULL, span_a_start INTEGER, span_a_end INTEGER, span_b_start INTEGER,
            span_b_end INTEGER, passages INTEGER NOT NULL, shared_words INTEGER NOT NULL, credits TEXT NOT NULL,
            PRIMARY KEY (article_a, article_b, kind)
        );
        CREATE INDEX article_relations_b ON article_relations(article_b);
        CREATE TABLE copy_exact (digest BYTEA PRIMARY KEY, article_id TEXT NOT NULL);
        CREATE TABLE copy_fingerprints (article_id TEXT PRIMARY KEY, rows BYTEA NOT NULL, words INTEGER NOT NULL,
                                        credits TEXT NOT NULL, signature BYTEA);
        CREATE TABLE copy_lsh (band_key BIGINT NOT NULL, article_id TEXT NOT NULL);
        CREATE INDEX copy_lsh_key ON copy_lsh(band_key);
        CREATE TABLE story_history (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL DEFAULT {_NOW},
            event TEXT NOT NULL CHECK (event IN ('split', 'merge', 'update', 'remove')),
            article_id TEXT NOT NULL, from_story BIGINT, to_story BIGINT
        );
        CREATE INDEX story_history_from ON story_history(from_story);
        CREATE INDEX story_history_to ON story_history(to_story);
        CREATE INDEX story_history_article ON story_history(article_id);
    """),
    (4, f"""
        CREATE TABLE pending_adds (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, inputs TEXT NOT NULL, pid INTEGER NOT NULL,
            host TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, started_at TEXT NOT NULL DEFAULT {_NOW}
        );
    """),
    (5, "SELECT 1"),  # SQLite's compressed bodies: PostgreSQL compresses TEXT itself (TOAST)
    (6, """
        ALTER TABLE cluster_postings ALTER COLUMN rowid DROP IDENTITY;
        ALTER TABLE cluster_postings ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;
        UPDATE cluster_postings SET gone = 1 WHERE story NOT IN (SELECT seq FROM stories);
        INSERT INTO cluster_meta (key, value) SELECT 'n_postings', CAST(coalesce(max(rowid) + 1, 0) AS TEXT)
            FROM cluster_postings ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
    """),  # posting order numbered by the store (SQLite's clustered postings), gone flag
    (7, """
        ALTER TABLE copy_lsh ADD COLUMN doc BIGINT;
        UPDATE copy_lsh l SET doc = a.rowid FROM articles a WHERE a.id = l.article_id;
        DELETE FROM copy_lsh WHERE doc IS NULL;
        DROP INDEX copy_lsh_key;
        ALTER TABLE copy_lsh DROP COLUMN article_id;
        ALTER TABLE copy_lsh ALTER COLUMN doc SET NOT NULL;
        DELETE FROM copy_lsh x USING copy_lsh y WHERE x.ctid < y.ctid AND x.band_key = y.band_key AND x.doc = y.doc;
        ALTER TABLE copy_lsh ADD PRIMARY KEY (band_key, doc)
    """),  # LSH rows by article rowid (SQLite's migration 7; fingerprints keep their readable earlier form)
    (8, """
        CREATE TABLE article_relations_by_doc (
            doc_a BIGINT NOT NULL, doc_b BIGINT NOT NULL, kind INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
            score DOUBLE PRECISION NOT NULL, span_a_start INTEGER, span_a_end INTEGER, span_b_start INTEGER,
            span_b_end INTEGER, passages INTEGER NOT NULL, shared_words INTEGER NOT NULL, credits TEXT NOT NULL,
            PRIMARY KEY (doc_a, doc_b, kind)
        );
        INSERT INTO article_relations_by_doc SELECT a.rowid, b.rowid,
            CASE r.kind WHEN 'exact' THEN 0 WHEN 'near' THEN 1 WHEN 'shared_copy' THEN 2 END, r.score,
            r.span_a_start, r.span_a_end, r.span_b_start, r.span_b_end, r.passages, r.shared_words, r.credits
            FROM article_relations r JOIN articles a ON a.id = r.article_a JOIN articles b ON b.id = r.article_b;
        DROP TABLE article_relations;
        ALTER TABLE article_relations_by_doc RENAME TO article_relations;
        CREATE INDEX article_relations_b ON article_relations(doc_b)
    """),  # relations by article rowid and kind code (SQLite's migration 8)
    (21, f"""
        CREATE TABLE story_versions (
            rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, story_id TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL DEFAULT {_NOW},
            articles TEXT NOT NULL, facts TEXT NOT NULL, PRIMARY KEY (story_id, version)
        );
        CREATE INDEX story_versions_created ON story_versions(created_at);
    """),
    (22, f"""
        CREATE TABLE story_seen (
            story_id TEXT PRIMARY KEY, version INTEGER NOT NULL, seen_at TEXT NOT NULL DEFAULT {_NOW}
        );
    """),
)

# Primary keys of the tables that SQLite's ``INSERT OR REPLACE`` writes to (PostgreSQL needs the
# conflict target spelled out).
CONFLICT_KEYS = {
    "cluster_meta": ("key",),
    "stories": ("seq",),
    "copy_fingerprints": ("article_id",),
    "cluster_terms": ("id",),
    "story_versions": ("story_id", "version"),
}
