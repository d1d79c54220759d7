"""The reads behind the web app's story index (``newsdesk.web.index``): which stories changed
since a mark, their rows, and the stored stamps of their articles.

Every assignment that changes a story saves its row in ``stories`` with ``updated_at`` = now
(``ClusterTables.save_story``), inside the add's one write transaction; a story that disappears
(merged away, emptied) leaves the rows with ``size > 0``. So the stories that changed since a
snapshot are the ones with ``updated_at`` at or after the newest ``updated_at`` it saw, plus the
ones gone from the live set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager


_CHUNK = 500


def _chunks(items: Sequence, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


@contextmanager
def read_transaction(store) -> Iterator[None]:
    """One read transaction: every query inside sees the same committed state."""
    conn = store.conn
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def story_mark(store) -> str | None:
    """The newest ``updated_at`` of any story (None when there is none)."""
    return store.conn.execute("SELECT max(updated_at) FROM stories").fetchone()[0]


def live_story_seqs(store) -> set[int]:
    return {r[0] for r in store.conn.execute("SELECT seq FROM stories WHERE size > 0")}


def changed_story_seqs(store, mark: str) -> set[int]:
    """Stories saved at or after ``mark`` (their rows may say size 0: gone)."""
    return {r[0] for r in store.conn.execute("SELECT seq FROM stories WHERE updated_at >= ?", (mark,))}


def story_rows(store, seqs: Iterable[int]) -> list[tuple]:
    """(seq, size, title, outlets, first published, last published, top terms, relations) of the
    given live stories: the fields of ``cluster.persist.StoryRow``, read as ``list_stories`` does."""
    tables = store.cluster_tables()
    out = []
    for part in _chunks(sorted(set(seqs))):
        for seq, size, title, first, last, top in store.conn.execute(
                "SELECT seq, size, title, first_published, last_published, top_terms FROM stories"
                f" WHERE size > 0 AND seq IN ({','.join('?' * len(part))})", part):
            out.append((seq, size, title, tuple(tables.story_outlets(seq)), first, last, tuple(json.loads(top)),
                        tables.story_relation_count(seq)))
    return out


def article_stamps(store, ids: Sequence[str] | None = None) -> dict[str, tuple[str, str]]:
    """article id -> (added_at, content_hash), of all articles or of ``ids``."""
    conn = store.conn
    if ids is None:
        return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, added_at, content_hash FROM articles")}
    out: dict[str, tuple[str, str]] = {}
    for part in _chunks(list(ids)):
        for r in conn.execute(f"SELECT id, added_at, content_hash FROM articles WHERE id IN ({','.join('?' * len(part))})",
                              part):
            out[r[0]] = (r[1], r[2])
    return out


def article_count(store) -> int:
    return store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
