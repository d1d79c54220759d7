"""The summary: budget, figures with attribution, diversity, and citations proven by cite_check."""

from __future__ import annotations

import pytest
from test_reconcile_story import seed_story

from newsdesk.reconcile import reconcile_story
from newsdesk.reconcile.cite_check import CiteChecker, check_summary
from newsdesk.reconcile.numbers import figures_in, format_figure, format_value
from newsdesk.reconcile.summary import MAX_WORDS, word_count
from newsdesk.records import Article, Entity, Mention


@pytest.fixture(scope="module")
def story():
    articles, facts, entities = seed_story()
    return articles, entities, reconcile_story(articles, facts, entities)


def test_budget_and_every_sentence_checked(story):
    articles, entities, brief = story
    assert brief.summary
    assert sum(word_count(s.text) for s in brief.summary) <= MAX_WORDS
    results = check_summary(brief.summary, articles, entities)
    assert all(r.ok for r in results), [r.problems for r in results]
    assert all(s.checked and s.citations for s in brief.summary)
    for s in brief.summary:
        for sp in s.support:
            assert sp.article in s.citations
            body = next(a.body for a in articles if a.id == sp.article)
            assert 0 <= sp.start < sp.end <= len(body)


def test_figures_lead_with_sources_and_disagreement(story):
    _, _, brief = story
    figures = [s for s in brief.summary if s.origin == "claims"]
    # the event leads, the key figures follow it
    assert figures and brief.summary[0].origin in ("extract", "title") and brief.summary[1].origin == "claims"
    text = " ".join(s.text for s in figures)
    for needed in ("10,000", "11,000", "12,000", "8,000", "South Korea", "Ukraine", "United States", "differ"):
        assert needed in text


def _is_deletion_of(short: str, source: str) -> bool:
    """Whether ``short`` is ``source`` with words left out (the first letter may be capitalised)."""
    def bare(word: str) -> str:
        return word.strip(",.;").lower()

    rest = iter(bare(w) for w in source.split())
    return bool(short.strip()) and all(any(bare(w) == r for r in rest) for w in short.split())


def test_extracted_sentences_are_verbatim_and_diverse(story):
    articles, _, brief = story
    bodies = {a.id: a.body for a in articles}
    extracted = [s for s in brief.summary if s.origin == "extract"]
    assert len(extracted) >= 4
    for s in extracted:
        # the article's own words, in order: the sentence itself, or the sentence shortened by deletion
        sources = [bodies[sp.article][sp.start:sp.end] for sp in s.support]
        assert any(_is_deletion_of(s.text, src) for src in sources), s.text
    # diversity: more than two articles are drawn on, and no sentence is said twice
    assert len({s.support[0].article for s in extracted}) >= 3
    assert len({s.text for s in extracted}) == len(extracted)
    # sentences that cannot stand alone are never picked
    assert not any(s.text.startswith(("He ", "She ", "They ", "This ", "adding")) for s in extracted)


def _checker():
    a = Article("a", "a", "The U.S. says 10,000 troops are in Russia. North Korea's army has 1.2 million soldiers.")
    b = Article("b", "b", "Seoul put the figure at 11,000.")
    us = Entity("e1", "United States", "GPE", ("U.S.",), (Mention("a", 4, 8, "U.S.", "GPE"),))
    sk = Entity("e2", "South Korea", "GPE", ("Seoul",), (Mention("b", 0, 5, "Seoul", "GPE"),))
    return CiteChecker([a, b], [us, sk])


def test_cite_check_accepts_what_the_articles_say():
    checker = _checker()
    assert checker.check("Figures differ: 10,000 (United States) and 11,000 (South Korea).", ["a", "b"], strict=False).ok
    # number formats are normalised: 1,200,000 is the article's "1.2 million"
    assert checker.check("The army has 1,200,000 soldiers.", ["a"], strict=False).ok


def test_cite_check_rejects_what_they_do_not():
    checker = _checker()
    wrong_figure = checker.check("Figures differ: 10,000 (United States) and 12,000 (South Korea).", ["a", "b"], strict=False)
    assert not wrong_figure.ok and any("12,000" in p for p in wrong_figure.problems)
    wrong_article = checker.check("Seoul put the figure at 11,000.", ["a"], strict=True)
    assert not wrong_article.ok
    idle = checker.check("The U.S. says 10,000 troops are in Russia.", ["a", "b"], strict=False)
    assert not idle.ok and any("support nothing" in p for p in idle.problems)
    assert not checker.check("Seoul put the figure at 11,000.", [], strict=True).ok
    quoted = checker.check('Seoul said "the figure is 11,000".', ["b"], strict=False)
    assert not quoted.ok and any("quotation" in p for p in quoted.problems)


def test_numbers():
    assert [v for v, _, _ in figures_in("about 10,000 or 10 000 or 1.2 million, in 2024")] == [10000, 10000, 1.2e6]
    assert format_value(1_200_000) == "1.2 million" and format_value(11000) == "11,000"
    assert format_figure("up_to", 12000) == "up to 12,000"
    assert format_figure("range", 8000, 10000) == "8,000\u201310,000"


def test_compress_drops_framing_and_keeps_names_figures_and_times():
    from newsdesk.reconcile.candidates import compress

    assert compress("In a significant and alarming development, the minister said 8,000 troops were there.") == \
        "The minister said 8,000 troops were there."
    # a name, a figure or a time in the opening phrase keeps it
    assert compress("In a statement released on Sunday, the minister said so again.").startswith("In a statement")
    assert compress("At the summit in 2024, the minister said so again.").startswith("At the summit")
    assert compress("In Brussels, the minister said so again.", names=[3]).startswith("In Brussels")
    # what is left must stand alone
    assert compress("In a brief statement, he said so again.").startswith("In a brief statement")
    # the writer's inference at the end goes; the source's own words stay
    assert compress('Austin said they train in "artillery and drones" indicating their role at the front.') == \
        'Austin said they train in "artillery and drones".'
    assert compress("Austin said they will fight soon, signalling 3,000 more.") == "Austin said they will fight soon, signalling 3,000 more."
    assert _is_deletion_of("The minister said so.", "In a development, the minister said so.")
    assert not _is_deletion_of("The minister denied it.", "In a development, the minister said so.")
