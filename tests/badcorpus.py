"""The bad-input corpus of the fault suite, written at test time (no committed binaries).

``write_corpus(root)`` writes one input per kind of trouble a hostile or careless user can hand
newsdesk (empty, binary, bad encodings, odd file names, bombs, truncations, XXE, deep nesting,
markup in titles, dates at the ends of the calendar, ...) and returns the cases with what must
happen to each: ``"stored"`` (read whole), ``"skipped"`` (one human line, nothing stored) or
``"either"``. tests/test_reliability_corpus.py and bench/reliability.py run it.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

STORED, SKIPPED, EITHER = "stored", "skipped", "either"


@dataclass(frozen=True)
class Case:
    name: str
    path: str  # what is given to `add` (a file or a folder)
    expect: str  # STORED, SKIPPED or EITHER
    articles: int = 1  # how many articles a STORED case holds


_TOPICS = [
    ("harbour", "ferry terminal", "Maria Lund", "steel prices",
     "Dock workers unloaded the last cargo of granite for the quay wall.", "Tugboat crews and pilots have asked for a new berth schedule."),
    ("council", "city budget", "Tom Berg", "school repairs",
     "Councillors voted eleven to four to raise the parking levy.", "Teachers' unions staged a protest outside the town hall."),
    ("airport", "runway extension", "Ana Costa", "noise limits",
     "Airlines had planned new routes to Lisbon and Reykjavik.", "Residents under the flight path filed a petition with the aviation regulator."),
    ("railway", "night train", "Jon Park", "sleeper cars",
     "The operator leased couchettes from an Austrian carriage maker.", "Conductors said bookings for the winter timetable had doubled."),
    ("hospital", "cancer ward", "Lea Novak", "staff shortages",
     "Oncologists warned that radiotherapy waiting lists keep growing.", "Nurses from the surgical wing were moved to cover night shifts."),
    ("university", "tuition freeze", "Omar Haddad", "student loans",
     "The rector's office published enrolment figures for engineering.", "Student unions occupied the library foyer for two days."),
    ("museum", "bronze statue", "Ines Duarte", "export rules",
     "Curators restored the patina with help from a Florentine foundry.", "Collectors and art dealers questioned the provenance records."),
    ("farmers", "drought relief", "Piet de Vries", "water rights",
     "Wheat and barley yields fell sharply across the eastern plains.", "Irrigation cooperatives rationed reservoir water to dairy herds."),
]


def article(n: int, *, title: str | None = None, extra: str = "") -> str:
    """A plausible news article (title line, blank line, paragraphs), different for each ``n``;
    articles with the same ``n % 8`` report the same kind of event."""
    place, thing, person, cause, detail, reaction = _TOPICS[n % len(_TOPICS)]
    words = ["Northport", "Eastvale", "Westby", "Southam", "Highfield", "Lowmoor", "Riverton", "Oakridge"]
    town = words[(n // len(_TOPICS)) % len(words)] + (f" {n}" if n >= 64 else "")
    head = title or f"{town} {place} delays {thing} after costs rise"
    figure = 40 + (n * 7) % 50
    paras = [
        f"The {town} {place} said on Tuesday that the {thing} faces a delay. {detail}",
        f"\"{thing.capitalize()} plans need a rethink,\" said {person}, blaming {cause}. {extra}",
        f"{town} officials put the {thing} bill at {figure} million euros. {reaction}",
        f"{person} will brief the {town} {place} board about {cause} and the {thing} on Monday.",
    ]
    return head + "\n\n" + "\n\n".join(paras) + "\n"


def _html(n: int, body: str | None = None, title: str | None = None) -> str:
    text = article(n, title=title)
    head, _, rest = text.partition("\n\n")
    paras = "".join(f"<p>{p}</p>" for p in rest.split("\n\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><title>{head}</title></head><body><article><h1>{head}</h1>"
            f"{body if body is not None else paras}</article></body></html>")


def _warc(pages: list[tuple[str, bytes]], *, gz: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html), http_headers=headers))
    return out.getvalue()


def _warc_bomb(size: int) -> bytes:
    """A gzipped WARC whose one HTML response record holds ``size`` bytes of zeros (streamed)."""
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.example/\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\nWARC-Date: 2024-10-29T00:00:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
    )
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n"
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as stream:
        stream.write(f"{head}Content-Length: {len(http) + size}\r\n\r\n".encode() + http)
        block = b"\0" * (1 << 20)
        for _ in range(size // len(block)):
            stream.write(block)
        stream.write(b"\r\n\r\n")
    return out.getvalue()


def _feed(items: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>Desk</title>'
            f"{items}</channel></rss>")


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6)


def write_corpus(root: Path, *, bomb_bytes: int = 300_000_000) -> list[Case]:
    """Write every case under ``root`` (one folder per case) and return the cases."""
    rng = random.Random(11)
    cases: list[Case] = []
    n = 0

    def case(name: str, expect: str, files: dict[str, bytes | str], *, articles: int = 1, target: str = "") -> None:
        nonlocal n
        folder = root / f"{len(cases):02d}_{name}"
        folder.mkdir(parents=True)
        for rel, data in files.items():
            path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(rel))))
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(os.fsencode(path), "wb") as stream:
                stream.write(data.encode("utf-8") if isinstance(data, str) else data)
        cases.append(Case(name, str(folder / target) if target else str(folder), expect, articles))
        n += 1

    good = lambda: article(len(cases))  # noqa: E731 - a fresh article for each case

    case("plain_text", STORED, {"story.txt": good()})
    case("empty_file", SKIPPED, {"empty.txt": b""})
    case("whitespace_only", SKIPPED, {"blank.txt": b" \n\t\n  \r\n"})
    case("random_binary", SKIPPED, {"blob.txt": bytes(rng.randrange(256) for _ in range(8192))})
    case("png_named_txt", SKIPPED, {"photo.txt": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512))})
    case("pdf", SKIPPED, {"paper.pdf": b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(1024))})
    case("zip", SKIPPED, {"archive.json": b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(512))})
    case("cp1252_text", STORED, {"legacy.txt": good().replace("euros", "€").encode("cp1252")})
    case("utf16_bom_text", STORED, {"wide.txt": good().encode("utf-16")})
    case("utf32_bom_text", STORED, {"wider.txt": good().encode("utf-32")})
    case("invalid_utf8_bytes", STORED, {"mixed.txt": good().encode() + b"\xff\xfe\xc3(\xa0\xa1 tail.\n"})
    case("nul_bytes_in_text", EITHER, {"nul.txt": good().replace("Tuesday", "Tues\0day")})
    case("control_chars_in_text", STORED, {"ctl.txt": good().replace("Tuesday", "Tues\x1b[31mday\x07")})
    case("non_utf8_file_name", STORED, {b"story-\xe9\xff.txt".decode("utf-8", "surrogateescape"): good()})
    case("newline_in_file_name", STORED, {"two\nlines.txt": good()})
    case("markup_in_title", STORED, {"markup.txt": article(len(cases), title="Breaking [/] news [link=file:///etc/passwd]x[/link] \x1b[2J")})
    case("script_in_html", STORED, {"xss.html": _html(len(cases), title="<script>alert(1)</script> Tax vote")})
    case("lone_surrogate_json", STORED, {"s.json": '[{"title": "Bad \\ud83d title", "text": ' + json.dumps(good()) + '}, '
                                                    '{"title": "Good", "text": ' + json.dumps(article(len(cases) + 100)) + "}]"},
         articles=2)
    case("malformed_json", SKIPPED, {"bad.json": '{"title": "x", "text": "unterminated'})
    case("deep_json", SKIPPED, {"deep.json": "[" * 200_000 + "]" * 200_000})
    case("json_without_text", SKIPPED, {"notext.json": '{"id": 7, "url": "http://example.com/x", "tags": ["a"]}'})
    case("json_title_only", STORED, {"short.json": '{"title": "Only a headline, stored as a short item", "url": "http://example.com/y"}'})
    case("jsonl_with_bad_line", STORED, {"mixed.jsonl": json.dumps({"title": "One", "text": good()}) + "\n{not json\n"
                                                        + json.dumps({"title": "Two", "text": article(len(cases) + 200)}) + "\n"},
         articles=2)
    case("jsonl_surrogate_line", STORED, {"sur.jsonl": json.dumps({"title": "S", "text": good()}).replace("Tuesday", "Tues\\udc80day") + "\n"})
    case("truncated_gzip", SKIPPED, {"cut.txt.gz": _gzip(good().encode())[:-30]})
    case("gzip_bomb_text", SKIPPED, {"bomb.txt.gz": _gzip(b"A" * 50_000_000)})
    case("gzip_of_binary", SKIPPED, {"bin.txt.gz": _gzip(b"\x7fELF" + bytes(rng.randrange(256) for _ in range(4096)))})
    case("deep_html", SKIPPED, {"deep.html": "<html><body>" + "<div>" * 5000 + "text" + "</div>" * 5000 + "</body></html>"})
    case("truncated_html", STORED, {"cut.html": _html(len(cases))[:-60]})
    case("html_only_script", SKIPPED, {"script.html": "<html><head><script>var a = 1;</script></head><body></body></html>"})
    case("xxe_feed", SKIPPED, {"xxe.rss": _feed("<item><title>&x;</title><description>&x;</description></item>",
                                                '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>')})
    case("billion_laughs_feed", SKIPPED, {"lol.xml": _feed("<item><title>&l9;</title><description>&l9;</description></item>",
                                                           "<!DOCTYPE r [<!ENTITY l0 \"lol\">" + "".join(
                                                               f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)) + "]>")})
    case("malformed_feed", SKIPPED, {"broken.rss": '<?xml version="1.0"?><rss><channel><item><title>x'})
    case("feed_no_entries", SKIPPED, {"none.rss": _feed("")})
    case("good_feed", STORED, {"ok.rss": _feed(f"<item><title>Feed story</title><description>{good()}</description></item>")})
    page = _html(len(cases)).encode()
    case("warc_ok", STORED, {"ok.warc.gz": _warc([("http://example.com/ok", page)])})
    two = _warc([("http://example.com/a", _html(len(cases)).encode()), ("http://example.com/b", _html(len(cases) + 300).encode())])
    case("warc_truncated", STORED, {"cut.warc.gz": two[:-200]}, articles=1)
    plain_two = _warc([("http://example.com/c", _html(len(cases)).encode()), ("http://example.com/d", _html(len(cases) + 400).encode())], gz=False)
    case("warc_plain_truncated", STORED, {"cut.warc": plain_two[:-300]}, articles=1)
    case("warc_tiny", SKIPPED, {"tiny.warc.gz": two[:30]})
    case("warc_gzip_bomb", SKIPPED, {"bomb.warc.gz": _warc_bomb(bomb_bytes)})
    case("warc_no_html", SKIPPED, {"none.warc": b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\nabcd\r\n\r\n"})
    case("warc_garbage_headers", SKIPPED, {"junk.warc": b"WARC/1.0\r\n\x00\x01\x02 nonsense\r\n\r\n" + bytes(rng.randrange(256) for _ in range(300))})
    case("over_size_cap", SKIPPED, {"huge.txt": b"word " * 2_100_000})
    case("one_line_over_article_cap", SKIPPED, {"line.txt": good().replace("\n", " ") * 5000})
    case("year_0001_last_friday", STORED, {"y1.json": json.dumps({"title": "Old", "published": "0001-01-03",
                                                                  "text": good().replace("on Tuesday", "last Friday")})})
    case("year_9999_next_friday", STORED, {"y9999.json": json.dumps({"title": "Far", "published": "9999-12-31",
                                                                     "text": good().replace("on Tuesday", "next Friday")})})
    case("same_name_two_folders", STORED, {"a/article.txt": good(), "b/article.txt": article(len(cases) + 500)}, articles=2)
    case("empty_folder", SKIPPED, {})
    folder = root / f"{len(cases):02d}_fifo"
    folder.mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
        cases.append(Case("fifo", str(folder / "pipe.txt"), SKIPPED))
    loop = root / f"{len(cases):02d}_symlink_loop"
    loop.mkdir()
    (loop / "self").symlink_to(loop, target_is_directory=True)
    (loop / "story.txt").write_text(good(), encoding="utf-8")
    cases.append(Case("symlink_loop", str(loop), STORED))
    dangling = root / f"{len(cases):02d}_dangling_symlink"
    dangling.mkdir()
    (dangling / "gone.txt").symlink_to(dangling / "nowhere.txt")
    cases.append(Case("dangling_symlink", str(dangling / "gone.txt"), SKIPPED))
    cases.append(Case("missing_path", str(root / "no-such-file.txt"), SKIPPED))
    return cases
