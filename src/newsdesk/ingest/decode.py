"""Bytes to text: byte-order marks, declared charsets, UTF-8, then detection; binary refused."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from newsdesk.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What browsers do (WHATWG encoding standard): these labels mean windows-1252.
_AS_CP1252 = {"ascii", "us-ascii", "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "cp819"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.01


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM character is dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("'\"").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess, preferring windows-1252 when it is as plausible as the best.

    On short Western texts the detector often ranks a sibling code page (cp1250, cp775, ...)
    first with the same score; windows-1252 is by far the most common legacy encoding of news
    text, so it wins ties. Cyrillic, Greek or Central-European text scores clearly better in
    its own code page and keeps it.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos + 0.01
            and match.coherence >= best.coherence - 0.1
        ):
            return "cp1252"
    return best.encoding


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Decode ``data`` to text with LF newlines; raise InputError for binary content."""
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(source, f"invalid {encoding} text after its byte-order mark") from None
            break
    if text is None and (codec := _codec(declared)):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = None  # the declaration was wrong: fall through to detection
    if text is None and b"\x00" not in data:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None:
        encoding = _detect(data)
        if encoding is None or (b"\x00" in data and not encoding.startswith("utf")):
            raise InputError(source, "binary content, not text")
        text = data.decode(encoding, errors="replace")
    if text and len(_CONTROL.findall(text)) > _MAX_CONTROL_RATIO * len(text):
        raise InputError(source, "binary content, not text (too many control characters)")
    return normalise_newlines(text)


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def markup_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or an XML declaration states in the first 4 KB, if any."""
    head = data[:4096]
    found = _XML_ENCODING.search(head.lstrip(b"\xef\xbb\xbf \t\r\n")) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None
