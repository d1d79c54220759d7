"""Input splits: the units of work of a batch job.

A corpus is cut into splits so that several workers (processes, or Spark executors) read it in
parallel, big files included: a large JSON Lines file or WARC archive is cut into byte ranges, and
each range is read from its first record boundary (a new line; a gzip member or ``WARC/1.`` header)
to the first boundary at or past its end, as Hadoop does for text files. A Parquet input (title /
text / url / date columns) splits by row group. Every other file (and every URL) is one split.

Splits are planned on the driver from file sizes alone (nothing is read there but, for Parquet,
the footer), so planning a corpus costs no more than listing it.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import InputError
from newsdesk.ingest import ReadLimits, expand_inputs, read_input
from newsdesk.ingest.jsonrec import record_to_document
from newsdesk.ingest.warc import read_warc
from newsdesk.records import RawDocument, Skipped

DEFAULT_SPLIT_BYTES = 32 * 1024 * 1024
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_WARC_SUFFIXES = (".warc", ".warc.gz")
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_HEADER = b"WARC/1."
_READ_BLOCK = 1 << 20


@dataclass(frozen=True)
class Split:
    """One unit of work: a whole input (``start`` 0, ``end`` None) or a byte range / row group."""

    index: int
    path: str
    kind: str  # "whole" | "jsonl" | "warc" | "warc.gz" | "parquet"
    start: int = 0
    end: int | None = None


def _kind(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".warc.gz"):
        return "warc.gz"
    if lower.endswith(_WARC_SUFFIXES):
        return "warc"
    if lower.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(".parquet"):
        return "parquet"
    return "whole"


def plan_splits(inputs: Iterable[str], *, split_bytes: int = DEFAULT_SPLIT_BYTES) -> list[Split]:
    """The splits of ``inputs`` (files, folders, globs, URLs), in input order."""
    if split_bytes < 1:
        raise ValueError("split_bytes must be at least 1")
    splits: list[Split] = []
    for item in expand_inputs(inputs):
        kind = _kind(item)
        path = Path(item)
        if kind == "parquet" and path.is_file():
            for group in range(_row_groups(item)):
                splits.append(Split(len(splits), item, kind, group, group + 1))
            continue
        if kind == "whole" or not path.is_file() or path.stat().st_size == 0:
            splits.append(Split(len(splits), item, "whole"))
            continue
        size = path.stat().st_size  # JSONL and WARC: byte ranges (one when small), read alike
        for start in range(0, size, split_bytes):
            splits.append(Split(len(splits), item, kind, start, min(size, start + split_bytes)))
    return splits


def _row_groups(path: str) -> int:
    import pyarrow.parquet as pq

    return max(1, pq.ParquetFile(path).num_row_groups)


def read_split(split: Split, *, limits: ReadLimits | None = None) -> Iterator[RawDocument | Skipped]:
    """Every document of one split; a split that cannot be read gives one Skipped."""
    limits = limits or ReadLimits()
    try:
        if split.kind == "whole":
            yield from read_input(split.path, limits=limits)
        elif split.kind == "jsonl":
            yield from _jsonl_range(split, limits)
        elif split.kind == "parquet":
            yield from _parquet_group(split, limits)
        else:
            yield from _warc_range(split, limits)
    except InputError as err:
        yield Skipped(err.source, err.reason)
    except OSError as err:
        yield Skipped(split.path, f"could not be read ({err.strerror or type(err).__name__})")


# -- JSON Lines -----------------------------------------------------------------------------------


def _jsonl_range(split: Split, limits: ReadLimits) -> Iterator[RawDocument | Skipped]:
    """The lines that start inside ``[start, end)``; source names carry the line's byte offset."""
    import json

    with open(split.path, "rb") as fh:
        pos = split.start
        fh.seek(pos)
        if pos > 0:  # the line in progress belongs to the split before
            fh.seek(pos - 1)
            pos += len(fh.readline()) - 1
        end = split.end if split.end is not None else float("inf")
        while pos < end:
            line = fh.readline(limits.max_bytes + 1)
            if not line:
                break
            where = f"{split.path}@{pos}"
            if len(line) > limits.max_bytes and not line.endswith(b"\n"):
                yield Skipped(where, f"JSON line longer than the {limits.max_bytes:,}-byte cap")
                rest = fh.readline()
                while rest and not rest.endswith(b"\n"):
                    rest = fh.readline()
                pos = fh.tell()
                continue
            pos += len(line)
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode("utf-8", errors="replace"))
            except json.JSONDecodeError as err:
                yield Skipped(where, f"malformed JSON line: {err.msg} at column {err.colno}")
                continue
            try:
                yield record_to_document(record, source=where, limits=limits)
            except InputError as err:
                yield Skipped(err.source, err.reason)


# -- Parquet --------------------------------------------------------------------------------------


def _parquet_group(split: Split, limits: ReadLimits) -> Iterator[RawDocument | Skipped]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(split.path).read_row_group(split.start)
    for row, record in enumerate(table.to_pylist()):
        where = f"{split.path}#{split.start}.{row}"
        try:
            yield record_to_document(record, source=where, limits=limits)
        except InputError as err:
            yield Skipped(err.source, err.reason)


# -- WARC -----------------------------------------------------------------------------------------


def _warc_range(split: Split, limits: ReadLimits) -> Iterator[RawDocument | Skipped]:
    """The records that start inside ``[start, end)`` of a WARC (``.warc.gz``: one gzip member
    per record, as Common Crawl writes them)."""
    gz = split.kind == "warc.gz"
    with open(split.path, "rb") as fh:
        first = split.start if split.start == 0 else _next_boundary(fh, split.start, gz)
        if first is None or (split.end is not None and first >= split.end):
            return
        last = split.end if split.end is None else _next_boundary(fh, split.end, gz)
        fh.seek(first)
        length = None if last is None else last - first
        data = fh.read() if length is None else fh.read(length)
    yield from read_warc_records(data, source=split.path, limits=limits, allow_empty=True)


def read_warc_records(data: bytes, *, source: str, limits: ReadLimits, allow_empty: bool) -> Iterator[RawDocument | Skipped]:
    try:
        yield from read_warc(io.BytesIO(data), source=source, limits=limits)
    except InputError as err:
        if not (allow_empty and "holds no HTML response records" in err.reason):
            raise


def _next_boundary(fh, offset: int, gz: bool) -> int | None:
    """The offset of the first record boundary at or after ``offset`` (None: end of file)."""
    marker = _GZIP_MEMBER if gz else _WARC_HEADER
    pos = offset
    carry = b""
    while True:
        fh.seek(pos)
        block = fh.read(_READ_BLOCK)
        if not block:
            return None
        data = carry + block
        base = pos - len(carry)
        at = data.find(marker)
        while at != -1:
            cand = base + at
            if _is_boundary(fh, cand, gz):
                return cand
            at = data.find(marker, at + 1)
        carry = data[-(len(marker) - 1):]
        pos += len(block)


def _is_boundary(fh, offset: int, gz: bool) -> bool:
    """A gzip member whose text starts with a WARC header, or a ``WARC/1.`` line at a line start."""
    here = fh.tell()
    try:
        if gz:
            fh.seek(offset)
            head = fh.read(4096)
            try:
                text = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 16)
            except zlib.error:
                return False
            return text.startswith(_WARC_HEADER)
        if offset == 0:
            return True
        fh.seek(offset - 1)
        return fh.read(1) == b"\n"
    finally:
        fh.seek(here)


def plan_summary(splits: list[Split]) -> str:
    files = len({s.path for s in splits})
    return f"{len(splits)} splits from {files} inputs"


__all__ = ["DEFAULT_SPLIT_BYTES", "Split", "plan_splits", "plan_summary", "read_split"]
