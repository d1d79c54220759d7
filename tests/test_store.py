"""The store: migrations, idempotent re-adds, transactions, full-text search, skips — on SQLite
and (where a PostgreSQL server can be started, see tests/pgserver.py) on PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from newsdesk.errors import NotFoundError, StorageError
from newsdesk.records import Article, Heading, OffsetMap, RemovedLine, Skipped
from newsdesk.store import open_store
from newsdesk.store.migrations import MIGRATIONS
from newsdesk.store.sqlite import SQLiteStore


def make(article_id: str, body: str = "North Korean troops were seen in Kursk.", **kw) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", body=body, **kw)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        with SQLiteStore(tmp_path / "t.db") as s:
            yield s
    else:
        with open_store(request.getfixturevalue("pg_url")) as s:
            yield s


@pytest.fixture
def sqlite_store(tmp_path):
    with SQLiteStore(tmp_path / "t.db") as s:
        yield s


def test_wal_and_migrations(sqlite_store):
    store = sqlite_store
    mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert store.schema_version() >= 1


def test_round_trip_keeps_every_field(store):
    article = make(
        "a1",
        title="Title",
        byline="Avijit Gupta",
        published=datetime(2024, 10, 29, 1, 43),
        credits=("AP",),
        tags=("Russia", "Ukraine"),
        headings=(Heading("Section", 5),),
        removed=(RemovedLine("Must Read: x", "promo", 10, 22),),
        offsets=OffsetMap(((0, 3, 10),)),
        original="xx North Korean…",
    )
    store.add_articles([article])
    assert store.get_article("a1") == article


def test_re_adding_is_idempotent_and_changes_update(store):
    first = store.add_articles([make("a1"), make("a2")])
    assert first.added == ("a1", "a2")
    again = store.add_articles([make("a1"), make("a2")])
    assert again.unchanged == ("a1", "a2") and not again.added
    changed = store.add_articles([make("a1", body="Different text now.")])
    assert changed.updated == ("a1",)
    assert store.count() == 2
    assert store.get_article("a1").body == "Different text now."


def test_failed_batch_loses_nothing(store):
    store.add_articles([make("keep")])

    def articles():
        yield make("new1")
        raise RuntimeError("reader died mid-batch")

    with pytest.raises(RuntimeError):
        store.add_articles(articles())
    assert store.count() == 1  # the half-written batch was rolled back
    assert store.get_article("keep").body.startswith("North Korean")


def test_fts_search_and_snippet(store):
    store.add_articles([make("a1"), make("a2", body="Talks in Brussels about trade.")])
    rows = store.list_articles("kursk")
    assert [r.id for r in rows] == ["a1"]
    assert "[Kursk]" in rows[0].snippet
    # updates keep the index in step
    store.add_articles([make("a1", body="Nothing about that place.")])
    assert store.list_articles("kursk") == []


def test_bad_search_query_is_a_named_error(sqlite_store):
    with pytest.raises(StorageError):
        sqlite_store.list_articles('"unbalanced')


def test_missing_article_is_not_found(store):
    with pytest.raises(NotFoundError):
        store.get_article("nope")


def test_skips_are_recorded(store):
    store.record_skips([Skipped("bad.bin", "binary file")])
    assert store.list_skips()[0][:2] == ("bad.bin", "binary file")


def test_not_a_database_is_a_storage_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError):
        open_store(str(path))


def test_reopen_keeps_data_and_does_not_remigrate(tmp_path):
    path = tmp_path / "r.db"
    with SQLiteStore(path) as s:
        s.add_articles([make("a1")])
    with SQLiteStore(path) as s:
        assert s.count() == 1
        applied = [r[0] for r in s.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert applied == sorted(v for v, _ in MIGRATIONS)  # each once


def test_concurrent_reader_sees_committed_rows_only(tmp_path):
    path = tmp_path / "c.db"
    with SQLiteStore(path) as s:
        s.add_articles([make("a1")])
        reader = sqlite3.connect(path)
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        reader.close()
