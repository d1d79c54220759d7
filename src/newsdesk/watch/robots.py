"""robots.txt, read as RFC 9309 says: 4xx means no rules, 5xx (and 429) or no answer means keep out.

The rules of each host are fetched once (through the host's gate, like any request), kept in the
database for ``robots_ttl`` seconds, and matched for the product token ``newsdesk``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

AGENT = "newsdesk"


@dataclass(frozen=True)
class Robots:
    """The robots.txt of one host: its text and the status it was served with (0: unreachable)."""

    status: int
    text: str = ""

    def parser(self) -> RobotFileParser:
        parser = RobotFileParser()
        if 200 <= self.status < 300:
            parser.parse(self.text.splitlines())
        elif 400 <= self.status < 500 and self.status != 429:
            parser.allow_all = True
        else:
            parser.disallow_all = True
        return parser

    def allows(self, url: str) -> bool:
        return self.parser().can_fetch(AGENT, url)

    def crawl_delay(self) -> float | None:
        if not 200 <= self.status < 300:
            return None
        value = self.parser().crawl_delay(AGENT)
        return float(value) if value is not None else None


class RobotsRules:
    """Parsed rules per host (parsing once per host, not once per URL)."""

    def __init__(self) -> None:
        self._parsers: dict[str, tuple[Robots, RobotFileParser]] = {}

    def set(self, host: str, robots: Robots) -> None:
        self._parsers[host] = (robots, robots.parser())

    def has(self, host: str) -> bool:
        return host in self._parsers

    def allows(self, host: str, url: str) -> bool:
        entry = self._parsers.get(host)
        return True if entry is None else entry[1].can_fetch(AGENT, url)

    def crawl_delay(self, host: str) -> float | None:
        entry = self._parsers.get(host)
        return entry[0].crawl_delay() if entry else None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
