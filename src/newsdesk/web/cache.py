"""Answers kept until what they were made from changes.

A :class:`Memo` keeps ready answers (rendered pages, JSON bytes) under a key, each with the
version of the data it was made from: a story's :class:`~newsdesk.web.index.StoryInfo` (equal
until the story's row, members or their stored content change), or a snapshot's file stamp
(changes with every commit). A lookup with another version is a miss, so an add invalidates
exactly the answers made from what it changed. Bounded (least recently used out), thread-safe.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class Memo:
    def __init__(self, size: int):
        self.size = max(1, size)
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key, version):
        """The answer kept for ``key`` if it was made from ``version``, else None."""
        item = self._items.get(key)
        if item is not None and (item[0] is version or item[0] == version):
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                self.hits += 1
            return item[1]
        self.misses += 1
        return None

    def put(self, key, version, value):
        with self._lock:
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def answer(self, key, version, make):
        """The kept answer, or ``make()`` kept under ``version``."""
        value = self.get(key, version)
        return value if value is not None else self.put(key, version, make())

    def __len__(self) -> int:
        return len(self._items)


class Settler:
    """Keeps the server's long-lived objects out of the cyclic garbage collector's full passes.

    A snapshot of a 10k-article store is about 170k objects; every full collection walks all of
    them (about 70 ms of CPU on this machine, while every request in flight waits). After each new
    snapshot, young cycles are collected (cheap) and what is left is frozen (``gc.freeze``), so
    full passes walk only what was made since. Every ``full_every`` snapshots, everything is
    unfrozen and collected once, so garbage frozen meanwhile is not kept for ever. Used in the
    ``newsdesk serve`` process only (the interpreter's collector is the process's).
    """

    def __init__(self, full_every: int = 64):
        self.full_every = max(1, full_every)
        self.settled = 0
        self._lock = threading.Lock()

    def __call__(self, _snapshot=None) -> None:
        import gc

        with self._lock:
            self.settled += 1
            if self.settled % self.full_every == 0:
                gc.unfreeze()
                gc.collect()
            else:
                gc.collect(1)
            gc.freeze()
