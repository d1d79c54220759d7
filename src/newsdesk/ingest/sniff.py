"""Which reader an input needs: by file name first, then by looking at its first bytes."""

from __future__ import annotations

import re

# Formats a reader exists for.
TEXT, HTML, JSON, JSONL, FEED, WARC = "text", "html", "json", "jsonl", "feed", "warc"

_BY_SUFFIX = {
    ".txt": TEXT, ".text": TEXT, ".md": TEXT, ".markdown": TEXT, ".rst": TEXT,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML, ".shtml": HTML,
    ".json": JSON,
    ".jsonl": JSONL, ".ndjson": JSONL, ".jsonlines": JSONL,
    ".rss": FEED, ".atom": FEED, ".xml": FEED,
    ".warc": WARC, ".arc": WARC,
}

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or office document)"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old office document"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive"),
)
GZIP_MAGIC = b"\x1f\x8b"

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAGS = re.compile(rb"</?(?:p|div|br|span|a|h[1-6]|article|section|table|li|title)[\s>/]", re.IGNORECASE)


def split_gz(name: str) -> tuple[str, bool]:
    """``("x.html", True)`` for ``"x.html.gz"``; names without ``.gz`` come back unchanged."""
    lower = name.lower()
    if lower.endswith(".gz") or lower.endswith(".gzip"):
        return name[: name.rfind(".")], True
    return name, False


def doc_stem(name: str) -> str:
    """The id a file gives its document: its name without ``.gz`` and one more suffix."""
    base, _ = split_gz(name)
    dot = base.rfind(".")
    return base[:dot] if dot > 0 else base


def format_from_name(name: str) -> str | None:
    """The reader a file name asks for, or None when the suffix says nothing."""
    base, _ = split_gz(name)
    lower = base.lower()
    dot = lower.rfind(".")
    return _BY_SUFFIX.get(lower[dot:]) if dot > 0 else None


def binary_kind(head: bytes) -> str | None:
    """A short description when the bytes start like a known binary format."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _strip_bom(head: bytes) -> bytes:
    return head[3:] if head.startswith(b"\xef\xbb\xbf") else head


def format_from_content(head: bytes) -> str:
    """Guess the reader from the first few kilobytes of (decompressed) content."""
    start = _strip_bom(head).lstrip()
    if start.startswith(b"WARC/"):
        return WARC
    if start[:1] in (b"{", b"["):
        first_line = start.split(b"\n", 1)[0].strip()
        if start[:1] == b"{" and first_line.endswith(b"}") and b"\n{" in start:
            return JSONL
        return JSON
    if start.startswith(b"<"):
        if _FEED_ROOT.search(start[:2048]) and not _HTML_START.search(start[:2048]):
            return FEED
        return HTML
    if _HTML_START.search(start[:4096]) or len(_HTML_TAGS.findall(start[:8192])) >= 5:
        return HTML
    return TEXT


def is_feed(data: bytes) -> bool:
    """True when XML content has an RSS, Atom or RDF root near its start."""
    return bool(_FEED_ROOT.search(_strip_bom(data[:4096])))


def content_type_parts(header: str | None) -> tuple[str, str | None]:
    """``("text/html", "utf-8")`` from ``"text/html; charset=UTF-8"``."""
    if not header:
        return "", None
    mime, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("'\"")
    return mime.strip().lower(), charset
