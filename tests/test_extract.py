"""The extraction orchestrator: what gets parsed, spans, worker processes, story analysis."""

from __future__ import annotations

from newsdesk.nlp.extract import analyse_story, extract_facts, needs_parse
from newsdesk.records import Article, ArticleFacts


def test_needs_parse():
    assert needs_parse("\u201cWe will win,\u201d he said.")
    assert needs_parse("Officials warned of an escalation.")
    assert needs_parse("About 10,000 troops have been sent.")
    assert not needs_parse("The weather was pleasant in the capital.")


ARTICLES = [
    Article(
        id="x1",
        source="x1",
        body=(
            "In an effort to recalibrate alliances, Russian President Vladimir Putin hosted leaders in Kazan.\n\n"
            "US Secretary of State Antony Blinken said 8,000 troops were at the border.\n\n"
            "\u201cThey could be deployed in the coming days,\u201d Blinken said."
        ),
    ),
    Article(
        id="x2",
        source="x2",
        body=(
            "Secretary Blinken warned on Friday that troops had arrived.\n\n"
            "South Korean Defense Minister Kim Yong-hyun joined officials in denouncing the cooperation.\n\n"
            "Seoul assessed that the number has increased to 11,000."
        ),
    ),
    Article(id="x3", source="x3", body="Nothing of note happened here at all."),
]


def test_facts_in_order_with_valid_spans():
    facts = extract_facts(ARTICLES)
    assert [f.article for f in facts] == ["x1", "x2", "x3"]
    assert all(isinstance(f, ArticleFacts) for f in facts)
    bodies = {a.id: a.body for a in ARTICLES}
    for f in facts:
        body = bodies[f.article]
        for m in f.mentions:
            assert body[m.start : m.end] == m.text
        for q in f.quotes:
            assert body[q.start : q.end] == q.text
        for c in f.claims:
            assert body[c.start : c.end] == c.text
    assert facts[2].mentions == () and facts[2].quotes == ()


def test_names_found_outside_parsed_sentences():
    # neither sentence holds a quote, a cue or a number: the names come from the entity pass
    facts = {f.article: f for f in extract_facts(ARTICLES)}
    people = {m.text for f in facts.values() for m in f.mentions if m.label == "PERSON"}
    assert {"Vladimir Putin", "Kim Yong-hyun"} <= people


def test_two_processes_give_the_same_facts():
    assert extract_facts(ARTICLES, n_process=2) == extract_facts(ARTICLES, n_process=1)


def test_analyse_story_names_speakers_by_entities():
    facts, entities = analyse_story(ARTICLES)
    names = {e.name for e in entities}
    assert {"Antony Blinken", "Vladimir Putin", "South Korea", "United States"} <= names
    speakers = {q.speaker for f in facts for q in f.quotes}
    assert "Antony Blinken" in speakers
    assert "Blinken" not in speakers
    assert "South Korea" in speakers  # "Seoul assessed that …"


def test_model_is_loaded_once_per_process():
    """The splitter, the part-of-speech table and extraction share one loaded model (loading it
    twice cost the cold start half a second)."""
    from newsdesk.nlp.model import MODEL_NAME, load_model

    assert load_model() is load_model(MODEL_NAME) is load_model(MODEL_NAME, exclude=("lemmatizer",))
