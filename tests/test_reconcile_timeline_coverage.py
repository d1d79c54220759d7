"""Timeline ordering and merging; coverage per article; shared copy by passage and by credit."""

from __future__ import annotations


from newsdesk.reconcile import reconcile_story
from newsdesk.reconcile.coverage import credit_copy_groups, passage_copy_pairs
from newsdesk.reconcile.model import QuoteItem
from newsdesk.reconcile.timeline import build_timeline
from newsdesk.records import Article, ArticleFacts, DatedEvent, Quote

WIRE = ("North Korea has sent thousands of troops to Russia for training, according to officials in Seoul "
        "and Washington, who said the soldiers could join the fighting in Ukraine within weeks.")


def _event(aid, body, text, iso, precision="day"):
    start = body.index(text)
    return DatedEvent(aid, start, start + len(text), text, iso, precision, 0, len(body))


def test_timeline_sorted_merged_and_cited():
    a = Article("a", "a", "Zelenskyy said on Friday that troops would arrive within days.")
    b = Article("b", "b", "On Friday, Zelenskyy said the troops would arrive within days.")
    c = Article("c", "c", "The war began in February 2022. Nobody knows what happens next Tuesday.")
    facts = [
        ArticleFacts("a", dates=(_event("a", a.body, "on Friday", "2024-10-25"),)),
        ArticleFacts("b", dates=(_event("b", b.body, "On Friday", "2024-10-25"),)),
        ArticleFacts("c", dates=(DatedEvent("c", 19, 32, "February 2022", "2022-02", "month", 0, 32),
                                 DatedEvent("c", 56, 68, "next Tuesday", None, "day", 33, 69))),
    ]
    timeline = build_timeline([a, b, c], facts)
    assert [t.date for t in timeline] == ["2022-02", "2024-10-25"]  # unresolved date left out
    friday = timeline[1]
    assert friday.article == "a" and [s.article for s in friday.also_in] == ["b"]
    assert a.body[friday.start:friday.end] == friday.text
    assert c.body[timeline[0].start:timeline[0].end] == "The war began in February 2022."


def test_seed_story_coverage(seed_story):
    articles, facts, entities = seed_story
    story = reconcile_story(articles, facts, entities)
    cov = {c.article[:3]: c for c in story.coverage.by_article}
    assert set(cov) == {"000", "001", "002", "003", "004"}
    groups = {g.id: g for g in story.claim_groups}
    # 004 alone reports the special forces, the standing army and the projection
    only_groups = [groups[x] for x in cov["004"].only_here if x in groups]
    assert {g.about for g in only_groups} >= {"North Korean special forces in Russia"}
    assert all(set(g.articles) == {articles[4].id} for g in only_groups)
    # Guterres is mentioned only in 003
    guterres = next(e.id for e in entities if e.name == "Antonio Guterres")
    assert guterres in cov["003"].only_here
    # the total appears in every article's coverage
    total = next(g.id for g in story.claim_groups if g.verdict == "disagree")
    assert all(total in c.claim_groups for c in cov.values())
    assert story.coverage.shared_copy == ()  # no two seeds share a passage or a credit


def test_passages_of_prose_are_shared_copy_but_quotes_are_not():
    a = Article("a", "a", "Early report. " + WIRE + " More here.")
    b = Article("b", "b", "Other lead. " + WIRE)
    c = Article("c", "c", "A different story entirely about the weather in Lisbon today and tomorrow.")
    pairs = passage_copy_pairs([a, b, c])
    assert [p.articles for p in pairs] == [("a", "b")]
    pa, pb = pairs[0].passages[0]
    assert a.body[pa.start:pa.end] == b.body[pb.start:pb.end] == WIRE[:-1]
    # the same long passage inside quote marks is a shared quotation, not shared copy
    qa = Article("qa", "qa", f'He said: "{WIRE}"')
    qb = Article("qb", "qb", f'She quoted him: "{WIRE}"')
    quotes = [QuoteItem("q1", Quote("qa", 10, 10 + len(WIRE), WIRE, "direct")),
              QuoteItem("q2", Quote("qb", 17, 17 + len(WIRE), WIRE, "direct"))]
    assert passage_copy_pairs([qa, qb], quotes) == []


def test_same_wire_credit_under_two_names():
    a = Article("a", "a", "x", credits=("AP",))
    b = Article("b", "b", "y", credits=("The Associated Press",))
    c = Article("c", "c", "z", credits=("Reuters",))
    groups = credit_copy_groups([a, b, c])
    assert [(g.articles, g.reason) for g in groups] == [(("a", "b"), "wire")]
