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
        """The ``Crawl-delay`` of the group for newsdesk (else of ``*``), fractions allowed."""
        if not 200 <= self.status < 300:
            return None
        delays: dict[str, float] = {}
        agents: list[str] = []
        in_rules = False
        for raw in self.text.splitlines():
            line = raw.split("#", 1)[0].strip()
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "user-agent":
                if in_rules:
                    agents, in_rules = [], False
                agents.append(value.lower())
            elif key:
                in_rules = True
                if key == "crawl-delay":
                    try:
                        delay = float(value)
                    except ValueError:
                        continue
                    for agent in agents:
                        delays.setdefault(agent, delay)
        for agent, delay in delays.items():
            if agent != "*" and agent in AGENT:
                return delay
        return delays.get("*")


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
