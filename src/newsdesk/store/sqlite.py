"""The built-in SQLite store: one file, WAL journal, migrations, FTS5 search over bodies."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from newsdesk.errors import NotFoundError, StorageError
from newsdesk.records import Article, Skipped
from newsdesk.serialize import article_from_dict, article_to_dict
from newsdesk.store.base import AddResult, ArticleRow
from newsdesk.store.bodies import index_body, pack_body, unindex_body, unpack_body
from newsdesk.store.search import SearchConfig
from newsdesk.store.codec import pack_extra, unpack_extra
from newsdesk.store.migrations import MIGRATIONS
from newsdesk.store.owners import host_name as _host
from newsdesk.store.owners import process_alive as _alive

DEFAULT_LOCK_TIMEOUT = 60.0  # seconds a writer waits for another one (env NEWSDESK_LOCK_TIMEOUT)
_ARTICLE_COLUMNS = "id, source, title, byline, published, outlet, url, format, body, extra"


def content_hash(article: Article) -> str:
    record = article_to_dict(article, full=True)
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()


class SQLiteStore:
    """Articles in one SQLite file. Every write batch is one transaction; one writer at a time
    (:meth:`write`), any number of readers (WAL)."""

    def __init__(self, path: str | Path, *, lock_timeout: float | None = None):
        self.path = str(path)
        self.lock_timeout = lock_timeout if lock_timeout is not None else _env_lock_timeout()
        self._write_depth = 0
        self._cluster = None
        self._stemmer = None  # with the snippet cache, made on the first search
        self._snippet_cache = None
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=self.lock_timeout)
            self.conn.row_factory = sqlite3.Row
            self._retry_busy(lambda: self.conn.execute("PRAGMA journal_mode=WAL"))
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if _is_busy(exc):
                raise self._busy_error() from exc
            raise StorageError(f"cannot open database {self.path}: {exc}") from exc
        except OSError as exc:
            raise StorageError(f"cannot open database {self.path}: {exc.strerror or exc}") from exc

    # -- the write lock -----------------------------------------------------------------------

    @contextmanager
    def write(self, timeout: float | None = None) -> Iterator[None]:
        """One write transaction holding the database's write lock (``BEGIN IMMEDIATE``).

        Waits up to ``timeout`` seconds (default: the store's ``lock_timeout``) while another
        process writes, then raises :class:`StorageError` saying so. Commits when the block ends,
        rolls everything back when it raises. A nested ``write`` joins the outer transaction.
        """
        if self._write_depth:
            self._write_depth += 1
            try:
                yield
            finally:
                self._write_depth -= 1
            return
        self._begin_write(self.lock_timeout if timeout is None else timeout)
        self._write_depth = 1
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        finally:
            self._write_depth = 0

    def _begin_write(self, wait: float) -> None:
        """Open the write transaction, waiting at most ``wait`` seconds for another writer."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        started = time.monotonic()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise self._busy_error(time.monotonic() - started) from exc
            raise StorageError(f"cannot write to {self.path}: {exc}") from exc

    def _busy_error(self, waited: float | None = None) -> StorageError:
        waited = self.lock_timeout if waited is None else waited
        return StorageError(
            f"database {self.path} is busy: another newsdesk process is writing to it (waited {waited:.0f} s);"
            " try again when it has finished, or wait longer with --lock-timeout / NEWSDESK_LOCK_TIMEOUT")

    def _retry_busy(self, action):
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # -- schema -------------------------------------------------------------------------------

    def _migrate(self) -> None:
        self._retry_busy(lambda: self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
        ))
        done = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
        if all(version in done for version, _ in MIGRATIONS):
            return
        with self.write():  # one process migrates; the others wait and find the work done
            done = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
            for version, step in sorted(MIGRATIONS, key=lambda m: m[0]):
                if version in done:
                    continue
                try:
                    self.conn.execute(f"SAVEPOINT migration_{version}")
                    if callable(step):
                        step(self.conn)
                    else:
                        for statement in _statements(step):
                            self.conn.execute(statement)
                    self.conn.execute("INSERT INTO schema_migrations(version) VALUES (?)", (version,))
                    self.conn.execute(f"RELEASE migration_{version}")
                except sqlite3.DatabaseError as exc:
                    raise StorageError(f"migration {version} failed: {exc}") from exc

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    # -- writes -------------------------------------------------------------------------------

    def resolve_ids(self, articles: Iterable[Article]) -> tuple[list[Article], dict[str, str]]:
        """Stable, collision-free ids for a batch (see :mod:`newsdesk.store.ids`) and their input keys."""
        from newsdesk.store.ids import resolve_ids

        with self.write():
            return resolve_ids(self.conn, articles)

    def add_articles(self, articles: Iterable[Article], keys: dict[str, str] | None = None) -> AddResult:
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        try:
            with self.write():  # one transaction: all or nothing
                for article in articles:
                    digest = content_hash(article)
                    row = self.conn.execute(
                        "SELECT content_hash, rowid, title, body FROM articles WHERE id = ?", (article.id,)
                    ).fetchone()
                    if row is not None and row[0] == digest:
                        unchanged.append(article.id)
                        continue
                    values = _row_values(article, digest, (keys or {}).get(article.id), self._pack_body)
                    if row is None:
                        cur = self.conn.execute(
                            "INSERT INTO articles (id, source, content_hash, title, byline, published,"
                            " outlet, url, format, body, words, extra, source_key)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            values,
                        )
                        self._index(cur.lastrowid, article)
                        added.append(article.id)
                    else:
                        self.conn.execute(
                            "UPDATE articles SET source=?, content_hash=?, title=?, byline=?,"
                            " published=?, outlet=?, url=?, format=?, body=?, words=?, extra=?,"
                            " source_key=? WHERE id=?",
                            values[1:] + (article.id,),
                        )
                        self._reindex(row[1], row[2], row[3], article)
                        updated.append(article.id)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"cannot write to {self.path}: {exc}") from exc
        return AddResult(tuple(added), tuple(updated), tuple(unchanged))

    # -- body storage and the full-text index (see store/bodies.py; PostgreSQL overrides) ----

    def _pack_body(self, text: str):
        return pack_body(text)

    def _unpack_body(self, value) -> str:
        return unpack_body(value)

    def _index(self, rowid: int, article: Article) -> None:
        index_body(self.conn, rowid, article.title, article.body)

    def _reindex(self, rowid: int, old_title: str | None, old_body, article: Article) -> None:
        unindex_body(self.conn, rowid, old_title, unpack_body(old_body))
        index_body(self.conn, rowid, article.title, article.body)

    # -- clustering state and pending work (see store/cluster_state.py, add.py) ---------------

    def cluster_tables(self):
        """Row access to the story clustering tables (joins the current transaction)."""
        from newsdesk.store.cluster_state import ClusterTables

        if self._cluster is None:
            self._cluster = ClusterTables(self.conn)
        return self._cluster

    def begin_pending(self, inputs: list[str]) -> int:
        """Record the inputs of an add about to run (own transaction); returns the record's id."""
        with self.write():
            cur = self.conn.execute("INSERT INTO pending_adds (inputs, pid, host) VALUES (?, ?, ?)",
                                    (json.dumps(inputs), os.getpid(), _host()))
            return int(cur.lastrowid)

    def finish_pending(self, pending_id: int) -> None:
        """Drop a pending record (inside the batch's transaction, so both commit together)."""
        with self.write():
            self.conn.execute("DELETE FROM pending_adds WHERE id = ?", (pending_id,))

    def claim_orphaned_pending(self) -> list[tuple[int, list[str], int]]:
        """Pending records whose process is gone (crashed or killed), claimed for this process:
        (id, inputs, attempts so far)."""
        claimed = []
        with self.write():
            rows = self.conn.execute("SELECT id, inputs, pid, host, attempts FROM pending_adds ORDER BY id").fetchall()
            for pid_row, inputs, pid, host, attempts in rows:
                if pid == os.getpid() or (host == _host() and _alive(pid)):
                    continue
                self.conn.execute("UPDATE pending_adds SET pid = ?, host = ?, attempts = attempts + 1 WHERE id = ?",
                                  (os.getpid(), _host(), pid_row))
                claimed.append((pid_row, json.loads(inputs), attempts + 1))
        return claimed

    def record_skips(self, skips: Iterable[Skipped]) -> None:
        try:
            with self.write():
                self.conn.executemany(
                    "INSERT INTO skipped (source, reason) VALUES (?, ?)",
                    [(s.source, s.reason) for s in skips],
                )
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"cannot write to {self.path}: {exc}") from exc

    # -- reads --------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article:
        row = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r} in {self.path}")
        return _article_of(row, self._unpack_body)

    def body_of(self, article_id: str) -> str:
        row = self.conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r} in {self.path}")
        return self._unpack_body(row[0])

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is None:
            for row in self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY rowid"):
                yield _article_of(row, self._unpack_body)
        else:
            for article_id in ids:
                yield self.get_article(article_id)

    def list_articles(self, search: str | None = None, limit: int = 50, *, offset: int = 0,
                      config: SearchConfig | None = None) -> list[ArticleRow]:
        """Stored articles in date order, or the best matches of an FTS5 query with a snippet each,
        after the first ``offset`` matches (ranking and snippets: :mod:`newsdesk.store.search`)."""
        if search:
            return self._search(search, limit, config, offset)
        else:
            rows = self.conn.execute(
                "SELECT id, title, outlet, published, source, words, NULL AS snip FROM articles"
                " ORDER BY published IS NULL, published, id LIMIT ?",
                (limit,),
            ).fetchall()
        return [ArticleRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def _search(self, search: str, limit: int, config, offset: int = 0) -> list[ArticleRow]:
        from newsdesk.store.search import SnippetCache, Snippets, Stemmer, query_terms, ranked_rowids

        config = config or SearchConfig.from_env()
        try:
            rowids = ranked_rowids(self.conn, search, limit, config.rank_window, offset)
        except sqlite3.OperationalError as exc:
            raise StorageError(f"bad search query {search!r}: {exc}") from exc
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        rows = {r[0]: r for r in self.conn.execute(
            "SELECT rowid, id, title, outlet, published, source, words, content_hash FROM articles"
            f" WHERE rowid IN ({marks})", rowids)}
        if self._stemmer is None:
            self._stemmer, self._snippet_cache = Stemmer(), SnippetCache()
        snippets = Snippets(self._stemmer, query_terms(search), config.snippet_words)
        cache = self._snippet_cache
        made = {rowid: cache.get((r[1], r[7], snippets.key)) for rowid, r in rows.items()}
        missing = [rowid for rowid, snip in made.items() if snip is None]
        if missing:  # only the bodies of snippets not made before are read and cut
            for rowid, body in self.conn.execute(
                    f"SELECT rowid, body FROM articles WHERE rowid IN ({','.join('?' * len(missing))})", missing):
                r = rows[rowid]
                made[rowid] = snip = snippets.snippet(unpack_body(body))
                cache.put((r[1], r[7], snippets.key), snip)
        return [ArticleRow(r[1], r[2], r[3], r[4], r[5], r[6], made[rowid])
                for rowid in rowids if (r := rows.get(rowid)) is not None]

    def list_skips(self, limit: int = 100) -> list[tuple[str, str, str]]:
        rows = self.conn.execute(
            "SELECT source, reason, at FROM skipped ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        if self._stemmer is not None:
            self._stemmer.close()
        self.conn.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _row_values(article: Article, digest: str, key: str | None = None, pack=pack_body) -> tuple:
    from newsdesk.store.ids import source_key

    record = pack_extra(article_to_dict(article, full=True))
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
        pack(article.body),
        len(article.body.split()),
        record,
        key or source_key(article),
    )


def _article_of(row, unpack=unpack_body) -> Article:
    body = unpack(row[8])
    data = unpack_extra(row[9], body)
    data.update(id=row[0], source=row[1], title=row[2], byline=row[3], published=row[4], outlet=row[5],
                url=row[6], format=row[7], body=body)
    return article_from_dict(data)


def _env_lock_timeout() -> float:
    try:
        return float(os.environ.get("NEWSDESK_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


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
