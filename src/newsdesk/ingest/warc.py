"""WARC archives (warcio): every HTML response record is read as a page.

The archive is streamed through ``BoundedStream``, which gunzips it and stops at
``limits.max_total_bytes``: a small ``.warc.gz`` that expands to gigabytes is read up to the cap
and no further. A record cut short (a truncated file, or the cap reached inside it) is skipped,
never stored in part.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import BinaryIO

from newsdesk.errors import InputError
from newsdesk.ingest.fields import stable_id
from newsdesk.ingest.htmlpage import read_html_bytes
from newsdesk.ingest.limits import ReadLimits
from newsdesk.ingest.safety import BoundedStream
from newsdesk.ingest.sniff import content_type_parts
from newsdesk.records import RawDocument, Skipped

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DRAIN = 1 << 16


def _whole(record) -> bool:
    """Read what is left of the record; True when it held all the bytes its header announced."""
    raw = record.raw_stream
    while raw.read(_DRAIN):
        pass
    return getattr(raw, "limit", 0) <= 0


def _cut_reason(stream: BoundedStream, limits: ReadLimits) -> str:
    if stream.over_limit:
        return f"archive expands to more than the {limits.max_total_bytes:,}-byte total cap (NEWSDESK_MAX_TOTAL_BYTES)"
    if stream.corrupt:
        return "archive holds corrupt gzip data"
    return "archive is truncated (it ends inside a record)"


def _quiet_warcio_log() -> None:
    """warcio logs malformed headers ("Replacing spaces in invalid WARC-Target-URI: <garbage>");
    with no handler configured Python prints that to stderr. A NullHandler (what a library should
    add) keeps the terminal clean; an application that configures logging still sees it."""
    log = logging.getLogger("warcio")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())


def read_warc(stream: BinaryIO, *, source: str, limits: ReadLimits) -> Iterator[RawDocument | Skipped]:
    """One RawDocument (or Skipped) per HTML response record, its target URI as url and source."""
    from warcio.archiveiterator import ArchiveIterator  # imported when a WARC is read
    from warcio.exceptions import ArchiveLoadFailed

    _quiet_warcio_log()

    class _Quiet(ArchiveIterator):
        INC_RECORD = ""  # warcio writes this warning to stderr; the reader counts it instead

    bounded = BoundedStream(stream, limits.max_total_bytes)
    pages = records = 0
    held: tuple[RawDocument | Skipped, int] | None = None  # a page waits until warcio has read past it

    def release(iterator) -> Iterator[RawDocument | Skipped]:
        nonlocal held
        if held is not None:
            item, errors = held
            held = None
            if isinstance(item, RawDocument) and iterator.err_count > errors:
                yield Skipped(item.source, "WARC record length does not match its content; not stored in part")
            else:
                yield item

    iterator = _Quiet(bounded, arc2warc=True)
    try:
        for record in iterator:
            yield from release(iterator)
            records += 1
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
            if (record.length or 0) > limits.max_bytes:
                yield Skipped(uri, f"WARC record of {record.length:,} bytes is over the {limits.max_bytes:,}-byte cap")
                continue
            payload = record.content_stream().read(limits.max_bytes + 1)
            if len(payload) > limits.max_bytes:
                yield Skipped(uri, f"WARC record larger than the {limits.max_bytes:,}-byte cap")
                continue
            if not _whole(record):
                yield Skipped(uri, f"record cut short: {_cut_reason(bounded, limits)}; not stored in part")
                continue
            try:
                held = (read_html_bytes(
                    payload, doc_id=stable_id(uri), source=uri, limits=limits, url=uri, declared=charset, fmt="warc"
                ), iterator.err_count)
            except InputError as err:
                yield Skipped(err.source, err.reason)
        yield from release(iterator)
    except ArchiveLoadFailed as err:
        yield from release(iterator)  # a whole record read before the failure is kept
        if bounded.truncated or bounded.over_limit or bounded.corrupt:
            raise InputError(source, _cut_reason(bounded, limits)) from None
        raise InputError(source, f"not a readable WARC archive ({str(err).strip()})") from None
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, EOFError):
        # warcio meets malformed headers with plain Python errors
        yield from release(iterator)
        if bounded.truncated or bounded.over_limit or bounded.corrupt:
            raise InputError(source, _cut_reason(bounded, limits)) from None
        raise InputError(source, "not a readable WARC archive (malformed record headers)") from None
    if bounded.truncated or bounded.over_limit or bounded.corrupt:
        yield Skipped(source, _cut_reason(bounded, limits) + ("; the records before it were read" if records > 1 else ""))
    elif pages == 0:
        raise InputError(source, "WARC archive holds no HTML response records" if records else "not a WARC archive (no records)")
