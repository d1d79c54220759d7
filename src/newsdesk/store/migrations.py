"""Schema migrations of the SQLite store, applied in version order; a step is SQL text or a
function of the connection (``newsdesk.store.upgrades``). Versions 2-9: articles, clustering
state and atomic adds; 10+: other features."""

from __future__ import annotations

from collections.abc import Callable

from newsdesk.store.bodies import compress_bodies
from newsdesk.store.upgrades import (
    cluster_tables, clustered_postings, compact_articles, compact_copy_state, pending_adds, relations_by_doc,
)

MIGRATIONS: tuple[tuple[int, str | Callable], ...] = (
    (
        1,
        """
        CREATE TABLE articles (
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
            record TEXT NOT NULL,
            added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE skipped (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, content='articles', content_rowid='rowid', tokenize='porter unicode61'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
            VALUES ('delete', old.rowid, old.title, old.body);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
            VALUES ('delete', old.rowid, old.title, old.body);
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;
        """,
    ),
    (2, compact_articles),  # articles: compressed extras instead of a JSON copy of every field
    (3, cluster_tables),  # story clustering state as indexed tables (converts the old layout)
    (4, pending_adds),  # inputs of adds not yet committed, completed by the next add
    (5, compress_bodies),  # bodies zlib-compressed, contentless FTS5 index, explicit rowid (store/bodies.py)
    (6, clustered_postings),  # posting rows clustered by (term, order), with a gone flag
    (7, compact_copy_state),  # fingerprints without char spans, LSH keys by article rowid (upgrades.py)
    (8, relations_by_doc),  # relations name their articles by rowid and their kind by a code
    (
        20,  # newsdesk watch: sources, the items seen, per-host politeness state, rounds
        """
        CREATE TABLE watch_sources (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            name TEXT,
            kind TEXT NOT NULL DEFAULT 'auto',
            every_s REAL NOT NULL,
            paused INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            next_due REAL NOT NULL DEFAULT 0,
            last_polled TEXT,
            last_status TEXT,
            etag TEXT,
            last_modified TEXT,
            content_hash TEXT,
            consecutive_errors INTEGER NOT NULL DEFAULT 0,
            error_count INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            items_seen INTEGER NOT NULL DEFAULT 0,
            polls INTEGER NOT NULL DEFAULT 0,
            not_modified INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE watch_items (
            key TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            source_id INTEGER,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
            entry TEXT,
            entry_updated TEXT,
            article_id TEXT,
            etag TEXT,
            last_modified TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            fetches INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            fetched_at TEXT
        );
        CREATE INDEX watch_items_state ON watch_items(state);
        CREATE TABLE watch_item_sources (
            key TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            PRIMARY KEY (key, source_id)
        );
        CREATE TABLE watch_hosts (
            host TEXT PRIMARY KEY,
            next_allowed REAL NOT NULL DEFAULT 0,
            backoff_s REAL NOT NULL DEFAULT 0,
            robots TEXT,
            robots_status INTEGER,
            robots_fetched REAL
        );
        CREATE TABLE watch_rounds (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            summary TEXT NOT NULL
        );
        """,
    ),
    (
        21,  # story versions: the brief's facts each time a story's articles change
        """
        CREATE TABLE story_versions (
            story_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            articles TEXT NOT NULL,
            facts TEXT NOT NULL,
            PRIMARY KEY (story_id, version)
        );
        CREATE INDEX story_versions_created ON story_versions(created_at);
        """,
    ),
    (
        22,  # the version of each story that a brief last showed ("what changed since you last looked")
        """
        CREATE TABLE story_seen (
            story_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        """,
    ),
    (
        23,  # which process is watching: one `newsdesk watch` per database
        """
        CREATE TABLE watch_lock (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            started TEXT NOT NULL
        );
        """,
    ),
)
