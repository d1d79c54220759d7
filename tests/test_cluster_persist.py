"""Story persistence: batches resume exactly, re-adding is idempotent, `newsdesk stories` lists them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.cluster.persist import assign_stories, list_stories, relations_of, story_history, story_members
from newsdesk.cluster.evaluation import load_ecbplus, shuffled
from newsdesk.records import Article
from newsdesk.store.sqlite import SQLiteStore


def _articles(datasets, topics=range(1, 16)):
    docs = [d for d in load_ecbplus(datasets / "ecbplus") if int(d.topic) in topics]
    start = datetime(2024, 1, 1)
    out = []
    for i, d in enumerate(shuffled(docs, 7)):
        title = d.text.split("\n")[0][:80]
        out.append(Article(id=d.id, source=f"{d.id}.xml", body=d.text, title=title,
                           outlet=f"outlet{i % 4}", published=start + timedelta(hours=i)))
    return out


def _state(path):
    with SQLiteStore(path) as store:
        rows = [(r.id, r.size, r.title, r.outlets, r.first_published, r.last_published, r.relations)
                for r in list_stories(store)]
        members = {r[0]: story_members(store, r[0]) for r in rows}
        relations = relations_of(store)
        terms = store.conn.execute("SELECT id, term, df FROM cluster_terms ORDER BY id").fetchall()
    return rows, members, relations, [tuple(t) for t in terms]


def _add(path, articles):
    with SQLiteStore(path) as store:
        store.add_articles(articles)
        return assign_stories(store, articles)


def test_two_batches_assign_exactly_as_one(tmp_path, datasets):
    articles = _articles(datasets)
    one = _add(tmp_path / "one.db", articles)
    cut = len(articles) // 3
    two = _add(tmp_path / "two.db", articles[:cut])
    two.update(_add(tmp_path / "two.db", articles[cut:]))
    three = {}
    for i in range(0, len(articles), 40):  # many small batches
        three.update(_add(tmp_path / "three.db", articles[i:i + 40]))
    final_one = _state(tmp_path / "one.db")
    assert _state(tmp_path / "two.db") == final_one
    assert _state(tmp_path / "three.db") == final_one
    # the ids returned for the last batch are the final ones; earlier ones may have moved in a split
    for doc_id in [a.id for a in articles[cut:]]:
        assert two[doc_id] == one[doc_id]
    rows, members, relations, _ = final_one
    assert sum(size for _, size, *_ in rows) == len(articles)
    assert 20 <= len(rows) <= 60  # 15 topics, 30 sub-topics
    assert relations and all(r.kind in {"exact", "near", "shared_copy"} for r in relations)


def test_readding_is_idempotent(tmp_path, datasets):
    articles = _articles(datasets, topics=range(1, 4))
    first = _add(tmp_path / "t.db", articles)
    before = _state(tmp_path / "t.db")
    again = _add(tmp_path / "t.db", articles[::-1])
    assert again == first
    assert _state(tmp_path / "t.db") == before


def test_stories_command_lists_stories(tmp_path):
    quake = ("A magnitude 6.1 earthquake struck Indonesia's Aceh province on Tuesday, killing six children "
             "when a mosque collapsed in Bener Meriah, officials said. Rescuers searched the rubble in Aceh.")
    articles = [
        Article(id="q1", source="q1.txt", body=quake, title="Quake kills six in Aceh", outlet="AFP",
                published=datetime(2013, 7, 2)),
        Article(id="q2", source="q2.txt", body="The toll rose on Wednesday. " + quake
                + " More rescuers arrived from Jakarta with heavy equipment and dogs.",
                title="Aceh quake toll rises", outlet="Reuters", published=datetime(2013, 7, 3)),
    ]
    db = tmp_path / "s.db"
    _add(db, articles)
    runner = CliRunner()
    result = runner.invoke(main, ["stories", "--db", str(db), "--json", "--members"])
    assert result.exit_code == 0, result.output
    (story,) = [json.loads(line) for line in result.output.splitlines()]
    assert story["size"] == 2 and sorted(story["articles"]) == ["q1", "q2"]
    assert sorted(story["outlets"]) == ["AFP", "Reuters"]
    assert story["first_published"].startswith("2013-07-02") and story["last_published"].startswith("2013-07-03")
    assert story["title"] in {"Quake kills six in Aceh", "Aceh quake toll rises"}
    assert story["relations"] == 1  # q2 reprints q1's text: shared copy
    table = runner.invoke(main, ["stories", "--db", str(db)])
    assert table.exit_code == 0 and "story-000000" in table.output
    assert runner.invoke(main, ["stories", "--help"]).exit_code == 0


def test_stories_on_an_empty_database(tmp_path):
    result = CliRunner().invoke(main, ["stories", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 0 and "no stories" in result.output


def test_splits_and_merges_of_stored_stories_are_in_the_history(tmp_path, datasets, monkeypatch):
    """Stories cut or merged after their articles were stored: the history names every article
    that moved, from which story to which, and the moves replay to the final stories."""
    from newsdesk.cluster import persist
    from newsdesk.cluster.stories import StoryClusterer, StoryConfig

    config = StoryConfig(split_threshold=0.9, merge_threshold=0.3, first_split_check=4)
    monkeypatch.setattr(persist, "StoryClusterer", lambda: StoryClusterer(config))
    articles = _articles(datasets, topics=range(1, 6))
    db = tmp_path / "h.db"
    for i in range(0, len(articles), 10):
        _add(db, articles[i:i + 10])
    with SQLiteStore(db) as store:
        moves = list(reversed(story_history(store)))  # oldest first
        final = {r.id: set(story_members(store, r.id)) for r in list_stories(store)}
    assert {"split", "merge"} <= {h.event for h in moves}
    assert all(h.from_story != h.to_story for h in moves)
    # with splits and merges, one batch still ends exactly as batches of 10 (members in arrival order)
    _add(tmp_path / "one.db", articles)
    assert _state(tmp_path / "one.db") == _state(db)
    last = {h.article: h.to_story for h in moves}  # each stored article's last move is where it is
    assert all(article in final[story] for article, story in last.items())
    with SQLiteStore(db) as store:  # postings of the stories merged away are marked gone, and only those
        wrong = store.conn.execute("SELECT count(*) FROM cluster_postings WHERE gone !="
                                   " (story NOT IN (SELECT seq FROM stories))").fetchone()[0]
        gone = store.conn.execute("SELECT count(*) FROM cluster_postings WHERE gone = 1").fetchone()[0]
    assert wrong == 0 and gone > 0


def test_store_backed_clustering_equals_the_in_memory_clusterer(tmp_path, datasets):
    """The store's lazy state (posting tails, story heads, term rows read on demand) changes
    nothing: batches of 10 through the store give the in-memory clusterer's stories exactly."""
    from newsdesk.cluster.persist import story_of
    from newsdesk.cluster.stories import ClusterDoc, StoryClusterer

    articles = _articles(datasets)
    memory = StoryClusterer().add_all(ClusterDoc.from_article(a) for a in articles)
    db = tmp_path / "s.db"
    for i in range(0, len(articles), 10):
        _add(db, articles[i:i + 10])
    with SQLiteStore(db) as store:
        stored = {a.id: story_of(store, a.id) for a in articles}
    assert stored == memory
    assert len(set(memory.values())) >= 20


def test_postings_of_an_older_store_are_converted(tmp_path, datasets):
    """A store whose posting rows predate migration 6 (a rowid table, no gone flag) is converted
    on open and continues exactly as one written with the new layout."""
    articles = _articles(datasets, topics=range(1, 6))
    half = len(articles) // 2
    db = tmp_path / "old.db"
    _add(db, articles[:half])
    with SQLiteStore(db) as store, store.write():
        conn = store.conn
        conn.execute("CREATE TABLE p_old (term INTEGER NOT NULL, story INTEGER NOT NULL)")
        conn.execute("INSERT INTO p_old (rowid, term, story) SELECT rowid, term, story FROM cluster_postings")
        conn.execute("DROP TABLE cluster_postings")
        conn.execute("ALTER TABLE p_old RENAME TO cluster_postings")
        conn.execute("CREATE INDEX cluster_postings_term ON cluster_postings(term)")
        conn.execute("CREATE UNIQUE INDEX cluster_postings_story ON cluster_postings(story, term)")
        conn.execute("DELETE FROM cluster_meta WHERE key = 'n_postings'")
        conn.execute("DELETE FROM schema_migrations WHERE version = 6")
    _add(db, articles[half:])
    _add(tmp_path / "new.db", articles[:half])
    _add(tmp_path / "new.db", articles[half:])
    assert _state(db) == _state(tmp_path / "new.db")
    postings = []
    for path in (db, tmp_path / "new.db"):
        with SQLiteStore(path) as store:
            postings.append(store.conn.execute("SELECT term, rowid, story, gone FROM cluster_postings"
                                               " ORDER BY term, rowid").fetchall())
    assert [tuple(r) for r in postings[0]] == [tuple(r) for r in postings[1]]


def test_a_long_running_writer_assigns_as_fresh_ones(tmp_path, datasets, monkeypatch):
    """One store object adding batch after batch (its caches of term rows and centroids live
    across adds) ends exactly as fresh store objects do, also when another writer adds a batch
    in between and when an add is rolled back."""
    import pytest

    articles = _articles(datasets, topics=range(1, 5))
    batches = [articles[i:i + 12] for i in range(0, len(articles), 12)]
    for batch in batches:
        _add(tmp_path / "fresh.db", batch)
    db = tmp_path / "long.db"
    with SQLiteStore(db) as store:
        for i, batch in enumerate(batches):
            if i == 2:  # another writer
                _add(db, batch)
                continue
            if i == 4:  # a failed add leaves nothing behind, in the store or in the caches
                with pytest.raises(RuntimeError), store.write():
                    store.add_articles(batch)
                    assign_stories(store, batch)
                    raise RuntimeError("failed after the stories were saved")
            store.add_articles(batch)
            assign_stories(store, batch)
    assert _state(db) == _state(tmp_path / "fresh.db")


def test_headlines_with_embeddings_in_batches_assign_exactly_as_in_memory(tmp_path, datasets):
    """Short items carry a sentence embedding centred on the running mean of the stored ones: the
    store keeps that mean exactly, so batches of 10 (each encoded in one pass) end as the in-memory
    clusterer does with the same embeddings."""
    from dataclasses import replace

    import pytest

    from newsdesk.cluster.datasets import load_uci_news
    from newsdesk.cluster.embed import load_encoder
    from newsdesk.cluster.persist import story_of
    from newsdesk.cluster.stories import ClusterDoc, StoryClusterer

    if StoryClusterer().config.embedding_weight <= 0 or load_encoder() is None:
        pytest.skip("no sentence encoder installed (or embeddings off)")
    items = load_uci_news(datasets / "uci-news-6k")[:60]
    articles = [Article(id=d.id, source=f"{d.id}.txt", body=d.text, title=d.title, outlet=d.outlet,
                        published=d.published) for d in items]
    memory_clusterer = StoryClusterer()
    config, encoder = memory_clusterer.config, load_encoder(memory_clusterer.config.embedding_tokens)
    docs = []
    for i in range(0, len(articles), 10):  # each add encodes its batch's short items in one pass
        batch = [ClusterDoc.from_article(a) for a in articles[i:i + 10]]
        short = [d for d in batch if config.needs_embedding(d)]
        vectors = dict(zip([d.id for d in short], encoder.encode_many([d.embedding_text() for d in short])))
        docs.extend(replace(d, embedding=vectors.get(d.id)) for d in batch)
    memory = memory_clusterer.add_all(docs)
    assert memory_clusterer.embedding_mean.count > 0  # the items were encoded
    db = tmp_path / "h.db"
    for i in range(0, len(articles), 10):
        _add(db, articles[i:i + 10])
    with SQLiteStore(db) as store:
        assert {a.id: story_of(store, a.id) for a in articles} == memory


def _pack_fingerprints_before_7(rows) -> bytes:
    """The fingerprint blob as stores wrote it before migration 7 (char spans kept)."""
    import zlib
    from array import array

    import numpy as np

    rows = np.asarray(rows, dtype=np.uint32).reshape(-1, 4)
    text = rows[np.argsort(rows[:, 1], kind="stable")].astype(np.int64)
    cols = np.concatenate([np.diff(text[:, 1], prepend=0), np.diff(text[:, 2], prepend=0), text[:, 3] - text[:, 2]])
    wide = bool(len(cols)) and (int(cols.max()) > 0xFFFF or int(cols.min()) < 0)
    return (array("I", (len(rows), int(wide))).tobytes() + text[:, 0].astype(np.uint32).tobytes()
            + zlib.compress(cols.astype(np.int64 if wide else np.uint16).tobytes(), 6))


def _pack_terms_before_7(ids, counts, query) -> bytes:
    import zlib
    from array import array

    return zlib.compress(array("i", (len(ids), len(query))).tobytes() + array("i", ids).tobytes()
                         + array("H", counts).tobytes() + array("i", query).tobytes(), 6)


def test_copy_state_of_an_older_store_is_converted(tmp_path, datasets):
    """A store written before migration 7 (fingerprints with char spans, LSH rows by article id)
    is converted on open without losing anything: every fingerprint keeps its hashes and word
    positions, an article whose stored body does not give its spans keeps its blob as it was, the
    LSH rows name the same articles, the documents' term counts are the same, and adding more
    articles ends exactly as a store written with the new layout (relations and their spans
    included)."""
    import numpy as np

    from newsdesk.cluster.dedup import DuplicateDetector
    from newsdesk.cluster.text import copy_tokens
    from newsdesk.cluster.dedup import shingles
    from newsdesk.store.codec import unpack_fingerprints, unpack_terms

    articles = _articles(datasets, topics=range(1, 9))
    half = len(articles) // 2
    db = tmp_path / "old.db"
    _add(db, articles[:half])
    detector = DuplicateDetector()
    bodies = {a.id: a.body for a in articles}
    odd = articles[0].id  # its stored spans will not match its body: its blob must be kept
    with SQLiteStore(db) as store, store.write():
        conn = store.conn
        old_blobs = {}
        for aid, in conn.execute("SELECT article_id FROM copy_fingerprints").fetchall():
            words, spans = copy_tokens(bodies[aid])
            rows = detector._winnow(shingles(words, detector.config.shingle_words), spans)
            if aid == odd:
                rows = rows.copy()
                rows[:, 3] += 1
            old_blobs[aid] = _pack_fingerprints_before_7(rows)
            conn.execute("UPDATE copy_fingerprints SET rows = ? WHERE article_id = ?", (old_blobs[aid], aid))
        lsh = {(k, a) for k, a in conn.execute(
            "SELECT l.band_key, a.id FROM copy_lsh l JOIN articles a ON a.rowid = l.doc")}
        assert lsh
        conn.execute("DROP TABLE copy_lsh")
        conn.execute("CREATE TABLE copy_lsh (band_key INTEGER NOT NULL, article_id TEXT NOT NULL)")
        conn.execute("CREATE INDEX copy_lsh_key ON copy_lsh(band_key)")
        conn.executemany("INSERT INTO copy_lsh VALUES (?, ?)", sorted(lsh))
        docs = {p: unpack_terms(t) for p, t in conn.execute("SELECT position, terms FROM cluster_docs")}
        conn.executemany("UPDATE cluster_docs SET terms = ? WHERE position = ?",
                         [(_pack_terms_before_7(*d), p) for p, d in docs.items()])
        conn.execute("DELETE FROM schema_migrations WHERE version = 7")
    with SQLiteStore(db) as store:  # migration 7 runs on open
        conn = store.conn
        assert {(k, a) for k, a in conn.execute(
            "SELECT l.band_key, a.id FROM copy_lsh l JOIN articles a ON a.rowid = l.doc")} == lsh
        after = {p: t for p, t in conn.execute("SELECT position, terms FROM cluster_docs")}
        assert {p: unpack_terms(t) for p, t in after.items()} == docs
        assert all(t[:1] == b"N" and len(t) < len(_pack_terms_before_7(*docs[p])) for p, t in after.items())
        for aid, blob in conn.execute("SELECT article_id, rows FROM copy_fingerprints").fetchall():
            before, after = unpack_fingerprints(old_blobs[aid]), unpack_fingerprints(blob)
            if aid == odd:
                assert blob == old_blobs[aid]
            else:
                assert after.shape[1] == 2 and len(blob) < len(old_blobs[aid])
                assert np.array_equal(after, before[:, :2])
        # the odd article's fingerprints are put back as its body gives them, for the comparison below
        conn.execute("UPDATE copy_fingerprints SET rows = ? WHERE article_id = ?",
                     (_pack_fingerprints_before_7(detector._winnow(
                         shingles(copy_tokens(bodies[odd])[0], detector.config.shingle_words),
                         copy_tokens(bodies[odd])[1])), odd))
        conn.commit()
    _add(db, articles[half:])
    _add(tmp_path / "new.db", articles[:half])
    _add(tmp_path / "new.db", articles[half:])
    assert _state(db) == _state(tmp_path / "new.db")
    with SQLiteStore(db) as store:
        assert any(r.kind == "shared_copy" for r in relations_of(store))


def test_forgetting_an_article_drops_its_lsh_rows_by_key(tmp_path):
    """An article whose text changed loses its LSH rows (found by its band keys, not a scan), its
    fingerprints and relations; other articles keep theirs."""
    words = [f"w{i}" for i in range(400)]
    texts = [" ".join(words[::2][:150]) + ".", " ".join(words[1::3][:120]) + "."]
    articles = [Article(id=f"a{i}", source=f"a{i}.txt", body=t, title=f"Title {i}") for i, t in enumerate(texts)]
    db = tmp_path / "f.db"
    _add(db, articles)
    with SQLiteStore(db) as store, store.write():
        conn = store.conn
        docs = dict(conn.execute("SELECT id, rowid FROM articles"))
        counts = dict(conn.execute("SELECT doc, count(*) FROM copy_lsh GROUP BY doc").fetchall())
        assert counts == {docs["a0"]: 10, docs["a1"]: 10}
        store.cluster_tables().forget_copy("a0")
        assert dict(conn.execute("SELECT doc, count(*) FROM copy_lsh GROUP BY doc").fetchall()) == {docs["a1"]: 10}
        assert [r[0] for r in conn.execute("SELECT article_id FROM copy_fingerprints")] == ["a1"]


def _relation_corpus() -> list[Article]:
    """Articles with every kind of relation: an exact copy, a near copy, shared wire passages."""
    import random

    rng = random.Random(3)
    vocab = [f"word{i}" for i in range(3000)]
    wire = " ".join(rng.choice(vocab) for _ in range(150))
    texts = []
    for i in range(12):
        own = [rng.choice(vocab) for _ in range(60)]
        texts.append(" ".join(own[:30] + [wire] + own[30:]) + "." if i % 3 else " ".join(own * 3) + ".")
    texts.append(texts[1])  # exact
    near = texts[2].split()
    near[10] = "changed"
    texts.append(" ".join(near))  # near
    return [Article(id=f"rel-{i:02d}", source=f"rel-{i}.txt", body=t, title=f"Title {i}", credits=("AP",) if i % 2 else ())
            for i, t in enumerate(texts)]


def test_relations_of_an_older_store_are_converted(tmp_path):
    """Migration 8: relations written with article ids and kind names (before it) are read back
    the same after it names both articles by row number and the kind by its code; a story's
    relation count and forgetting an article's relations work on the new layout."""
    db = tmp_path / "r.db"
    articles = _relation_corpus()
    _add(db, articles)
    with SQLiteStore(db) as store:
        before = relations_of(store)
        counts = {r.id: r.relations for r in list_stories(store)}
        assert {r.kind for r in before} == {"exact", "near", "shared_copy"}
        conn = store.conn
        with store.write():  # back to the layout before migration 8
            rows = store.cluster_tables().relations()
            conn.execute("DROP TABLE article_relations")
            conn.execute("""CREATE TABLE article_relations (
                article_a TEXT NOT NULL, article_b TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('exact', 'near', 'shared_copy')), score REAL NOT NULL,
                span_a_start INTEGER, span_a_end INTEGER, span_b_start INTEGER, span_b_end INTEGER,
                passages INTEGER NOT NULL, shared_words INTEGER NOT NULL, credits TEXT NOT NULL,
                PRIMARY KEY (article_a, article_b, kind)) WITHOUT ROWID""")
            conn.execute("CREATE INDEX article_relations_b ON article_relations(article_b)")
            conn.executemany("INSERT INTO article_relations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            conn.execute("DELETE FROM schema_migrations WHERE version = 8")
    with SQLiteStore(db) as store:  # migration 8 runs on open
        conn = store.conn
        assert [r[1] for r in conn.execute("PRAGMA table_info(article_relations)")][:3] == ["doc_a", "doc_b", "kind"]
        assert relations_of(store) == before
        some = [articles[1].id, articles[4].id]
        assert relations_of(store, some) == [r for r in before if r.article_a in some or r.article_b in some]
        assert {r.id: r.relations for r in list_stories(store)} == counts
        with store.write():
            store.cluster_tables().forget_copy(articles[1].id)
        assert relations_of(store) == [r for r in before if articles[1].id not in (r.article_a, r.article_b)]
