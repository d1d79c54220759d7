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


def test_a_stance_in_a_verb_class_of_judgment_is_reported_without_words_of_saying():
    # no quotation mark, figure or verb of saying: the past tense of a judgment verb (Levin's
    # class 33) sends the sentence to the parse, and its object is the position reported
    quotes = _quotes("The farmers union derided the new pension plan as a giveaway to the banks.")
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [
        ("indirect", "The farmers union", "the new pension plan as a giveaway to the banks")
    ], quotes


def test_a_stance_verb_needs_a_subject_who_can_speak_and_no_negation():
    assert not _quotes("The storm derided nothing and the river resented the new dam across the valley.")
    assert not _quotes("The farmers union never derided the new pension plan as a giveaway to the banks.")


def test_only_the_past_tense_of_a_stance_verb_makes_a_sentence_worth_a_parse():
    from newsdesk.nlp.extract import needs_parse

    assert needs_parse("The farmers union derided the new pension plan.")
    assert not needs_parse("Local support for the pension plan is strong, like last year.")


def test_an_agent_noun_names_a_speaker_who_can_take_a_stance():
    # "speechwriters", "economists", "organizers": English agent nouns; "the paper's order" is none
    quotes = _quotes("Two veteran speechwriters implored the senator to drop the phrase from her speech.")
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Two veteran speechwriters", "the senator to drop the phrase from her speech")
    ], quotes
    assert not _quotes("The new order implored the senator to drop the phrase from her speech.")


def test_a_clause_read_as_adverbial_is_what_was_said_when_nothing_subordinates_it():
    said = _one_text("The governor said after the meeting she would not sign the budget if it reached her desk.")
    assert said == "after the meeting she would not sign the budget if it reached her desk", said
    assert not any("resigned" in t for t in _texts("Liz Wahl said little when she resigned from the network in 2014."))


def _one_text(body: str) -> str:
    texts = _texts(body)
    assert len(texts) == 1, texts
    return texts[0]


def test_what_a_poll_or_study_shows_is_reported_from_the_document():
    quotes = _quotes("New polls show the mayor with a narrow lead among older voters in the northern suburbs.")
    assert [(q.speaker, q.text) for q in quotes] == [
        ("New polls", "the mayor with a narrow lead among older voters in the northern suburbs")
    ], quotes
    # a person's noun object stays a topic: "showed" is no statement of hers
    assert not _quotes("The mayor showed the visitors the new harbour and its cranes.")


def test_bare_infinitives_joined_to_the_finite_verb_go_on_with_its_infinitive():
    # the parser hangs "grow" on "wants"; its bare form says it goes on with "to triple"
    body = "Mayor Lee wants to triple the size of the city bus fleet, grow the bike network and create a new transit reserve fund."
    assert _one_text(body) == "to triple the size of the city bus fleet, grow the bike network and create a new transit reserve fund"


def test_a_statement_someone_expects_another_to_make_is_not_that_persons():
    body = (
        "Campaign manager Dana Price told reporters on Monday that the campaign expects Judge Ortiz to open "
        "the hearing by calling the new evidence “a fabrication” in front of the jury."
    )
    quotes = _quotes(body)
    assert {q.speaker for q in quotes} == {"Dana Price"}, [(q.kind, q.speaker, q.text) for q in quotes]


def test_a_thing_saying_something_inside_anothers_report_is_no_speaker():
    body = (
        "Council member Rosa Diaz told the meeting on Tuesday that the slogan suggests the city has to look "
        "outside itself to find new teachers for its schools."
    )
    assert {q.speaker for q in _quotes(body)} == {"Rosa Diaz"}, [(q.speaker, q.text) for q in _quotes(body)]


def test_a_name_further_inside_the_object_does_not_unseat_the_subject():
    quotes = _quotes("Governor Alan Brooks retweeted an old photo of the harbour taken by Brooks's late father, a fisherman.")
    assert [(q.speaker, q.cue) for q in quotes] == [("Alan Brooks", "retweeted")], quotes


def test_states_and_plural_office_holders_can_take_a_stance():
    quotes = _quotes("Twelve states challenged the new federal rules on river pollution in court.")
    assert [(q.speaker, q.text) for q in quotes] == [("Twelve states", "the new federal rules on river pollution")], quotes
    quotes = _quotes("Three former presidents denounced the new federal rules on river pollution.")
    assert [q.speaker for q in quotes] == ["Three former presidents"], quotes


def test_a_stance_in_an_infinitive_belongs_to_the_subject_of_its_verb():
    # (the figure sends the sentence to the parse)
    quotes = _quotes("Chief executive Dan Moss appeared to blame junior staff for the $40 million of losses at the bank.")
    assert [(q.speaker, q.text) for q in quotes] == [("Dan Moss", "junior staff for the $40 million of losses at the bank")], quotes
