"""The web app's safety rules: who may bind where, the token, CSRF, headers, link targets.

URL fetching from the web app uses the library's URL policy with private targets refused
(``ReadLimits(allow_private=False)``, ``newsdesk.ingest.web``): loopback, private, link-local
and other non-public hosts and anything but http(s) are refused, on the URL, on every
redirect hop and on the connected socket.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from newsdesk.errors import NewsdeskError

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# Downloads (the exported report) run no script at all, even when opened from the server.
CSP_DOWNLOAD = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make form POSTs send "Origin: null"
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)

SAFE_SCHEMES = ("http", "https")


def check_bind(host: str, token: str | None) -> None:
    """Binding anything but loopback needs a token (every request must then carry it)."""
    from newsdesk.web.config import is_loopback

    if not is_loopback(host) and not token:
        raise NewsdeskError(f"binding {host} exposes the app beyond this machine: give --token "
                            "(or set NEWSDESK_TOKEN); every request must then carry it")


def same_secret(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None (no ``javascript:``, ``data:`` …)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None
