"""What the pages list: a snapshot of the stories, their members and a digest of each story.

A snapshot is rebuilt when the database changed (its files' size and modification time, or
the app's own writer finished a job). While one rebuild runs, other requests keep answering
from the previous snapshot; the first one is built before the first answer. Each story's
digest hashes its member ids and their stored content hashes, so a brief cached under it is
valid exactly until the story changes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone


@dataclass(frozen=True)
class StoryInfo:
    id: str
    size: int
    title: str | None
    outlets: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    top_terms: tuple[str, ...]
    relations: int
    members: tuple[str, ...]
    last_added: str | None  # when the story last gained or changed an article (UTC, ISO)
    digest: str

    def to_dict(self, *, members: bool = False) -> dict:
        data = {"id": self.id, "title": self.title, "size": self.size, "outlets": list(self.outlets),
                "first_published": self.first_published, "last_published": self.last_published,
                "top_terms": list(self.top_terms), "relations": self.relations,
                "last_added": self.last_added, "url": f"/stories/{self.id}"}
        if members:
            data["articles"] = list(self.members)
        return data

    def updated_within(self, now: datetime, hours: float = 24) -> bool:
        if not self.last_added:
            return False
        try:
            when = datetime.fromisoformat(self.last_added.replace("Z", "+00:00"))
        except ValueError:
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return now - when <= timedelta(hours=hours)


@dataclass(frozen=True)
class Snapshot:
    stamp: tuple
    stories: tuple[StoryInfo, ...]  # newest activity first
    by_id: dict = field(default_factory=dict)
    story_of: dict = field(default_factory=dict)  # article id -> story id
    outlets: tuple[str, ...] = ()
    articles: int = 0


def file_stamp(db: str) -> tuple:
    """Changes whenever a transaction commits to ``db`` (WAL appends, checkpoints)."""
    out = []
    for path in (db, db + "-wal"):
        try:
            st = os.stat(path)
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


def _article_meta(store) -> dict[str, tuple[str, str]]:
    """article id -> (added_at, content_hash), read from the store's articles table."""
    conn = getattr(store, "conn", None)
    if conn is None:
        return {}
    return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, added_at, content_hash FROM articles")}


def build_snapshot(store, stamp: tuple) -> Snapshot:
    from newsdesk.cluster.persist import list_stories, story_members

    conn = getattr(store, "conn", None)
    if conn is not None:  # one read transaction: every query sees the same committed state
        conn.execute("BEGIN")
    try:
        rows = list_stories(store)
        meta = _article_meta(store)
        members = {row.id: tuple(story_members(store, row.id)) for row in rows}
    finally:
        if conn is not None and conn.in_transaction:
            conn.execute("COMMIT")
    infos = []
    story_of = {}
    outlets: set[str] = set()
    for row in rows:
        ids = members[row.id]
        digest = hashlib.sha256()
        digest.update((row.title or "").encode("utf-8"))
        added = []
        for aid in ids:
            story_of[aid] = row.id
            added_at, chash = meta.get(aid, ("", ""))
            added.append(added_at or "")
            digest.update(f"\n{aid}:{chash}".encode("utf-8"))
        outlets.update(row.outlets)
        infos.append(StoryInfo(row.id, row.size, row.title, tuple(row.outlets), row.first_published,
                               row.last_published, tuple(row.top_terms), row.relations, ids,
                               max(added) or None if added else None, digest.hexdigest()[:24]))
    infos.sort(key=lambda s: (s.last_added or "", s.last_published or ""), reverse=True)
    return Snapshot(stamp, tuple(infos), {s.id: s for s in infos}, story_of, tuple(sorted(outlets, key=str.lower)),
                    len(meta))


class StoryIndex:
    """The current snapshot of one database.

    The app's writer builds a new snapshot after each job (in its own process) and installs it
    here before the job shows as done. A change made by another program (``newsdesk add`` on
    the same file) is seen from the file stamp and rebuilt in a background thread, while the
    requests keep answering from the previous snapshot.
    """

    def __init__(self, db: str, open_reader):
        self.db = db
        self._open_reader = open_reader  # () -> a store for this thread
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._refreshing = False
        self._builds = 0  # snapshots started; an older one never replaces a newer one
        self._installed = -1

    def _next(self) -> int:
        with self._lock:
            self._builds += 1
            return self._builds

    def current(self) -> Snapshot:
        snap = self._snapshot
        if snap is None:
            return self.refresh()
        if snap.stamp != file_stamp(self.db) and not self._refreshing:
            with self._lock:
                if not self._refreshing:
                    self._refreshing = True
                    threading.Thread(target=self._background, name="newsdesk-index", daemon=True).start()
        return snap

    def _background(self) -> None:
        from newsdesk.store import open_store

        try:
            with open_store(self.db) as store:
                self._build(store)
        finally:
            self._refreshing = False

    def refresh(self) -> Snapshot:
        """Rebuild now, in this thread."""
        return self._build(self._open_reader())

    def install(self, snap: Snapshot) -> None:
        """A snapshot built elsewhere (the writer's, right after its commit)."""
        seq = self._next()
        with self._lock:
            if seq > self._installed:
                self._snapshot, self._installed = snap, seq

    def _build(self, store) -> Snapshot:
        seq = self._next()
        snap = build_snapshot(store, file_stamp(self.db))
        with self._lock:
            if seq > self._installed:
                self._snapshot, self._installed = snap, seq
            return self._snapshot
