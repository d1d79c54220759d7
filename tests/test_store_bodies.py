"""Bodies stored compressed beside a contentless FTS5 index (store/bodies.py), and migration 5,
which converts a store written before in place without losing anything."""

from __future__ import annotations

import json
import sqlite3
import zlib
from datetime import datetime

import pytest

import newsdesk.store.sqlite as sqlite_module
from newsdesk.records import Article, Heading, OffsetMap, RemovedLine
from newsdesk.serialize import article_to_dict
from newsdesk.store.bodies import BODY_DICTIONARY_ID, body_dictionary, pack_body, unpack_body
from newsdesk.store.codec import ARTICLE_COLUMNS
from newsdesk.store.ids import source_key
from newsdesk.store.migrations import MIGRATIONS
from newsdesk.store.sqlite import SQLiteStore, content_hash

LONG = ("North Korean troops were seen in Kursk on Monday, officials said. " * 12).strip()


def test_pack_round_trip_and_forms():
    for text in ("", "Hi.", "Grüße aus Köln — “quoted” text.\n\nTwo paragraphs.", LONG):
        assert unpack_body(pack_body(text)) == text
    assert isinstance(pack_body("Hi."), str)  # compressing a one-liner does not pay: kept as text
    packed = pack_body(LONG)
    assert isinstance(packed, bytes) and len(packed) < len(LONG) // 3
    assert int.from_bytes(packed[2:6], "big") == BODY_DICTIONARY_ID  # the stream names its dictionary
    assert unpack_body(zlib.compress(b"plain zlib body")) == "plain zlib body"


def test_dictionary_is_frozen():
    assert zlib.adler32(body_dictionary()) == BODY_DICTIONARY_ID
    assert len(body_dictionary()) <= 32768


def _articles() -> list[Article]:
    return [
        Article(id="a1", source="in/a1.txt", body=LONG, title="Troops in Kursk", byline="A. Writer",
                published=datetime(2024, 10, 29, 1, 43), outlet="Harbour Post", credits=("AP",), tags=("Russia",),
                headings=(Heading("Section", 5),), removed=(RemovedLine("Share this", "promo", 0, 10),),
                offsets=OffsetMap(((0, 11, 40), (41, 60, 20))), original="Share this\n" + LONG + "\nMore…"),
        Article(id="a2", source="in/a2.txt", body="Talks in Brussels about trade. " * 5, title="Trade talks"),
        Article(id="a3", source="in/a3.txt", body="Short item.", title="A headline only"),
    ]


def _old_store(path, monkeypatch, articles) -> None:
    """A store as written before migration 5: plain-text bodies, an external-content FTS5 index
    filled by triggers, extras as plain zlib JSON with the original text inline."""
    with monkeypatch.context() as m:
        m.setattr(sqlite_module, "MIGRATIONS", tuple(step for step in MIGRATIONS if step[0] <= 4))
        SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    for a in articles:
        record = article_to_dict(a, full=True)
        rest = {k: v for k, v in record.items() if k not in ARTICLE_COLUMNS}
        conn.execute("INSERT INTO articles (id, source, content_hash, title, byline, published, outlet, url, format,"
                     " body, words, extra, source_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (a.id, a.source, content_hash(a), a.title, a.byline,
                      a.published.isoformat() if a.published else None, a.outlet, a.url, a.format, a.body,
                      len(a.body.split()), zlib.compress(json.dumps(rest).encode("utf-8")), source_key(a)))
    conn.execute("DELETE FROM articles WHERE id = 'a2'")  # a gap in the rowids, as a real store may have
    conn.commit()
    conn.close()


def test_migration_converts_an_old_store_in_place(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    articles = _articles()
    _old_store(path, monkeypatch, articles)
    before = sqlite3.connect(path)
    rowids = dict(before.execute("SELECT id, rowid FROM articles"))
    assert before.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'kursk'").fetchall()
    before.close()
    with SQLiteStore(path) as store:
        assert store.schema_version() >= 5
        kept = [a for a in articles if a.id != "a2"]
        assert [store.get_article(a.id) for a in kept] == kept  # every field, original text included
        assert dict(store.conn.execute("SELECT id, rowid FROM articles")) == rowids
        types = dict(store.conn.execute("SELECT id, typeof(body) FROM articles"))
        assert types == {"a1": "blob", "a3": "text"}
        assert "rowid" in {r[1] for r in store.conn.execute("PRAGMA table_info(articles)")}  # explicit now
        assert not store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                      " AND tbl_name = 'articles'").fetchall()
        hits = store.list_articles("kursk")
        assert [r.id for r in hits] == ["a1"] and "[Kursk]" in hits[0].snippet
        assert [r.id for r in store.list_articles("headline")] == ["a3"]  # titles are indexed too
        assert store.add_articles(kept).unchanged == ("a1", "a3")  # same content hashes
        store.add_articles([Article(id="a1", source="in/a1.txt", body="Now about Brussels.", title="Moved")])
        assert store.list_articles("kursk") == []  # the old text left the index
        assert [r.id for r in store.list_articles("brussels")] == ["a1"]
    with SQLiteStore(path) as store:  # converted once
        versions = [r[0] for r in store.conn.execute("SELECT version FROM schema_migrations WHERE version = 5")]
        assert versions == [5]


def test_new_rows_are_compressed_and_the_index_follows(tmp_path):
    with SQLiteStore(tmp_path / "n.db") as store:
        store.add_articles(_articles())
        assert store.body_of("a1") == LONG
        stored = store.conn.execute("SELECT length(body) FROM articles WHERE id = 'a1'").fetchone()[0]
        assert stored < len(LONG) // 3
        assert [r.id for r in store.list_articles("trade")] == ["a2"]
        store.add_articles([Article(id="a2", source="in/a2.txt", body="Nothing of that kind.", title="Other")])
        assert store.list_articles("trade") == []
        with pytest.raises(Exception):
            with store.write():
                store.add_articles([Article(id="a4", source="in/a4.txt", body="Rolled back kursk text.")])
                raise RuntimeError("fails after the insert")
        assert [r.id for r in store.list_articles("kursk")] == ["a1"]  # the index rolled back with the row
