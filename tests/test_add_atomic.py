"""Atomic adds: one transaction per batch, concurrent writers queue, a killed add is completed by
the next one, ids never collide across folders, changed articles are re-assigned with history."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.add import add_inputs
from newsdesk.cluster.persist import list_stories, story_history, story_members
from newsdesk.errors import StorageError
from newsdesk.store.sqlite import SQLiteStore

EVENTS = [
    ("Lisbon", "earthquake", ["The earthquake struck Lisbon before dawn on Monday.",
                              "Rescue teams in Lisbon searched collapsed buildings for survivors.",
                              "Portugal's civil protection agency said the quake had a magnitude of 6.2.",
                              "Hospitals in Lisbon treated dozens of injured residents.",
                              "Aftershocks shook the Portuguese capital through the morning."]),
    ("Nairobi", "election", ["Voters in Nairobi queued for hours to cast ballots in the Kenyan election.",
                             "The electoral commission promised results from Nairobi within a week.",
                             "Opposition leaders in Kenya alleged irregularities at polling stations.",
                             "Observers said turnout in Nairobi was higher than in the last election.",
                             "Police patrolled the streets of Nairobi as counting began."]),
    ("Osaka", "typhoon", ["A powerful typhoon made landfall near Osaka on Tuesday.",
                          "Flights at Kansai airport near Osaka were cancelled as the typhoon approached.",
                          "Japan's weather agency warned of landslides and flooding around Osaka.",
                          "Thousands of households in Osaka lost power during the typhoon.",
                          "Rail services across western Japan were suspended because of the storm."]),
    ("Santiago", "strike", ["Copper miners near Santiago walked out in a strike over wages.",
                            "The strike halted production at the largest copper mine in Chile.",
                            "Union leaders in Santiago demanded a bonus for the miners.",
                            "Copper prices rose in London as the Chilean strike continued.",
                            "The mining company said talks with the union in Santiago would resume."]),
]


def write_corpus(root: Path, folders: int, per_folder: int, seed: int = 3) -> list[Path]:
    """``folders`` folders of articles about the four events; every folder uses the same file
    names (so ids collide unless the store keeps them apart)."""
    rng = random.Random(seed)
    out = []
    for f in range(folders):
        folder = root / f"feed{f}"
        folder.mkdir(parents=True)
        for i in range(per_folder):
            place, kind, pool = EVENTS[(f + i) % len(EVENTS)]
            sents = rng.sample(pool, 4)
            title = f"{place} {kind}: report {f}-{i}"
            (folder / f"article{i}.txt").write_text(title + "\n\n" + " ".join(sents) + "\n", encoding="utf-8")
        out.append(folder)
    return out


def run_add(db: Path, *paths: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    code = "from newsdesk.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, "add", "-q", "--db", str(db), *map(str, paths)],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)


def state(db: Path) -> tuple[int, dict[str, frozenset[str]], int]:
    """(articles, story -> members (as a set of sets), pending records)."""
    with SQLiteStore(db) as store:
        n = store.count()
        stories = frozenset(frozenset(story_members(store, r.id)) for r in list_stories(store))
        clustered = store.conn.execute("SELECT count(*) FROM cluster_docs").fetchone()[0]
        pending = store.conn.execute("SELECT count(*) FROM pending_adds").fetchone()[0]
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert clustered == n  # every stored article has a story
    return n, stories, pending


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_adds_all_stored_with_stories(tmp_path, writers):
    folders = write_corpus(tmp_path / "in", writers, 6)
    db = tmp_path / "c.db"
    code = "from newsdesk.cli import main; main()"
    procs = [subprocess.Popen([sys.executable, "-c", code, "add", "-q", "--db", str(db), str(folder)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in folders]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    for rc, out, err in results:
        assert rc == 0, err
        assert "6 added" in out and "Error" not in err
    n, stories, pending = state(db)
    assert n == 6 * writers and pending == 0
    assert sum(len(s) for s in stories) == n


def test_one_transaction_kill_before_commit_is_completed_by_next_add(tmp_path):
    a, b = write_corpus(tmp_path / "in", 2, 6)
    db = tmp_path / "k.db"
    for point in ("after_pending", "after_articles", "after_stories"):
        killed = run_add(db, a, env={"NEWSDESK_FAULT": point})
        assert killed.returncode == 137
        n, _, pending = state(db)
        assert n == 0 and pending >= 1  # nothing half-written: no article without its story
    done = run_add(db, b)
    assert done.returncode == 0, done.stderr
    n, stories, pending = state(db)
    assert n == 12 and pending == 0
    # identical to an uninterrupted run of the same two batches
    clean = tmp_path / "clean.db"
    assert run_add(clean, a).returncode == 0 and run_add(clean, b).returncode == 0
    assert state(clean) == (n, stories, pending)


def test_writer_waits_for_the_lock_then_gives_a_clear_error(tmp_path):
    (folder,) = write_corpus(tmp_path / "in", 1, 2)
    db = tmp_path / "l.db"
    with SQLiteStore(db) as holder:
        holder.conn.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        with SQLiteStore(db, lock_timeout=0.3) as store:
            with pytest.raises(StorageError, match="busy: another newsdesk process is writing"):
                add_inputs(store, [str(folder)])
        holder.conn.execute("ROLLBACK")
    result = run_add(db, folder, env={"NEWSDESK_LOCK_TIMEOUT": "5"})
    assert result.returncode == 0 and "2 added" in result.stdout


def test_same_file_names_in_two_folders_do_not_collide(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "article.txt").write_text("Lisbon earthquake\n\n" + " ".join(EVENTS[0][2]), encoding="utf-8")
    (b / "article.txt").write_text("Osaka typhoon\n\n" + " ".join(EVENTS[2][2]), encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "article.md").write_text("Nairobi election\n\n" + " ".join(EVENTS[1][2]), encoding="utf-8")
    db = tmp_path / "ids.db"
    with SQLiteStore(db) as store:
        first = add_inputs(store, [str(a), str(b)])
        assert len(first.result.added) == 2
        later = add_inputs(store, [str(tmp_path / "c" / "article.md")])
        assert len(later.result.added) == 1 and not later.result.updated
        again = add_inputs(store, [str(b / "article.txt")])  # the same source keeps its id
        assert again.result.unchanged == (first.result.added[1],)
        assert store.count() == 3
        bodies = {store.get_article(i).body[:6] for i in (*first.result.added, *later.result.added)}
        assert bodies == {"The ea", "A powe", "Voters"}
    # a folder argument names nested files by their path below it
    nested = tmp_path / "n"
    (nested / "x").mkdir(parents=True)
    (nested / "y").mkdir()
    (nested / "x" / "article.txt").write_text("Lisbon earthquake\n\n" + " ".join(EVENTS[0][2]), encoding="utf-8")
    (nested / "y" / "article.txt").write_text("Osaka typhoon\n\n" + " ".join(EVENTS[2][2]), encoding="utf-8")
    with SQLiteStore(tmp_path / "n.db") as store:
        assert sorted(add_inputs(store, [str(nested)]).result.added) == ["x/article", "y/article"]


def test_changed_article_is_reassigned_with_history(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    for i, (place, kind, pool) in enumerate(EVENTS[:2]):
        for j in range(3):
            (folder / f"{kind}{j}.txt").write_text(f"{place} {kind} {j}\n\n" + " ".join(pool[j:] + pool[:j]),
                                                   encoding="utf-8")
    db = tmp_path / "h.db"
    with SQLiteStore(db) as store:
        report = add_inputs(store, [str(folder)])
        quake_story = report.stories["earthquake0"]
        assert report.stories["election0"] != quake_story
        # a newer version of earthquake2 is about the election
        (folder / "earthquake2.txt").write_text("Nairobi election update\n\n" + " ".join(EVENTS[1][2][::-1]),
                                               encoding="utf-8")
        again = add_inputs(store, [str(folder / "earthquake2.txt")])
        assert again.result.updated == ("earthquake2",)
        assert again.stories["earthquake2"] == report.stories["election0"]
        assert "earthquake2" not in story_members(store, quake_story)
        (moved,) = [h for h in story_history(store) if h.article == "earthquake2"]
        assert (moved.event, moved.from_story, moved.to_story) == ("update", quake_story, report.stories["election0"])
        assert story_history(store, quake_story)[0].article == "earthquake2"
    from click.testing import CliRunner

    from newsdesk.cli import main

    shown = CliRunner().invoke(main, ["stories", "--db", str(db), "--history", "--json"])
    assert shown.exit_code == 0, shown.output
    (line,) = [json.loads(x) for x in shown.output.splitlines()]
    assert line["event"] == "update" and line["article"] == "earthquake2" and line["from"] == quake_story


def test_old_database_layout_is_migrated(tmp_path):
    """A database written before migrations 2-4 (a JSON `record` per article) opens, keeps its
    articles whole and gets smaller rows."""
    from newsdesk.records import Article
    from newsdesk.serialize import article_to_dict

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    from newsdesk.store.migrations import MIGRATIONS

    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    from newsdesk.store.sqlite import _statements

    for statement in _statements(dict(MIGRATIONS)[1]):
        conn.execute(statement)
    conn.execute("ALTER TABLE articles RENAME COLUMN body TO body")  # layout as version 1 left it
    article = Article(id="a1", source="a1.txt", body="Body text here.", title="T", original="T\n\nBody text here.",
                      tags=("x",))
    conn.execute("INSERT INTO articles (id, source, content_hash, title, format, body, words, record)"
                 " VALUES ('a1', 'a1.txt', 'h', 'T', 'text', ?, 3, ?)",
                 (article.body, json.dumps(article_to_dict(article, full=True))))
    conn.execute("INSERT INTO schema_migrations (version) VALUES (1)")
    conn.commit()
    conn.close()
    with SQLiteStore(db) as store:
        assert store.get_article("a1") == article
        assert "record" not in {r[1] for r in store.conn.execute("PRAGMA table_info(articles)")}
        assert [r.id for r in store.list_articles("body")] == ["a1"]
