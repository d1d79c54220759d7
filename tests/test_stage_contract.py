"""The stage contract between extraction and reconcile: work done once, passed on.

Extraction splits each body into sentences once and carries the spans on ``ArticleFacts``;
reconcile reuses them instead of splitting again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.nlp.extract import analyse_story
from newsdesk.nlp.sentences import split_sentences
from newsdesk.pipeline import read_articles
from newsdesk.reconcile import reconcile_story
from newsdesk.reconcile.sentences import SentenceIndex

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


def _no_split(body: str) -> list[tuple[int, int]]:
    raise AssertionError("reconcile split a body that extraction had already split")


@pytest.fixture(scope="module")
def two_articles():
    articles, _ = read_articles(sorted(str(p) for p in SEEDS.glob("*.txt"))[:2])
    facts, entities = analyse_story(articles)
    return articles, facts, entities


def test_extraction_carries_the_sentence_spans(two_articles):
    articles, facts, _ = two_articles
    for article, f in zip(articles, facts):
        assert f.article == article.id
        assert f.sentences and list(f.sentences) == split_sentences(article.body)


def test_reconcile_reuses_them_and_gives_the_same_brief(two_articles):
    articles, facts, entities = two_articles
    reused = reconcile_story(articles, facts, entities, splitter=_no_split)
    assert reused == reconcile_story(articles, facts, entities)


def test_sentence_index_splits_only_what_it_is_not_given(two_articles):
    articles, facts, _ = two_articles
    calls = []

    def split(body):
        calls.append(body)
        return split_sentences(body)

    known = {facts[0].article: facts[0].sentences}
    index = SentenceIndex(articles, split, known=known)
    assert calls == [articles[1].body]
    assert index.spans(articles[0].id) == list(facts[0].sentences)


def _wire_copy_inputs(tmp_path: Path, seeds: Path) -> Path:
    """Two seeds and a third article reprinting 60 words of the first one verbatim."""
    folder = tmp_path / "in"
    folder.mkdir()
    first, second = sorted(seeds.glob("*.txt"))[:2]
    for p in (first, second):
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    words = max(first.read_text(encoding="utf-8").split("\n\n"), key=len).split()
    (folder / "wire.txt").write_text(
        "Wire copy reprinted\n\nA regional paper carried the agency's report on Thursday with a short "
        "introduction of its own, written by its foreign desk.\n\n" + " ".join(words[100:160])
        + "\n\nThe paper added that its own correspondents could not confirm the figures independently.",
        encoding="utf-8")
    return folder


def test_stored_story_passes_the_stored_copy_relations_to_coverage(tmp_path, monkeypatch):
    """`brief --db`: the copy that `add` found (cluster/dedup.py) reaches coverage; reconcile does
    not look for it again."""
    from click.testing import CliRunner

    from newsdesk.cli import main
    from newsdesk.cluster.persist import relations_of
    from newsdesk.pipeline import brief_from_articles, stored_story
    from newsdesk.reconcile import coverage
    from newsdesk.store import open_store

    db = str(tmp_path / "news.db")
    added = CliRunner().invoke(main, ["add", str(_wire_copy_inputs(tmp_path, SEEDS)), "--db", db, "-q"])
    assert added.exit_code == 0, added.output

    def no_second_pass(*args, **kwargs):
        raise AssertionError("coverage looked for copy that the store already holds")

    monkeypatch.setattr(coverage, "passage_copy_pairs", no_second_pass)
    with open_store(db) as store:
        (relation,) = [r for r in relations_of(store) if r.kind == "shared_copy"]
        from newsdesk.cluster.persist import story_of

        story = stored_story(store, story_of(store, "wire"))
    assert story is not None and story.copy
    brief = brief_from_articles(list(story.articles), grouper=lambda _: [story])
    (shared,) = [s for s in brief.stories[0].coverage.shared_copy if s.reason == "passage"]
    assert set(shared.articles) == {relation.article_a, relation.article_b} == {"wire", sorted(SEEDS.glob("*.txt"))[0].stem}
    bodies = {a.id: a.body for a in story.articles}
    (span_a, span_b), = shared.passages
    assert bodies[span_a.article][span_a.start:span_a.end].split() == bodies[span_b.article][span_b.start:span_b.end].split()
    assert "added" in brief.stories[0].coverage.method


def test_one_read_and_clean_loop_for_brief_and_add(tmp_path):
    """`brief` reads through the same loop as `add` (clean.clean_documents): a document whose
    cleaning fails is a one-line skip, not the end of the brief; a repeated id keeps the first."""
    import newsdesk.add
    import newsdesk.batch.work
    from newsdesk.clean import build_article, clean_documents
    from newsdesk.pipeline import read_articles

    assert newsdesk.add.clean_documents is clean_documents is newsdesk.batch.work.clean_documents
    first, second = sorted(SEEDS.glob("*.txt"))[:2]

    def fragile(doc):
        if doc.source.endswith(second.name):
            raise RuntimeError("boom")
        return build_article(doc)

    again = tmp_path / "again"
    again.mkdir()
    (again / first.name).write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    articles, skipped = read_articles([str(first), str(second), str(again / first.name)], cleaner=fragile)
    assert [a.id for a in articles] == [first.stem]
    assert [s.reason for s in skipped] == ["cleaning failed (RuntimeError)", f"duplicate article id {first.stem}"]
