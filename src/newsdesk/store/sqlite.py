"""The built-in SQLite store: one file, WAL journal, migrations, FTS5 search over bodies."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

from newsdesk.errors import NotFoundError, StorageError
from newsdesk.records import Article, Skipped
from newsdesk.serialize import article_from_dict, article_to_dict
from newsdesk.store.base import AddResult, ArticleRow
from newsdesk.store.migrations import MIGRATIONS


def content_hash(article: Article) -> str:
    record = article_to_dict(article, full=True)
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()


class SQLiteStore:
    """Articles in one SQLite file. Every write batch is one transaction."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"cannot open database {self.path}: {exc}") from exc

    # -- schema -------------------------------------------------------------------------------

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
        )
        done = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
        for version, sql in MIGRATIONS:
            if version in done:
                continue
            try:
                self.conn.execute("BEGIN")
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations(version) VALUES (?)", (version,))
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self.conn.execute("ROLLBACK")
                raise StorageError(f"migration {version} failed: {exc}") from exc

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    # -- writes -------------------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        try:
            with self.conn:  # one transaction: all or nothing
                for article in articles:
                    digest = content_hash(article)
                    row = self.conn.execute(
                        "SELECT content_hash FROM articles WHERE id = ?", (article.id,)
                    ).fetchone()
                    if row is not None and row[0] == digest:
                        unchanged.append(article.id)
                        continue
                    values = _row_values(article, digest)
                    if row is None:
                        self.conn.execute(
                            "INSERT INTO articles (id, source, content_hash, title, byline, published,"
                            " outlet, url, format, body, words, record)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            values,
                        )
                        added.append(article.id)
                    else:
                        self.conn.execute(
                            "UPDATE articles SET source=?, content_hash=?, title=?, byline=?,"
                            " published=?, outlet=?, url=?, format=?, body=?, words=?, record=?"
                            " WHERE id=?",
                            values[1:] + (article.id,),
                        )
                        updated.append(article.id)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"cannot write to {self.path}: {exc}") from exc
        return AddResult(tuple(added), tuple(updated), tuple(unchanged))

    def record_skips(self, skips: Iterable[Skipped]) -> None:
        try:
            with self.conn:
                self.conn.executemany(
                    "INSERT INTO skipped (source, reason) VALUES (?, ?)",
                    [(s.source, s.reason) for s in skips],
                )
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"cannot write to {self.path}: {exc}") from exc

    # -- reads --------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article:
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r} in {self.path}")
        return article_from_dict(json.loads(row[0]))

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is None:
            for row in self.conn.execute("SELECT record FROM articles ORDER BY rowid"):
                yield article_from_dict(json.loads(row[0]))
        else:
            for article_id in ids:
                yield self.get_article(article_id)

    def list_articles(self, search: str | None = None, limit: int = 50) -> list[ArticleRow]:
        if search:
            sql = (
                "SELECT a.id, a.title, a.outlet, a.published, a.source, a.words,"
                " snippet(articles_fts, 1, '[', ']', '…', 12) AS snip"
                " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
                " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
            )
            try:
                rows = self.conn.execute(sql, (search, limit)).fetchall()
            except sqlite3.OperationalError as exc:
                raise StorageError(f"bad search query {search!r}: {exc}") from exc
        else:
            rows = self.conn.execute(
                "SELECT id, title, outlet, published, source, words, NULL AS snip FROM articles"
                " ORDER BY published IS NULL, published, id LIMIT ?",
                (limit,),
            ).fetchall()
        return [ArticleRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def list_skips(self, limit: int = 100) -> list[tuple[str, str, str]]:
        rows = self.conn.execute(
            "SELECT source, reason, at FROM skipped ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _row_values(article: Article, digest: str) -> tuple:
    record = json.dumps(article_to_dict(article, full=True), ensure_ascii=False)
    return (
        article.id,
        article.source,
        digest,
        article.title,
        article.byline,
        article.published.isoformat() if article.published else None,
        article.outlet,
        article.url,
        article.format,
        article.body,
        len(article.body.split()),
        record,
    )


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buf: list[str] = []
    for line in sql.strip().splitlines():
        buf.append(line)
        candidate = "\n".join(buf).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buf = []
    if "\n".join(buf).strip():
        statements.append("\n".join(buf).strip())
    return statements
