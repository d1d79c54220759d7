"""Reported speech as a quote kind, and the rule-based speaker resolver (issue 13): pronouns,
titled descriptions, organisations, ambiguous surnames, scare quotes, one quote once."""

from __future__ import annotations

from newsdesk.nlp.persons import PersonIndex
from newsdesk.records import Article, Mention


def _facts(*bodies: str):
    from newsdesk.nlp.extract import analyse_story

    arts = [Article(id=f"a{i}", source=f"a{i}", body=b) for i, b in enumerate(bodies)]
    facts, _ = analyse_story(arts)
    return facts


def _quotes(body: str, kind: str | None = None):
    return [(q.kind, q.text, q.speaker) for q in _facts(body)[0].quotes if kind in (None, q.kind)]


def _speaker_of(body: str, words: str) -> str | None:
    hits = [q for q in _facts(body)[0].quotes if words in q.text]
    assert hits, f"no quote holds {words!r}: {_quotes(body)}"
    return hits[0].speaker


# --------------------------------------------------------------------------- reported speech


def test_reported_speech_cue_before_and_after():
    body = (
        "Defense Secretary Lloyd Austin warned that North Korea could face serious consequences.\n\n"
        "The troops are moving toward the border, a senior U.S. official said on Monday."
    )
    got = _quotes(body, "indirect")
    assert ("indirect", "North Korea could face serious consequences", "Lloyd Austin") in got
    assert any(t == "The troops are moving toward the border" for _, t, _ in got)


def test_according_to_either_side_and_parenthetical_cue():
    assert _speaker_of("Clinton leads Trump by 46 percent to 42 percent, according to the poll.", "46 percent") == "the poll"
    assert _speaker_of("According to Reuters, the talks collapsed late on Friday.", "talks collapsed") == "Reuters"
    body = "Senator Mike Enzi spoke in Cheyenne.\n\nToo often, Enzi said, the debate over coal is infected with tribalism."
    assert _speaker_of(body, "infected with tribalism") == "Mike Enzi"


def test_speech_verb_objects_are_reported_speech():
    body = "Jennifer Palmieri called on Trump to stop attacking Machado and apologize."
    assert ("indirect", "on Trump to stop attacking Machado and apologize", "Jennifer Palmieri") in _quotes(body)
    assert _speaker_of("Trump vowed to form a federal task force to crack down on hackers.", "task force") == "Trump"


def test_things_that_cannot_speak_report_nothing_by_their_objects():
    body = (
        "The presence of North Korean troops adds a new layer to the conflict. "
        "About 8,000 troops are expected to engage in combat in the coming days."
    )
    assert _quotes(body) == []


def test_narrative_framing_of_a_conflict_is_not_a_quote():
    body = (
        "Tensions escalated at a Security Council meeting on Thursday, with Washington accusing "
        "Beijing of providing extensive support for Russia's defence, reports the Express US."
    )
    got = _quotes(body)
    assert all(speaker != "United States" for _, _, speaker in got), got
    assert [speaker for _, _, speaker in got] == ["Express US"]


# --------------------------------------------------------------------------- pronouns and titles


def test_he_resolves_to_the_one_compatible_person():
    body = (
        "Mary Smith met Secretary of State Antony Blinken in Seoul.\n\n"
        "\u201cWe will not stand by,\u201d he said."
    )
    assert _speaker_of(body, "We will not stand by") == "Antony Blinken"


def test_pronoun_takes_the_nearest_compatible_person():
    body = (
        "John Kirby and Lloyd Austin met reporters at the Pentagon on Monday.\n\n"
        "Then a third official, Mark Smith, arrived.\n\n"
        "\u201cThe deployment is a dangerous escalation of the war,\u201d he said."
    )
    assert _speaker_of(body, "dangerous escalation") == "Mark Smith"


def test_pronoun_with_two_candidates_stays_unattributed():
    body = (
        "In Seoul, John Kirby and Lloyd Austin met reporters and talked about the troops.\n\n"
        "\u201cThe deployment is a dangerous escalation of the war,\u201d he said."
    )
    assert _speaker_of(body, "dangerous escalation") is None


def test_it_added_resolves_to_the_publication():
    body = (
        "\u201cTrump has managed to erase much of his debt and is moving ahead with major projects,\u201d "
        "the New York Times wrote.\n\n"
        "\u201cHe continues to pursue the trademark trophy-style projects he is known for,\u201d it added."
    )
    assert _speaker_of(body, "trophy-style") == "New York Times"


def test_titled_description_resolves_by_role_and_gender():
    body = (
        "Vermont Sen. Bernie Sanders spoke in Burlington on Monday.\n\n"
        "The Vermont senator said the bill would fail in the House."
    )
    assert _speaker_of(body, "the bill would fail") == "Bernie Sanders"
    two = (
        "Sen. Bernie Sanders and Sen. Elizabeth Warren spoke in Burlington on Monday.\n\n"
        "The senator said the bill would fail in the House."
    )
    assert _speaker_of(two, "the bill would fail") != "Bernie Sanders"
    gendered = (
        "Rep. Nancy Pelosi and Rep. John Lewis met on Monday; Pelosi spoke first and Lewis after her.\n\n"
        "The congresswoman said the vote would be held next week."
    )
    assert _speaker_of(gendered, "the vote would be held") == "Nancy Pelosi"


def test_organisations_and_groups_are_speakers():
    body = "Public statements from North Korean officials dismissed reports of troop movements as rumours."
    assert _speaker_of(body, "reports of troop movements") == "North Korea"


# --------------------------------------------------------------------------- ambiguous surnames


def test_person_index_knows_a_shared_surname_is_ambiguous():
    persons = PersonIndex.build(["Liz Cheney", "Mary Cheney", "Dick Cheney", "Cheney", "Mike Enzi", "Enzi"])
    assert set(persons.candidates("Cheney")) == {"Liz Cheney", "Mary Cheney", "Dick Cheney"}
    assert persons.candidates("Enzi") == ()


def test_shared_surname_resolves_in_its_paragraph_or_not_at_all():
    from newsdesk.nlp.speaker_context import shared_surname

    body = (
        "Liz Cheney said she opposes same-sex marriage. Cheney spoke in Cheyenne.\n"
        "Mary Cheney disagreed. Dick Cheney stayed silent.\n"
        "Cheney has not commented since."
    )
    names = ["Liz Cheney", "Cheney", "Mary Cheney", "Dick Cheney", "Cheney"]
    mentions, pos = [], 0
    for n in names:
        pos = body.index(n, pos)
        mentions.append(Mention("a", pos, pos + len(n), n, "PERSON"))
        pos += len(n)
    persons = PersonIndex.build(names)
    assert shared_surname(body, mentions[1], mentions, persons) == "Liz Cheney"
    assert shared_surname(body, mentions[4], mentions, persons) is None  # no full name in its paragraph


def test_three_cheneys_two_outlets():
    facts = _facts(
        "Mary Cheney said on Sunday that her sister was wrong.\n\n"
        "Liz Cheney said she opposes same-sex marriage. \u201cI love Mary very much,\u201d Cheney said.\n\n"
        "Their father, former Vice President Dick Cheney, supports it. Cheney said in a statement "
        "that the matter was a family one.",
        "Mary Cheney posted a reply on Facebook. \u201cI love my sister, but she is dead wrong on this "
        "issue,\u201d Cheney wrote.",
    )
    speakers = {q.text: q.speaker for f in facts for q in f.quotes}
    assert speakers["I love Mary very much"] == "Liz Cheney"
    assert speakers["the matter was a family one"] == "Dick Cheney"
    assert speakers["I love my sister, but she is dead wrong on this issue"] == "Mary Cheney"
    assert "Cheney" not in speakers.values()


# --------------------------------------------------------------------------- scare quotes, one quote once


def test_scare_quotes_are_not_quotes():
    body = (
        'Beijing and Moscow have a "no limits" partnership. Iran, Russia and North Korea form an '
        '"axis of evil" threatening global stability. The "rigged" system was a theme of the rally.'
    )
    assert _quotes(body, "direct") == []


def test_nested_reports_of_one_statement_are_one_quote():
    body = (
        "Despite this, public statements from North Korean officials continue to dismiss reports "
        "of troop presence as mere \u201crumors.\u201d"
    )
    indirect = _quotes(body, "indirect")
    assert len(indirect) == 1, indirect


def test_brief_shows_a_direct_quote_through_the_report_that_holds_it():
    from newsdesk.reconcile.quote_groups import group_quotes

    facts = _facts(
        "Secretary Blinken emphasized the gravity of the situation, stating that any North Korean "
        "soldiers taking part in combat would become \u201clegitimate targets\u201d for Ukraine."
    )
    items, _ = group_quotes([q for f in facts for q in f.quotes])
    shown = [i for i in items if not i.within]
    assert len(shown) == 1 and "legitimate targets" in shown[0].quote.text
    assert any(i.within == shown[0].id and i.quote.kind == "direct" for i in items)


def test_an_outlet_credited_for_someone_elses_statement_is_not_a_voice():
    body = (
        "NATO Secretary-General Mark Rutte spoke in Brussels.\n\n"
        "\u201cThis deployment marks a significant escalation,\u201d Rutte remarked, describing the situation "
        "as one that will further strain Ukraine\u2019s military, according to the Associated Press."
    )
    speakers = {speaker for _, _, speaker in _quotes(body)}
    assert "Mark Rutte" in speakers and "Associated Press" not in speakers
