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
