"""`newsdesk sources …`, `newsdesk watch`, `brief --since` and `stories --changed-since` from the
command line (local server on 127.0.0.1), and a clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from watchserver import LocalServer, page, rss

ARTICLE = [
    "Floods in the town of Lindenau have forced {n} residents from their homes, the regional fire service said.",
    "\"The water rose faster than anyone expected,\" said fire chief {who}.",
    "The river Selbe burst its banks after three days of heavy rain, and schools in Lindenau stayed closed while"
    " soldiers and volunteers filled sandbags along the lower streets of the town.",
]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _publish(server: LocalServer, specs: list[tuple[str, int, str, str]]) -> None:
    items = []
    for slug, n, who, outlet in specs:
        server.set(f"/{slug}.html", page(f"Floods in Lindenau: {slug}", [p.format(n=n, who=who) for p in ARTICLE],
                                         published="2024-11-02T08:00:00Z", site=outlet))
        items.append({"title": slug, "link": server.url(f"/{slug}.html")})
    server.set("/feed.xml", rss("Regional desk", items), content_type="application/rss+xml")


def test_sources_commands(tmp_path):
    db = str(tmp_path / "w.db")
    added = run("sources", "add", "--db", db, "https://news.example/feed.xml", "--every", "30m", "--name", "Example")
    assert added.exit_code == 0 and "every 30m" in added.output
    assert run("sources", "add", "--db", db, "https://news.example/sitemap.xml", "--kind", "sitemap").exit_code == 0
    listed = run("sources", "list", "--db", db, "--json")
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [(r["url"], r["every_s"], r["kind"], r["errors"]) for r in rows] == [
        ("https://news.example/feed.xml", 1800.0, "auto", 0), ("https://news.example/sitemap.xml", 900.0, "sitemap", 0)]
    assert run("sources", "pause", "--db", db, "Example").exit_code == 0
    assert json.loads(run("sources", "list", "--db", db, "--json").output.splitlines()[0])["paused"] is True
    assert run("sources", "resume", "--db", db, "1").exit_code == 0
    assert run("sources", "remove", "--db", db, "https://news.example/sitemap.xml").exit_code == 0
    assert len(run("sources", "list", "--db", db, "--json").output.splitlines()) == 1
    table = run("sources", "list", "--db", db)
    assert "Example" in table.output and "errors" in table.output
    bad = CliRunner().invoke(main, ["sources", "add", "--db", db, "ftp://x/feed"])
    assert bad.exit_code == 1 and bad.output.startswith("Error: a source is an http(s) URL")
    bad = CliRunner().invoke(main, ["sources", "add", "--db", db, "https://x/feed", "--every", "soon"])
    assert bad.exit_code == 1 and "not a duration" in bad.output
    missing = CliRunner().invoke(main, ["sources", "remove", "--db", db, "nothing"])
    assert missing.exit_code == 1 and missing.output.startswith("Error: no source")


def test_watch_once_brief_since_and_changed_stories(tmp_path):
    from newsdesk.render.jsonout import validate

    db = str(tmp_path / "w.db")
    log = tmp_path / "log.jsonl"
    with LocalServer() as server:
        _publish(server, [("first", 2400, "Anna Keller", "Valley Gazette")])
        assert run("sources", "add", "--db", db, server.url("/feed.xml"), "--every", "1s").exit_code == 0
        once = ("watch", "--db", db, "--once", "--allow-private", "--delay", "0", "--log-json", str(log))
        first = run(*once)
        assert first.exit_code == 0 and first.output.startswith("round 1: 1/1 sources polled")
        events = [json.loads(line) for line in log.read_text().splitlines()]
        assert {e["event"] for e in events} == {"request", "round"}
        assert events[-1]["articles_added"] == 1 and events[-1]["versions"] == 1
        stories = [json.loads(line) for line in run("stories", "--db", db, "--json").output.splitlines()]
        (story,) = stories
        time.sleep(1.1)
        _publish(server, [("first", 2400, "Anna Keller", "Valley Gazette"), ("second", 3100, "Jonas Brandt", "Rhine Post")])
        second = run(*once)
        assert "articles 1 added" in second.output and "1 stories touched" in second.output
    moved = run("stories", "--db", db, "--changed-since", "1h", "--json")
    assert [json.loads(line)["id"] for line in moved.output.splitlines()] == [story["id"]]
    assert json.loads(moved.output.splitlines()[0])["new_articles"] == 2
    assert "no story changed" in run("stories", "--db", db, "--changed-since", "2099-01-01").output
    brief = run("brief", "--db", db, "--story", story["id"], "--format", "json", "-q")
    doc = json.loads(brief.output)
    validate(doc)
    changed = doc["stories"][0]["what_changed"]
    assert (changed["version"], changed["base_version"], changed["first"]) == (2, 1, False)
    assert [a["outlet"] for a in changed["articles"]] == ["Rhine Post"]
    assert "Jonas Brandt" in changed["new_speakers"] and changed["outlets"][0]["outlet"] == "Rhine Post"
    md = run("brief", "--db", db, "--story", story["id"], "--since", "v1", "-q").output
    assert "## What changed" in md.split("## Summary")[0] and "New voice** — Jonas Brandt" in md
    html = run("brief", "--db", db, "--story", story["id"], "--format", "html", "-q").output
    assert "<h2>What changed</h2>" in html and "Jonas Brandt" in html
    first_only = json.loads(run("brief", "--db", db, "--story", story["id"], "--since", "2000-01-01", "--format",
                                "json", "-q").output)["stories"][0]["what_changed"]
    assert len(first_only["articles"]) == 2 and "story did not exist" in first_only["since"]
    bad = CliRunner().invoke(main, ["brief", "--db", db, "--story", story["id"], "--since", "v9"])
    assert bad.exit_code == 1 and "has no version 9" in bad.output


@pytest.mark.parametrize("how", ["sigterm", "ctrl-c with --jobs 2"])
def test_sigterm_stops_cleanly_and_a_restart_finishes(tmp_path, how):
    db = str(tmp_path / "w.db")
    with LocalServer() as server:
        _publish(server, [(f"p{i}", 100 + i, "Anna Keller", "Valley Gazette") for i in range(6)])
        for i in range(6):
            server.routes[f"/p{i}.html"].delay = 0.3
        assert run("sources", "add", "--db", db, server.url("/feed.xml"), "--every", "1h").exit_code == 0
        cmd = [sys.executable, "-c", "import sys; from newsdesk.cli import main; sys.exit(main())",
               "watch", "--db", db, "--allow-private", "--no-versions", "--delay", "0.2"]
        if how != "sigterm":
            cmd += ["--jobs", "2"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
                                start_new_session=True)
        try:
            deadline = time.time() + 60
            while server.count("/p1.html") == 0 and time.time() < deadline:
                time.sleep(0.05)
            if how == "sigterm":
                proc.send_signal(signal.SIGTERM)
            else:  # Ctrl-C reaches the whole process group: the watcher and its cleaning workers
                os.killpg(proc.pid, signal.SIGINT)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, err
        assert "stopped" in err and "(stopped)" in out
        from newsdesk.store import open_store

        with open_store(db) as store:
            rows = store.conn.execute("SELECT state, article_id FROM watch_items").fetchall()
            done = [r for r in rows if r[0] == "done"]
            assert done and all(r[1] for r in done) and len(done) < 6
            assert store.count() == len(done)  # every fetched page is stored, and nothing else
        fetched = [server.count(f"/p{i}.html") for i in range(6)]
        again = run("watch", "--db", db, "--once", "--allow-private", "--no-versions", "--delay", "0")
        assert again.exit_code == 0
        assert [server.count(f"/p{i}.html") for i in range(6)] == [1] * 6  # none twice, none lost
        assert sum(fetched) == len(done)


def test_brief_says_what_changed_since_you_last_looked(tmp_path):
    db = str(tmp_path / "w.db")
    specs = [("first", 2400, "Anna Keller", "Valley Gazette"), ("second", 3100, "Jonas Brandt", "Rhine Post"),
             ("third", 3500, "Lena Vogel", "Mountain Observer")]
    once = ("watch", "--db", db, "--once", "--allow-private", "--delay", "0")
    with LocalServer() as server:
        _publish(server, specs[:1])
        assert run("sources", "add", "--db", db, server.url("/feed.xml"), "--every", "1s").exit_code == 0
        run(*once)
        (story,) = [json.loads(line)["id"] for line in run("stories", "--db", db, "--json").output.splitlines()]

        def changed() -> dict:
            out = run("brief", "--db", db, "--story", story, "--format", "json", "-q").output
            return json.loads(out)["stories"][0]["what_changed"]

        assert changed()["first"] is True  # looked at version 1
        for n in (2, 3):  # two more rounds, one new article each
            time.sleep(1.1)
            _publish(server, specs[:n])
            assert "articles 1 added" in run(*once).output
    since_look = changed()
    assert since_look["since"].startswith("you last looked") and since_look["base_version"] == 1
    assert [a["outlet"] for a in since_look["articles"]] == ["Rhine Post", "Mountain Observer"]
    assert {"Jonas Brandt", "Lena Vogel"} <= set(since_look["new_speakers"])
    again = changed()  # nothing new since: the last change is shown, against the previous version
    assert again["base_version"] == 2 and [a["outlet"] for a in again["articles"]] == ["Mountain Observer"]


def test_one_watch_per_database(tmp_path):
    import socket

    from newsdesk.store import open_store

    db = str(tmp_path / "w.db")
    empty = CliRunner().invoke(main, ["watch", "--db", db, "--once"])
    assert empty.exit_code == 0 and "no sources to watch yet" in empty.output
    assert run("sources", "add", "--db", db, "https://news.example/feed.xml", "--every", "1d").exit_code == 0
    with open_store(db) as store:
        store.conn.execute("UPDATE watch_sources SET next_due = ?", (time.time() + 3600,))  # not due: no request
        store.conn.execute("INSERT INTO watch_lock VALUES (1, ?, ?, '2024-11-05T10:00:00Z')",
                           (os.getppid(), socket.gethostname()))
        store.conn.commit()
    busy = CliRunner().invoke(main, ["watch", "--db", db, "--once"])
    assert busy.exit_code == 1 and busy.output.startswith("Error: another newsdesk watch (pid")
    with open_store(db) as store:
        store.conn.execute("UPDATE watch_lock SET pid = ?", (_dead_pid(),))
        store.conn.commit()
    taken = CliRunner().invoke(main, ["watch", "--db", db, "--once"])
    assert taken.exit_code == 0, taken.output
    with open_store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM watch_lock").fetchone()[0] == 0  # released


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])  # noqa: S607
    proc.wait()
    return proc.pid


def test_sources_import_opml(tmp_path):
    db = str(tmp_path / "w.db")
    opml = tmp_path / "reader.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>My feeds</title></head><body>'
                    '<outline text="World"><outline type="rss" text="Example World" xmlUrl="https://news.example/world.xml"/>'
                    '<outline type="rss" title="Coast News" text="c" xmlUrl="https://coast.example/rss"/></outline>'
                    '<outline text="not a feed" htmlUrl="https://example.org/"/></body></opml>', encoding="utf-8")
    result = run("sources", "import", "--db", db, str(opml), "--every", "1h")
    assert result.exit_code == 0 and result.output.startswith("2 feeds from")
    rows = [json.loads(line) for line in run("sources", "list", "--db", db, "--json").output.splitlines()]
    assert [(r["url"], r["name"], r["kind"], r["every_s"]) for r in rows] == [
        ("https://news.example/world.xml", "Example World", "feed", 3600.0),
        ("https://coast.example/rss", "Coast News", "feed", 3600.0)]
    bad = tmp_path / "bad.opml"
    bad.write_text("<!DOCTYPE x [<!ENTITY a 'b'>]><opml>&a;</opml>", encoding="utf-8")
    refused = CliRunner().invoke(main, ["sources", "import", "--db", db, str(bad)])
    assert refused.exit_code == 1 and "not a readable OPML" in refused.output
