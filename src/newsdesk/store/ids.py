"""Stable, collision-free article ids.

A reader names a document after its input (the file's path relative to the folder argument, a
record's own id, a hash of its URL or text). Two inputs can still propose the same id — files of
the same name added by separate arguments or runs — so the store keeps, for every article, the
key of the input it came from (:func:`source_key`: its URL, else the absolute path of its file plus
the id the reader gave it) and settles ids when a batch is written:

* an input seen before keeps the id it got then, so a changed file or a newer version of a URL
  updates its article (and the article is re-assigned to a story);
* a new input whose proposed id belongs to another input gets that id plus the first 8 hex digits
  of the SHA-1 of its key (``article-3f2a1b0c``), never the other article's row.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import replace

from newsdesk.records import Article


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def source_key(article: Article) -> str:
    """What identifies an article's input across runs: its URL, else its file and reader id."""
    if article.url:
        return "url:" + article.url
    if _is_url(article.source):
        return "url:" + article.source
    path = os.path.abspath(os.path.expanduser(article.source))
    return f"file:{path}#{article.id}"


def disambiguated(article_id: str, key: str) -> str:
    return f"{article_id}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"


def resolve_ids(conn: sqlite3.Connection, articles: Iterable[Article]) -> tuple[list[Article], dict[str, str]]:
    """``articles`` with the ids the store gives them (see the module docstring), one article per
    input key (the last one of the batch wins), and each final id's key. Call inside the write
    transaction."""
    by_key: dict[str, Article] = {}
    for article in articles:
        by_key[source_key(article)] = article
    claimed: dict[str, str] = {}  # id -> key, within this batch
    out: list[Article] = []
    for key, article in by_key.items():
        row = conn.execute("SELECT id FROM articles WHERE source_key = ? LIMIT 1", (key,)).fetchone()
        if row is not None and claimed.get(row[0], key) == key:
            new_id = row[0]
        else:
            new_id = article.id
            taken = conn.execute("SELECT source_key, source, url FROM articles WHERE id = ?", (new_id,)).fetchone()
            if taken is not None and taken[0] is None:  # a row written before keys were kept
                legacy = Article(id=new_id, source=taken[1], body="", url=taken[2])
                taken = None if source_key(legacy) == key else taken
            if taken is not None or claimed.get(new_id, key) != key:
                new_id = disambiguated(article.id, key)
        claimed[new_id] = key
        out.append(article if new_id == article.id else replace(article, id=new_id))
    return out, dict(claimed)
