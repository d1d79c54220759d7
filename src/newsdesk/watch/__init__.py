"""`newsdesk watch`: follow feeds, news sitemaps and pages politely, and add what is new.

``config`` holds the knobs (delays, back-off, limits); ``http`` the polite fetcher (conditional
GET, one request at a time per host with a minimum delay, back-off, Retry-After); ``robots`` the
robots.txt rules; ``discover`` turns a feed, sitemap or page into items; ``state`` keeps sources,
items and host state in the database; ``round`` runs one polling round.
"""

from __future__ import annotations

from newsdesk.watch.config import WatchConfig

__all__ = ["WatchConfig"]
