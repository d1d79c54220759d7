"""Issue 11: every bad input ends as a whole article or one human skip line (reader level).

Defects covered here: 1 (non-UTF-8 file name), 2 (lone surrogate in JSON), 4 (truncated
.warc.gz stored in part), 5 (WARC gzip bomb past the caps), 13 (skip reasons that leak internals
or span lines), and the per-article processing cap.
"""

from __future__ import annotations

import io
import json
import os

import pytest
from badcorpus import _warc, _warc_bomb, article

from newsdesk.ingest import ReadLimits, read_sources
from newsdesk.ingest import sources as sources_module
from newsdesk.ingest.safety import BoundedStream, display_name, one_line, scrub_text
from newsdesk.records import RawDocument, Skipped


def _read(*paths, limits=None):
    return list(read_sources([str(p) for p in paths], limits=limits))


def _human(reason: str) -> None:
    assert reason and "\n" not in reason and "\r" not in reason
    for internal in ("Error:", "Traceback", "NoneType", "object has no attribute", "Exception"):
        assert internal not in reason, reason


def test_non_utf8_file_name_is_read_with_a_printable_source(tmp_path):  # defect 1
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "wb") as stream:
        stream.write(article(1).encode())
    (doc,) = _read(tmp_path)
    assert isinstance(doc, RawDocument)
    assert doc.source.endswith("caf\\xe9.txt")
    doc.source.encode("utf-8")  # storable: no lone surrogate left
    doc.id.encode("utf-8")


def test_lone_surrogate_in_json_keeps_both_records(tmp_path):  # defect 2
    path = tmp_path / "s.json"
    records = [{"title": "Bad \ud83d", "text": "A \ud83d lone surrogate. " + article(2)}, {"title": "Good", "text": article(3)}]
    path.write_text(json.dumps(records), encoding="ascii")  # json.dumps writes the surrogate as \ud83d
    items = _read(path)
    assert [type(i) for i in items] == [RawDocument, RawDocument]
    assert "\ufffd" in items[0].text and "\ufffd" in items[0].title
    for item in items:
        item.text.encode("utf-8")
        item.title.encode("utf-8")


def test_truncated_warc_gz_stores_no_partial_article(tmp_path):  # defect 4
    pages = [(f"http://example.com/{i}", f"<html><body><article><p>{article(i)}</p></article></body></html>".encode())
             for i in range(3)]
    data = _warc(pages)
    for cut in (20, 60, 120):
        path = tmp_path / f"cut{cut}.warc.gz"
        path.write_bytes(data[:-cut])
        items = _read(path)
        docs = [i for i in items if isinstance(i, RawDocument)]
        skips = [i for i in items if isinstance(i, Skipped)]
        assert len(docs) == 2, items
        for doc in docs:  # the articles kept are whole
            n = int(doc.url.rsplit("/", 1)[1])
            assert doc.text.rstrip().endswith(article(n).rstrip()[-40:])
        assert skips and any("truncated" in s.reason for s in skips)
        for skip in skips:
            _human(skip.reason)


def test_truncated_plain_warc_stores_no_partial_article(tmp_path):  # defect 4
    pages = [(f"http://example.com/{i}", f"<html><body><p>{article(i)}</p></body></html>".encode()) for i in range(2)]
    data = _warc(pages, gz=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:-100])
    items = _read(path)
    assert [type(i) for i in items] == [RawDocument, Skipped]
    assert "cut short" in items[1].reason


def test_warc_gzip_bomb_stops_at_the_total_cap(tmp_path):  # defect 5
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(_warc_bomb(100_000_000))
    assert path.stat().st_size < 200_000
    items = _read(path, limits=ReadLimits(max_total_bytes=20_000_000))
    assert items and all(isinstance(i, Skipped) for i in items)
    assert any("20,000,000-byte total cap" in i.reason for i in items)
    for item in items:
        _human(item.reason)


def test_warc_of_many_records_under_the_record_cap_stops_at_the_total_cap(tmp_path):  # defect 5
    # Each record is under the per-record cap, so only a total cap bounds the archive.
    page = b"<html><body><p>" + b"word " * 600_000 + b"</p></body></html>"
    path = tmp_path / "many.warc.gz"
    path.write_bytes(_warc([(f"http://example.com/{i}", page) for i in range(12)]))
    assert path.stat().st_size < 1_000_000
    items = _read(path, limits=ReadLimits(max_total_bytes=10_000_000))
    assert sum(isinstance(i, RawDocument) for i in items) <= 4
    assert "total cap" in items[-1].reason


def test_bounded_stream_never_inflates_past_its_limit():  # defect 5, the mechanism
    import gzip

    bomb = gzip.compress(b"\0" * 50_000_000)
    stream = BoundedStream(io.BytesIO(bomb), 1_000_000)
    while stream.read(1 << 16):
        pass
    assert stream.over_limit and stream.total == 1_000_000
    cut = BoundedStream(io.BytesIO(gzip.compress(b"hello " * 1000)[:-12]), 10_000_000)
    cut.read()
    assert cut.truncated
    multi = BoundedStream(io.BytesIO(gzip.compress(b"one ") + gzip.compress(b"two")), 100)
    assert multi.read() == b"one two" and not (multi.truncated or multi.over_limit or multi.corrupt)


def test_truncated_warc_gz_at_every_length_has_human_reasons_and_no_partial_page(tmp_path):  # defects 4, 13
    # On main before the fix, 52 of these lengths gave "could not be read (AttributeError: 'NoneType'
    # object has no attribute 'startswith')" and 23 stored a partial page.
    data = _warc([("http://example.com/a", b"<html><body><p>The whole text of the page.</p></body></html>")])
    for size in range(1, len(data), 3):
        path = tmp_path / f"tiny{size}.warc.gz"
        path.write_bytes(data[:size])
        for item in _read(path):
            if isinstance(item, Skipped):
                _human(item.reason)
            else:
                assert item.text == "The whole text of the page.", (size, item.text)


def test_newline_in_file_name_keeps_the_skip_on_one_line(tmp_path):  # defect 13
    path = tmp_path / "two\nlines.txt"
    path.write_bytes(b"")
    (skip,) = _read(path)
    assert isinstance(skip, Skipped) and "\n" not in skip.source and skip.source.endswith("two\\nlines.txt")


def test_a_parser_crash_is_a_plain_reason(tmp_path, monkeypatch):  # defect 13
    def broken(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'startswith'")

    monkeypatch.setattr(sources_module, "read_text", broken)
    path = tmp_path / "a.txt"
    path.write_text(article(4), encoding="utf-8")
    (skip,) = _read(path)
    assert isinstance(skip, Skipped)
    _human(skip.reason)


def test_article_over_the_processing_cap_is_skipped(tmp_path):  # defect 10's hard cap
    path = tmp_path / "long.txt"
    path.write_text(article(5).replace("\n", " ") * 40, encoding="utf-8")
    (skip,) = _read(path, limits=ReadLimits(max_article_chars=10_000))
    assert isinstance(skip, Skipped) and "10,000-character cap" in skip.reason
    (doc,) = _read(path)
    assert isinstance(doc, RawDocument)


def test_control_characters_leave_text_and_metadata(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"title": "Red \x1b[31m alert\x07", "byline": "A\nB", "text": article(6).replace("Tuesday", "Tues\x1b[2Jday")}),
                    encoding="utf-8")
    (doc,) = _read(path)
    assert "\x1b" not in doc.text and "\x1b" not in doc.title and "\x07" not in doc.title
    assert doc.byline == "A B"


@pytest.mark.parametrize("raw, shown", [
    ("a\udce9b.txt", "a\\xe9b.txt"), ("x\ny", "x\\ny"), ("tab\there", "tab\\there"), ("esc\x1b[0m", "esc\\x1b[0m"),
    ("plain.txt", "plain.txt"), ("caf\u00e9", "caf\u00e9"),
])
def test_display_name(raw, shown):
    assert display_name(raw) == shown


def test_one_line_and_scrub():
    assert one_line("a\nb\tc  d") == "a b c d"
    assert len(one_line("x" * 5000)) <= 300
    assert scrub_text("a\ud83db\x00c\td\n") == "a\ufffdbc\td\n"


def test_limits_from_environment():
    limits = ReadLimits.from_env({"NEWSDESK_MAX_BYTES": "5_000", "NEWSDESK_ALLOW_PRIVATE": "yes",
                                  "NEWSDESK_URL_TOTAL_TIMEOUT": "2.5", "NEWSDESK_ALLOWED_HOSTS": "a.example, B.example"})
    assert (limits.max_bytes, limits.allow_private, limits.url_total_timeout) == (5000, True, 2.5)
    assert limits.allowed_hosts == ("a.example", "b.example")
    assert ReadLimits().allow_private is False  # the library refuses private addresses by default
    with pytest.raises(ValueError):
        ReadLimits.from_env({"NEWSDESK_MAX_BYTES": "lots"})
    with pytest.raises(ValueError):
        ReadLimits(max_total_bytes=0)
