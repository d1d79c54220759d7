"""What a running web app is told: its database, where it listens, its token and its limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    host = host.strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class WebConfig:
    """Settings of one app instance.

    ``workers``: "process" runs the writer and the brief computation in child processes (what
    ``newsdesk serve`` uses: the server's own threads stay free for reads); "thread" runs them
    in threads of this process (quicker to start, for tests of the API).
    """

    db: str
    host: str = "127.0.0.1"
    port: int = 8080
    token: str | None = None
    sample: bool = True  # build the bundled sample into an empty database
    workers: str = "process"
    warm: int = 5  # stories whose brief is computed at start-up, newest first
    max_files: int = 20  # per upload request
    max_file_bytes: int = 10_000_000  # per uploaded file
    max_request_bytes: int = 60_000_000  # whole request body
    max_text_chars: int = 2_000_000  # pasted text
    max_urls: int = 20
    brief_cache: int = 256  # stories whose rendered brief is kept
    search_workers: int = 0  # processes that rank searches not in the cache (process mode); 0: on the event loop,
    # which measured best on two cores (bench/serve.py; README)
    writer_nice: int = 10  # the writer process runs this much nicer than the server (reads answer first)
    allowed_hosts: tuple[str, ...] = ()  # extra Host header names accepted on loopback (tests)
    url_allowed_hosts: tuple[str, ...] = ()  # URL hosts fetched even if private (tests only; none by default)
    # serving from several processes (web/processes.py): the primary runs the writer and the jobs;
    # a reader answers reads and forwards writes and job pages to the primary's Unix socket
    role: str = "primary"  # primary | reader
    forward_to: str | None = None  # the primary's Unix socket (readers)
    csrf: str | None = None  # the CSRF token every process of one server shares (None: made here)
    shared_dir: str | None = None  # briefs kept on disk for every process of one server

    def __post_init__(self) -> None:
        if self.workers not in ("process", "thread"):
            raise ValueError("WebConfig.workers is 'process' or 'thread'")
        if self.role not in ("primary", "reader") or (self.role == "reader") != bool(self.forward_to):
            raise ValueError("WebConfig.role is 'primary', or 'reader' with forward_to")

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)
