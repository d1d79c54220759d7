"""The knobs of `newsdesk watch`: politeness, back-off and limits (all configurable for tests)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.errors import NewsdeskError
from newsdesk.ingest.limits import ReadLimits

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """Seconds from ``"15m"``, ``"2h"``, ``"30s"``, ``"1d"``, ``"250ms"`` or a plain number of seconds."""
    match = _DURATION.match(str(text))
    if not match:
        raise NewsdeskError(f"not a duration: {text!r} (use e.g. 30s, 15m, 2h, 1d)")
    return float(match.group(1)) * _UNIT[match.group(2) or "s"]


@dataclass(frozen=True)
class WatchConfig:
    """How politely and how much `watch` fetches.

    ``min_delay`` is the least time between the starts of two requests to one host (one request
    at a time per host in any case); robots.txt ``Crawl-delay`` raises it, up to
    ``max_crawl_delay``. After an error a host waits ``backoff_base * 2**n`` (at most
    ``backoff_max``); a ``Retry-After`` (429/503) is obeyed, up to ``backoff_max``. A wait longer
    than ``max_wait_in_round`` defers the host's remaining items to a later round. A source that
    fails is polled again after ``every * 2**errors`` (at most ``source_backoff_max``).
    """

    min_delay: float = 1.0
    max_crawl_delay: float = 30.0
    backoff_base: float = 2.0
    backoff_max: float = 3600.0
    max_wait_in_round: float = 30.0
    retries: int = 2  # extra tries of a page after a 5xx / network error, within one round
    max_attempts: int = 3  # rounds an item may stay pending before its feed entry is kept instead
    source_backoff_max: float = 86400.0
    default_every: float = 900.0
    robots_ttl: float = 86400.0
    respect_robots: bool = True
    max_hosts: int = 8  # hosts fetched from at the same time (each one request at a time)
    max_items_per_source: int = 200  # new items taken from one poll of one source
    max_child_sitemaps: int = 50  # sitemaps of a sitemap index followed as sources
    batch_size: int = 25  # items cleaned, stored and assigned to stories per transaction
    queue_size: int = 64  # fetched pages waiting to be stored (fetching waits when it is full)
    jobs: int = 1  # worker processes that read and clean pages (1: in the watching process)
    versions: bool = True  # record story versions (brief facts) for the stories a round touched
    limits: ReadLimits = field(default_factory=ReadLimits)

    @property
    def user_agent(self) -> str:
        return self.limits.user_agent
