"""The `add` job: read inputs, clean them, store them; one bad input never stops the batch."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Sequence

from newsdesk.clean import clean_documents
from newsdesk.ingest import read_sources
from newsdesk.ingest.limits import ReadLimits
from newsdesk.records import Article, Skipped
from newsdesk.store.base import AddResult, Store


@dataclass(frozen=True)
class AddReport:
    """What an `add` run did."""

    result: AddResult
    skipped: tuple[Skipped, ...] = ()
    stories: dict = field(default_factory=dict)  # article id -> story id, when clustering ran


MAX_RECOVERY_ATTEMPTS = 3  # a pending batch that crashed this many adds is given up (with a skip)


def add_inputs(
    store: Store,
    inputs: Sequence[str],
    *,
    on_item: Callable[[str], None] | None = None,
    assign_stories: bool = True,
    limits: ReadLimits | None = None,
    lock_timeout: float | None = None,
) -> AddReport:
    """Read, clean and store ``inputs``; record every skip in the store; assign stories.
    ``limits`` bounds the reading (sizes, time, URL policy); None means ``ReadLimits()``.

    One batch is one write: the articles, the skips, their relations and stories and the removal
    of the batch's pending record commit together (``store.write``), or none of them does. Reading
    and cleaning happen before, outside the write lock, so concurrent adds on one database only
    queue for the write (up to ``lock_timeout`` seconds, then a clear ``StorageError``). Before
    reading, the inputs are recorded as pending work; an add that finds the pending work of one
    that died (crash, kill -9) does that work too, so nothing is left half-added.
    """
    inputs = list(inputs)
    pending_id = store.begin_pending([_absolute(i) for i in inputs]) if hasattr(store, "begin_pending") else None
    _fault("after_pending")
    recovered: list[int] = []
    skipped_extra: list[Skipped] = []
    extra_inputs: list[str] = []
    if hasattr(store, "claim_orphaned_pending"):
        for orphan_id, orphan_inputs, attempts in store.claim_orphaned_pending():
            recovered.append(orphan_id)
            if attempts > MAX_RECOVERY_ATTEMPTS:
                skipped_extra.extend(Skipped(i, f"an earlier add of this input died {attempts - 1} times; given up")
                                     for i in orphan_inputs)
            else:
                extra_inputs.extend(i for i in orphan_inputs if i not in extra_inputs)
    articles, skipped = clean_documents(read_sources(inputs, limits=limits), on_item=on_item)
    if extra_inputs:
        more, more_skipped = clean_documents(read_sources(extra_inputs, limits=limits))
        articles = more + articles  # the older batch first, as it would have been stored
        skipped = more_skipped + skipped
    skipped = skipped_extra + skipped
    write = getattr(store, "write", None)
    with write(lock_timeout) if write else _nothing():
        result, stories = store_articles(store, articles, skipped, assign_stories=assign_stories)
        for done in [pending_id, *recovered]:
            if done is not None:
                store.finish_pending(done)
    return AddReport(result, tuple(skipped), stories)


def store_articles(store: Store, articles: Sequence[Article], skipped: Sequence[Skipped] = (), *,
                   assign_stories: bool = True, lock_timeout: float | None = None) -> tuple[AddResult, dict]:
    """Store cleaned ``articles`` (and ``skipped`` records) and assign stories, in one write.

    What ``add`` does once its inputs are read; also the way in for articles that come from
    elsewhere (a batch job's Parquet output). Returns the store's result and article id -> story.
    """
    stories: dict = {}
    write = getattr(store, "write", None)
    with write(lock_timeout) if write else _nothing():
        if hasattr(store, "resolve_ids"):
            articles, keys = store.resolve_ids(articles)
            result = store.add_articles(articles, keys)
        else:
            articles = _unique(list(articles))
            result = store.add_articles(articles)
        _fault("after_articles")
        if skipped:
            store.record_skips(skipped)
        if assign_stories and articles:
            from newsdesk.cluster.persist import assign_stories as assign

            stories = assign(store, articles, changed=result.updated)
        _fault("after_stories")
    return result, stories


def _absolute(item: str) -> str:
    """An input as the next add can find it from any folder (URLs and patterns as they are)."""
    if item.startswith(("http://", "https://")):
        return item
    return os.path.abspath(os.path.expanduser(item))


def _fault(point: str) -> None:
    """Test hook: ``NEWSDESK_FAULT=<point>`` kills the process there, as kill -9 would."""
    if os.environ.get("NEWSDESK_FAULT") == point:
        os._exit(137)


@contextmanager
def _nothing():
    yield


def _unique(articles: list[Article]) -> list[Article]:
    """The last version of each id within one batch."""
    by_id: dict[str, Article] = {}
    for article in articles:
        by_id[article.id] = article
    return list(by_id.values())
