"""Limits that keep reading safe and bounded: sizes, timeouts, nesting depth."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from newsdesk import __version__

DEFAULT_USER_AGENT = f"newsdesk/{__version__} (story-brief reader; polite single fetches)"


@dataclass(frozen=True)
class ReadLimits:
    """Bounds applied to every input.

    ``max_bytes`` caps a file (and its decompressed content), a downloaded body and each WARC
    record. ``max_total_bytes`` caps everything decompressed from one streamed container (a
    ``.warc``/``.warc.gz``): reading stops there with a skip. ``max_article_chars`` caps the text
    of one article from any reader (beyond it the article is skipped, so that the work done per
    article stays bounded). ``max_html_depth`` refuses pages nested deeper than that many
    elements; lxml stops building the tree at 256 levels anyway, so a deeper page would only be
    read in part. ``max_records`` caps the records read from one JSON, JSONL, feed or WARC file.

    ``url_total_timeout`` bounds a whole fetch, connection, headers, redirects and body
    included. ``allow_private`` False (the library default) refuses URLs whose host is, or
    resolves to, a loopback, private, link-local (cloud metadata), multicast or otherwise
    non-public address, checked again after every redirect and on the connected socket.
    ``allowed_hosts`` names hosts (as written in the URL, e.g. ``"intranet.example"`` or
    ``"10.1.2.3"``) that are fetched even when private addresses are refused.
    """

    max_bytes: int = 10_000_000
    max_total_bytes: int = 200_000_000
    max_article_chars: int = 1_000_000  # about 150,000 words: longer than any news article
    url_connect_timeout: float = 5.0
    url_read_timeout: float = 15.0
    url_total_timeout: float = 60.0
    max_redirects: int = 5
    max_html_depth: int = 250
    max_records: int = 100_000
    allow_private: bool = False
    allowed_hosts: tuple[str, ...] = ()
    user_agent: str = DEFAULT_USER_AGENT

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> ReadLimits:
        """Limits with any ``NEWSDESK_<FIELD>`` environment variable applied (for example
        ``NEWSDESK_MAX_BYTES=50000000``), then ``overrides``; a bad value is a ValueError."""
        environ = os.environ if environ is None else environ
        values: dict = {}
        for item in fields(cls):
            raw = environ.get(f"NEWSDESK_{item.name.upper()}")
            if raw is None or item.name == "user_agent":
                continue
            kind = type(getattr(cls, item.name))
            try:
                if kind is bool:
                    values[item.name] = _flag(raw)
                elif kind is tuple:
                    values[item.name] = tuple(part.strip().lower() for part in raw.split(",") if part.strip())
                else:
                    values[item.name] = kind(raw.replace("_", ""))
            except ValueError:
                raise ValueError(f"NEWSDESK_{item.name.upper()}={raw!r} is not a valid {kind.__name__}") from None
        values.update(overrides)
        return cls(**values)

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_total_bytes", "max_article_chars", "max_html_depth", "max_records"):
            if getattr(self, name) < 1:
                raise ValueError(f"ReadLimits.{name} must be at least 1")
        for name in ("url_connect_timeout", "url_read_timeout", "url_total_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"ReadLimits.{name} must be positive")
        if self.max_redirects < 0:
            raise ValueError("ReadLimits.max_redirects must not be negative")


def _flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)
