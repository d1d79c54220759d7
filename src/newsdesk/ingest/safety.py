"""What every reader's output goes through before it leaves ``ingest``: printable source names,
text without lone surrogates, one-line skip reasons, the per-article size cap, and a bounded
streaming gunzip for containers read as a stream (WARC)."""

from __future__ import annotations

import dataclasses
import re
import zlib

from newsdesk.ingest.limits import ReadLimits
from newsdesk.records import RawDocument, Skipped

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls and DEL, but not tab and newline (which article text keeps).
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ANY = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MAX_REASON = 300


def display_name(name: str) -> str:
    """A file name or URL as one printable line: bytes that are not UTF-8 (kept by Python as
    lone surrogates) shown as ``\\xe9``, control characters (a newline in a file name) as
    ``\\n``/``\\x1b``, like ``ls -b`` shows them."""
    raw = name.encode("utf-8", "surrogateescape") if _SURROGATE.search(name) else None
    if raw is not None:
        try:
            name = raw.decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # pragma: no cover - surrogates outside surrogateescape's range
            name = _SURROGATE.sub("\ufffd", name)
        name = _SURROGATE.sub("\ufffd", name)
    return _CONTROL_ANY.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), name)


def scrub_text(text: str) -> str:
    """Text safe to store and analyse: lone surrogates (from JSON ``\\ud83d`` escapes or
    undecodable names) become U+FFFD, control characters other than tab and newline go."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if _CONTROL_IN_TEXT.search(text):
        text = _CONTROL_IN_TEXT.sub("", text)
    return text


def one_line(reason: str) -> str:
    """A skip reason as one printable line of at most a few hundred characters."""
    reason = " ".join(display_name(scrub_text(reason).replace("\n", " ").replace("\t", " ")).split())
    if len(reason) > _MAX_REASON:
        reason = reason[: _MAX_REASON - 1].rstrip() + "…"
    return reason or "could not be read"


def _optional(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(scrub_text(value).split())  # metadata is one line
    return value or None


def safe_item(item: RawDocument | Skipped, limits: ReadLimits) -> RawDocument | Skipped:
    """``item`` with a printable source, scrubbed text and metadata, or a Skipped when its
    text is over ``limits.max_article_chars``."""
    if isinstance(item, Skipped):
        return Skipped(display_name(item.source), one_line(item.reason))
    source = display_name(item.source)
    if len(item.text) > limits.max_article_chars:
        return Skipped(
            source,
            f"article text of {len(item.text):,} characters is over the {limits.max_article_chars:,}-character "
            "cap (NEWSDESK_MAX_ARTICLE_CHARS)",
        )
    return dataclasses.replace(
        item,
        id=display_name(item.id),
        source=source,
        text=scrub_text(item.text),
        title=_optional(item.title),
        byline=_optional(item.byline),
        outlet=_optional(item.outlet),
        url=_optional(item.url),
        tags=tuple(t for t in (_optional(tag) for tag in item.tags) if t),
    )


class BoundedStream:
    """A read-only stream over ``raw`` that gunzips it when it is gzip (every member, as
    ``gzip`` does) and stops at ``limit`` decompressed bytes.

    It never raises on bad data: it ends instead, and says why in ``truncated`` (the input
    ended inside a gzip member), ``over_limit`` (``limit`` reached) or ``corrupt`` (bytes
    that are not gzip after a member). Reading is chunked, so memory stays small whatever
    the compression ratio.
    """

    _CHUNK = 1 << 16

    def __init__(self, raw, limit: int):
        self._raw = raw
        self._limit = limit
        self._buffer = bytearray()
        self._done = False
        self.total = 0
        self.truncated = False
        self.over_limit = False
        self.corrupt = False
        head = raw.read(2)
        self._pending = head
        self._gzip = head == b"\x1f\x8b"
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16) if self._gzip else None

    def readable(self) -> bool:
        return True

    def _next_compressed(self) -> bytes:
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        return self._raw.read(self._CHUNK)

    def _fill(self, want: int) -> None:
        while len(self._buffer) < want and not self._done:
            if self._inflater is None:
                data = self._next_compressed()
                if not data:
                    self._done = True
                self._accept(data)
                continue
            if self._inflater.unconsumed_tail:
                data = self._inflater.unconsumed_tail
            else:
                data = self._next_compressed()
                if not data:
                    self._done = True
                    self.truncated = not self._inflater.eof
                    break
            try:
                out = self._inflater.decompress(data, self._CHUNK)
            except zlib.error:
                self._done = self.corrupt = True
                break
            self._accept(out)
            if self._inflater.eof:
                rest = self._inflater.unused_data
                self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
                self._pending = rest + (self._pending or b"")
                if not self._pending:
                    self._pending = self._raw.read(self._CHUNK)
                    if not self._pending:
                        self._done = True  # clean end after a whole member
                        break
                if not self._pending.startswith(b"\x1f\x8b"[: len(self._pending)]):
                    self._done = self.corrupt = True

    def _accept(self, data: bytes) -> None:
        room = self._limit - self.total
        if len(data) > room:
            data = data[:room]
            self.over_limit = self._done = True
        self.total += len(data)
        self._buffer += data

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            while not self._done:
                self._fill(len(self._buffer) + self._CHUNK)
            size = len(self._buffer)
        else:
            self._fill(size)
        out = bytes(self._buffer[:size])
        del self._buffer[:size]
        return out

    def readline(self, size: int = -1) -> bytes:
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0 or self._done or (0 <= size <= len(self._buffer)):
                break
            self._fill(len(self._buffer) + 1024)
        stop = end + 1 if end >= 0 else len(self._buffer)
        if 0 <= size < stop:
            stop = size
        out = bytes(self._buffer[:stop])
        del self._buffer[:stop]
        return out

    def close(self) -> None:
        self._buffer.clear()
