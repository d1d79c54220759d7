"""Story briefs, computed off the request threads and cached until the story changes.

An entry is keyed by story id and valid for one digest of the story (its members and their
stored content); a changed story gets a new brief on its next visit. Rendered forms (the
page, Markdown, the report, the contract JSON) are kept with the entry once made.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from newsdesk.errors import NewsdeskError, NotFoundError


@dataclass
class Entry:
    digest: str
    brief: object  # newsdesk.reconcile.model.Brief
    rendered: dict = field(default_factory=dict)

    def render(self, key: str, make):
        value = self.rendered.get(key)
        if value is None:
            value = self.rendered[key] = make(self.brief)
        return value


class BriefCache:
    def __init__(self, db: str, mode: str, size: int):
        self.db = db
        self.mode = mode
        self.size = max(1, size)
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._executor = None
        self.computed = 0  # briefs computed (for tests and the bench)

    def _pool(self):
        if self._executor is None:
            with self._lock:
                if self._executor is None:
                    if self.mode == "process":
                        import multiprocessing
                        from concurrent.futures import ProcessPoolExecutor

                        self._executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
                    else:
                        from concurrent.futures import ThreadPoolExecutor

                        self._executor = ThreadPoolExecutor(1, thread_name_prefix="newsdesk-brief")
        return self._executor

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:  # a brief being computed is not waited for
            proc.terminate()
            proc.join(5)

    def peek(self, key: str, digest: str) -> Entry | None:
        entry = self._entries.get(key)
        return entry if entry is not None and entry.digest == digest else None

    def get(self, key: str, digest: str, fn, *args) -> Entry:
        """The entry for ``key`` at ``digest``, computing ``fn(db, *args)`` in the worker if needed."""
        entry = self.peek(key, digest)
        if entry is not None:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
            return entry
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # one computation per story at a time; the others wait for it
            entry = self.peek(key, digest)
            if entry is not None:
                return entry
            result = self._run(fn, *args)
            entry = Entry(digest, result)
            with self._lock:
                self._entries[key] = entry
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
                self.computed += 1
            return entry

    def _run(self, fn, *args):
        from concurrent.futures.process import BrokenProcessPool

        try:
            result = self._pool().submit(fn, self.db, *args).result()
        except BrokenProcessPool:
            with self._lock:
                self._executor = None
            raise NewsdeskError("the brief worker stopped unexpectedly; try again") from None
        if isinstance(result, tuple):
            kind, message = result
            raise NotFoundError(message) if kind == "not_found" else NewsdeskError(message)
        return result
