"""The dispatcher: expands inputs (files, folders, globs, URLs) and hands each to its reader."""

from __future__ import annotations

import glob
import gzip
import io
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.errors import InputError
from newsdesk.ingest.feed import read_feed
from newsdesk.ingest.htmlpage import read_html_bytes
from newsdesk.ingest.jsonrec import read_json, read_jsonl
from newsdesk.ingest.limits import ReadLimits
from newsdesk.ingest.safety import safe_item
from newsdesk.ingest.sniff import (
    FEED, GZIP_MAGIC, HTML, JSON, JSONL, TEXT, WARC,
    binary_kind, doc_stem, format_from_content, format_from_name, is_feed,
)
from newsdesk.ingest.text import read_text
from newsdesk.ingest.warc import read_warc
from newsdesk.ingest.web import is_url, make_client, read_url
from newsdesk.records import RawDocument, Skipped

if TYPE_CHECKING:
    import httpx

Item = RawDocument | Skipped
_GLOB_CHARS = re.compile(r"[*?\[]")


def _hidden(part: str) -> bool:
    return part.startswith(".") and part not in (".", "..")


def _walk(folder: Path) -> list[str]:
    """Every non-hidden file under ``folder`` (hidden folders skipped), sorted by path."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        found.extend(os.path.join(root, name) for name in files if not _hidden(name))
    return sorted(found)


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """The items ``read_sources`` will read, in order: files, folder contents (recursive, sorted,
    hidden files skipped), glob matches and URLs. An item that names nothing is kept, so that
    reading it reports why; duplicates are dropped."""
    return list(_expand_named(inputs))


def _relative_id(path: str, folder: Path) -> str:
    """The id of a file found under a folder argument: its path below the folder, without the
    suffix (``sub/article`` for ``folder/sub/article.txt``), so that files of the same name in
    different sub-folders get different ids; files directly in the folder keep their stem."""
    rel = Path(os.path.relpath(path, folder))
    return "/".join((*rel.parts[:-1], doc_stem(rel.name)))


def _expand_named(inputs: Iterable[str]) -> dict[str, str | None]:
    """Expanded items -> the document id a folder argument gives them (None: the reader names it)."""
    out: dict[str, str | None] = {}
    for item in inputs:
        path = Path(os.path.expanduser(item))
        if is_url(item) or path.is_file():
            out.setdefault(item, None)
        elif path.is_dir():
            found = _walk(path)
            for name in found:
                out.setdefault(name, _relative_id(name, path))
            if not found:
                out.setdefault(item, None)
        elif _GLOB_CHARS.search(item):
            files: list[str] = []
            for match in sorted(glob.glob(os.path.expanduser(item), recursive=True)):
                if os.path.isdir(match):
                    files.extend(_walk(Path(match)))
                elif os.path.isfile(match):
                    files.append(match)
            for name in files or [item]:
                out.setdefault(name, None)
        else:
            out.setdefault(item, None)
    return out


def _gunzip(data: bytes, source: str, limits: ReadLimits) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limits.max_bytes + 1)
    except EOFError:
        raise InputError(source, "truncated gzip data") from None
    except (OSError, zlib.error) as err:
        raise InputError(source, f"corrupt gzip data ({err})") from None
    if len(out) > limits.max_bytes:
        raise InputError(source, f"decompresses to more than the {limits.max_bytes:,}-byte cap")
    return out


def _missing(source: str) -> InputError:
    if _GLOB_CHARS.search(source):
        return InputError(source, "no file matches this pattern")
    return InputError(source, "no such file or directory")


def read_file(path: Path, source: str, limits: ReadLimits, doc_id: str | None = None) -> Iterator[Item]:
    """Read one local file with the reader its name or content calls for."""
    if not path.exists():
        raise _missing(source)
    if path.is_dir():
        raise InputError(source, "folder holds no files")
    if not path.is_file():
        raise InputError(source, "not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(source, "empty file (0 bytes)")
    kind = format_from_name(path.name)
    with path.open("rb") as stream:
        if kind == WARC or (kind is None and stream.read(5) == b"WARC/"):
            stream.seek(0)
            yield from read_warc(stream, source=source, limits=limits)
            return
    if size > limits.max_bytes:
        raise InputError(source, f"file is {size:,} bytes, over the {limits.max_bytes:,}-byte cap")
    data = path.read_bytes()
    if data.startswith(GZIP_MAGIC):
        data = _gunzip(data, source, limits)
    yield from read_bytes(data, kind=kind, doc_id=doc_id or doc_stem(path.name), source=source, limits=limits)


def read_bytes(data: bytes, *, kind: str | None, doc_id: str, source: str, limits: ReadLimits) -> Iterator[Item]:
    """Read decompressed content; ``kind`` None means: sniff it."""
    if not data.strip():
        raise InputError(source, "empty file (only white space)")
    if described := binary_kind(data[:16]):
        raise InputError(source, f"{described}, not a supported text format")
    kind = kind or format_from_content(data[:8192])
    if kind == FEED and not is_feed(data):
        kind = HTML if format_from_content(data[:8192]) == HTML else None
        if kind is None:
            raise InputError(source, "XML that is not an RSS or Atom feed")
    if kind == TEXT:
        yield read_text(data, doc_id=doc_id, source=source)
    elif kind == HTML:
        yield read_html_bytes(data, doc_id=doc_id, source=source, limits=limits)
    elif kind == JSON:
        yield from read_json(data, source=source, limits=limits)
    elif kind == JSONL:
        yield from read_jsonl(data, source=source, limits=limits)
    elif kind == FEED:
        yield from read_feed(data, source=source, limits=limits)
    elif kind == WARC:
        yield from read_warc(io.BytesIO(data), source=source, limits=limits)
    else:  # pragma: no cover - every sniffed kind is handled above
        raise InputError(source, f"no reader for {kind}")


def _guarded(item: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn a reader's failure into one Skipped, keeping what it yielded before failing."""
    try:
        yield from items
    except InputError as err:
        yield Skipped(err.source, err.reason)
    except RecursionError:
        yield Skipped(item, "structure nested too deeply to process")
    except MemoryError:
        yield Skipped(item, "too large to process in memory")
    except OSError as err:  # the file vanished, is unreadable, ...
        yield Skipped(item, f"cannot be read: {err.strerror or 'input/output error'}")
    except Exception:  # untrusted input can break any parser: say so in plain words, read on
        yield Skipped(item, "could not be read: malformed or unsupported content")


def _safe(items: Iterator[Item], limits: ReadLimits) -> Iterator[Item]:
    for item in items:
        yield safe_item(item, limits)


def read_input(item: str, *, limits: ReadLimits | None = None, client: httpx.Client | None = None,
               doc_id: str | None = None) -> Iterator[Item]:
    """Read one expanded item (a file or a URL). What comes out has a printable source, text
    without lone surrogates or control characters, and a one-line reason when skipped."""
    limits = limits or ReadLimits()
    if not is_url(item):
        yield from _safe(_guarded(item, read_file(Path(os.path.expanduser(item)), item, limits, doc_id)), limits)
    elif client is not None:
        yield from _safe(_guarded(item, read_url(item, client=client, limits=limits)), limits)
    else:
        with make_client(limits) as own:
            yield from _safe(_guarded(item, read_url(item, client=own, limits=limits)), limits)


def read_sources(
    inputs: Iterable[str], *, limits: ReadLimits | None = None, client: httpx.Client | None = None
) -> Iterator[RawDocument | Skipped]:
    """Every document found in ``inputs`` (paths, folders, globs, http(s) URLs), in order; each
    input that cannot be read gives one ``Skipped`` with a one-line reason, and reading goes on.

    ``client`` is used for URLs when given (the caller owns it); otherwise one client is made for
    the whole run and closed at the end.
    """
    limits = limits or ReadLimits()
    items = _expand_named(inputs)
    if client is not None or not any(is_url(i) for i in items):
        for item, doc_id in items.items():
            yield from read_input(item, limits=limits, client=client, doc_id=doc_id)
        return
    with make_client(limits) as own:
        for item, doc_id in items.items():
            yield from read_input(item, limits=limits, client=own, doc_id=doc_id)
