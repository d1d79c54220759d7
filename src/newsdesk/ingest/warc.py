"""WARC archives (warcio): every HTML response record is read as a page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from newsdesk.errors import InputError
from newsdesk.ingest.fields import stable_id
from newsdesk.ingest.htmlpage import read_html_bytes
from newsdesk.ingest.limits import ReadLimits
from newsdesk.ingest.sniff import content_type_parts
from newsdesk.records import RawDocument, Skipped

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, *, source: str, limits: ReadLimits) -> Iterator[RawDocument | Skipped]:
    """One RawDocument (or Skipped) per HTML response record, its target URI as url and source.

    The archive is streamed: its total size is not capped, each record's payload is.
    """
    from warcio.archiveiterator import ArchiveIterator  # imported when a WARC is read
    from warcio.exceptions import ArchiveLoadFailed

    pages = 0
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            mime, charset = content_type_parts(record.http_headers.get_header("Content-Type"))
            if mime not in _HTML_TYPES:
                continue
            pages += 1
            if pages > limits.max_records:
                yield Skipped(source, f"more than {limits.max_records} HTML records; the rest were not read")
                return
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{pages}"
            payload = record.content_stream().read(limits.max_bytes + 1)
            if len(payload) > limits.max_bytes:
                yield Skipped(uri, f"WARC record larger than the {limits.max_bytes}-byte cap")
                continue
            try:
                yield read_html_bytes(
                    payload, doc_id=stable_id(uri), source=uri, limits=limits, url=uri, declared=charset, fmt="warc"
                )
            except InputError as err:
                yield Skipped(err.source, err.reason)
    except ArchiveLoadFailed as err:
        raise InputError(source, f"not a readable WARC archive ({str(err).strip()})") from None
    if pages == 0:
        raise InputError(source, "WARC archive holds no HTML response records")
