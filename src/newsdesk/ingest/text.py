"""Plain text: decoded as it is; metadata stays in the text for the cleaning stage."""

from __future__ import annotations

from newsdesk.errors import InputError
from newsdesk.ingest.decode import decode_bytes
from newsdesk.records import RawDocument


def read_text(
    data: bytes,
    *,
    doc_id: str,
    source: str,
    declared: str | None = None,
    url: str | None = None,
    fmt: str = "text",
) -> RawDocument:
    """A RawDocument holding the whole decoded text (newlines normalised to LF, nothing else)."""
    text = decode_bytes(data, source, declared=declared)
    if not text.strip():
        raise InputError(source, "holds only white space")
    return RawDocument(id=doc_id, source=source, text=text, format=fmt, url=url, has_metadata=False)
