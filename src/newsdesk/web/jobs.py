"""Add jobs and the one writer that runs them (a child process, or a thread in tests).

Every write of the app goes through :class:`Writer`: jobs queue up and run one at a time, so
SQLite sees one writer, and the request that submitted a job returns at once. A listener
thread turns the writer's progress events into the jobs' state, which the pages poll.
"""

from __future__ import annotations

import queue
import secrets
import threading
import time
from dataclasses import dataclass, field

KEEP_JOBS = 200


@dataclass
class Job:
    id: str
    inputs: tuple[str, ...]  # what the job reads, as the user named it (file names, URLs)
    created: float = field(default_factory=time.time)
    state: str = "queued"  # queued | running | done | failed
    stage: str = "queued"
    read: int = 0
    message: str | None = None
    result: dict | None = None
    started: float | None = None
    finished: float | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "state": self.state, "stage": self.stage, "read": self.read,
                "inputs": list(self.inputs), "message": self.message, "result": self.result,
                "created": self.created, "started": self.started, "finished": self.finished, "url": f"/jobs/{self.id}",
                "api": f"/api/jobs/{self.id}"}


class Writer:
    def __init__(self, db: str, mode: str, on_finished, allowed_hosts: tuple[str, ...] = (), nice: int = 0):
        self.db = db
        self.nice = nice  # the writer process's CPU priority below the server's (process mode only)
        self.allowed_hosts = tuple(allowed_hosts)
        self.mode = mode
        self._on_finished = on_finished  # (job, snapshot): in the listener thread, before a job shows "done"
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._proc = None
        self._listener: threading.Thread | None = None
        self._stopping = False
        self._done = threading.Condition()

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self._start_worker()
        self._listener = threading.Thread(target=self._listen, name="newsdesk-writer-events", daemon=True)
        self._listener.start()

    def _start_worker(self) -> None:
        from newsdesk.web.work import writer_loop, writer_process

        if self.mode == "process":
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")
            self._queue, self._events = ctx.Queue(), ctx.Queue()
            self._proc = ctx.Process(target=writer_process, args=(self.db, self._queue, self._events, self.nice),
                                     name="newsdesk-writer", daemon=True)
        else:
            self._queue, self._events = queue.Queue(), queue.Queue()
            self._proc = threading.Thread(target=writer_loop, args=(self.db, self._queue, self._events),
                                          name="newsdesk-writer", daemon=True)
        self._proc.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping = True
        try:
            self._queue.put(None)
        except (ValueError, OSError):
            pass
        if self._listener is not None:
            self._listener.join(timeout)
        if self._proc is not None:
            self._proc.join(timeout)
            if self.mode == "process" and self._proc.is_alive():
                self._proc.terminate()
                self._proc.join(2)

    # -- jobs ---------------------------------------------------------------------------------

    def submit(self, inputs: list[str], names: list[str], max_bytes: int) -> Job:
        job = Job(secrets.token_hex(8), tuple(names))
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].state in ("queued", "running"):
                    break
                del self._jobs[oldest]
        self._queue.put((job.id, list(inputs), max_bytes, self.allowed_hosts))
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def pending(self) -> int:
        return sum(1 for j in list(self._jobs.values()) if j.state in ("queued", "running"))

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """Block until the job is done or failed (or ``timeout`` passes)."""
        end = time.monotonic() + timeout
        with self._done:
            while True:
                job = self._jobs.get(job_id)
                if job is None or job.state in ("done", "failed"):
                    return job
                left = end - time.monotonic()
                if left <= 0:
                    return job
                self._done.wait(min(left, 0.5))

    # -- the listener -------------------------------------------------------------------------

    def _listen(self) -> None:
        while True:
            try:
                job_id, fields = self._events.get(timeout=1.0)
            except queue.Empty:
                if self._stopping:
                    return
                if self.mode == "process" and self._proc is not None and not self._proc.is_alive():
                    self._worker_died()
                continue
            except (EOFError, OSError):
                return
            if job_id is None:
                return
            job = self._jobs.get(job_id)
            if job is None:
                continue
            state = fields.pop("state", None)
            fields.pop("trace", None)
            snapshot = fields.pop("snapshot", None)
            for key, value in fields.items():
                setattr(job, key, value)
            if state == "finishing":
                try:
                    self._on_finished(job, snapshot)
                finally:
                    state = "done"
            if state:
                job.state = state
            if state == "running":
                job.started = time.time()
            if state in ("done", "failed"):
                job.finished = time.time()
                with self._done:
                    self._done.notify_all()

    def _worker_died(self) -> None:
        """The writer process is gone: fail its jobs and start a new one."""
        for job in list(self._jobs.values()):
            if job.state in ("queued", "running"):
                job.state, job.stage, job.finished = "failed", "failed", time.time()
                job.message = "the writer process stopped unexpectedly; nothing of this job was kept unless listed"
        with self._done:
            self._done.notify_all()
        self._start_worker()
