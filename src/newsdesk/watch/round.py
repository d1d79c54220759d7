"""One round of `newsdesk watch`: poll the due sources, fetch the new items' pages, add them.

1. Every due source is fetched with a conditional GET (its ETag / Last-Modified); a 304 means
   nothing new. A feed or news sitemap yields items; an item never seen before (by canonical URL)
   is queued in the database, so a restart resumes it; an item the source marks as updated is
   queued again. A plain page source is its own item, re-read when its content changes.
2. Every queued item's page is fetched (host by host, politely). The page becomes the article;
   when it cannot be read (error, robots.txt, not an article) the feed entry's own text is kept.
3. Articles are cleaned, stored and assigned to stories in batches; each item is marked done
   right after its batch is stored, so a stop loses no fetched item and none is fetched twice.
4. The stories that gained or changed articles get a new version of their brief facts.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

from newsdesk.errors import InputError
from newsdesk.watch import state
from newsdesk.watch.config import WatchConfig
from newsdesk.watch.discover import PAGE, Item, canonical_url, discover
from newsdesk.watch.fetching import BLOCKED, DEFERRED, Fetcher, Outcome
from newsdesk.watch.http import host_of, make_client, retry_after
from newsdesk.watch.batch import Batch, Pending


@dataclass
class RoundReport:
    """What one round did (printed as one line; logged as JSON)."""

    round: int = 0
    sources_due: int = 0
    sources_polled: int = 0
    sources_unchanged: int = 0  # 304 or same content
    sources_failed: int = 0
    items_new: int = 0
    items_revised: int = 0
    items_duplicate: int = 0  # seen in another source (or earlier) and not fetched again
    pages_fetched: int = 0
    pages_unchanged: int = 0  # 304 on a revised item
    items_fallback: int = 0  # feed entry kept because the page could not be read
    items_failed: int = 0
    items_deferred: int = 0
    articles_added: int = 0
    articles_updated: int = 0
    stories: list[str] = field(default_factory=list)
    versions: int = 0
    requests: int = 0
    seconds: float = 0.0
    stopped: bool = False

    def line(self) -> str:
        parts = [f"round {self.round}: {self.sources_polled}/{self.sources_due} sources polled"
                 f" ({self.sources_unchanged} unchanged, {self.sources_failed} failed)",
                 f"items {self.items_new} new, {self.items_revised} revised, {self.items_duplicate} seen,"
                 f" {self.items_failed} failed, {self.items_deferred} deferred",
                 f"pages {self.pages_fetched} fetched ({self.items_fallback} kept from the feed)",
                 f"articles {self.articles_added} added, {self.articles_updated} updated",
                 f"{len(self.stories)} stories touched",
                 f"{self.requests} requests, {self.seconds:.1f} s"]
        return "; ".join(parts) + (" (stopped)" if self.stopped else "")

    def to_dict(self) -> dict:
        return {"event": "round", **asdict(self)}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run_round(store, config: WatchConfig | None = None, *, client=None, stop: threading.Event | None = None,
              log: Callable[[dict], None] | None = None, clock: Callable[[], float] = time.time) -> RoundReport:
    """Run one round against ``store``; ``stop`` ends it early without losing a fetched item."""
    config = config or WatchConfig()
    stop = stop or threading.Event()
    log = log or (lambda event: None)
    own_client = client is None
    client = client or make_client(config.limits)
    started = clock()
    report = RoundReport()
    fetcher = Fetcher(client, config, stop=stop, log=log, clock=clock)
    try:
        for host, (next_allowed, robots, fetched) in state.host_states(store).items():
            fetcher.load_host(host, next_allowed, robots, fetched)
        pages = _poll_sources(store, fetcher, config, report, clock)
        _fetch_items(store, fetcher, config, report, clock, pages)
        if config.versions and report.stories and not stop.is_set():
            from newsdesk.versions import record_versions

            report.versions = len(record_versions(store, report.stories))
        for host, next_allowed in fetcher.gate.states().items():
            robots = fetcher.robots_fetched.get(host)
            state.save_host(store, host, next_allowed=next_allowed, robots=robots[0] if robots else None,
                            robots_fetched=robots[1] if robots else None)
    finally:
        if own_client:
            client.close()
    report.stopped = stop.is_set()
    report.requests = fetcher.requests
    report.seconds = round(clock() - started, 3)
    report.round = state.record_round(store, started, clock(), report.to_dict())
    log(report.to_dict())
    return report


# --------------------------------------------------------------------------- 1. sources


def _poll_sources(store, fetcher: Fetcher, config: WatchConfig, report: RoundReport, clock) -> list[Pending]:
    now = clock()
    sources = state.due_sources(store, now)
    report.sources_due = len(sources)
    seen_this_round: set[str] = set()
    page_items: list[Pending] = []

    def poll(source: state.Source) -> Outcome:
        return fetcher.fetch(source, source.url, etag=source.etag, last_modified=source.last_modified, kind="source")

    for outcome in fetcher.run_by_host(((host_of(s.url), s) for s in sources), poll):
        source: state.Source = outcome.task
        response = outcome.response
        now = clock()
        backoff = min(source.every_s * 2 ** (source.consecutive_errors + 1), config.source_backoff_max)
        if outcome.reason in (DEFERRED, "stopped") and response is None:
            continue  # not polled: still due next round
        report.sources_polled += 1
        if outcome.reason == BLOCKED:
            report.sources_failed += 1
            state.record_poll(store, source, now=now, status="robots", error="robots.txt disallows this URL",
                              next_due_at=now + backoff)
            continue
        if response is None or response.status == 0 or response.status >= 400 or outcome.reason:
            report.sources_failed += 1
            status = str(response.status) if response is not None else "none"
            error = (response.error if response is not None and response.error else f"HTTP {status}")
            due = now + backoff
            asked = outcome.retry_after or (retry_after(response.headers.get("retry-after")) if response else None)
            if asked is not None:
                due = max(due, now + min(asked, config.backoff_max))
            state.record_poll(store, source, now=now, status=status, error=error, next_due_at=due)
            continue
        etag = response.headers.get("etag")
        last_modified = response.headers.get("last-modified")
        if response.status == 304:
            report.sources_unchanged += 1
            state.record_poll(store, source, now=now, status="304", error=None,
                              next_due_at=now + source.every_s, not_modified=True)
            continue
        digest = _digest(response.data)
        try:
            kind, items, children = discover(response.data, response.mime, kind=source.kind,
                                             source_url=source.url, name=source.name, limits=config.limits)
        except InputError as exc:
            report.sources_failed += 1
            state.record_poll(store, source, now=now, status=str(response.status), error=exc.reason,
                              next_due_at=now + backoff, etag=etag, last_modified=last_modified)
            continue
        if kind == PAGE:
            new = 0
            if digest != source.content_hash:
                item = items[0]
                known = state.known_items(store, [item.key]).get(item.key)
                state.queue_items(store, source.id, [item], revised=[item.key] if known else [])
                page_items.append(Pending(item.key, item.url, {"outlet": source.name}, None, None, 0,
                                           known is not None, page=response))
                new = 1
                report.items_new += known is None
                report.items_revised += known is not None
            else:
                report.sources_unchanged += 1
            state.record_poll(store, source, now=now, status=str(response.status), error=None,
                              next_due_at=now + source.every_s, kind=kind, etag=etag,
                              last_modified=last_modified, content_hash=digest, new_items=new)
            continue
        new_items, revised, dup = _select(store, items, seen_this_round, config.max_items_per_source)
        report.items_new += len(new_items) - len(revised)
        report.items_revised += len(revised)
        report.items_duplicate += dup
        state.queue_items(store, source.id, new_items, revised=revised)
        state.link_items(store, source.id, [i.key for i in items])
        if children:  # a sitemap index: its sitemaps become sources of their own, polled from the next round
            added = state.add_children(store, source, children[:config.max_child_sitemaps])
            fetcher.log({"event": "sitemap_index", "source": source.url, "children": len(children), "added": added})
        state.record_poll(store, source, now=now, status=str(response.status), error=None,
                          next_due_at=now + source.every_s, kind=kind, etag=etag, last_modified=last_modified,
                          content_hash=digest, new_items=len(new_items))
    return page_items


def _select(store, items: list[Item], seen_this_round: set[str], cap: int) -> tuple[list[Item], list[str], int]:
    """New items (never seen), revised ones (the source's update stamp changed) and the number of
    items already known (from another source or an earlier round) or repeated."""
    known = state.known_items(store, [i.key for i in items])
    new: list[Item] = []
    revised: list[str] = []
    dup = 0
    for item in items:
        if item.key in seen_this_round:
            dup += 1
            continue
        seen_this_round.add(item.key)
        old = known.get(item.key)
        if old is None:
            if len(new) < cap:
                new.append(item)
        elif old.state in ("done", "failed") and item.updated and item.updated != old.updated:
            new.append(item)
            revised.append(item.key)
        else:
            dup += 1
    return new, revised, dup


# --------------------------------------------------------------------------- 2-3. items


def _fetch_items(store, fetcher: Fetcher, config: WatchConfig, report: RoundReport, clock,
                 in_hand: list[Pending]) -> None:
    ready = {p.key for p in in_hand}
    queued = [Pending(i.key, i.url, i.entry, i.etag if i.article_id else None,
                       i.last_modified if i.article_id else None, i.attempts, i.article_id is not None)
              for i in state.pending_items(store) if i.key not in ready]
    pool = None
    if config.jobs > 1 and (queued or in_hand):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=config.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_ignore_interrupts)
    try:
        _fetch_into(Batch(store, config, report, clock, pool), store, fetcher, config, report, queued, in_hand)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the watcher, which finishes the round with the pages they clean."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _fetch_into(batch, store, fetcher: Fetcher, config: WatchConfig, report: RoundReport, queued, in_hand) -> None:
    for pending in in_hand:
        batch.page(pending, pending.page)

    def work(pending: Pending) -> Outcome:
        return fetcher.fetch(pending, pending.url, etag=pending.etag, last_modified=pending.last_modified)

    for pending in [p for p in queued if ((p.entry or {}).get("fallback") or {}).get("no_page")]:
        batch.fallback(pending, None)  # a feed entry without a page: its text is the article
    queued = [p for p in queued if not ((p.entry or {}).get("fallback") or {}).get("no_page")]
    for outcome in fetcher.run_by_host(((host_of(p.url), p) for p in queued), work):
        pending: Pending = outcome.task
        if outcome.reason == "stopped":
            continue  # stays pending for the next run
        if outcome.reason == DEFERRED:
            if pending.attempts + 1 >= config.max_attempts:
                batch.fallback(pending, "page deferred too often (host asks to wait)")
            else:
                report.items_deferred += 1
                state.defer_item(store, pending.key, "deferred: the host asked to wait")
            continue
        if outcome.reason == BLOCKED:
            batch.fallback(pending, "robots.txt disallows this page")
            continue
        response = outcome.response
        if response is not None and response.status == 304:
            report.pages_unchanged += 1
            batch.unchanged(pending, response)
        elif response is not None and response.ok:
            batch.page(pending, response)
        else:
            error = (response.error or f"HTTP {response.status}") if response is not None else "no response"
            batch.fallback(pending, error)
        batch.flush_if_full()
    batch.flush()


__all__ = ["RoundReport", "run_round", "canonical_url"]
