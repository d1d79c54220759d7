"""Limits that keep reading safe and bounded: sizes, timeouts, nesting depth."""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk import __version__

DEFAULT_USER_AGENT = f"newsdesk/{__version__} (story-brief reader; polite single fetches)"


@dataclass(frozen=True)
class ReadLimits:
    """Bounds applied to every input.

    ``max_bytes`` caps a file (and its decompressed content), a downloaded body and each WARC
    record. ``max_html_depth`` refuses pages nested deeper than that many elements; lxml stops
    building the tree at 256 levels anyway, so a deeper page would only be read in part.
    ``max_records`` caps the records read from one JSON, JSONL, feed or WARC file.
    """

    max_bytes: int = 10_000_000
    url_connect_timeout: float = 5.0
    url_read_timeout: float = 15.0
    url_total_timeout: float = 60.0
    max_redirects: int = 5
    max_html_depth: int = 250
    max_records: int = 100_000
    user_agent: str = DEFAULT_USER_AGENT

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_html_depth", "max_records"):
            if getattr(self, name) < 1:
                raise ValueError(f"ReadLimits.{name} must be at least 1")
        for name in ("url_connect_timeout", "url_read_timeout", "url_total_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"ReadLimits.{name} must be positive")
        if self.max_redirects < 0:
            raise ValueError("ReadLimits.max_redirects must not be negative")
