"""A batch of fetched items on their way into the store: pages read and cleaned (here or in worker
processes), feed entries kept when a page cannot be read, then one write transaction that stores the
articles, assigns their stories and marks the items done."""

from __future__ import annotations

import sqlite3
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsdesk.errors import InputError
from newsdesk.records import Article, Skipped
from newsdesk.watch import state
from newsdesk.watch.config import WatchConfig
from newsdesk.watch.pages import clean, entry_document, read_page

if TYPE_CHECKING:
    from newsdesk.watch.round import RoundReport


@dataclass
class Pending:
    """An item queued for this round (with its page when a page source's poll brought it)."""

    key: str
    url: str
    entry: dict | None
    etag: str | None
    last_modified: str | None
    attempts: int
    revised: bool
    page: object = None  # a Response already in hand (plain-page sources)


class Batch:
    """Cleaned articles waiting to be stored with their items; one transaction per flush."""

    def __init__(self, store, config: WatchConfig, report: RoundReport, clock, pool=None):
        self.store, self.config, self.report, self.clock = store, config, report, clock
        self.pool = pool  # worker processes that read and clean pages (None: this process)
        self.inflight: deque = deque()  # (item, response, future) in the order the pages came
        self.articles: list[tuple[Pending, Article, object, str | None]] = []
        self.finished: list[tuple[Pending, str, str | None, object]] = []  # (item, state, error, response)
        self.skips: list[Skipped] = []

    def page(self, pending: Pending, response) -> None:
        self.report.pages_fetched += 1
        if self.pool is not None:
            try:
                future = self.pool.submit(read_page, pending.url, response, self.config.limits, pending.entry)
            except (BrokenProcessPool, RuntimeError):  # the workers died (Ctrl-C reaches them too) or were shut down
                self.pool = None  # this page and the rest are read here
            else:
                self.inflight.append((pending, response, future))
                while len(self.inflight) > 4 * self.config.batch_size:  # bounded: the pages wait in memory
                    self.collect(block=True, limit=1)
                return
        self._read(pending, response, read_page(pending.url, response, self.config.limits, pending.entry))

    def _read(self, pending: Pending, response, result) -> None:
        article, error = result
        if article is None:
            self.fallback(pending, error, response)
        else:
            self.articles.append((pending, article, response, None))

    def collect(self, block: bool, limit: int | None = None) -> None:
        """Take the pages the workers have cleaned, in the order they came (waiting when ``block``)."""
        taken = 0
        while self.inflight and (block or self.inflight[0][2].done()) and (limit is None or taken < limit):
            pending, response, future = self.inflight.popleft()
            try:
                result = future.result()
            except Exception:  # a worker that died (or was cancelled): read the page here instead
                result = read_page(pending.url, response, self.config.limits, pending.entry)
            self._read(pending, response, result)
            taken += 1

    def fallback(self, pending: Pending, error: str | None, response=None) -> None:
        doc = entry_document(pending.url, pending.entry)
        if doc is not None:
            try:
                article = clean(doc)
            except InputError as exc:
                error = f"{error}; feed entry: {exc.reason}" if error else f"feed entry: {exc.reason}"
            else:
                self.report.items_fallback += error is not None  # kept instead of an unreadable page
                self.articles.append((pending, article, response, error))
                return
        error = error or "feed entry has no text"
        self.report.items_failed += 1
        self.skips.append(Skipped(pending.url, error))
        self.finished.append((pending, "failed", error, response))

    def unchanged(self, pending: Pending, response) -> None:
        self.finished.append((pending, "done", None, response))

    def flush_if_full(self) -> None:
        self.collect(block=False)
        if len(self.articles) + len(self.finished) >= self.config.batch_size:
            self._store()

    def flush(self) -> None:
        self.collect(block=True)
        self._store()

    def _store(self) -> None:
        """Store the batch's articles, assign their stories and mark its items done: one write
        transaction where the store offers one (``store.write``), so a crash keeps all or none."""
        if not self.articles and not self.finished:
            return
        from contextlib import nullcontext

        from newsdesk.add import store_articles

        by_id: dict[str, Article] = {}
        for _, article, _, _ in self.articles:
            by_id[article.id] = article
        conn = state.connection(self.store)
        write = getattr(self.store, "write", None)
        now = self.clock()
        with write() if write else nullcontext():
            result, stories = store_articles(self.store, list(by_id.values()), self.skips)
            for pending, article, response, error in self.articles:
                self._finish(conn, pending, "done", _stored_id(conn, article), error, response, now)
            for pending, item_state, error, response in self.finished:
                self._finish(conn, pending, item_state, None, error, response, now)
        if not write:
            conn.commit()
        self.report.articles_added += len(result.added)
        self.report.articles_updated += len(result.updated)
        for aid in (*result.added, *result.updated):
            sid = stories.get(aid)
            if sid and sid not in self.report.stories:
                self.report.stories.append(sid)
        self.articles, self.finished, self.skips = [], [], []

    @staticmethod
    def _finish(conn, pending: Pending, item_state: str, article_id, error, response, now) -> None:
        headers = getattr(response, "headers", None) or {}
        state.finish_item(conn, pending.key, state=item_state, article_id=article_id, error=error,
                          etag=headers.get("etag"), last_modified=headers.get("last-modified"),
                          fetched=response is not None, now=now)


def _stored_id(conn, article: Article) -> str:
    """The id the store gave ``article`` (it may settle a colliding id differently)."""
    from newsdesk.store.ids import source_key

    try:
        row = conn.execute("SELECT id FROM articles WHERE source_key = ? LIMIT 1", (source_key(article),)).fetchone()
    except sqlite3.OperationalError:  # a store without input keys keeps the reader's id
        return article.id
    return row[0] if row else article.id
