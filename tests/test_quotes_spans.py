"""What a report holds, and where it ends (issue 13, sixth round): the writer's gloss appended to
what someone said — a relative clause or an apposition after a comma, the speaker's next report,
the time and place of a stance — is no part of it."""

from __future__ import annotations

from newsdesk.records import Article


def _quotes(body: str):
    from newsdesk.nlp.extract import analyse_story

    facts, _ = analyse_story([Article(id="a0", source="a0", body=body)])
    return list(facts[0].quotes)


def _texts(body: str) -> list[str]:
    return [q.text for q in _quotes(body)]


def test_a_relative_clause_after_a_comma_at_the_end_is_the_writers_gloss():
    texts = _texts("Senator Maria Lopez likened the new agency to the Federal Reserve, which sets its own budget.")
    assert "the new agency to the Federal Reserve" in texts, texts
    assert not any("budget" in t for t in texts), texts


def test_a_relative_clause_inside_the_statement_stays():
    texts = _texts("Governor Tom Reed said the bridge, which opened in 1962, would close for repairs next spring.")
    assert any(t.startswith("the bridge, which opened in 1962, would close") for t in texts), texts


def test_the_speakers_next_report_after_a_comma_is_a_report_of_its_own():
    body = "Mayor Ann Cole said the budget was balanced, arguing that the city had cut its spending on consultants."
    quotes = _quotes(body)
    texts = [q.text for q in quotes]
    assert "the budget was balanced" in texts, texts
    assert not any(t.startswith("the budget") and "consultants" in t for t in texts), texts


def test_an_apposition_after_the_statement_is_the_writers_gloss():
    texts = _texts("Critics say the money would be better spent on the port of Tema, the busiest harbour in the region.")
    assert "the money would be better spent on the port of Tema" in texts, texts


def test_the_time_and_place_of_a_stance_are_not_its_content():
    texts = _texts("Senator Ted Marsh backed the $40 million farm subsidy bill during a speech at the state fair in August.")
    assert "the $40 million farm subsidy bill" in texts, texts
