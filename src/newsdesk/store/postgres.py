"""The PostgreSQL store (``--db postgresql://…``; the ``postgres`` extra, psycopg 3).

It is the SQLite store's logic on a PostgreSQL connection: the same interface, the same row-level
code for articles, ids, clustering state and pending adds, the same migration versions
(:mod:`newsdesk.store.pg_schema`). What differs is said once, here:

* **SQL dialect**: :class:`PgConnection` takes the SQLite store's statements and rewrites the few
  SQLite idioms they use (``?`` parameters, ``INSERT OR IGNORE`` / ``OR REPLACE``, ``strftime``
  timestamps, ``json_each``); every table has the SQLite names and columns (``rowid`` is an identity column).
* **One writer at a time**: :meth:`PostgresStore.write` is a transaction that first takes a
  transaction-level advisory lock (the database-wide equivalent of SQLite's ``BEGIN IMMEDIATE``),
  waiting at most ``lock_timeout`` seconds (``lock_timeout`` setting), then a clear error. Readers
  never wait and never see a half-written batch.
* **Search**: a generated ``tsvector`` (title weighted above body) with a GIN index, queried with
  ``websearch_to_tsquery`` (quoted phrases, ``or``, ``-word``), ranked, with ``ts_headline``
  snippets.
"""

from __future__ import annotations

import os
import re
import time
import zlib
from typing import Any, Iterable

from newsdesk.errors import StorageError
from newsdesk.store.base import ArticleRow
from newsdesk.store.pg_schema import _NOW, CONFLICT_KEYS, PG_MIGRATIONS
from newsdesk.store.sqlite import SQLiteStore, _env_lock_timeout, _host

_WRITE_LOCK = zlib.crc32(b"newsdesk store write lock")  # the advisory lock key of writers
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.I)
_STRFTIME_NOW = re.compile(r"strftime\('%Y-%m-%dT%H:%M:%fZ',\s*'now'\)")
_JSON_EACH = re.compile(r"\bjson_each\((\w+(?:\.\w+)?)\)")


def translate(sql: str, with_params: bool = True) -> str:
    """A statement of the SQLite store in PostgreSQL's dialect (with psycopg's ``%s`` parameters;
    a literal ``%`` is doubled when the statement is sent with parameters)."""
    m = _INSERT_OR.match(sql)
    if m:
        mode, table, cols = m.group(1).upper(), m.group(2), m.group(3)
        sql = f"INSERT INTO {table} ({cols})" + sql[m.end():]
        if mode == "IGNORE":
            sql += " ON CONFLICT DO NOTHING"
        else:
            keys = CONFLICT_KEYS.get(table)
            if keys is None:
                raise StorageError(f"no conflict key known for INSERT OR REPLACE into {table}")
            names = [c.strip() for c in cols.split(",")]
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in keys)
            sql += f" ON CONFLICT ({', '.join(keys)}) " + (f"DO UPDATE SET {sets}" if sets else "DO NOTHING")
    sql = _STRFTIME_NOW.sub(_NOW, sql)
    sql = _JSON_EACH.sub(r"json_each_text(\1::json)", sql)  # key/value pairs of a JSON object
    if not with_params:
        return sql
    return sql.replace("%", "%%").replace("?", "%s")


class _Row(tuple):
    """A result row readable by position (as the store reads it) and by column name."""

    _names: tuple[str, ...] = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self):
        return list(self._names)


def _row_factory(cursor):
    names = tuple(d.name for d in cursor.description or ())
    row_type = type("Row", (_Row,), {"_names": names})
    return lambda values: row_type(values)


class _Cursor:
    def __init__(self, cursor):
        self._cursor = cursor

    def fetchone(self):
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self):
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self):
        return iter(self.fetchall())

    @property
    def lastrowid(self):
        return None

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class PgConnection:
    """The part of ``sqlite3.Connection`` the store uses, over a psycopg connection in autocommit
    mode (transactions are opened and closed by the store's own ``BEGIN`` / ``COMMIT``)."""

    def __init__(self, conn, where: str):
        self._conn = conn
        self._where = where

    def execute(self, sql: str, params: Iterable[Any] = ()) -> _Cursor:
        import psycopg

        cursor = self._conn.cursor(row_factory=_row_factory)
        try:
            params = tuple(params)
            cursor.execute(translate(sql, bool(params)), params or None)
        except psycopg.Error as exc:
            raise _storage_error(exc, self._where) from exc
        return _Cursor(cursor)

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        import psycopg

        rows = [tuple(r) for r in rows]
        if not rows:
            return
        try:
            with self._conn.cursor() as cursor:
                cursor.executemany(translate(sql), rows)
        except psycopg.Error as exc:
            raise _storage_error(exc, self._where) from exc

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self._conn.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self._conn.close()


def _storage_error(exc, where: str) -> StorageError:
    message = str(exc).strip().split("\n", 1)[0]
    if "lock timeout" in message or "canceling statement due to lock timeout" in message:
        return StorageError(f"database {where} is busy: another newsdesk process is writing to it;"
                            " try again when it has finished, or wait longer with --lock-timeout / NEWSDESK_LOCK_TIMEOUT")
    return StorageError(f"PostgreSQL ({where}): {message}")


def _redacted(url: str) -> str:
    return re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)


class PostgresStore(SQLiteStore):
    """Articles, stories and their state in a PostgreSQL database; several writers queue for the
    write lock, readers never wait."""

    def __init__(self, url: str, *, lock_timeout: float | None = None):
        try:
            import psycopg
        except ImportError:
            raise StorageError("the PostgreSQL store needs psycopg: pip install 'newsdesk[postgres]'") from None
        self.path = _redacted(url)
        self.lock_timeout = lock_timeout if lock_timeout is not None else _env_lock_timeout()
        self._write_depth = 0
        self._cluster = None
        try:
            raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StorageError(f"cannot open database {self.path}: {str(exc).strip().splitlines()[0]}") from None
        self.conn = PgConnection(raw, self.path)
        self._migrate()

    def _begin_write(self, wait: float) -> None:
        """A transaction holding the writers' advisory lock (waiting at most ``wait`` seconds)."""
        self.conn.execute("BEGIN")
        try:
            self.conn.execute(f"SET LOCAL lock_timeout = {max(1, int(wait * 1000))}")
            started = time.monotonic()
            try:
                self.conn.execute("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK,))
            except StorageError as exc:
                if "busy" in str(exc):
                    raise self._busy_error(time.monotonic() - started) from None
                raise
            self.conn.execute("SET LOCAL lock_timeout = 0")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _migrate(self) -> None:
        if self.conn.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is not None:
            done = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
            if all(version in done for version, _ in PG_MIGRATIONS):
                return
        with self.write():  # one process migrates (DDL included); the others wait and find it done
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                              f" applied_at TEXT NOT NULL DEFAULT {_NOW})")
            done = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
            for version, sql in PG_MIGRATIONS:
                if version in done:
                    continue
                for statement in (s for s in sql.split(";") if s.strip()):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations(version) VALUES (?)", (version,))

    def begin_pending(self, inputs: list[str]) -> int:
        import json

        with self.write():
            row = self.conn.execute("INSERT INTO pending_adds (inputs, pid, host) VALUES (?, ?, ?) RETURNING id",
                                    (json.dumps(inputs), os.getpid(), _host())).fetchone()
            return int(row[0])

    # bodies stay TEXT (TOAST compresses them); the tsvector column indexes them by itself
    def _pack_body(self, text: str):
        return text

    def _unpack_body(self, value) -> str:
        return value

    def _index(self, rowid, article) -> None:
        pass

    def _reindex(self, rowid, old_title, old_body, article) -> None:
        pass

    def list_articles(self, search: str | None = None, limit: int = 50, *, offset: int = 0,
                      config=None) -> list[ArticleRow]:
        if not search:
            return super().list_articles(None, limit)
        rows = self.conn.execute(
            "SELECT id, title, outlet, published, source, words,"
            " ts_headline('english', body, q, 'StartSel=[, StopSel=], MaxWords=14, MinWords=6, MaxFragments=1')"
            " FROM articles, websearch_to_tsquery('english', ?) AS q"
            " WHERE search @@ q ORDER BY ts_rank(search, q) DESC, rowid LIMIT ? OFFSET ?",
            (search, limit, offset)).fetchall()
        return [ArticleRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def close(self) -> None:
        self.conn.close()
