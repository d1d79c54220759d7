"""Issue 11: property-based fuzzing (Hypothesis) of the text, JSON, feed and WARC readers and of
the cleaner: random bytes, random Unicode (lone surrogates and control characters included) and
random truncation of valid inputs. Whatever comes in, a reader yields documents or one-line skips
and never raises; a document's text is storable UTF-8; the cleaner turns any readable document
into an article or a named error. Examples are bounded so the suite stays fast.
"""

from __future__ import annotations

import json

import pytest
from badcorpus import _feed, _warc, article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.errors import NewsdeskError
from newsdesk.ingest import ReadLimits
from newsdesk.ingest.safety import safe_item
from newsdesk.ingest.sources import _guarded, read_bytes
from newsdesk.records import RawDocument, Skipped

LIMITS = ReadLimits(max_bytes=200_000, max_total_bytes=2_000_000, max_article_chars=100_000)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

# Unicode with everything a hostile input can carry: surrogates, controls, private use, joiners.
HOSTILE_TEXT = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=400)
WORDS = st.lists(st.sampled_from(["the", "mayor", "said", "[/]", "<b>", "&amp;", "\x1b[31m", "\ud800", "\u202e",
                                  "\x00", "\n", "\r\n", "“", "”", "€", "2024-10-29", "last Friday", "0001-01-03"]),
                 max_size=60).map(" ".join)


def _read(data: bytes, kind: str | None, name: str = "fuzz") -> list[RawDocument | Skipped]:
    items = [safe_item(i, LIMITS) for i in _guarded(name, read_bytes(data, kind=kind, doc_id="fuzz", source=name, limits=LIMITS))]
    for item in items:
        if isinstance(item, Skipped):
            assert item.reason and "\n" not in item.reason and "\n" not in item.source
        else:
            item.text.encode("utf-8")  # no lone surrogate survives
            for value in (item.title, item.byline, item.outlet, item.url):
                assert value is None or ("\n" not in value and value.encode("utf-8"))
    return items


def _truncations(data: bytes):
    return st.integers(min_value=0, max_value=len(data)).map(lambda n: data[:n])


@pytest.mark.parametrize("kind", [None, "text", "html", "json", "jsonl", "feed", "warc"])
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(kind, data):
    _read(data, kind)


@FUZZ
@given(text=st.one_of(HOSTILE_TEXT, WORDS))
def test_random_unicode_as_text(text):
    _read(text.encode("utf-8", "surrogatepass"), "text")


@FUZZ
@given(title=st.one_of(HOSTILE_TEXT, WORDS), body=st.one_of(HOSTILE_TEXT, WORDS), date=st.one_of(st.none(), HOSTILE_TEXT,
       st.integers(), st.floats(allow_nan=True)))
def test_json_records_with_hostile_fields(title, body, date):
    record = {"title": title, "text": body + " " + article(1), "published": date, "author": [title, {"name": body}]}
    data = json.dumps([record, {"title": "ok", "text": article(2)}]).encode("ascii")  # surrogates as \\udXXX
    items = _read(data, "json")
    assert isinstance(items[-1], RawDocument)  # the good record is never lost
    lines = json.dumps(record).encode() + b"\n" + json.dumps({"text": article(3)}).encode() + b"\n"
    assert isinstance(_read(lines, "jsonl")[-1], RawDocument)


VALID = {
    "json": json.dumps([{"title": "A", "text": article(4)}, {"title": "B", "text": article(5)}]).encode(),
    "jsonl": b"\n".join(json.dumps({"title": str(i), "text": article(i)}).encode() for i in range(3)),
    "feed": _feed("".join(f"<item><title>T{i}</title><description>{article(i)}</description></item>" for i in range(3))).encode(),
    "html": f"<html><head><title>T</title></head><body><article><p>{article(6)}</p></article></body></html>".encode(),
    "text": article(7).encode(),
}


@pytest.mark.parametrize("kind", sorted(VALID))
@FUZZ
@given(data=st.data())
def test_random_truncation(kind, data):
    _read(data.draw(_truncations(VALID[kind])), kind)


WARC_GZ = _warc([(f"http://example.com/{i}", f"<html><body><p>{article(i)}</p></body></html>".encode()) for i in range(3)])
WARC_PLAIN = _warc([(f"http://example.com/{i}", f"<html><body><p>{article(i)}</p></body></html>".encode()) for i in range(3)], gz=False)


@pytest.mark.parametrize("whole", [WARC_GZ, WARC_PLAIN], ids=["gz", "plain"])
@FUZZ
@given(data=st.data())
def test_warc_truncation_and_corruption_never_stores_a_partial_record(whole, data):
    cut = data.draw(st.integers(min_value=0, max_value=len(whole)))
    flip = data.draw(st.one_of(st.none(), st.integers(min_value=0, max_value=max(0, cut - 1))))
    raw = bytearray(whole[:cut])
    if flip is not None and raw:
        raw[flip] ^= 0xFF
    for item in _read(bytes(raw), "warc"):
        if isinstance(item, RawDocument) and flip is None:
            n = int(item.url.rsplit("/", 1)[1])
            assert item.text.rstrip().endswith(article(n).rstrip()[-30:])  # whole, never cut


@FUZZ
@given(text=st.one_of(HOSTILE_TEXT, WORDS), title=st.one_of(st.none(), HOSTILE_TEXT))
def test_cleaner_takes_any_readable_document(text, title):
    from newsdesk.clean import build_article

    doc = RawDocument(id="fuzz", source="fuzz.txt", text=text, format="text", title=title)
    item = safe_item(doc, LIMITS)
    if isinstance(item, Skipped):
        return
    try:
        built = build_article(item)
    except NewsdeskError:
        return
    built.body.encode("utf-8")
