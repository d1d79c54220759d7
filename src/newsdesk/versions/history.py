"""Story versions in the store's database (migration 21): one row per state of a story's articles."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from newsdesk.errors import NewsdeskError, StorageError

_VERSION = re.compile(r"^v?(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Version:
    story: str
    version: int
    created_at: str
    articles: dict  # article id -> digest (see facts.article_signature)
    facts: dict


def connection(store) -> sqlite3.Connection:
    """The store's connection (SQLite, or the PostgreSQL store's connection that speaks the same
    statements)."""
    conn = getattr(store, "conn", None)
    if conn is None or not hasattr(store, "write"):
        raise StorageError("story versions need a database store (SQLite or PostgreSQL)")
    return conn


def _row(row) -> Version:
    return Version(row[0], row[1], row[2], json.loads(row[3]), json.loads(row[4]))


_COLS = "story_id, version, created_at, articles, facts"


def latest(store, story: str) -> Version | None:
    row = connection(store).execute(
        f"SELECT {_COLS} FROM story_versions WHERE story_id = ? ORDER BY version DESC LIMIT 1", (story,)).fetchone()
    return _row(row) if row else None


def get(store, story: str, version: int) -> Version | None:
    row = connection(store).execute(
        f"SELECT {_COLS} FROM story_versions WHERE story_id = ? AND version = ?", (story, version)).fetchone()
    return _row(row) if row else None


def at_or_before(store, story: str, when: str) -> Version | None:
    row = connection(store).execute(
        f"SELECT {_COLS} FROM story_versions WHERE story_id = ? AND created_at <= ?"
        " ORDER BY version DESC LIMIT 1", (story, when)).fetchone()
    return _row(row) if row else None


def insert(store, story: str, articles: dict, facts: dict) -> Version:
    conn = connection(store)
    try:
        with store.write():
            row = conn.execute("SELECT coalesce(max(version), 0) FROM story_versions WHERE story_id = ?",
                               (story,)).fetchone()
            conn.execute("INSERT INTO story_versions (story_id, version, articles, facts) VALUES (?, ?, ?, ?)",
                         (story, row[0] + 1, json.dumps(articles), json.dumps(facts, ensure_ascii=False)))
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"cannot save a story version: {exc}") from exc
    return get(store, story, row[0] + 1)


def parents(store, story: str, article_ids, before: Version) -> list[Version]:
    """The latest version (recorded before ``before``) of every other story that held one of
    ``article_ids``: where the articles of a story cut from others, or merged, came from."""
    conn = connection(store)
    ids = set(article_ids)
    if not ids:
        return []
    found: dict[str, int] = {}
    wanted = sorted(ids)
    for i in range(0, len(wanted), 200):  # LIKE works on both backends; matches are checked below
        chunk = wanted[i:i + 200]
        rows = conn.execute(
            "SELECT v.story_id, v.version, v.articles FROM story_versions v WHERE v.story_id != ?"
            " AND v.rowid < (SELECT rowid FROM story_versions WHERE story_id = ? AND version = ?) AND ("
            + " OR ".join("v.articles LIKE ?" for _ in chunk) + ")",
            (story, before.story, before.version, *(f'%"{a}"%' for a in chunk))).fetchall()
        for sid, version, articles in rows:
            if ids & set(json.loads(articles)) and version > found.get(sid, 0):
                found[sid] = version
    return [v for v in (get(store, sid, n) for sid, n in sorted(found.items())) if v is not None]


def seen(store, story: str) -> tuple[int, str] | None:
    """The version of ``story`` a brief last showed, and when."""
    row = connection(store).execute("SELECT version, seen_at FROM story_seen WHERE story_id = ?", (story,)).fetchone()
    return (row[0], row[1]) if row else None


def mark_seen(store, story: str, version: int) -> None:
    from datetime import datetime, timezone

    with store.write():
        connection(store).execute(
            "INSERT INTO story_seen (story_id, version, seen_at) VALUES (?, ?, ?) ON CONFLICT(story_id) DO UPDATE"
            " SET version = excluded.version, seen_at = excluded.seen_at",
            (story, version, stamp(datetime.now(timezone.utc))))


def versions_since(store, when: str) -> dict[str, int]:
    """Story id -> number of versions created at or after ``when``."""
    rows = connection(store).execute(
        "SELECT story_id, count(*) FROM story_versions WHERE created_at >= ? GROUP BY story_id", (when,))
    return {r[0]: r[1] for r in rows}


def articles_added_since(store, when: str) -> list[str]:
    rows = connection(store).execute("SELECT id FROM articles WHERE added_at >= ?", (when,))
    return [r[0] for r in rows]


def articles_added_by(store, when: str) -> set[str]:
    rows = connection(store).execute("SELECT id FROM articles WHERE added_at <= ?", (when,))
    return {r[0] for r in rows}


def parse_since(text: str, now: datetime | None = None) -> tuple[int | None, str | None]:
    """``(version, None)`` for ``3``/``v3``; ``(None, UTC timestamp)`` for a date, a date-time or an
    age (``2h``, ``1d``: that long ago), in the store's timestamp format."""
    text = text.strip()
    if match := _VERSION.match(text):
        return int(match.group(1)), None
    now = now or datetime.now(timezone.utc)
    if re.match(r"^\d+(\.\d+)?\s*(s|m|h|d)$", text):
        from newsdesk.watch.config import parse_duration

        when = now - timedelta(seconds=parse_duration(text))
    else:
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise NewsdeskError(f"--since takes a version (3, v3), a date (2024-11-01[T10:00]) or an age (2h, 1d),"
                                f" not {text!r}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
    return None, stamp(when)


def stamp(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
