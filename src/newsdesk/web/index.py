"""What the pages list: a snapshot of the stories, their members and a digest of each story.

A snapshot is renewed when the database changed (its files' size and modification time, or
the app's own writer finished a job). Only the stories saved since the previous snapshot (their
``stories.updated_at``), the ones gone, and those of the articles the job touched are read again
(``newsdesk.store.story_index``); the rest are kept as they were, so an add into a large store
costs what it changed. While one update runs, other requests keep answering from the previous
snapshot; the first one is built in full before the first answer. Each story's digest hashes its
member ids and their stored content hashes, so a brief cached under it is valid exactly until
the story changes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from newsdesk.cluster.persist import StoryRow
from newsdesk.store.cluster_state import story_id


@dataclass(frozen=True)
class StoryInfo(StoryRow):
    """A stored story (``cluster.persist.StoryRow``) as the pages list it: with its members, when
    it last gained or changed an article (UTC, ISO) and the digest its cached brief is valid for."""

    members: tuple[str, ...] = ()
    last_added: str | None = None
    digest: str = ""
    seq: int = 0  # the story's number (its id's), kept to order and match without parsing the id

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
    mark: str | None = None  # the newest stories.updated_at this snapshot has seen
    seqs: frozenset = frozenset()  # the live stories' numbers


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


def _info(row: tuple, members: tuple[str, ...], stamps: dict) -> StoryInfo:
    seq, size, title, outlets, first, last, top, relations = row
    digest = hashlib.sha256()
    digest.update((title or "").encode("utf-8"))
    added = []
    for aid in members:
        added_at, chash = stamps.get(aid, ("", ""))
        added.append(added_at or "")
        digest.update(f"\n{aid}:{chash}".encode("utf-8"))
    return StoryInfo(story_id(seq), size, title, outlets, first, last, top, relations, members,
                     max(added) or None if added else None, digest.hexdigest()[:24], seq)


def _ordered(infos: list[StoryInfo]) -> list[StoryInfo]:
    """Newest activity first; ties in ``list_stories``' order (size, last published, number)."""
    infos = sorted(infos, key=lambda s: s.seq)
    infos.sort(key=lambda s: s.last_published or "", reverse=True)  # SQLite: NULL last in DESC
    infos.sort(key=lambda s: -s.size)
    infos.sort(key=lambda s: (s.last_added or "", s.last_published or ""), reverse=True)
    return infos


def build_snapshot(store, stamp: tuple, previous: Snapshot | None = None,
                   touched: tuple[str, ...] = ()) -> Snapshot:
    """The stories of ``store`` now. Given the ``previous`` snapshot, only the stories saved since
    it (and those of the ``touched`` articles) are read again; the others are kept as they were."""
    from newsdesk.cluster.persist import story_members
    from newsdesk.store import story_index as rows

    with rows.read_transaction(store):
        mark = rows.story_mark(store)
        live = rows.live_story_seqs(store)
        if previous is None or previous.mark is None or mark is None:
            changed, kept = live, []
        else:
            changed = rows.changed_story_seqs(store, previous.mark) & live
            changed |= {previous.by_id[previous.story_of[a]].seq for a in touched if a in previous.story_of} & live
            changed |= live - previous.seqs
            kept = [s for s in previous.stories if s.seq in live and s.seq not in changed]
        fresh_rows = rows.story_rows(store, changed)
        members = {row[0]: tuple(story_members(store, story_id(row[0]))) for row in fresh_rows}
        every = [aid for ids in members.values() for aid in ids]
        stamps = rows.article_stamps(store, None if previous is None else every)
        count = len(stamps) if previous is None else rows.article_count(store)
    fresh = [_info(row, members[row[0]], stamps) for row in fresh_rows]
    infos = _ordered(kept + fresh)
    story_of = {aid: s.id for s in infos for aid in s.members}
    outlets = {o for s in infos for o in s.outlets}
    return Snapshot(stamp, tuple(infos), {s.id: s for s in infos}, story_of, tuple(sorted(outlets, key=str.lower)),
                    count, mark, frozenset(live))


class StoryIndex:
    """The current snapshot of one database.

    The app's writer builds a new snapshot after each job (in its own process) and installs it
    here before the job shows as done. A change made by another program (``newsdesk add`` on
    the same file) is seen from the file stamp and rebuilt in a background thread, while the
    requests keep answering from the previous snapshot.
    """

    def __init__(self, db: str, open_reader, on_new=None):
        self.db = db
        self._open_reader = open_reader  # () -> a store for this thread
        self._on_new = on_new  # (snapshot) -> None, after a new snapshot is in place
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._rebuild = None  # the future of the rebuild under way (or the last one)
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
        if snap.stamp != file_stamp(self.db):
            self.rebuilt()
        return snap

    def stale(self) -> bool:
        """True when the database changed since the current snapshot was built."""
        snap = self._snapshot
        return snap is None or snap.stamp != file_stamp(self.db)

    def rebuilt(self):
        """A future of the snapshot of the rebuild under way, or of one started now (in a
        background thread; the requests keep answering from the current snapshot meanwhile)."""
        from concurrent.futures import Future

        with self._lock:
            if self._rebuild is None or self._rebuild.done():
                self._rebuild = Future()
                threading.Thread(target=self._background, args=(self._rebuild,), name="newsdesk-index",
                                 daemon=True).start()
            return self._rebuild

    async def fresh(self, rounds: int = 3) -> None:
        """Wait, without blocking the event loop, until the snapshot is at least as new as the
        database was when called (a rebuild under way may have begun before the last commit:
        then another one). Readers of a server with several processes call it before each
        request, so that a page shows what the primary's writer committed before."""
        import asyncio

        for _ in range(rounds):
            if not self.stale():
                return
            await asyncio.wrap_future(self.rebuilt())

    def _background(self, future) -> None:
        from newsdesk.store import open_store

        try:
            with open_store(self.db) as store:
                future.set_result(self._build(store))
        except BaseException as exc:  # the waiting requests see it; the next call tries again
            future.set_exception(exc)

    def refresh(self) -> Snapshot:
        """Rebuild now, in this thread."""
        return self._build(self._open_reader())

    def install(self, snap: Snapshot) -> None:
        """A snapshot built elsewhere (the writer's, right after its commit)."""
        seq = self._next()
        with self._lock:
            newer = seq > self._installed
            if newer:
                self._snapshot, self._installed = snap, seq
        if newer and self._on_new is not None:
            self._on_new(snap)

    def _build(self, store) -> Snapshot:
        seq = self._next()
        snap = build_snapshot(store, file_stamp(self.db), self._snapshot)  # only what changed since
        with self._lock:
            newer = seq > self._installed
            if newer:
                self._snapshot, self._installed = snap, seq
            current = self._snapshot
        if newer and self._on_new is not None:
            self._on_new(snap)
        return current
