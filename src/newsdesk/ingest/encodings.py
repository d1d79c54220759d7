"""HTTP ``Content-Encoding`` decoding that never runs ahead of the caller's size cap.

httpx inflates each network chunk whole before its caller sees a byte: 64 KB of a deflate or
brotli bomb can become 64 MB or more in one step. Here every layer of the encoding (``gzip``,
``x-gzip``, ``deflate``, ``br``; stacked ones such as ``deflate, gzip`` too) is inflated at most
``STEP`` bytes at a time, lazily, so a caller that stops at its cap stops the inflation there.

As curl does, only the encodings that can be decoded are asked for (:func:`accept_encoding`):
``br`` needs the optional ``brotli`` package (1.2 or later, whose decoder takes an output limit).
A response in an encoding that names a compression we cannot decode (``br`` without brotli,
``zstd``, ``compress``) is refused with a reason rather than passed on as text; an unknown name
is treated as no encoding, as httpx and browsers do. A stream that is cut short or corrupt is an
error: the body is never returned in part.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

STEP = 1 << 16  # bytes of output per inflation step
_IDENTITY = ("", "identity")
_GZIP = ("gzip", "x-gzip")
_UNDECODABLE = ("br", "zstd", "compress", "x-compress")


class DecodeError(Exception):
    """The body cannot be decoded: one plain sentence in ``str(err)``."""


def _brotli():
    """The brotli module when it can decode with an output limit (brotli >= 1.2), else None."""
    try:
        import brotli
    except ImportError:
        return None
    return brotli if hasattr(brotli.Decompressor, "can_accept_more_data") else None


def accept_encoding() -> str:
    """The ``Accept-Encoding`` header value: the encodings :func:`decoded` can inflate."""
    return "gzip, deflate, br" if _brotli() else "gzip, deflate"


def codings(header: str | None) -> list[str]:
    """The encodings of a ``Content-Encoding`` header in the order they were applied."""
    return [c.strip().lower() for c in (header or "").split(",") if c.strip().lower() not in _IDENTITY]


def decoded(chunks: Iterable[bytes], header: str | None, *, step: int = STEP) -> Iterator[bytes]:
    """The body ``chunks`` with every encoding of ``header`` undone, in pieces of about ``step``
    bytes at most, produced only as the caller asks for them. Raises :class:`DecodeError`."""
    stream: Iterator[bytes] = iter(chunks)
    for coding in reversed(codings(header)):  # the last encoding applied is undone first
        if coding in _GZIP:
            stream = _zlib_layer(stream, "gzip", step)
        elif coding == "deflate":
            stream = _zlib_layer(stream, "deflate", step)
        elif coding == "br" and _brotli() is not None:
            stream = _brotli_layer(stream, step)
        elif coding in _UNDECODABLE:
            hint = " (install brotli 1.2 or later)" if coding == "br" else ""
            raise DecodeError(f"response uses the {coding} content encoding, which newsdesk cannot decode{hint}")
    return stream


def _zlib_layer(chunks: Iterator[bytes], kind: str, step: int) -> Iterator[bytes]:
    """gzip (every member) or deflate (zlib-wrapped, or raw as some servers send it)."""
    wbits = zlib.MAX_WBITS | 16 if kind == "gzip" else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    head: bytes | None = b""  # the first input, read again as raw deflate if the zlib header is wrong
    started = False
    for data in chunks:
        if head is not None and not started:
            head = head + data if len(head) + len(data) <= step else None
        while data:
            try:
                out = inflater.decompress(data, step)
            except zlib.error:
                if kind == "deflate" and not started and wbits > 0 and head is not None:
                    wbits, inflater, data = -zlib.MAX_WBITS, zlib.decompressobj(-zlib.MAX_WBITS), head
                    continue
                raise DecodeError(f"{kind}-encoded response is corrupt") from None
            if out:
                started, head = True, b""
                yield out
            if inflater.eof:
                started, head = True, b""
                data = inflater.unused_data
                if kind == "gzip" and data:
                    inflater = zlib.decompressobj(wbits)  # the next gzip member
                    continue
                if data.strip(b"\0"):
                    raise DecodeError(f"{kind}-encoded response has data after its end")
                data = b""
            else:
                data = inflater.unconsumed_tail
    while not inflater.eof and (out := inflater.decompress(b"", step)):
        yield out
    if not inflater.eof:
        raise DecodeError(f"{kind}-encoded response is cut short")


def _brotli_layer(chunks: Iterator[bytes], step: int) -> Iterator[bytes]:
    brotli = _brotli()
    inflater = brotli.Decompressor()
    try:
        for data in chunks:
            out = inflater.process(data, output_buffer_limit=step)
            while True:
                if out:
                    yield out
                if inflater.can_accept_more_data():
                    break
                out = inflater.process(b"", output_buffer_limit=step)
        while not inflater.is_finished() and (out := inflater.process(b"", output_buffer_limit=step)):
            yield out
    except brotli.error:
        raise DecodeError("br-encoded response is corrupt") from None
    if not inflater.is_finished():
        raise DecodeError("br-encoded response is cut short")
