"""Compact binary forms of what the store keeps: article extras, term counts, centroids, LSH keys."""

from __future__ import annotations

import hashlib
import json
import zlib
from array import array
from typing import Any

# Article fields that have their own column; everything else of ``article_to_dict`` goes to ``extra``.
ARTICLE_COLUMNS = ("id", "source", "title", "byline", "published", "outlet", "url", "format", "body")
LSH_BANDS, LSH_ROWS = 10, 6  # as CopyConfig.lsh_bands
_WITH_BODY = b"\x01"  # extras compressed with the body as dictionary (see pack_extra)


def pack_extra(record: dict[str, Any]) -> bytes:
    """The fields of an article dict that have no column, compressed with the body as zlib's preset
    dictionary: the original text (most of it the body's own sentences) costs little beside the
    body. Form: ``\x01`` + zlib(length of the original, the original, the JSON of the rest)."""
    rest = {k: v for k, v in record.items() if k not in ARTICLE_COLUMNS}
    original = (rest.pop("original", None) or "").encode("utf-8")
    payload = len(original).to_bytes(4, "little") + original \
        + json.dumps(rest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packer = zlib.compressobj(9, zdict=_dictionary(record.get("body") or ""))
    return _WITH_BODY + packer.compress(payload) + packer.flush()


def unpack_extra(blob: bytes | None, body: str = "") -> dict[str, Any]:
    if blob and blob[:1] == _WITH_BODY:
        unpacker = zlib.decompressobj(zdict=_dictionary(body))
        payload = unpacker.decompress(blob[1:]) + unpacker.flush()
        n = int.from_bytes(payload[:4], "little")
        data = json.loads(payload[4 + n:])
        if n:
            data["original"] = payload[4:4 + n].decode("utf-8")
        return data
    # the earlier form: zlib JSON, the original kept as the gaps around the body's segments
    data = json.loads(zlib.decompress(blob)) if blob else {}
    gaps = data.pop("original_gaps", None)
    if gaps is not None:
        data["original"] = _rebuild_original(body, data.get("offsets") or [], gaps)
    return data


def _dictionary(body: str) -> bytes:
    return body.encode("utf-8")[-32768:] or b"\0"  # deflate looks back at most 32 KiB


def _rebuild_original(body: str, segments, gaps: list[str]) -> str:
    parts = []
    for gap, (body_start, _, length) in zip(gaps, segments):
        parts.append(gap)
        parts.append(body[body_start:body_start + length])
    parts.append(gaps[-1] if len(gaps) > len(segments) else "")
    return "".join(parts)


def pack_terms(ids: array, counts: array, query: array | tuple) -> bytes:
    """A document's term ids, counts and query terms in one blob: ``N``, a byte saying how wide
    the ids (2 or 4 bytes) and the counts (1 or 2) are written, then zlib of the sizes (int32),
    the ids, the counts and the query terms (as wide as the ids)."""
    wide_ids = _outside(ids, 0xFFFF) or _outside(query, 0xFFFF)
    wide_counts = _outside(counts, 0xFF)
    id_code = "i" if wide_ids else "H"
    raw = array("i", (len(ids), len(query))).tobytes() + array(id_code, ids).tobytes() \
        + array("H" if wide_counts else "B", counts).tobytes() + array(id_code, query).tobytes()
    return _NARROW + bytes((wide_ids | wide_counts << 1,)) + zlib.compress(raw, 9)


def _outside(values, top: int) -> bool:
    """Whether any of these integers lies outside 0..top (min and max run in C)."""
    return bool(len(values)) and (max(values) > top or min(values) < 0)


_NARROW = b"N"  # pack_terms' form (an earlier form is a bare zlib stream: it starts with 0x78)


def unpack_terms(blob: bytes) -> tuple[array, array, tuple[int, ...]]:
    """The ids (array 'i'), counts (array 'H') and query terms of :func:`pack_terms` (either form)."""
    if blob[:1] == _NARROW:
        flags, raw = blob[1], zlib.decompress(blob[2:])
        id_code, id_size = ("i", 4) if flags & 1 else ("H", 2)
        count_code, count_size = ("H", 2) if flags & 2 else ("B", 1)
    else:
        raw = zlib.decompress(blob)
        id_code, id_size, count_code, count_size = "i", 4, "H", 2
    head = array("i")
    head.frombytes(raw[:8])
    n, q = head
    at = 8
    ids, counts, query = array(id_code), array(count_code), array(id_code)
    ids.frombytes(raw[at:at + id_size * n])
    at += id_size * n
    counts.frombytes(raw[at:at + count_size * n])
    at += count_size * n
    query.frombytes(raw[at:at + id_size * q])
    if id_code != "i":
        ids = _widened(ids, "i")
    if count_code != "H":
        counts = _widened(counts, "H")
    return ids, counts, tuple(query)


def _widened(values: array, code: str) -> array:
    import numpy as np

    out = array(code)
    out.frombytes(np.asarray(values).astype(np.dtype(code)).tobytes())
    return out


def pack_centroid(centroid: dict[int, float]) -> bytes:
    """A sparse centroid: ``Z`` then, zlib-packed, its size, term ids (int32) and weights (float64,
    exact), in the dict's order."""
    raw = array("i", (len(centroid),)).tobytes() + array("i", centroid.keys()).tobytes() \
        + array("d", centroid.values()).tobytes()
    return b"Z" + zlib.compress(raw, 6)


def unpack_centroid(blob: bytes) -> dict[int, float]:
    head = array("i")
    head.frombytes(blob[:4])
    if not (blob[:1] != b"Z" or len(blob) == 4 + 12 * head[0]):  # packed (else: unpacked, as first written)
        blob = zlib.decompress(blob[1:])
        head = array("i")
        head.frombytes(blob[:4])
    n = head[0]
    ids, weights = array("i"), array("d")
    ids.frombytes(blob[4:4 + 4 * n])
    weights.frombytes(blob[4 + 4 * n:4 + 12 * n])
    return dict(zip(ids, weights))


def lsh_band_keys(signature: bytes, bands: int = LSH_BANDS, rows: int = LSH_ROWS) -> list[int]:
    """One signed 64-bit key per band of a uint32 MinHash signature: two signatures share a key
    exactly when a band of theirs is identical (as in datasketch's MinHashLSH)."""
    width = 4 * rows
    keys = []
    for b in range(bands):
        digest = hashlib.blake2b(signature[b * width:(b + 1) * width], digest_size=8, key=bytes((b + 1,))).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def pack_fingerprints(rows) -> bytes:
    """Winnowed fingerprints (uint32 rows of hash and word position, sorted by hash; any further
    columns, the character spans, are left out: they are read again from the body when a shared
    passage is reported) in about 4.5 bytes a row: the hashes in text order as they are, then the
    word positions as zlib-packed gaps. Head: the row count and ``2 | wide`` (an earlier form,
    which kept the character spans, has 0 or 1 there)."""
    import numpy as np

    rows = np.asarray(rows, dtype=np.uint32)
    rows = rows.reshape(-1, rows.shape[-1] if rows.ndim == 2 else 4)
    order = np.argsort(rows[:, 1], kind="stable")
    text = rows[order].astype(np.int64)
    gaps = np.diff(text[:, 1], prepend=0)
    wide = bool(len(gaps)) and int(gaps.max()) > 0xFF
    head = array("I", (len(rows), _FINGERPRINTS_V2 | int(wide))).tobytes()
    return head + text[:, 0].astype(np.uint32).tobytes() + zlib.compress(
        gaps.astype(np.uint32 if wide else np.uint8).tobytes(), 9)


_FINGERPRINTS_V2 = 2


def unpack_fingerprints(blob: bytes):
    """Inverse of :func:`pack_fingerprints`: the rows in their original order (sorted by hash), as
    (n, 2) uint32 columns hash, word position — or (n, 4) with the character spans, for a blob
    written in the earlier form."""
    import numpy as np

    head = array("I")
    head.frombytes(blob[:8])
    n, form = head
    hashes = np.frombuffer(blob[8:8 + 4 * n], dtype=np.uint32)
    if form & _FINGERPRINTS_V2:
        gaps = np.frombuffer(zlib.decompress(blob[8 + 4 * n:]), dtype=np.uint32 if form & 1 else np.uint8)
        text = np.empty((n, 2), dtype=np.int64)
        text[:, 0] = hashes
        text[:, 1] = np.cumsum(gaps, dtype=np.int64)
        return text[np.argsort(text[:, 0], kind="stable")].astype(np.uint32)
    cols = np.frombuffer(zlib.decompress(blob[8 + 4 * n:]), dtype=np.int64 if form else np.uint16).astype(np.int64)
    text = np.empty((n, 4), dtype=np.int64)
    text[:, 0] = hashes
    text[:, 1] = np.cumsum(cols[:n])
    text[:, 2] = np.cumsum(cols[n:2 * n])
    text[:, 3] = text[:, 2] + cols[2 * n:]
    return text[np.argsort(text[:, 0], kind="stable")].astype(np.uint32)
