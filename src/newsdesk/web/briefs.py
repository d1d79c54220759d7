"""Story briefs, computed off the request threads and cached until the story changes.

An entry is keyed by story id and valid for one digest of the story (its members and their
stored content); a changed story gets a new brief on its next visit. Rendered forms (the
page, Markdown, the report, the contract JSON) are kept with the entry once made.

When a server answers from several processes (``serve --processes N``), a brief computed by one
is kept on disk (``shared_dir``, the server's private run folder, removed when it stops) under
its key and digest, so the others read it instead of computing it again.
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
    def __init__(self, db: str, mode: str, size: int, shared_dir: str | None = None):
        self.db = db
        self.shared = None
        if shared_dir:
            from pathlib import Path

            self.shared = Path(shared_dir) / "briefs"
            self.shared.mkdir(mode=0o700, exist_ok=True)
        self.mode = mode
        self.size = max(1, size)
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._executor = None
        self._closed = False
        self.computed = 0  # briefs computed (for tests and the bench)

    def _pool(self):
        if self._executor is None:
            with self._lock:
                if self._closed:  # a late caller (the warm-up thread) starts no worker while the server stops
                    raise NewsdeskError("the server is stopping")
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
        with self._lock:
            self._closed = True
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
            result = self._kept(key, digest) if self.shared is None else self._kept_or_claimed(key, digest)
            if result is None and self.shared is None:
                result = self._run(fn, *args)
            elif result is None:  # claimed here: computed, kept for the others, the claim let go
                path = self._path(key, digest)
                try:
                    result = self._run(keep_brief, str(path), fn, *args)
                finally:
                    path.with_suffix(".claim").unlink(missing_ok=True)
            entry = Entry(digest, result)
            with self._lock:
                self._entries[key] = entry
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
                self.computed += 1
            return entry

    def _path(self, key: str, digest: str):
        import hashlib

        return self.shared / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}-{digest}.pickle"

    def _kept(self, key: str, digest: str):
        """The brief another process of this server computed for ``key`` at ``digest``, or None.
        (The folder is this server's own, made private when it started: nothing else writes there.)"""
        if self.shared is None:
            return None
        import pickle

        try:
            return pickle.loads(self._path(key, digest).read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError):
            return None

    def _kept_or_claimed(self, key: str, digest: str, wait: float = 300.0):
        """The brief another process keeps or is computing (waited for), or None once this
        process has claimed the computation (a claim file made with O_EXCL; one older than
        ``wait`` seconds is taken over, as its process must have died)."""
        import os
        import time

        path = self._path(key, digest)
        claim = path.with_suffix(".claim")
        while True:
            result = self._kept(key, digest)
            if result is not None:
                return result
            try:
                os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                return None
            except FileExistsError:
                try:
                    if time.time() - claim.stat().st_mtime > wait:
                        claim.unlink(missing_ok=True)
                except OSError:
                    pass
            time.sleep(0.1)

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


def keep_brief(db: str, path: str, fn, *args):
    """``fn(db, *args)`` (in the brief worker), kept at ``path`` for the server's other processes;
    the same key's briefs of older digests are removed."""
    import os
    import pickle
    from pathlib import Path

    result = fn(db, *args)
    if isinstance(result, tuple):  # an error: nothing to keep
        return result
    target = Path(path)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, target)
        prefix = target.name.split("-", 1)[0]
        for old in target.parent.glob(prefix + "-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:  # keeping it is a courtesy to the other processes
        tmp.unlink(missing_ok=True)
    return result
