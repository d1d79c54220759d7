"""Issue 11 at the command line: no traceback for any input or path, terminal output is data.

Defects: 1 (non-UTF-8 file name crashed `add` and `brief`), 2 (lone surrogate lost the batch),
6 (year 1 / 9999 crashed `brief`, also `brief --db --story`), 7 (rich markup in titles crashed
`articles`, `stories`, `show`; escape sequences reached the terminal), 12 (`-o`, `export`,
`--db` in missing or unwritable places gave tracebacks), 13 (newline in a file name split the
skip line; HTML from articles copied into the Markdown output).
"""

from __future__ import annotations

import json
import os
import re

import pytest
from badcorpus import article
from click.testing import CliRunner
from evil_server import serve

from newsdesk.cli import main

MARKUP_TITLE = "Breaking [/] news [link=file:///etc/passwd]click[/link] [bold red]x"


@pytest.fixture()
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(main, list(args), catch_exceptions=True)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{args}: {result.exception!r}\n{result.output}")
        assert "Traceback" not in result.output
        return result

    return invoke


def _error(result) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.output
    return lines[0]


def test_markup_and_escapes_in_titles_print_as_data(run, tmp_path):  # defect 7
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"title": MARKUP_TITLE + "\x1b[2J\x07", "text": article(1)}), encoding="utf-8")
    assert run("add", str(path), "-q").exit_code == 0
    listing = run("articles")
    assert listing.exit_code == 0 and "Breaking [/] news" in listing.output and "[link=file:///etc/passwd]" in listing.output
    assert "\x1b" not in listing.output and "\x07" not in listing.output
    stories = run("stories")
    assert stories.exit_code == 0 and "Breaking [/] news" in stories.output
    article_id = json.loads(run("articles", "--json").output.splitlines()[0])["id"]
    shown = run("show", article_id)
    assert shown.exit_code == 0 and MARKUP_TITLE in shown.output and "\x1b" not in shown.output


def test_show_strips_escape_sequences_from_a_stored_body(run, tmp_path):  # defect 7 (stored before the fix)
    from newsdesk.cli.common import cell, plain

    assert plain("a\x1b[31mb\nc") == "a [31mb c"
    assert cell("[/] [link=x]y[/link]") == "\\[/] \\[link=x]y\\[/link]"


def test_non_utf8_file_name_add_and_brief(run, tmp_path):  # defect 1
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as stream:
        stream.write(article(2).encode())
    (folder / "good.txt").write_text(article(3), encoding="utf-8")
    added = run("add", str(folder), "-q")
    assert added.exit_code == 0 and added.output.startswith("2 added"), added.output
    briefed = run("brief", str(folder), "-q", "--format", "json")
    assert briefed.exit_code == 0
    assert any("caf\\xe9.txt" in a["source"] for a in json.loads(briefed.output)["articles"])


def test_lone_surrogate_json_add_and_brief(run, tmp_path):  # defect 2
    path = tmp_path / "s.json"
    path.write_text(json.dumps([{"title": "Bad \ud83d", "text": "Odd \ud83d text. " + article(4)},
                                {"title": "Good", "text": article(5)}]), encoding="ascii")
    added = run("add", str(path), "-q")
    assert added.exit_code == 0 and added.output.startswith("2 added"), added.output
    assert run("brief", str(path), "-q").exit_code == 0


@pytest.mark.parametrize("day, phrase", [("0001-01-03", "last Friday"), ("9999-12-31", "next Friday")])
def test_dates_at_the_ends_of_the_calendar(run, tmp_path, day, phrase):  # defect 6
    path = tmp_path / "y.json"
    path.write_text(json.dumps({"title": "Calendar edge", "published": day,
                                "text": article(6).replace("on Tuesday", phrase)}), encoding="utf-8")
    assert run("brief", str(path), "-q").exit_code == 0
    assert run("add", str(path), "-q").exit_code == 0
    story = json.loads(run("stories", "--json").output.splitlines()[0])["id"]
    assert run("brief", "--db", "newsdesk.db", "--story", story, "-q").exit_code == 0


def test_output_in_missing_or_bad_places(run, tmp_path):  # defect 12
    story = tmp_path / "a.txt"
    story.write_text(article(7), encoding="utf-8")
    assert "does not exist" in _error(run("brief", str(story), "-o", str(tmp_path / "missing" / "b.md")))
    into_folder = run("brief", str(story), "-o", str(tmp_path))  # click's own check: a usage error, exit 2
    assert into_folder.exit_code == 2 and "is a directory" in into_folder.output
    assert "does not exist" in _error(run("export", "-o", str(tmp_path / "missing" / "x.jsonl")))
    assert "not a folder" in _error(run("export", "-o", str(story / "x.jsonl")))
    assert "not a folder" in _error(run("add", str(story), "--db", str(story / "x.db")))
    assert "folder" in _error(run("articles", "--db", str(tmp_path)))
    assert "not a folder" in _error(run("stories", "--db", str(story / "x.db")))
    if os.path.isdir("/proc/self"):  # a place even root cannot write to
        assert "cannot write" in _error(run("brief", str(story), "-o", "/proc/newsdesk-test.md"))
        assert "cannot write" in _error(run("export", "-o", "/proc/newsdesk-test.jsonl"))
        assert "cannot open database" in _error(run("add", str(story), "--db", "/proc/newsdesk-test.db"))
    assert not (tmp_path / "missing").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_newline_in_file_name_is_one_skip_line(run, tmp_path):  # defect 13
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad\nname.txt").write_bytes(b"")
    (folder / "ok.txt").write_text(article(8), encoding="utf-8")
    result = run("add", str(folder), "-q")
    skip_lines = [line for line in result.output.splitlines() if "name.txt" in line]
    assert len(skip_lines) == 1 and skip_lines[0].startswith("skipped ") and "bad\\nname.txt" in skip_lines[0]
    listed = run("skipped").output.splitlines()
    assert len([line for line in listed if "name.txt" in line]) == 1


def test_markdown_brief_escapes_html_from_articles(run, tmp_path):  # defect 13
    page = tmp_path / "x.html"
    body = "".join(f"<p>{p}</p>" for p in article(9).split("\n\n")[1:])
    page.write_text(f"<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; Tax vote &lt;img src=x onerror=alert(2)&gt;"
                    f"</title></head><body><article>{body}</article></body></html>", encoding="utf-8")
    result = run("brief", str(page), "-q", "--format", "md")
    assert result.exit_code == 0
    assert "<script" not in result.output and "<img" not in result.output
    assert "&lt;script>alert(1)" in result.output


def test_help_says_the_cli_allows_private_addresses(run):  # defect 9
    for command in ("add", "brief"):
        text = " ".join(run(command, "--help").output.split())
        assert "--allow-private / --no-allow-private" in text
        assert re.search(r"default: allow-\s?private", text)
        assert "On by default for this local command line" in text


def test_no_allow_private_refuses_a_loopback_url(run):  # defect 9 through `add`
    with serve() as base:
        refused = run("add", f"{base}/ok", "-q", "--no-allow-private")
        assert "refused" in refused.output and refused.output.rstrip().endswith("1 skipped")
        allowed = run("add", f"{base}/ok", "-q")
        assert allowed.output.startswith("1 added"), allowed.output


def test_sources_list_prints_feed_names_and_urls_as_data(run):  # defect 7 in `sources list`
    added = run("sources", "add", "http://example.com/feed?x=[/]", "--name", "Desk [/] [link=file:///etc/passwd]x[/link]")
    assert added.exit_code == 0, added.output
    listed = run("sources", "list")
    assert listed.exit_code == 0 and "Desk [/]" in listed.output and "feed?x=[/]" in listed.output
