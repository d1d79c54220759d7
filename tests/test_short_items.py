"""Every real item is kept: headline-only and headline+summary feed items become (short) articles."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from newsdesk.clean import build_article
from newsdesk.cli import main
from newsdesk.ingest.fields import clean_title
from newsdesk.ingest.jsonrec import record_to_document
from newsdesk.ingest.limits import ReadLimits


def _article(record: dict):
    return build_article(record_to_document(record, source="x", limits=ReadLimits()))


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_titles_lose_markup_and_entities():
    assert clean_title("12 Possible Endings for Tonight&#39;s <em>Bachelor</em> Finale") == \
        "12 Possible Endings for Tonight's Bachelor Finale"
    assert clean_title("AT&amp;T &lt;b&gt;beats&lt;/b&gt; estimates") == "AT&T beats estimates"
    assert clean_title("Rates < 2% as  Fed waits") == "Rates < 2% as Fed waits"


@pytest.mark.parametrize("record", [
    {"title": "Fed official says weak data caused by weather", "text": "Fed official says weak data caused by weather"},
    {"title": "Fed official says weak data caused by weather"},
    {"text": "Fed official says weak data caused by weather"},
    {"title": "Stock Market News for March 10, 2014", "date": "2014-03-10"},  # a date in the headline
    {"title": "Watch: Justin Bieber snaps over Selena Gomez question", "publisher": "E!"},  # promo shape
])
def test_a_headline_alone_is_a_short_article(record):
    article = _article(record)
    assert article.body == (record.get("title") or record["text"])
    assert article.short and not article.removed


def test_a_headline_and_summary_keep_their_lines_and_drop_real_chrome():
    article = _article({"title": "Quake hits Aceh", "text": "Quake hits Aceh\nSix children died when a "
                        "mosque collapsed, officials said.\n12 comments"})
    assert "Six children died" in article.body
    assert [r.reason for r in article.removed if r.text == "12 comments"] == ["counter"]
    assert article.short


@pytest.mark.parametrize("text", ["Loading...", "Click here to subscribe", "Posted by Parvez Jabri",
                                  "March 11, 2014, 2:02 am"])
def test_chrome_alone_is_still_skipped(tmp_path, text):
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"title": text, "text": text}) + "\n", encoding="utf-8")
    result = run("add", str(path), "--db", str(tmp_path / "n.db"), "-q", "--no-stories")
    assert "0 added" in result.output and "1 skipped" in result.output
    assert "no article text left after cleaning" in run("skipped", "--db", str(tmp_path / "n.db")).output


def test_feed_items_are_stored_searchable_and_flagged_short(tmp_path):
    feed = tmp_path / "feed.rss"
    feed.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>12 Possible Endings for Tonight&#39;s &lt;em&gt;Bachelor&lt;/em&gt; Finale</title>
<link>https://example.com/a</link><pubDate>Mon, 10 Mar 2014 16:52:50 GMT</pubDate></item>
<item><title>Titanfall servers strain on launch day</title><link>https://example.com/b</link>
<description>Respawn said the Xbox One shooter's servers held up after a rocky start.</description></item>
</channel></rss>""", encoding="utf-8")
    db = str(tmp_path / "n.db")
    assert "2 added" in run("add", str(feed), "--db", db, "-q").output
    rows = [json.loads(line) for line in run("articles", "--db", db, "--json").output.splitlines()]
    assert {r["title"] for r in rows} == {"12 Possible Endings for Tonight's Bachelor Finale",
                                          "Titanfall servers strain on launch day"}
    assert all(r["short"] for r in rows)
    listing = run("articles", "--db", db).output
    assert "short" in listing and "<em>" not in listing
    found = run("articles", "--db", db, "--search", "Bachelor", "--json").output.splitlines()
    assert len(found) == 1
    shown = json.loads(run("show", json.loads(found[0])["id"], "--db", db, "--json").output)
    assert shown["short"] is True and shown["body"] == shown["title"]
    assert run("stories", "--db", db).exit_code == 0


@pytest.mark.slow
def test_every_uci_headline_is_stored(datasets, tmp_path):
    """The 6,366 UCI News Aggregator headlines as a newcomer's JSONL: all are stored but the 11
    that are page chrome on their own (three byline lines, three share/sign-up prompts, two lone dates,
    two wire credits, a photo credit)."""
    with (datasets / "uci-news-6k" / "headlines.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    path = tmp_path / "uci.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for r in rows:
            when = datetime.fromtimestamp(int(r["TIMESTAMP"]) / 1000, tz=timezone.utc).isoformat()
            out.write(json.dumps({"title": r["TITLE"], "text": r["TITLE"], "url": r["URL"], "date": when,
                                  "publisher": r["PUBLISHER"]}) + "\n")
    db = str(tmp_path / "uci.db")
    result = run("add", str(path), "--db", db, "-q", "--no-stories")
    assert f"{len(rows) - 11} added" in result.output and "11 skipped" in result.output, result.output
    skipped = run("skipped", "--db", db, "--limit", "50").output
    assert skipped.count("no article text left after cleaning") == 11
