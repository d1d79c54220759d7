"""What one running app holds: its configuration, per-thread readers, the story index, the
brief cache, the writer, and the CSRF token of this run. Nothing here is global."""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections import OrderedDict
from pathlib import Path

from newsdesk.errors import NotFoundError
from newsdesk.web.briefs import BriefCache
from newsdesk.web.cache import Memo, Settler
from newsdesk.web.errors import WebError
from newsdesk.web.index import StoryIndex
from newsdesk.web.jobs import Writer

SEARCH_CACHE = 1024
SEARCH_PAGE = 20  # results on one page of a search (page and API); snippets are cut for these only
ANSWERS = 2048  # rendered pages and JSON answers kept (web/cache.py)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_TERM = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)


def fts_query(text: str) -> tuple[str, list[str]]:
    """A user's search text as a safe FTS5 query (every word or "quoted phrase" must match)."""
    parts, terms = [], []
    for phrase, word in _TERM.findall(text):
        words = re.findall(r"\w+", phrase or word, re.UNICODE)
        if not words:
            continue
        parts.append('"' + " ".join(words) + '"')
        terms.extend(words)
    return " ".join(parts), terms


def upload_name(name: str | None, fallback: str) -> str:
    """A file name safe to save under (no folders, no hidden files), keeping the extension."""
    base = Path((name or "").replace("\\", "/")).name
    base = _SAFE_NAME.sub("_", base).lstrip("._")[:120]
    return base or fallback


class AppState:
    def __init__(self, config):
        self.config = config
        self.db = config.db
        self.csrf = config.csrf or secrets.token_urlsafe(32)
        self._local = threading.local()
        # in the server's own process, each new snapshot is frozen out of the collector's full passes
        self.index = StoryIndex(self.db, self.reader, Settler() if config.workers == "process" else None)
        self.briefs = BriefCache(self.db, config.workers, config.brief_cache, config.shared_dir)
        if config.role == "reader":  # the primary process writes; this one forwards (web/processes.py)
            from newsdesk.web.processes import NoWriter

            self.writer = NoWriter()
        else:
            self.writer = Writer(self.db, config.workers, self._job_finished, config.url_allowed_hosts,
                                 config.writer_nice)
        self.uploads = Path(self.db).resolve().parent / (Path(self.db).stem + "-uploads")
        self.answers = Memo(ANSWERS)  # ready pages and JSON, each valid for one version of its data
        self._search_cache: OrderedDict = OrderedDict()
        self._search_lock = threading.Lock()
        self._searcher = None  # the search worker process (process mode), started on the first search
        from concurrent.futures import ThreadPoolExecutor

        self._background = ThreadPoolExecutor(4, thread_name_prefix="newsdesk-page")
        self._pending: dict = {}
        self._pending_lock = threading.Lock()

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self.writer.start()
        snapshot = self.index.refresh()
        if self.config.warm > 0 and snapshot.stories:
            threading.Thread(target=self._warm, args=(snapshot.stories[: self.config.warm],),
                             name="newsdesk-warm", daemon=True).start()

    def stop(self) -> None:
        self.writer.stop()
        self.briefs.close()
        searcher, self._searcher = self._searcher, None
        if searcher is not None:  # its processes are ended, not left behind the server
            processes = list((getattr(searcher, "_processes", None) or {}).values())
            searcher.shutdown(wait=False, cancel_futures=True)
            for proc in processes:
                proc.terminate()
                proc.join(5)
        self._background.shutdown(wait=False, cancel_futures=True)

    def _warm(self, stories) -> None:
        for info in stories:
            try:
                self.story_entry(info)
            except Exception:  # warming is a courtesy; the page computes it when asked
                pass

    def _job_finished(self, job, snapshot) -> None:
        if snapshot is not None:
            self.index.install(snapshot)
        else:
            self.index.refresh()

    # -- reads --------------------------------------------------------------------------------

    def reader(self):
        """This thread's store (SQLite connections stay in the thread that opened them)."""
        store = getattr(self._local, "store", None)
        if store is None:
            from newsdesk.store import open_store

            store = self._local.store = open_store(self.db)
        return store

    def snapshot(self):
        return self.index.current()

    def story(self, sid: str):
        info = self.snapshot().by_id.get(sid)
        if info is None:
            raise NotFoundError(f"no story with id {sid!r}")
        return info

    def story_entry(self, info):
        from newsdesk.web.work import story_brief

        return self.briefs.get(info.id, info.digest, story_brief, info.id, info.title)

    def brief_in_background(self, info, render):
        """A future of ``render(info)`` (the story page), one per story and digest at a time."""
        key = (info.id, info.digest)
        with self._pending_lock:
            future = self._pending.get(key)
            if future is None or (future.done() and future.exception() is not None):
                future = self._pending[key] = self._background.submit(render, info)
                future.add_done_callback(lambda _f, k=key: self._forget(k))
            return future

    def _forget(self, key) -> None:
        with self._pending_lock:
            self._pending.pop(key, None)

    def article(self, aid: str):
        return self.reader().get_article(aid)

    def article_entry(self, aid: str, article):
        """The brief that holds this article's entities, quotes and claims (its story's)."""
        from newsdesk.serialize import article_to_dict
        from newsdesk.web.work import article_brief

        sid = self.snapshot().story_of.get(aid)
        if sid is not None:
            return sid, self.story_entry(self.story(sid))
        digest = hashlib.sha256(repr(sorted(article_to_dict(article, full=False).items())).encode()).hexdigest()[:24]
        return None, self.briefs.get(f"article:{aid}", digest, article_brief, aid)

    def search_cached(self, text: str, limit: int = SEARCH_PAGE, offset: int = 0):
        """The answer of :meth:`search` when it is in the cache and still valid, else None."""
        query, terms = fts_query(text)
        if not query:
            raise WebError(400, "empty_query", "give at least one word to search for")
        stamp = self.snapshot().stamp
        with self._search_lock:
            hit = self._search_cache.get((query, limit, offset))
            if hit is not None and hit[0] == stamp:
                self._search_cache.move_to_end((query, limit, offset))
                return (terms, *hit[1])
        return None

    def search(self, text: str, limit: int = SEARCH_PAGE, offset: int = 0):
        """(terms, [(story or None, article rows)], more) for one page of a search: the ``limit``
        best matches after the first ``offset``, with a snippet each, grouped by story; ``more``
        says whether a next page has any. A repeated search is answered
        from a cache that lives until the store changes (ranking every match of a common word
        costs tens of milliseconds); snippets are kept longer (``store.search.SnippetCache``)."""
        cached = self.search_cached(text, limit, offset)
        if cached is not None:
            return cached
        query, terms = fts_query(text)
        snap = self.snapshot()
        return (terms, *self._grouped(snap, (query, limit, offset),
                                      self.reader().list_articles(search=query, limit=limit + 1, offset=offset)))

    async def search_async(self, text: str, limit: int = SEARCH_PAGE, offset: int = 0):
        """:meth:`search` for a request on the event loop. With search worker processes
        (``serve --search-workers N``), a search not in the cache is ranked and cut into snippets
        in one of them, while the server's own process keeps answering the other requests;
        otherwise (the default, best on two cores; and thread mode) it runs here, on the loop.
        Never in a thread of this process: each SQLite step would queue for the interpreter lock
        behind the loop's work."""
        cached = self.search_cached(text, limit, offset)
        if cached is not None:
            return cached
        if self.config.workers != "process" or self.config.search_workers < 1:
            return self.search(text, limit, offset)
        import asyncio
        from concurrent.futures.process import BrokenProcessPool

        from newsdesk.errors import NewsdeskError, StorageError
        from newsdesk.web.work import search_rows

        query, terms = fts_query(text)
        snap = self.snapshot()  # the worker reads at or after this snapshot's commit
        try:
            rows = await asyncio.wrap_future(self._search_pool().submit(search_rows, self.db, query, limit + 1, offset))
        except BrokenProcessPool:
            with self._search_lock:
                self._searcher = None
            raise NewsdeskError("the search worker stopped unexpectedly; try again") from None
        if isinstance(rows, tuple):
            raise StorageError(rows[1])
        return (terms, *self._grouped(snap, (query, limit, offset), rows))

    def _search_pool(self):
        with self._search_lock:
            if self._searcher is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                self._searcher = ProcessPoolExecutor(self.config.search_workers,
                                                     mp_context=multiprocessing.get_context("spawn"))
            return self._searcher

    def _grouped(self, snap, key, rows):
        """(groups, more) of the rows of one page and the first row of the next (if any)."""
        limit = key[1]
        groups: dict[str | None, list] = {}
        for row in rows[:limit]:
            groups.setdefault(snap.story_of.get(row.id), []).append(row)
        result = ([(snap.by_id.get(sid) if sid else None, items) for sid, items in groups.items()], len(rows) > limit)
        with self._search_lock:
            self._search_cache[key] = (snap.stamp, result)
            self._search_cache.move_to_end(key)
            while len(self._search_cache) > SEARCH_CACHE:
                self._search_cache.popitem(last=False)
        return result

    # -- writes -------------------------------------------------------------------------------

    def job_folder(self) -> Path:
        folder = self.uploads / secrets.token_hex(6)
        folder.mkdir(parents=True, exist_ok=False)
        return folder
