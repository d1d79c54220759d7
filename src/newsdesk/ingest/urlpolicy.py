"""Who may be fetched, and the watch over one fetch's sockets.

The URL policy (:func:`url_problem`, :func:`address_problem`) refuses loopback, private,
link-local, multicast and cloud metadata targets unless private addresses are allowed.
:class:`FetchWatch` is handed to httpx as its ``trace`` extension for one fetch, redirects
included: it checks each connected socket's peer address against the policy (a host name that
resolves to a private address, DNS rebinding) and shuts every socket of the fetch down when the
fetch's total time is up, which ends any read in progress (a server dripping its headers one
line at a time included). The one-shot reader (:mod:`newsdesk.ingest.web`) and the watcher's
fetcher (:mod:`newsdesk.watch.http`) share it.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from urllib.parse import urlsplit

from newsdesk.errors import InputError
from newsdesk.ingest.limits import ReadLimits


def address_problem(address: str) -> str | None:
    """Why fetching from this IP address is refused when private addresses are not allowed
    (``"a loopback address"``, ...), or None for a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    if ip.is_loopback:
        return "a loopback address"
    if str(ip) in _METADATA or ip.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a reserved, non-public address"
    return None


_METADATA = {"169.254.169.254", "fd00:ec2::254", "100.100.100.200"}
_METADATA_HOSTS = {"metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"}


def host_of(url: str) -> str:
    """The URL's host name, lower case, without a trailing dot ("" when it has none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def url_problem(url: str, *, allow_private: bool = False, allowed_hosts: tuple[str, ...] = ()) -> str | None:
    """Why ``url`` may not be fetched, or None. Only http(s) is fetched; with ``allow_private``
    False a host that is a non-public IP address, ``localhost`` or a cloud metadata name is
    refused here, before any connection (a name that resolves to such an address is refused
    when it connects: see ``fetch``)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "not a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return f"refused: only http and https URLs are fetched, not {parts.scheme or 'this scheme'}"
    if not host:
        return "not a valid URL (no host)"
    name = host.rstrip(".").lower()
    if allow_private or name in allowed_hosts:
        return None
    if name == "localhost" or name.endswith(".localhost") or name in _METADATA_HOSTS:
        return f"refused: {host} is a local or metadata host name (allow with --allow-private)"
    if problem := address_problem(name):
        return f"refused: {host} is {problem} (allow with --allow-private)"
    return None


def check_url(url: str, *, allow_private: bool = False, allowed_hosts: tuple[str, ...] = ()) -> None:
    """Raise InputError when ``url`` may not be fetched (see ``url_problem``)."""
    if problem := url_problem(url, allow_private=allow_private, allowed_hosts=allowed_hosts):
        raise InputError(url, problem)


class Refused(Exception):
    """The connected peer is not allowed by the URL policy (``str(err)`` says why)."""


class FetchWatch:
    """The sockets of one fetch (see the module docstring). Set ``current`` to the URL of each
    redirect hop before requesting it; ``expired`` and ``refused`` say what the watch did."""

    _EVENTS = ("connection.connect_tcp.complete", "connection.start_tls.complete")

    def __init__(self, url: str, limits: ReadLimits):
        self.limits = limits
        self.current = url  # the URL being fetched now (after redirects)
        self.expired = False
        self.refused: str | None = None
        self._sockets: list = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(limits.url_total_timeout, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> FetchWatch:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                shutdown(sock)

    def trace(self, event: str, info: dict) -> None:
        """httpx's ``trace`` extension: raises :class:`Refused` for a peer the policy refuses."""
        if event not in self._EVENTS:
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                shutdown(sock)
        if self.limits.allow_private or host_of(self.current) in self.limits.allowed_hosts:
            return
        try:
            peer = sock.getpeername()[0]
        except OSError:
            return
        if problem := address_problem(peer):
            self.refused = f"refused: the server's address {peer} is {problem} (allow with --allow-private)"
            shutdown(sock)
            raise Refused(self.refused)


def shutdown(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
