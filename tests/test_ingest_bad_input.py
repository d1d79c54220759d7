"""Bad input: each case gives one Skipped with a clear one-line reason (or is read correctly),
and reading goes on with the next input."""

from __future__ import annotations

import gzip
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdesk.ingest import ReadLimits, read_sources
from newsdesk.records import RawDocument, Skipped

STORY = (
    "The harbour authority said on Friday that the new ferry terminal would open next spring, "
    "two years later than first planned, after costs rose by a third."
)
FAST = ReadLimits(url_connect_timeout=1.0, url_read_timeout=0.5, url_total_timeout=3.0, allow_private=True)  # local test server


def read_then_sentinel(tmp_path, *inputs, limits=None):
    """Read ``inputs`` followed by a good file; check the good file is still read."""
    sentinel = tmp_path / "zz_sentinel.txt"
    sentinel.write_text(STORY, encoding="utf-8")
    items = list(read_sources([*map(str, inputs), str(sentinel)], limits=limits))
    assert isinstance(items[-1], RawDocument) and items[-1].text == STORY
    return items[:-1]


def only_skip(items) -> Skipped:
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    reason = items[0].reason
    assert reason and "\n" not in reason
    return items[0]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    skip = only_skip(read_then_sentinel(tmp_path, path))
    assert skip.source == str(path) and "empty" in skip.reason


def test_binary_file(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(os.urandom(4096) + b"\x00\x01\x02" * 100)
    skip = only_skip(read_then_sentinel(tmp_path, path))
    assert "binary" in skip.reason


def test_image_with_unknown_extension(tmp_path):
    path = tmp_path / "photo.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(512))
    skip = only_skip(read_then_sentinel(tmp_path, path))
    assert "PNG" in skip.reason


TEXT_1252 = "The café owner said “we’re open” – prices rose 5 € on Monday. Naïve résumé façade.\n"


def test_cp1252_text_is_decoded(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes(TEXT_1252.replace("\n", "\r\n").encode("cp1252"))
    (doc,) = read_then_sentinel(tmp_path, path)
    assert doc.text == TEXT_1252


def test_latin1_text_is_decoded(tmp_path):
    text = "Le maire a déclaré : « la fête aura lieu à l'hôtel de ville », selon Zoë Müller.\n"
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    (doc,) = read_then_sentinel(tmp_path, path)
    assert doc.text == text


def test_utf16_text_is_decoded(tmp_path):
    text = "Заголовок: 東京 and Zürich agree on a new rail link.\nSecond line.\n"
    with_bom, without_bom = tmp_path / "bom.txt", tmp_path / "le.txt"
    with_bom.write_bytes(text.encode("utf-16"))
    without_bom.write_bytes(text.encode("utf-16-le"))
    docs = read_then_sentinel(tmp_path, with_bom, without_bom)
    assert [d.text for d in docs] == [text, text]


def _page(paras: int = 4) -> str:
    body = "".join(f"<p>{STORY} Paragraph {i}.</p>" for i in range(paras))
    return f"<html><head><title>Ferry terminal delayed</title></head><body><article>{body}</article></body></html>"


def test_truncated_html_reads_what_is_there(tmp_path):
    page = _page()
    path = tmp_path / "cut.html"
    path.write_text(page[: page.index("Paragraph 2") + 5], encoding="utf-8")  # cut mid-paragraph, tags open
    (doc,) = read_then_sentinel(tmp_path, path)
    assert isinstance(doc, RawDocument)
    assert f"{STORY} Paragraph 0." in doc.text and f"{STORY} Paragraph 1." in doc.text
    assert "Paragraph 3" not in doc.text


def test_truncated_gzip(tmp_path):
    path = tmp_path / "cut.html.gz"
    path.write_bytes(gzip.compress(_page(40).encode("utf-8"))[:300])
    skip = only_skip(read_then_sentinel(tmp_path, path))
    assert "gzip" in skip.reason


def test_deeply_nested_html(tmp_path):
    depth = 100_000
    html = ("<html><body><p>" + STORY + "</p>" + "<div>" * depth + "<p>" + STORY + "</p>"
            + "</div>" * depth + "</body></html>")
    path = tmp_path / "deep.html"
    path.write_text(html, encoding="utf-8")
    started = time.monotonic()
    skip = only_skip(read_then_sentinel(tmp_path, path))
    assert "nested deeper" in skip.reason
    assert time.monotonic() - started < 30


def test_file_over_size_cap(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(STORY * 100, encoding="utf-8")
    skip = only_skip(read_then_sentinel(tmp_path, path, limits=ReadLimits(max_bytes=1000)))
    assert "cap" in skip.reason and "1,000" in skip.reason


def test_gzip_expanding_over_size_cap(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 50_000))
    skip = only_skip(read_then_sentinel(tmp_path, path, limits=ReadLimits(max_bytes=10_000)))
    assert "decompresses" in skip.reason


def test_malformed_json_line(tmp_path):
    path = tmp_path / "items.jsonl"
    path.write_text('{"title": "One", "text": "First."}\n{"title": "Two", "text": \n'
                    '{"title": "Three", "text": "Third."}\n', encoding="utf-8")
    items = read_then_sentinel(tmp_path, path)
    assert [type(i) for i in items] == [RawDocument, Skipped, RawDocument]
    assert items[1].source == f"{path}:2" and "malformed JSON" in items[1].reason
    assert [items[0].title, items[2].title] == ["One", "Three"]


def test_malformed_json_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"title": "One", "text": "Fir', encoding="utf-8")
    skip = only_skip(read_then_sentinel(tmp_path, path))
    assert "malformed JSON" in skip.reason


def test_json_record_without_text(tmp_path):
    path = tmp_path / "notext.json"
    path.write_text('[{"url": "https://example.com/a"}, {"title": "Body", "text": "Here."},'
                    ' {"title": "A headline <em>alone</em>"}]', encoding="utf-8")
    items = read_then_sentinel(tmp_path, path)
    assert isinstance(items[0], Skipped) and "no article text" in items[0].reason
    assert items[0].source == f"{path}#1" and items[1].text == "Here."
    assert items[2].text == items[2].title == "A headline alone"  # a headline alone is a short item


def test_xxe_feed_does_not_read_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER-4711", encoding="utf-8")
    feed = tmp_path / "evil.rss"
    feed.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>Evil</title><item><title>&xxe;</title>'
        "<description>&xxe; leaked</description></item></channel></rss>",
        encoding="utf-8",
    )
    items = list(read_sources([str(feed)]))
    skip = only_skip(items)
    assert "entities" in skip.reason and "unsafe" in skip.reason
    assert "TOP-SECRET-MARKER" not in repr(items)


def test_entity_bomb_feed(tmp_path):
    feed = tmp_path / "bomb.xml"
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    feed.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss><channel><title>&i;</title>'
                    "</channel></rss>", encoding="utf-8")
    skip = only_skip(read_then_sentinel(tmp_path, feed))
    assert "unsafe" in skip.reason


def test_nonexistent_path(tmp_path):
    missing = tmp_path / "nowhere" / "story.txt"
    skip = only_skip(read_then_sentinel(tmp_path, missing))
    assert skip.source == str(missing) and skip.reason == "no such file or directory"


def test_glob_without_matches(tmp_path):
    skip = only_skip(read_then_sentinel(tmp_path, tmp_path / "*.nomatch"))
    assert skip.reason == "no file matches this pattern"


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_url(tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}/story"
    started = time.monotonic()
    skip = only_skip(read_then_sentinel(tmp_path, url, limits=FAST))
    assert skip.source == url and "cannot connect" in skip.reason
    assert time.monotonic() - started < 10


@pytest.fixture()
def bad_server():
    """Local server with a slow route, an oversized route, a redirect loop and a 404."""
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            if self.path == "/slow":
                release.wait(10)  # far longer than the read timeout; released at teardown
                return
            if self.path.startswith("/loop"):
                self.send_response(302)
                self.send_header("Location", f"/loop{len(self.path)}")
                self.end_headers()
                return
            if self.path == "/huge":  # no Content-Length: the cap must act while streaming
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                try:
                    for _ in range(100):
                        self.wfile.write(b"x" * 1024)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the reader hung up at its cap, as it should
                return
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def test_slow_url_times_out(tmp_path, bad_server):
    started = time.monotonic()
    skip = only_skip(read_then_sentinel(tmp_path, f"{bad_server}/slow", limits=FAST))
    assert "timed out" in skip.reason
    assert time.monotonic() - started < 8


def test_url_over_size_cap(tmp_path, bad_server):
    limits = ReadLimits(max_bytes=20_000, url_read_timeout=2.0, allow_private=True)
    skip = only_skip(read_then_sentinel(tmp_path, f"{bad_server}/huge", limits=limits))
    assert "cap" in skip.reason


def test_redirect_loop(tmp_path, bad_server):
    skip = only_skip(read_then_sentinel(tmp_path, f"{bad_server}/loop", limits=FAST))
    assert "too many redirects" in skip.reason


def test_http_error_status(tmp_path, bad_server):
    skip = only_skip(read_then_sentinel(tmp_path, f"{bad_server}/gone", limits=FAST))
    assert skip.reason.startswith("HTTP 404")
