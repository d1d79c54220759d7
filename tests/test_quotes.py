"""Quote marks, direct quotes, reported speech and speaker attribution."""

from __future__ import annotations

import pytest

from newsdesk.nlp.quotemarks import quote_spans
from newsdesk.records import Article


def _spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" and left.', ["we will win"]),
        ("He said \u201cwe will win\u201d and left.", ["we will win"]),
        ("\u201eWir schaffen das\u201c, sagte sie.", ["Wir schaffen das"]),
        ("She said, \u201cA \u201cB\u201d C.\u201d Then left.", ["A \u201cB\u201d C."]),
        ("\u201cFirst sentence. Second one,\u201d he said.", ["First sentence. Second one"]),
        ("It\u2019s \u2018in their heads\u2019 and the voters\u2019 views differ.", ["in their heads"]),
        ("He said, \u201cit goes on\n\nA new paragraph \u201cquoted\u201d here.", ["it goes on", "quoted"]),
        ('"The line was\nbroken by a cleaner" it said.', ["The line was\nbroken by a cleaner"]),
    ],
)
def test_quote_spans(text, expected):
    assert _spans(text) == expected


def _analyse(*bodies: str):
    from newsdesk.nlp.extract import analyse_story

    arts = [Article(id=f"a{i}", source=f"a{i}", body=b) for i, b in enumerate(bodies)]
    facts, entities = analyse_story(arts)
    return facts


def _direct(facts, article: int = 0):
    return [(q.text, q.speaker) for q in facts[article].quotes if q.kind == "direct"]


def test_said_before_and_after():
    facts = _analyse(
        "NATO Secretary-General Mark Rutte spoke in Brussels on Monday.\n\n"
        "\u201cThis deployment marks a significant escalation of the war,\u201d Rutte said.\n\n"
        'Pentagon spokesperson Sabrina Singh said: "Should these forces engage, they would be co-belligerents."'
    )
    assert _direct(facts) == [
        ("This deployment marks a significant escalation of the war", "Mark Rutte"),
        ("Should these forces engage, they would be co-belligerents.", "Sabrina Singh"),
    ]


def test_colon_and_adding_continuation():
    facts = _analyse(
        "Ambassador Geng Shuang accused Washington of \u201cpeddling anxiety and stoking confrontation.\u201d\n"
        "adding, \u201cWe oppose the practice to smear China on the question of Ukraine.\u201d"
    )
    assert _direct(facts) == [
        ("peddling anxiety and stoking confrontation.", "Geng Shuang"),
        ("We oppose the practice to smear China on the question of Ukraine.", "Geng Shuang"),
    ]


def test_pronoun_without_antecedent_stays_unattributed():
    facts = _analyse(
        "The UN chief, Antonio Guterres, said this was a dangerous escalation.\n"
        "It was reported that troops had been sent.\n"
        "The U.S. has estimated a total of about 10,000 troops. Seoul assessed that it has increased.\n"
        "He further said, \u201cRussia has been training these soldiers in artillery and drones.\u201d"
    )
    assert _direct(facts) == [("Russia has been training these soldiers in artillery and drones.", None)]


def test_pronoun_with_antecedent():
    facts = _analyse(
        "Defense Secretary Lloyd Austin spoke to reporters on Tuesday.\n\n"
        "\u201cThe Kremlin has provided these troops with uniforms,\u201d he said."
    )
    assert _direct(facts) == [("The Kremlin has provided these troops with uniforms", "Lloyd Austin")]


def test_scare_quotes_and_titles_are_not_speech():
    facts = _analyse(
        'China has established a "no limits" partnership with Moscow.\n'
        "It was reported that the three formed an \u201caxis of evil\u201d threatening stability.\n"
        "This coalition is sometimes referred to as a new \u201caxis\u201d of forces.\n"
        "Senator Jane Doe said on \u201cFace the Nation\u201d that she would vote against it."
    )
    assert _direct(facts) == []


def test_short_quote_with_speaker_is_kept():
    facts = _analyse(
        "White House spokesman John Kirby mentioned a \u201chighly concerning probability\u201d that they will fight."
    )
    assert _direct(facts) == [("highly concerning probability", "John Kirby")]


def test_reported_speech():
    facts = _analyse(
        "Pentagon spokesperson Sabrina Singh confirmed that some forces are already stationed near the border.\n\n"
        "According to South Korean intelligence, about 1,500 special forces had been sent."
    )
    indirect = [(q.cue, q.speaker) for q in facts[0].quotes if q.kind == "indirect"]
    assert ("confirmed", "Sabrina Singh") in indirect
    assert ("according to", "South Korea") in indirect
    texts = [q.text for q in facts[0].quotes if q.kind == "indirect"]
    assert "some forces are already stationed near the border" in texts


def test_role_noun_resolves_to_introduced_person():
    facts = _analyse(
        "Pentagon spokesperson Sabrina Singh briefed reporters.\n\n"
        "The troops are moving, the spokesperson said, \u201cand more will follow in the coming weeks.\u201d"
    )
    assert ("and more will follow in the coming weeks.", "Sabrina Singh") in _direct(facts)


def test_transcript_turns_and_signatures():
    facts = _analyse(
        '"WALLACE: Will she be at the debate tomorrow night, Governor?\n\n'
        '"PENCE: She will not be attending the debate tomorrow night.\n\n'
        "\u201cThe most unqualified candidate to ever run for president.\u201d \u2015 Francisco Herrero"
    )
    assert [s for _, s in _direct(facts)] == ["WALLACE", "PENCE", "Francisco Herrero"]


def test_quote_spans_are_body_offsets():
    body = "Intro line.\n\nMr. Blinken said \u201cthe troops are coming within days, we believe.\u201d"
    facts = _analyse(body)
    for q in facts[0].quotes:
        assert body[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert body[q.speaker_start : q.speaker_end]
