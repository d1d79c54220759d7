"""Work spread over hosts: one thread per host at a time (at most ``max_hosts`` hosts at once),
each host's requests in order through the :class:`~newsdesk.watch.http.HostGate`, robots.txt
read before a host's first request, retries with back-off, results handed to the caller's thread.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from newsdesk.watch.config import WatchConfig
from newsdesk.watch.http import HostGate, Response, get, host_of, retry_after
from newsdesk.watch.robots import Robots, RobotsRules, robots_url

DEFERRED = "deferred"  # the host's next slot is too far away for this round
STOPPED = "stopped"  # a stop was asked for before the request started
BLOCKED = "blocked"  # robots.txt disallows the URL


@dataclass(frozen=True)
class Outcome:
    """The end of one task: a response, or why there is none (DEFERRED / STOPPED / BLOCKED)."""

    task: Any
    response: Response | None = None
    reason: str | None = None
    retry_after: float | None = None  # seconds a 429/503 asked for, when it did


class Fetcher:
    """Polite GETs for one round: host gate, robots rules, request log."""

    def __init__(self, client, config: WatchConfig, *, stop: threading.Event,
                 log: Callable[[dict], None], clock: Callable[[], float] = time.time):
        self.client = client
        self.config = config
        self.stop = stop
        self.clock = clock
        self.gate = HostGate(config.min_delay, stop, clock)
        self.rules = RobotsRules()
        self.robots_fetched: dict[str, tuple[Robots, float]] = {}
        self._log = log
        self._log_lock = threading.Lock()
        self.requests = 0

    def log(self, event: dict) -> None:
        with self._log_lock:
            if event.get("event") == "request":
                self.requests += 1
            self._log(event)

    def load_host(self, host: str, next_allowed: float, robots: Robots | None, fetched: float | None) -> None:
        self.gate.defer(host, next_allowed)
        if robots is not None and fetched is not None and self.clock() - fetched < self.config.robots_ttl:
            self._use_robots(host, robots)

    def _use_robots(self, host: str, robots: Robots) -> None:
        self.rules.set(host, robots)
        delay = robots.crawl_delay()
        if delay:
            self.gate.set_delay(host, min(delay, self.config.max_crawl_delay))

    def _request(self, host: str, url: str, etag: str | None, last_modified: str | None,
                 kind: str) -> Response | None:
        def send() -> Response:
            started = self.clock()
            response = get(self.client, url, self.config.limits, etag=etag, last_modified=last_modified)
            self.log({"event": "request", "kind": kind, "host": host, "url": url, "t": round(started, 6),
                      "status": response.status, "bytes": len(response.data), "error": response.error})
            return response

        return self.gate.run(host, send, max_wait=self.config.max_wait_in_round)

    def robots_for(self, host: str, url: str) -> bool:
        """Fetch the host's robots.txt when not known; False when stopped or deferred first."""
        if not self.config.respect_robots or self.rules.has(host):
            return True
        response = self._request(host, robots_url(url), None, None, "robots")
        if response is None:
            return False
        if response.status in (429, 503) or response.status >= 500 or response.status == 0:
            self._backoff(host, response, 0)
        robots = Robots(response.status, response.data.decode("utf-8", "replace") if response.ok else "")
        self._use_robots(host, robots)
        self.robots_fetched[host] = (robots, self.clock())
        return True

    def _backoff(self, host: str, response: Response, attempt: int) -> float | None:
        asked = retry_after(response.headers.get("retry-after")) if response.status in (429, 503) else None
        wait = asked if asked is not None else self.config.backoff_base * (2 ** attempt)
        self.gate.defer(host, self.clock() + min(wait, self.config.backoff_max))
        return asked

    def fetch(self, task: Any, url: str, *, etag: str | None = None, last_modified: str | None = None,
              kind: str = "page") -> Outcome:
        """GET ``url`` politely: robots first, retries after 5xx, 429, 503 and network errors."""
        from newsdesk.ingest.web import url_problem

        limits = self.config.limits
        if problem := url_problem(url, allow_private=limits.allow_private, allowed_hosts=limits.allowed_hosts):
            return Outcome(task, Response(url, 0, {}, error=problem))
        host = host_of(url)
        if not self.robots_for(host, url):
            return Outcome(task, reason=STOPPED if self.stop.is_set() else DEFERRED)
        if not self.rules.allows(host, url):
            return Outcome(task, reason=BLOCKED)
        asked = None
        response = None
        for attempt in range(self.config.retries + 1):
            got = self._request(host, url, etag, last_modified, kind)
            if got is None:
                return Outcome(task, response, STOPPED if self.stop.is_set() else DEFERRED, asked)
            response = got
            if response.status in (429, 503) or response.status >= 500 or response.status == 0:
                asked = self._backoff(host, response, attempt)
                continue
            return Outcome(task, response)
        return Outcome(task, response, None, asked)

    def run_by_host(self, tasks: Iterable[tuple[str, Any]], work: Callable[[Any], Outcome]) -> Iterator[Outcome]:
        """Run ``work`` on every task, host by host (each host's tasks in order, hosts in
        parallel), yielding outcomes in this thread as they finish. At most ``queue_size``
        outcomes (fetched pages) wait for this thread: fetching slows down to the pace at which
        they are stored, so memory stays bounded however many items a round has."""
        groups: dict[str, list] = {}
        for host, task in tasks:
            groups.setdefault(host, []).append(task)
        if not groups:
            return
        results: queue.Queue = queue.Queue(maxsize=self.config.queue_size)
        abandoned = threading.Event()  # the consumer went away (an error): workers stop waiting

        def put(outcome: Outcome | None) -> None:
            while not abandoned.is_set():
                try:
                    results.put(outcome, timeout=0.1)
                    return
                except queue.Full:
                    continue

        def host_worker(items: list) -> None:
            try:
                for item in items:
                    if abandoned.is_set():
                        return
                    put(Outcome(item, reason=STOPPED) if self.stop.is_set() else work(item))
            finally:
                put(None)

        with ThreadPoolExecutor(max_workers=max(1, min(self.config.max_hosts, len(groups)))) as pool:
            try:
                for items in groups.values():
                    pool.submit(host_worker, items)
                remaining = len(groups)
                while remaining:
                    outcome = results.get()
                    if outcome is None:
                        remaining -= 1
                    else:
                        yield outcome
            finally:
                abandoned.set()
