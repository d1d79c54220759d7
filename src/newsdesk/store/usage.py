"""What a SQLite store's file holds, by part, beside the body text it stores (bench/storage.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from newsdesk.store.bodies import unpack_body

# table / index name prefixes -> the part of the store they belong to
_GROUPS = (
    ("fts", ("articles_fts",)),
    ("articles", ("articles", "sqlite_autoindex_articles")),
    ("duplicates", ("copy_", "sqlite_autoindex_copy", "article_relations", "sqlite_autoindex_article_rel")),
    ("stories", ("cluster_", "stories", "story_", "sqlite_autoindex_cluster", "sqlite_autoindex_stor")),
)


def group_of(name: str) -> str:
    for group, prefixes in _GROUPS:
        if name.startswith(prefixes):
            return group
    return "other"


@dataclass(frozen=True)
class StorageUsage:
    articles: int
    body_bytes: int  # UTF-8 bytes of the bodies as text
    file_bytes: int  # pages in use (the file less its free pages)
    parts: dict[str, int] = field(default_factory=dict)  # group -> bytes of its pages
    tables: dict[str, int] = field(default_factory=dict)  # table or index -> bytes of its pages

    def ratio(self, part: str | None = None) -> float:
        used = self.file_bytes if part is None else self.parts.get(part, 0)
        return used / self.body_bytes if self.body_bytes else 0.0


def storage_usage(path: str) -> StorageUsage:
    """Measure a store file (read only). Needs SQLite's ``dbstat`` table for the parts."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        n, body = 0, 0
        for (value,) in conn.execute("SELECT body FROM articles"):
            n += 1
            body += len(unpack_body(value).encode("utf-8"))
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        used = (conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count").fetchone()[0])
        tables: dict[str, int] = {}
        try:
            for name, size in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
                tables[name] = size
        except sqlite3.OperationalError:
            pass
    finally:
        conn.close()
    parts: dict[str, int] = {}
    for name, size in tables.items():
        parts[group_of(name)] = parts.get(group_of(name), 0) + size
    return StorageUsage(n, body, used * page, parts, tables)
