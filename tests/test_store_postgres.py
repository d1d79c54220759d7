"""The PostgreSQL store: the CLI's add / stories / brief --db / search on it, migrations recorded
once, two concurrent writers losing nothing, and the SQL dialect rewriting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.store import open_store
from newsdesk.store.pg_schema import PG_MIGRATIONS
from newsdesk.store.postgres import translate

REPO = Path(__file__).resolve().parent.parent


def test_translate_rewrites_the_sqlite_idioms():
    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE '5%'") == "SELECT a FROM t WHERE b = %s AND c LIKE '5%%'"
    assert translate("SELECT 1", with_params=False) == "SELECT 1"
    assert translate("INSERT OR IGNORE INTO copy_exact (digest, article_id) VALUES (?, ?)") == (
        "INSERT INTO copy_exact (digest, article_id) VALUES (%s, %s) ON CONFLICT DO NOTHING")
    replaced = translate("INSERT OR REPLACE INTO cluster_meta (key, value) VALUES (?, ?)")
    assert replaced.endswith("ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")
    stamped = translate("INSERT INTO x (a, at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
    assert "strftime" not in stamped and "to_char(now()" in stamped


def test_cli_add_stories_search_and_brief_on_postgres(pg_url, seeds_dir):
    runner = CliRunner()
    result = runner.invoke(main, ["add", str(seeds_dir), "--db", pg_url, "-q"])
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output
    again = runner.invoke(main, ["add", str(seeds_dir), "--db", pg_url, "-q"])
    assert "5 unchanged" in again.output  # idempotent re-add
    result = runner.invoke(main, ["stories", "--db", pg_url, "--json"])
    assert result.exit_code == 0, result.output
    stories = [json.loads(line) for line in result.output.splitlines() if line.strip()]  # JSON lines
    assert len(stories) == 1 and stories[0]["size"] == 5
    result = runner.invoke(main, ["articles", "--db", pg_url, "--search", "Kursk"])
    assert result.exit_code == 0 and "Kursk" in result.output
    result = runner.invoke(main, ["brief", "--db", pg_url, "--story", stories[0]["id"], "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert len(doc["articles"]) == 5 and doc["stories"][0]["claim_groups"]


def test_same_stories_as_sqlite(pg_url, seeds_dir, tmp_path):
    from newsdesk.add import add_inputs
    from newsdesk.cluster.persist import list_stories, story_members

    def stories_of(url: str) -> list:
        with open_store(url) as store:
            add_inputs(store, [str(seeds_dir)])
            return sorted(sorted(story_members(store, s.id)) for s in list_stories(store))

    assert stories_of(pg_url) == stories_of(str(tmp_path / "s.db"))


def test_migrations_recorded_once(pg_url):
    with open_store(pg_url) as store:
        first = [r[0] for r in store.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    with open_store(pg_url) as store:
        again = [r[0] for r in store.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert first == again == [v for v, _ in PG_MIGRATIONS]


def test_two_concurrent_writers_lose_nothing(pg_url, tmp_path):
    folders = []
    for w in range(2):
        folder = tmp_path / f"w{w}"
        folder.mkdir()
        for i in range(6):
            (folder / f"a{i}.txt").write_text(
                f"Writer {w} story {i} about harbour repairs\n\nThe harbour authority said on Monday that "
                f"{100 + 10 * w + i} workers would repair pier {i} of district {w} before winter.\n",
                encoding="utf-8")
        folders.append(folder)
    cli = str(Path(sys.executable).parent / "newsdesk")
    procs = [subprocess.Popen([cli, "add", str(f), "--db", pg_url, "-q"],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in folders]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    from newsdesk.cluster.persist import list_stories

    with open_store(pg_url) as store:
        assert store.count() == 12
        members = sum(s.size for s in list_stories(store))
    assert members == 12  # every article has a story


def test_unreachable_server_is_a_clear_error(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["articles", "--db", f"postgresql://nobody@/none?host={tmp_path}&connect_timeout=2"])
    assert result.exit_code == 1 and result.output.startswith("Error: cannot open database")


def test_lsh_rows_of_an_older_store_are_converted(pg_url, seeds_dir):
    """PostgreSQL migration 7: LSH rows written by article id before it name the same articles by
    row number after it."""
    from newsdesk.add import add_inputs

    with open_store(pg_url) as store:
        add_inputs(store, [str(seeds_dir)])
        conn = store.conn
        pairs = sorted(tuple(r) for r in conn.execute(
            "SELECT l.band_key, a.id FROM copy_lsh l JOIN articles a ON a.rowid = l.doc"))
        assert pairs
        with store.write():  # back to the layout before migration 7
            conn.execute("DROP TABLE copy_lsh")
            conn.execute("CREATE TABLE copy_lsh (band_key BIGINT NOT NULL, article_id TEXT NOT NULL)")
            conn.execute("CREATE INDEX copy_lsh_key ON copy_lsh(band_key)")
            conn.executemany("INSERT INTO copy_lsh (band_key, article_id) VALUES (?, ?)", pairs)
            conn.execute("DELETE FROM schema_migrations WHERE version = 7")
    with open_store(pg_url) as store:
        assert sorted(tuple(r) for r in store.conn.execute(
            "SELECT l.band_key, a.id FROM copy_lsh l JOIN articles a ON a.rowid = l.doc")) == pairs
        assert [r[0] for r in store.conn.execute("SELECT version FROM schema_migrations WHERE version = 7")] == [7]


def test_relations_of_an_older_store_are_converted(pg_url):
    """PostgreSQL migration 8: relations written with article ids and kind names before it are
    read back the same after it names the articles by row number and the kind by its code."""
    import random

    from newsdesk.cluster.persist import assign_stories, list_stories, relations_of
    from newsdesk.records import Article

    rng = random.Random(3)
    vocab = [f"word{i}" for i in range(3000)]
    wire = [rng.choice(vocab) for _ in range(150)]
    texts = []
    for i in range(12):
        own = [rng.choice(vocab) for _ in range(60)]
        texts.append(" ".join(own[:30] + wire + own[30:]) + "." if i % 3 else " ".join(own * 3) + ".")
    texts += [texts[1], " ".join(["changed"] + texts[2].split()[1:])]  # an exact and a near copy
    articles = [Article(id=f"rel-{i}", source=f"rel-{i}.txt", body=t, title=f"T{i}") for i, t in enumerate(texts)]
    with open_store(pg_url) as store:
        with store.write():
            store.add_articles(articles)
            assign_stories(store, articles)
        before = relations_of(store)
        counts = {r.id: r.relations for r in list_stories(store)}
        assert {r.kind for r in before} == {"exact", "near", "shared_copy"}
        rows = store.cluster_tables().relations()
        conn = store.conn
        with store.write():  # back to the layout before migration 8
            conn.execute("DROP TABLE article_relations")
            conn.execute("""CREATE TABLE article_relations (
                article_a TEXT NOT NULL, article_b TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('exact', 'near', 'shared_copy')),
                score DOUBLE PRECISION NOT NULL, span_a_start INTEGER, span_a_end INTEGER, span_b_start INTEGER,
                span_b_end INTEGER, passages INTEGER NOT NULL, shared_words INTEGER NOT NULL, credits TEXT NOT NULL,
                PRIMARY KEY (article_a, article_b, kind))""")
            conn.execute("CREATE INDEX article_relations_b ON article_relations(article_b)")
            conn.executemany("INSERT INTO article_relations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            conn.execute("DELETE FROM schema_migrations WHERE version = 8")
    with open_store(pg_url) as store:
        assert relations_of(store) == before
        assert {r.id: r.relations for r in list_stories(store)} == counts
        assert [r[0] for r in store.conn.execute("SELECT version FROM schema_migrations WHERE version = 8")] == [8]
