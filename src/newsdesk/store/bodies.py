"""Article bodies in the SQLite store: kept zlib-compressed, indexed by a contentless FTS5 table.

The body is the largest thing a store holds. It is stored once, compressed (:func:`pack_body`);
the full-text index (``articles_fts``, ``content=''``) keeps only its postings and is written
from Python beside each row (:func:`index_body`, :func:`unindex_body`), since SQL cannot read a
compressed body. Snippets are therefore made in Python (:mod:`newsdesk.store.search`).

Migration 5 (:func:`compress_bodies`) converts a store written before: every row keeps its id,
its ``rowid`` (now an explicit ``INTEGER PRIMARY KEY``, so that no ``VACUUM`` can renumber the
rows the index points to) and every field; extras are re-packed with the body as their zlib
dictionary (:func:`newsdesk.store.codec.pack_extra`); the index is rebuilt from the bodies.
"""

from __future__ import annotations

import sqlite3
import zlib
from functools import lru_cache
from importlib import resources

from newsdesk.store.codec import pack_extra, unpack_extra

_LEVEL = 9
_CHUNK = 500  # rows converted per step of the migration

ARTICLES_TABLE = """
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT,
    byline TEXT,
    published TEXT,
    outlet TEXT,
    url TEXT,
    format TEXT NOT NULL,
    body BLOB NOT NULL,
    words INTEGER NOT NULL,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    extra BLOB,
    source_key TEXT
)
"""
FTS_TABLE = ("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='',"
             " tokenize='porter unicode61')")
_COLUMNS = "id, source, content_hash, title, byline, published, outlet, url, format, body, words, added_at," \
           " extra, source_key"


def pack_body(text: str) -> bytes | str:
    """The stored form of a body: zlib bytes made with the shipped dictionary of common words
    (:func:`body_dictionary`), or the text itself when compressing does not pay. A stored value
    says which it is by its type (BLOB or TEXT), and a zlib stream names its dictionary."""
    raw = text.encode("utf-8")
    packer = zlib.compressobj(_LEVEL, zdict=body_dictionary())
    packed = packer.compress(raw) + packer.flush()
    return packed if len(packed) < len(raw) else text


def unpack_body(value: bytes | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if len(value) > 6 and value[1] & 0x20:  # FDICT: the stream names its dictionary (Adler-32)
        dict_id = int.from_bytes(value[2:6], "big")
        zdict = _DICTIONARIES.get(dict_id)
        if zdict is None:
            raise ValueError(f"body packed with an unknown dictionary ({dict_id})")
        unpacker = zlib.decompressobj(zdict=zdict())
        return (unpacker.decompress(value) + unpacker.flush()).decode("utf-8")
    return zlib.decompress(value).decode("utf-8")


@lru_cache(maxsize=1)
def body_dictionary() -> bytes:
    """zlib's preset dictionary for bodies: 4,000 common words of news text (how it was made:
    bench/body_dictionary.py). Frozen: stored bodies need this exact file to be read."""
    data = (resources.files("newsdesk") / "data" / "body_dictionary.txt").read_bytes()
    if zlib.adler32(data) != BODY_DICTIONARY_ID:
        raise ValueError("data/body_dictionary.txt has changed: stored bodies cannot be read with it")
    return data


BODY_DICTIONARY_ID = 2344659209  # Adler-32 of data/body_dictionary.txt
_DICTIONARIES = {BODY_DICTIONARY_ID: body_dictionary}


def index_body(conn: sqlite3.Connection, rowid: int, title: str | None, body: str) -> None:
    conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, title, body))


def unindex_body(conn: sqlite3.Connection, rowid: int, title: str | None, body: str) -> None:
    """Remove a row from the contentless index (FTS5 needs the values that were indexed)."""
    conn.execute("INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                 (rowid, title, body))


def compress_bodies(conn: sqlite3.Connection) -> None:
    """Migration 5: the articles table rebuilt with compressed bodies and an explicit rowid; the
    full-text index rebuilt contentless from the same rows. Nothing else changes."""
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("DROP TABLE IF EXISTS articles_fts")
    conn.execute(ARTICLES_TABLE.replace("CREATE TABLE articles", "CREATE TABLE articles_packed"))
    conn.execute(FTS_TABLE)
    cursor = conn.execute(f"SELECT rowid, {_COLUMNS} FROM articles ORDER BY rowid")
    while True:
        rows = cursor.fetchmany(_CHUNK)
        if not rows:
            break
        packed, indexed = [], []
        for row in rows:
            row = list(row)
            body = unpack_body(row[10])
            row[10] = pack_body(body)
            row[13] = pack_extra({**unpack_extra(row[13], body), "body": body})  # body as its dictionary
            packed.append(row)
            indexed.append((row[0], row[4], body))
        conn.executemany(f"INSERT INTO articles_packed (rowid, {_COLUMNS}) VALUES ({', '.join('?' * 15)})", packed)
        conn.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)", indexed)
    conn.execute("DROP TABLE articles")
    conn.execute("ALTER TABLE articles_packed RENAME TO articles")
    conn.execute("CREATE INDEX articles_published ON articles(published)")
    conn.execute("CREATE INDEX articles_source_key ON articles(source_key)")
