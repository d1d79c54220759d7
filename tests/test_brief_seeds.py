"""The real pipeline on the five seeds: read → clean → extract → reconcile, and the JSON contract.

The brief comes from the session fixture ``seed_brief`` (conftest.py), computed once.
"""

from __future__ import annotations

from pathlib import Path

from newsdesk.pipeline import StoryInput, brief_from_articles, read_articles
from newsdesk.reconcile.cite_check import check_summary
from newsdesk.reconcile.summary import MAX_WORDS, word_count
from newsdesk.render.jsonout import brief_to_dict, validate

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


def test_one_story_of_five_articles(seed_brief):
    brief = seed_brief
    assert len(brief.articles) == 5 and len(brief.stories) == 1
    story = brief.stories[0]
    assert set(story.articles) == {p.stem for p in SEEDS.glob("*.txt")}
    assert brief.skipped == ()


def test_real_output_validates_against_the_schema(seed_brief):
    doc = brief_to_dict(seed_brief)
    validate(doc)
    story = doc["stories"][0]
    for key in ("entities", "quotes", "quote_groups", "claims", "claim_groups", "timeline", "summary"):
        assert story[key], f"{key} is empty for the seeds"


def test_every_offset_indexes_the_cleaned_body(seed_brief):
    brief = seed_brief
    bodies = {a.id: a.body for a in brief.articles}
    story = brief.stories[0]
    for q in story.quotes:
        assert bodies[q.quote.article][q.quote.start:q.quote.end] == q.quote.text
    titles = {a.id: a.title or "" for a in brief.articles}
    for c in story.claims:
        if c.claim.in_title:  # a headline's figure: its text is in the title, its body span empty
            assert c.claim.start == c.claim.end == 0 and c.claim.text in titles[c.claim.article]
        else:
            assert bodies[c.claim.article][c.claim.start:c.claim.end] == c.claim.text
    for e in story.entities:
        for m in e.mentions:
            assert bodies[m.article][m.start:m.end] == m.text
    for t in story.timeline:
        assert bodies[t.article][t.start:t.end] == t.text
    for s in story.summary:
        for sp in s.support:
            assert 0 <= sp.start < sp.end <= len(bodies[sp.article])


def test_summary_is_short_and_every_citation_checks(seed_brief):
    brief = seed_brief
    story = brief.stories[0]
    assert sum(word_count(s.text) for s in story.summary) <= MAX_WORDS
    results = check_summary(story.summary, brief.articles, story.entities)
    assert all(r.ok for r in results), [(s.text, r.problems) for s, r in zip(story.summary, results) if not r.ok]


def test_skipped_inputs_are_recorded(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    articles, skipped = read_articles([str(SEEDS / "000_5fd1e1cc2a5f81b5.txt"), str(empty), str(missing)])
    assert [a.id for a in articles] == ["000_5fd1e1cc2a5f81b5"]
    assert {Path(s.source).name for s in skipped} == {"empty.txt", "missing.txt"}
    assert all(s.reason for s in skipped)


def test_a_grouper_splits_the_brief_into_stories(seed_brief):
    """The seam for story clustering: one story brief per group the grouper returns."""
    articles = list(seed_brief.articles)

    def two_groups(arts):
        return [StoryInput(tuple(arts[:2]), title="first"), StoryInput(tuple(arts[2:]), title="second")]

    brief = brief_from_articles(articles, grouper=two_groups)
    assert [s.title for s in brief.stories] == ["first", "second"]
    assert [len(s.articles) for s in brief.stories] == [2, 3]
    validate(brief_to_dict(brief))


def test_a_mixed_folder_gives_one_brief_per_story(datasets, seed_brief):
    from newsdesk.pipeline import cluster_stories

    others = sorted((datasets / "polnear-train-text").glob("*.txt"))[:2]
    if len(others) < 2:
        import pytest

        pytest.skip("polnear-train-text not found")
    extra, _ = read_articles([str(p) for p in others])
    brief = brief_from_articles(list(seed_brief.articles) + extra, grouper=cluster_stories)
    seeds = {p.stem for p in SEEDS.glob("*.txt")}
    homes = [s for s in brief.stories if seeds & set(s.articles)]
    assert len(homes) == 1 and set(homes[0].articles) == seeds
    assert len(brief.stories) >= 2
    validate(brief_to_dict(brief))
