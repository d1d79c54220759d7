"""Issue 11: HTTP Content-Encoding is undone step by step, never past what the caller takes.

httpx inflated each network chunk of a deflate or br body whole, so a small chunk of a bomb
became tens of megabytes before the size cap was checked (tests/test_reliability_net.py runs
the bombs through a local server; these tests drive the decoder directly).
"""

from __future__ import annotations

import gzip
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.ingest.encodings import STEP, DecodeError, accept_encoding, codings, decoded

TEXT = b"The harbour authority said the ferry terminal would open next spring. " * 2000


def _raw_deflate(data: bytes) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return squeeze.compress(data) + squeeze.flush()


def _br(data: bytes) -> bytes:
    brotli = pytest.importorskip("brotli")
    return brotli.compress(data, quality=5)


ENCODED = {
    "gzip": lambda d: gzip.compress(d),
    "x-gzip": lambda d: gzip.compress(d),
    "deflate": zlib.compress,
    "raw deflate": _raw_deflate,
    "br": _br,
    "deflate, gzip": lambda d: gzip.compress(zlib.compress(d)),
    "gzip members": lambda d: gzip.compress(d[:1000]) + gzip.compress(d[1000:]),
    "identity": lambda d: d,
    "an unknown name": lambda d: d,
}
HEADER = {"raw deflate": "deflate", "gzip members": "gzip", "an unknown name": "utf-8"}


def _chunks(data: bytes, size: int):
    return (data[i:i + size] for i in range(0, len(data), size))


@pytest.mark.parametrize("name", list(ENCODED))
@pytest.mark.parametrize("chunk", [1, 13, 4096, 1 << 30])
def test_every_encoding_round_trips_in_any_chunking(name, chunk):
    body = ENCODED[name](TEXT)
    assert b"".join(decoded(_chunks(body, chunk), HEADER.get(name, name))) == TEXT


@pytest.mark.parametrize("name,body,reason", [
    ("gzip", gzip.compress(TEXT)[:-9], "cut short"),
    ("deflate", zlib.compress(TEXT)[:200], "cut short"),
    ("gzip", gzip.compress(TEXT) + b"trailing junk", "corrupt"),
    ("deflate", zlib.compress(TEXT) + b"trailing junk", "after its end"),
    ("deflate", b"plain words, not deflate at all", "corrupt"),
    ("zstd", b"(zstd frames)", "cannot decode"),
    ("compress", b"(lzw)", "cannot decode"),
])
def test_cut_corrupt_and_undecodable_bodies_are_errors_not_text(name, body, reason):
    with pytest.raises(DecodeError, match=reason):
        b"".join(decoded(_chunks(body, 4096), name))


def test_br_cut_short_is_an_error():
    with pytest.raises(DecodeError, match="cut short"):
        b"".join(decoded(_chunks(_br(TEXT)[:-4], 64), "br"))


@pytest.mark.parametrize("name", ["gzip", "deflate", "br", "deflate, gzip"])
def test_a_bomb_is_inflated_one_step_at_a_time(name):
    """24 MB of zeros (8x where the reader stops; a whole inflation would be one piece of it): each
    piece is about STEP bytes, and stopping early stops the work."""
    bomb = ENCODED[name](b"\0" * 24_000_000) if name != "deflate, gzip" else \
        gzip.compress(zlib.compress(b"\0" * 24_000_000, 9), 9)
    pieces = decoded(_chunks(bomb, 1 << 16), name)
    got = biggest = 0
    for piece in pieces:
        got += len(piece)
        biggest = max(biggest, len(piece))
        if got > 3_000_000:
            break
    assert 3_000_000 < got <= 3_000_000 + 2 * STEP
    assert biggest <= 2 * STEP  # brotli may pass its output limit by a little


def test_accept_encoding_names_only_what_can_be_decoded():
    asked = codings(accept_encoding())
    assert {"gzip", "deflate"} <= set(asked)
    for name in asked:
        assert b"".join(decoded([ENCODED[name](TEXT)], name)) == TEXT


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=3000), name=st.sampled_from(["gzip", "deflate", "br", "deflate, gzip"]),
       cut=st.integers(min_value=1, max_value=64))
def test_random_bytes_decode_or_fail_cleanly(data, name, cut):
    if name == "br":
        pytest.importorskip("brotli")
    try:
        for piece in decoded(_chunks(data, cut), name):
            assert len(piece) <= 2 * STEP
    except DecodeError as err:
        assert str(err) and "\n" not in str(err)
