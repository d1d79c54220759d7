"""Sources, items, hosts and rounds of `newsdesk watch`, in the store's database (migration 20).

Everything `watch` must remember between runs lives here: which sources to poll and when, their
validators (ETag, Last-Modified), error counts and back-off, every item ever seen (so that none
is fetched twice) and each host's next allowed request time and robots.txt.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from newsdesk.errors import NewsdeskError, NotFoundError, StorageError
from newsdesk.watch.discover import KINDS, Item, canonical_url
from newsdesk.watch.robots import Robots


def connection(store) -> sqlite3.Connection:
    conn = getattr(store, "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        raise StorageError("newsdesk watch needs the SQLite store")
    return conn


def utc_now_iso(ts: float | None = None) -> str:
    ts = time.time() if ts is None else ts
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True)
class Source:
    id: int
    url: str
    name: str | None
    kind: str
    every_s: float
    paused: bool
    next_due: float
    last_polled: str | None
    last_status: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    consecutive_errors: int
    error_count: int
    last_error: str | None
    items_seen: int
    polls: int
    not_modified: int


_SOURCE_COLUMNS = ("id, url, name, kind, every_s, paused, next_due, last_polled, last_status, etag, last_modified,"
                   " content_hash, consecutive_errors, error_count, last_error, items_seen, polls, not_modified")


def _source(row) -> Source:
    values = list(row)
    values[5] = bool(values[5])
    return Source(*values)


# --------------------------------------------------------------------------- sources


def add_source(store, url: str, *, every_s: float, name: str | None = None, kind: str = "auto") -> Source:
    if not url.lower().startswith(("http://", "https://")):
        raise NewsdeskError(f"a source is an http(s) URL, not {url!r}")
    if kind not in KINDS:
        raise NewsdeskError(f"unknown source kind {kind!r}; one of {', '.join(KINDS)}")
    if every_s <= 0:
        raise NewsdeskError("--every must be positive")
    conn = connection(store)
    with conn:
        row = conn.execute("SELECT id FROM watch_sources WHERE url = ?", (url,)).fetchone()
        if row is not None:
            conn.execute("UPDATE watch_sources SET every_s = ?, name = coalesce(?, name), kind = ? WHERE id = ?",
                         (every_s, name, kind, row[0]))
        else:
            conn.execute("INSERT INTO watch_sources (url, name, kind, every_s) VALUES (?, ?, ?, ?)",
                         (url, name, kind, every_s))
    return get_source(store, url)


def opml_feeds(data: bytes, where: str) -> list[tuple[str, str | None]]:
    """(feed URL, title) of every ``<outline xmlUrl=…>`` of an OPML file (a feed reader's export)."""
    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    try:
        root = safe_xml.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError) as exc:
        raise NewsdeskError(f"{where} is not a readable OPML file ({type(exc).__name__}: {exc})") from None
    out = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or "").strip()
        if url.lower().startswith(("http://", "https://")):
            out.append((url, node.get("title") or node.get("text") or None))
    return list(dict((u, t) for u, t in out).items())


def get_source(store, ref: str | int) -> Source:
    conn = connection(store)
    text = str(ref)
    if text.isdigit():
        row = conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM watch_sources WHERE id = ?", (int(text),)).fetchone()
    else:
        row = conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM watch_sources WHERE url = ? OR name = ?",
                           (text, text)).fetchone()
    if row is None:
        raise NotFoundError(f"no source {ref!r} (see `newsdesk sources list`)")
    return _source(row)


def list_sources(store) -> list[Source]:
    conn = connection(store)
    return [_source(r) for r in conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM watch_sources ORDER BY id")]


def pending_by_source(store) -> dict[int, int]:
    """Source id -> items of it still waiting for their page (deferred, or a stop came first)."""
    rows = connection(store).execute(
        "SELECT s.source_id, count(*) FROM watch_items i JOIN watch_item_sources s ON s.key = i.key"
        " WHERE i.state = 'pending' GROUP BY s.source_id")
    return {r[0]: r[1] for r in rows}


def remove_source(store, ref: str | int) -> Source:
    source = get_source(store, ref)
    conn = connection(store)
    with conn:
        conn.execute("DELETE FROM watch_sources WHERE id = ?", (source.id,))
        conn.execute("DELETE FROM watch_item_sources WHERE source_id = ?", (source.id,))
    return source


def set_paused(store, ref: str | int, paused: bool) -> Source:
    source = get_source(store, ref)
    conn = connection(store)
    with conn:
        conn.execute("UPDATE watch_sources SET paused = ? WHERE id = ?", (int(paused), source.id))
    return get_source(store, source.id)


def add_children(store, parent: Source, urls: list[str]) -> int:
    """Follow the sitemaps of a sitemap index as sources (same interval and name); how many were new."""
    conn = connection(store)
    added = 0
    with conn:
        for url in urls:
            cur = conn.execute("INSERT OR IGNORE INTO watch_sources (url, name, kind, every_s) VALUES (?, ?, 'sitemap', ?)",
                               (url, parent.name, parent.every_s))
            added += cur.rowcount
    return added


def due_sources(store, now: float) -> list[Source]:
    conn = connection(store)
    rows = conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM watch_sources WHERE paused = 0 AND next_due <= ?"
                        " ORDER BY next_due, id", (now,))
    return [_source(r) for r in rows]


def next_due(store) -> float | None:
    row = connection(store).execute("SELECT min(next_due) FROM watch_sources WHERE paused = 0").fetchone()
    return row[0]


def record_poll(store, source: Source, *, now: float, status: str, error: str | None, next_due_at: float,
                kind: str | None = None, etag: str | None = None, last_modified: str | None = None,
                content_hash: str | None = None, new_items: int = 0, not_modified: bool = False) -> None:
    conn = connection(store)
    failed = error is not None
    with conn:
        conn.execute(
            "UPDATE watch_sources SET last_polled = ?, last_status = ?, next_due = ?, polls = polls + 1,"
            " kind = coalesce(?, kind), etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
            " content_hash = coalesce(?, content_hash), items_seen = items_seen + ?,"
            " not_modified = not_modified + ?,"
            " consecutive_errors = CASE WHEN ? THEN consecutive_errors + 1 ELSE 0 END,"
            " error_count = error_count + ?, last_error = CASE WHEN ? THEN ? ELSE last_error END"
            " WHERE id = ?",
            (utc_now_iso(now), status, next_due_at, kind, etag, last_modified, content_hash, new_items,
             int(not_modified), int(failed), int(failed), int(failed), error, source.id))


# --------------------------------------------------------------------------- items


@dataclass(frozen=True)
class StoredItem:
    key: str
    url: str
    state: str
    entry: dict | None
    updated: str | None
    article_id: str | None
    etag: str | None
    last_modified: str | None
    attempts: int
    fetches: int
    source_id: int | None


def known_items(store, keys: Iterable[str]) -> dict[str, StoredItem]:
    conn = connection(store)
    keys = list(dict.fromkeys(keys))
    out: dict[str, StoredItem] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
                "SELECT key, url, state, entry, entry_updated, article_id, etag, last_modified, attempts, fetches,"
                f" source_id FROM watch_items WHERE key IN ({marks})", chunk):
            out[row[0]] = _item(row)
    return out


def _item(row) -> StoredItem:
    return StoredItem(row[0], row[1], row[2], json.loads(row[3]) if row[3] else None, row[4], row[5], row[6],
                      row[7], row[8], row[9], row[10])


def pending_items(store) -> list[StoredItem]:
    rows = connection(store).execute(
        "SELECT key, url, state, entry, entry_updated, article_id, etag, last_modified, attempts, fetches, source_id"
        " FROM watch_items WHERE state = 'pending' ORDER BY rowid")
    return [_item(r) for r in rows]


def queue_items(store, source_id: int, items: Iterable[Item], revised: Iterable[str] = ()) -> None:
    """Record new items as pending (and items whose source reports a change as pending again)."""
    conn = connection(store)
    revised = set(revised)
    with conn:
        for item in items:
            entry = json.dumps({"title": item.title, "published": item.published, "outlet": item.outlet,
                                "fallback": item.fallback}, ensure_ascii=False)
            if item.key in revised:
                conn.execute("UPDATE watch_items SET state = 'pending', entry = ?, entry_updated = ?, attempts = 0"
                             " WHERE key = ?", (entry, item.updated, item.key))
            else:
                conn.execute("INSERT OR IGNORE INTO watch_items (key, url, source_id, state, entry, entry_updated)"
                             " VALUES (?, ?, ?, 'pending', ?, ?)", (item.key, item.url, source_id, entry, item.updated))
            conn.execute("INSERT OR IGNORE INTO watch_item_sources VALUES (?, ?)", (item.key, source_id))


def link_items(store, source_id: int, keys: Iterable[str]) -> None:
    conn = connection(store)
    with conn:
        conn.executemany("INSERT OR IGNORE INTO watch_item_sources VALUES (?, ?)", [(k, source_id) for k in keys])


def finish_item(conn: sqlite3.Connection, key: str, *, state: str, article_id: str | None, error: str | None,
                etag: str | None, last_modified: str | None, fetched: bool, now: float) -> None:
    """Mark an item done/failed (inside the caller's transaction)."""
    conn.execute(
        "UPDATE watch_items SET state = ?, article_id = coalesce(?, article_id), error = ?,"
        " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), fetches = fetches + ?,"
        " fetched_at = CASE WHEN ? THEN ? ELSE fetched_at END WHERE key = ?",
        (state, article_id, error, etag, last_modified, int(fetched), int(fetched), utc_now_iso(now), key))


def defer_item(store, key: str, error: str | None) -> None:
    conn = connection(store)
    with conn:
        conn.execute("UPDATE watch_items SET attempts = attempts + 1, error = ? WHERE key = ?", (error, key))


def item_counts(store) -> dict[str, int]:
    rows = connection(store).execute("SELECT state, count(*) FROM watch_items GROUP BY state")
    return {r[0]: r[1] for r in rows}


# --------------------------------------------------------------------------- hosts


def host_states(store) -> dict[str, tuple[float, Robots | None, float | None]]:
    out = {}
    for host, next_allowed, robots, status, fetched in connection(store).execute(
            "SELECT host, next_allowed, robots, robots_status, robots_fetched FROM watch_hosts"):
        out[host] = (next_allowed, Robots(status, robots or "") if status is not None else None, fetched)
    return out


def save_host(store, host: str, *, next_allowed: float | None = None, robots: Robots | None = None,
              robots_fetched: float | None = None) -> None:
    conn = connection(store)
    with conn:
        conn.execute("INSERT OR IGNORE INTO watch_hosts (host) VALUES (?)", (host,))
        if next_allowed is not None:
            conn.execute("UPDATE watch_hosts SET next_allowed = ? WHERE host = ?", (next_allowed, host))
        if robots is not None:
            conn.execute("UPDATE watch_hosts SET robots = ?, robots_status = ?, robots_fetched = ? WHERE host = ?",
                         (robots.text, robots.status, robots_fetched, host))


# --------------------------------------------------------------------------- one watcher per database


def acquire_watch(store) -> None:
    """Claim the database for this process's `watch`; NewsdeskError when another live one has it
    (two watchers would fetch the same queued items). A claim left by a process that died is taken over."""
    import os

    from newsdesk.store.owners import holder_alive, host_name

    conn = connection(store)
    me, host = os.getpid(), host_name()
    with conn:
        row = conn.execute("SELECT pid, host, started FROM watch_lock WHERE id = 1").fetchone()
        if row is not None and (row[0], row[1]) != (me, host) and holder_alive(row[0], row[1]):
            raise NewsdeskError(f"another newsdesk watch (pid {row[0]} on {row[1]}, since {row[2]}) is watching"
                                " this database; stop it first")
        conn.execute("INSERT OR REPLACE INTO watch_lock (id, pid, host, started) VALUES (1, ?, ?, ?)",
                     (me, host, utc_now_iso()))


def release_watch(store) -> None:
    import os
    import socket

    conn = connection(store)
    with conn:
        conn.execute("DELETE FROM watch_lock WHERE id = 1 AND pid = ? AND host = ?", (os.getpid(), socket.gethostname()))


# --------------------------------------------------------------------------- rounds


def record_round(store, started: float, finished: float, summary: dict) -> int:
    conn = connection(store)
    with conn:
        cur = conn.execute("INSERT INTO watch_rounds (started, finished, summary) VALUES (?, ?, ?)",
                           (utc_now_iso(started), utc_now_iso(finished), json.dumps(summary)))
    return cur.lastrowid


def item_key(url: str) -> str:
    return canonical_url(url)
