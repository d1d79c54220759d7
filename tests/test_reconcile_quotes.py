"""Quote groups: the same quotation across outlets, linked as one; differing attributions flagged."""

from __future__ import annotations


from newsdesk.reconcile.quote_groups import group_quotes, quote_tokens, same_quotation
from newsdesk.records import Quote


def _same(a: str, b: str) -> bool:
    return same_quotation(quote_tokens(a), quote_tokens(b))


def test_quote_marks_case_and_spacing_do_not_matter():
    assert _same("“This deployment marks a significant escalation,”", '"this deployment marks  a significant escalation"')


def test_trimmed_and_embedded_quotes_match():
    full = "This deployment marks a significant escalation and a dangerous expansion of Russia's war"
    assert _same(full, "a significant escalation and a dangerous expansion of Russia's war")
    assert _same("“This deployment marks a significant escalation”", full)
    # a short phrase inside a longer quote is a shared phrase, not the same quotation
    assert not _same("a significant escalation", full)


def test_partial_overlap_of_one_statement_matches():
    a = "artillery, UAVs [unmanned aerial vehicles], basic infantry operations, including trench clearing"
    b = ("basic infantry operations, including trench clearing, indicating that they fully intend to use these "
         "forces in front line operations")
    assert _same(a, b)


def test_reported_speech_matches_only_when_near_identical():
    a, b = quote_tokens("North Korea has sent a total of 10,000 troops to Russia"), quote_tokens(
        "North Korea has sent a total of 10,000 troops to Russia, where they trained for weeks in the east")
    assert same_quotation(a, b) and not same_quotation(a, b, paraphrase=True)


def test_different_quotes_sharing_a_phrase_do_not_match():
    assert not _same("We will respond in the coming days to any attack", "troops will arrive in the coming days")
    assert not _same("legitimate targets", "legitimate military targets")
    assert _same("legitimate targets", "“Legitimate targets”")


def test_seed_training_quote_is_linked_and_flagged(seed_story):
    articles, facts, entities = seed_story
    quotes = [q for f in facts for q in f.quotes]
    items, groups = group_quotes(quotes, entities, article_order=[a.id for a in articles])
    training = [g for g in groups if {a[:3] for a in g.articles} == {"000", "003"}]
    assert len(training) == 1
    g = training[0]
    assert g.speakers_differ  # Blinken in 000, unattributed in 003
    assert set(g.speakers) == {"Antony Blinken", None}
    members = {q.id: q for q in items if q.group == g.id}
    assert set(members) == set(g.quotes)
    # every other quote is alone, and ids follow article order
    assert sum(1 for q in items if q.group) == 2
    assert [q.id for q in items] == [f"q{i}" for i in range(1, len(items) + 1)]
    blinken = next(q for q in items if q.quote.speaker == "Antony Blinken")
    assert blinken.speaker_entity == next(e.id for e in entities if e.name == "Antony Blinken")


def test_same_speaker_is_not_flagged():
    q1 = Quote("a", 0, 10, "we oppose the practice to smear China on this question", "direct", "said", "Geng Shuang")
    q2 = Quote("b", 5, 15, "We oppose the practice to smear China on this question.", "direct", "adding", "Geng Shuang")
    _, groups = group_quotes([q1, q2])
    assert len(groups) == 1 and not groups[0].speakers_differ
