"""Readers, normal paths: text, HTML, JSON/JSONL, RSS/Atom, WARC and http(s) URLs."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import threading
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.ingest import ReadLimits, expand_inputs, read_sources
from newsdesk.records import RawDocument, Skipped

PARAS = [
    "The city council voted on Tuesday to approve a new budget for the coming year, ending weeks of "
    "debate over spending on schools, roads and public transport.",
    "Mayor Jane Alvarez said the plan would add 120 teachers and repair more than 40 kilometres of "
    "roads, while keeping property taxes at last year's level.",
    "Opposition members argued that the budget relied on optimistic revenue forecasts and warned that "
    "the city could face a shortfall if the economy slowed.",
    "The final vote was nine to four. The new budget takes effect on the first of January, and a "
    "review of its progress is planned for the middle of the year.",
]


def article_html(*, title: str = "Council approves new city budget", meta_date: bool = True) -> str:
    """A news page with metadata in its head and site chrome around the article."""
    head = (
        f"<title>{title} | Example Times</title>"
        f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="Example Times">'
        '<meta name="author" content="Sam Reporter">'
        '<link rel="canonical" href="https://news.example.com/2024/05/council-budget">'
        '<meta property="article:tag" content="Budget"><meta property="article:tag" content="City Council">'
    )
    if meta_date:
        head += '<meta property="article:published_time" content="2024-05-14T09:30:00Z">'
    today = date.today().strftime("%A, %d %B %Y")  # what a page shows on the day it is rendered
    body = (
        '<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
        f'<p class="today">{today}</p></header><main><article><h1>{title}</h1>'
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</article></main><footer><p>© 2023 Example Times. All rights reserved.</p>"
        '<a href="/privacy">Privacy policy</a></footer>'
    )
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


# --------------------------------------------------------------------------- plain text


def test_seeds_folder_reads_as_five_text_documents(shared):
    folder = shared / "seeds"
    items = list(read_sources([str(folder)]))
    assert all(isinstance(i, RawDocument) for i in items), items
    assert [d.id for d in items] == sorted(p.stem for p in folder.glob("*.txt"))
    assert len(items) == 5
    for doc in items:
        assert doc.format == "text" and not doc.has_metadata
        assert doc.title is None and doc.published is None
        original = (folder / f"{doc.id}.txt").read_text(encoding="utf-8")
        assert doc.text == original.replace("\r\n", "\n").replace("\r", "\n")


def test_plain_text_is_kept_whole_with_newlines_normalised(tmp_path):
    path = tmp_path / "note.md"
    path.write_bytes(b"Headline here\r\nBy A. Writer\r\n\r\nFirst paragraph.\rSecond line.\n")
    (doc,) = read_sources([str(path)])
    assert doc.id == "note" and doc.source == str(path)
    assert doc.text == "Headline here\nBy A. Writer\n\nFirst paragraph.\nSecond line.\n"
    assert doc.format == "text" and doc.has_metadata is False and doc.byline is None


def test_unknown_extension_is_sniffed(tmp_path):
    (tmp_path / "story.dat").write_text("Just some plain words about the news.\n", encoding="utf-8")
    (tmp_path / "page").write_text(article_html(), encoding="utf-8")
    by_id = {d.id: d for d in read_sources([str(tmp_path)])}
    assert by_id["story"].format == "text"
    assert by_id["page"].format == "html" and by_id["page"].title == "Council approves new city budget"


# --------------------------------------------------------------------------- HTML


def test_html_main_text_and_stated_metadata(tmp_path):
    path = tmp_path / "budget.html"
    path.write_text(article_html(), encoding="utf-8")
    (doc,) = read_sources([str(path)])
    assert doc.id == "budget" and doc.format == "html" and doc.has_metadata
    assert doc.text.split("\n\n") == PARAS  # paragraphs, blank-line separated, no chrome
    assert doc.title == "Council approves new city budget"
    assert doc.byline == "Sam Reporter"
    assert doc.published == datetime(2024, 5, 14)
    assert doc.outlet == "Example Times"
    assert doc.url == "https://news.example.com/2024/05/council-budget"
    assert doc.tags == ("Budget", "City Council")


def test_html_without_stated_date_has_no_published_date(tmp_path):
    # The page shows today's date in its header and a copyright year: neither is a publication date.
    path = tmp_path / "undated.html"
    path.write_text(article_html(meta_date=False), encoding="utf-8")
    (doc,) = read_sources([str(path)])
    assert doc.published is None
    assert doc.text.split("\n\n") == PARAS


def test_gzipped_html_and_meta_charset(tmp_path):
    html = article_html(title="Café owners welcome budget").replace("<head>", '<head><meta charset="windows-1252">')
    path = tmp_path / "cafe.html.gz"
    path.write_bytes(gzip.compress(html.encode("cp1252")))
    (doc,) = read_sources([str(path)])
    assert doc.id == "cafe" and doc.format == "html"
    assert doc.title == "Café owners welcome budget"


def test_html_fragment_file_keeps_its_text(tmp_path):
    path = tmp_path / "snippet.htm"
    path.write_text("<p>Police closed the road.</p>", encoding="utf-8")
    (doc,) = read_sources([str(path)])
    assert doc.format == "html" and doc.text == "Police closed the road."


# --------------------------------------------------------------------------- JSON / JSONL


def test_json_object_with_field_variants(tmp_path):
    record = {
        "headline": "Flood waters recede",
        "maintext": "The river fell by two metres overnight.\r\nResidents began to return home.",
        "link": "https://example.org/flood",
        "pubDate": "Tue, 14 May 2024 08:00:00 +0000",
        "publisher": {"name": "Example Post"},
        "authors": [{"name": "Ana Diaz"}, "Lee Wong"],
        "keywords": "floods, weather; Floods",
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    (doc,) = read_sources([str(path)])
    assert doc.format == "json" and doc.has_metadata and doc.source == str(path)
    assert doc.title == "Flood waters recede"
    assert doc.text == "The river fell by two metres overnight.\nResidents began to return home."
    assert doc.url == "https://example.org/flood"
    assert doc.published == datetime(2024, 5, 14, 8, 0, tzinfo=timezone.utc)
    assert doc.outlet == "Example Post" and doc.byline == "Ana Diaz, Lee Wong"
    assert doc.tags == ("floods", "weather")
    assert len(doc.id) == 16 and int(doc.id, 16) >= 0  # sha1 of the URL: stable
    (again,) = read_sources([str(path)])
    assert again.id == doc.id


def test_json_list_ids_and_html_field(tmp_path):
    records = [
        {"id": "a1", "title": "One", "text": "First story text.", "date": "2024-05-01"},
        {"title": "Two", "body": "<div><p>Para one of the story.</p><p>Para <b>two</b> here.</p>"
                                 "<script>var x = 1;</script></div>", "source": "Wire"},
    ]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    first, second = read_sources([str(path)])
    assert first.id == "a1" and first.published == datetime(2024, 5, 1)
    assert first.source == f"{path}#1" and second.source == f"{path}#2"
    assert second.text == "Para one of the story.\n\nPara two here."
    assert second.outlet == "Wire" and len(second.id) == 16


def test_json_wrapper_list_and_jsonl(tmp_path):
    wrapped = tmp_path / "api.json"
    wrapped.write_text(json.dumps({"status": "ok", "articles": [
        {"title": "A", "content": "Alpha text.", "url": "https://x.example/a", "publishedAt": "2024-05-02T10:00:00Z"},
    ]}), encoding="utf-8")
    lines = tmp_path / "feed.jsonl"
    lines.write_text('{"title": "B", "text": "Beta text."}\n\n{"title": "C", "article": "Gamma text."}\n',
                     encoding="utf-8")
    items = list(read_sources([str(wrapped), str(lines)]))
    assert [d.title for d in items] == ["A", "B", "C"]
    assert items[0].published == datetime(2024, 5, 2, 10, tzinfo=timezone.utc)
    assert [d.source for d in items[1:]] == [f"{lines}:1", f"{lines}:3"]


# --------------------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>https://wire.example</link>
<item><title>Storm hits coast</title><link>https://wire.example/storm</link>
<guid>https://wire.example/storm</guid><author>desk@wire.example (Kim Lee)</author>
<category>Weather</category><pubDate>Mon, 13 May 2024 06:00:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>A storm hit the coast on Monday.</p><p>Power was cut to 3,000 homes.</p>]]></content:encoded>
</item>
<item><title>Plain entry</title><link>https://wire.example/plain</link><description>Only a plain summary here.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Daily</title><id>urn:x</id><updated>2024-05-15T00:00:00Z</updated>
<entry><title>Bridge reopens</title><id>urn:1</id><link href="https://atom.example/bridge"/>
<published>2024-05-14T12:00:00Z</published><updated>2024-05-15T00:00:00Z</updated>
<author><name>Ola Berg</name></author>
<content type="html">&lt;p&gt;The bridge reopened after repairs.&lt;/p&gt;&lt;p&gt;Traffic is flowing.&lt;/p&gt;</content></entry>
<entry><title>Only updated</title><id>urn:2</id><updated>2024-05-15T00:00:00Z</updated><summary>Text of an undated entry.</summary></entry>
</feed>"""


def test_rss_feed_entries(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    storm, plain = read_sources([str(path)])
    assert storm.format == "feed" and storm.has_metadata and storm.source == f"{path}#1"
    assert storm.text == "A storm hit the coast on Monday.\n\nPower was cut to 3,000 homes."
    assert storm.title == "Storm hits coast" and storm.outlet == "Example Wire" and storm.byline == "Kim Lee"
    assert storm.url == "https://wire.example/storm" and storm.tags == ("Weather",)
    assert storm.published == datetime(2024, 5, 13, 6, 0, tzinfo=timezone.utc)
    assert plain.text == "Only a plain summary here." and plain.published is None
    assert storm.id != plain.id


def test_atom_feed_uses_published_not_updated(tmp_path):
    path = tmp_path / "daily.xml"
    path.write_text(ATOM, encoding="utf-8")
    bridge, undated = read_sources([str(path)])
    assert bridge.text == "The bridge reopened after repairs.\n\nTraffic is flowing."
    assert bridge.byline == "Ola Berg" and bridge.outlet == "Atom Daily"
    assert bridge.published == datetime(2024, 5, 14, 12, tzinfo=timezone.utc)
    assert undated.published is None and undated.text == "Text of an undated entry."


# --------------------------------------------------------------------------- WARC


def _warc_bytes() -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)

    def response(uri: str, ctype: str, payload: bytes) -> None:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))

    writer.write_record(writer.create_warc_record("https://site.example/budget", "request",
                                                  payload=io.BytesIO(b"GET /budget HTTP/1.1\r\n\r\n")))
    response("https://site.example/budget", "text/html; charset=utf-8", article_html().encode("utf-8"))
    response("https://site.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n0000")
    return out.getvalue()


def test_warc_html_responses(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc_bytes())
    (doc,) = read_sources([str(path)])
    assert doc.format == "warc" and doc.source == "https://site.example/budget"
    assert doc.text.split("\n\n") == PARAS and doc.title == "Council approves new city budget"
    assert len(doc.id) == 16


# --------------------------------------------------------------------------- URLs


@pytest.fixture()
def server():
    """A local HTTP server on 127.0.0.1 serving fixed routes; records request headers."""
    seen: list[dict] = []
    routes = {
        "/article": ("text/html; charset=utf-8", article_html().encode("utf-8")),
        "/feed": ("application/rss+xml", RSS.encode("utf-8")),
        "/note.txt": ("text/plain; charset=iso-8859-1", "Prix du café: 3 €".encode("cp1252")),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            seen.append(dict(self.headers))
            if self.path == "/old":
                self.send_response(301)
                self.send_header("Location", "/article")
                self.end_headers()
                return
            ctype, body = routes.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


LOCAL = ReadLimits(allow_private=True)  # the test server is on 127.0.0.1, refused by default


def test_url_html_page(server):
    base, seen = server
    (doc,) = read_sources([f"{base}/article"], limits=LOCAL)
    assert doc.format == "url" and doc.source == f"{base}/article"
    assert doc.text.split("\n\n") == PARAS and doc.outlet == "Example Times"
    assert "newsdesk" in seen[0]["User-Agent"]


def test_url_redirect_feed_and_text(server):
    base, _ = server
    items = list(read_sources([f"{base}/old", f"{base}/feed", f"{base}/note.txt"], limits=LOCAL))
    assert [type(i).__name__ for i in items] == ["RawDocument"] * 4
    moved, storm, plain, note = items
    assert moved.title == "Council approves new city budget" and moved.source == f"{base}/old"
    assert storm.format == "feed" and storm.title == "Storm hits coast" and plain.title == "Plain entry"
    assert note.format == "url" and note.text == "Prix du café: 3 €" and not note.has_metadata


# --------------------------------------------------------------------------- inputs


def test_expand_inputs_folders_globs_and_urls(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ("z.txt", "a.txt", "b/c.txt", "b/.secret.txt", ".hidden/d.txt", "e.html"):
        (tmp_path / rel).write_text("text", encoding="utf-8")
    expanded = expand_inputs([str(tmp_path), str(tmp_path / "*.txt"), "https://x.example/a", str(tmp_path / "a.txt")])
    assert expanded == [
        str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.txt"), str(tmp_path / "e.html"),
        str(tmp_path / "z.txt"), "https://x.example/a",
    ]


def test_reading_goes_on_after_bad_inputs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A real story.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = list(read_sources([str(tmp_path / "missing.txt"), str(empty), str(good)]))
    assert [type(i) for i in items] == [Skipped, Skipped, RawDocument]
    assert items[2].text == "A real story."


def test_read_limits_are_frozen_and_checked():
    limits = ReadLimits()
    assert limits.max_bytes == 10_000_000
    with pytest.raises(dataclasses.FrozenInstanceError):
        limits.max_bytes = 1  # type: ignore[misc]
    with pytest.raises(ValueError):
        ReadLimits(url_read_timeout=0)
