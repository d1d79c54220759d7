"""Speakers resolved from context like a careful reader (issue 13, fourth round): a pronoun past a
quotation's sentences, the one person of the pronoun's own sentence, a shared surname carried
from the previous paragraph, a group named after a person ("the Clinton campaign"), cues set into
the clause they report, and the quotation marks and first names the resolver leans on."""

from __future__ import annotations

from newsdesk.nlp import first_names
from newsdesk.nlp.quotemarks import quote_spans
from newsdesk.records import Article


def _quotes(body: str):
    from newsdesk.nlp.extract import analyse_story

    facts, _ = analyse_story([Article(id="a0", source="a0", body=body)])
    return list(facts[0].quotes)


def _one(body: str, words: str, kind: str | None = None):
    hits = [q for q in _quotes(body) if words in q.text and kind in (None, q.kind)]
    assert hits, f"no quote holds {words!r}: {[(q.kind, q.text, q.speaker) for q in _quotes(body)]}"
    return hits[0]


def test_pronoun_reaches_the_previous_paragraph_past_the_quotations_sentences():
    body = (
        "On Monday night, Hillary Clinton leaned in heavy, painting Donald Trump as a caricature. "
        "She then peppered him with attacks.\n"
        "\u201cWhy won\u2019t he release his tax returns? I think there may be a couple of reasons,\u201d she said. "
        "\u201cFirst, maybe he\u2019s not as rich as he says he is.\u201d"
    )
    assert _one(body, "couple of reasons").speaker == "Hillary Clinton"


def test_the_one_person_of_the_pronouns_own_sentence_beats_an_earlier_speaker():
    body = (
        "Ben Carson was a neurosurgeon before he ran for president.\n\n"
        "\u201cCarson has a huge bully pulpit,\u201d said David Gorski, a professor of surgery.\n\n"
        "Carson\u2019s dubious medical advice earned him the attention of Congress, where he appeared at a "
        "hearing for saying that green coffee extract was a \u201cmagic weight loss cure for every body type.\u201d"
    )
    assert _one(body, "magic weight loss", "direct").speaker == "Ben Carson"


def test_shared_surname_from_the_previous_paragraph_and_along_a_chain():
    body = (
        "Homeland Security Secretary Jeh Johnson says hackers are taking aim at state election officials.\n\n"
        "Johnson tells MSNBC on Friday that the attack remains under investigation. "
        "Johnson did not identify a location in his remarks.\n\n"
        "Johnson said local election officials should reach out to the federal government.\n\n"
        "Libertarian candidate Gary Johnson said the debate was rigged against him."
    )
    assert _one(body, "under investigation").speaker == "Jeh Johnson"
    assert _one(body, "should reach out").speaker == "Jeh Johnson"
    assert _one(body, "rigged").speaker == "Gary Johnson"


def test_a_name_modifying_a_group_noun_is_not_the_speaker():
    body = (
        "Hillary Clinton will debate Donald Trump on Monday.\n\n"
        "The Clinton campaign said Trump had lied about his taxes for years. "
        "A Trump spokesman said the debate would be rigged against him."
    )
    speakers = {q.text.split()[0]: q.speaker for q in _quotes(body)}
    assert speakers == {"Trump": "The Clinton campaign", "the": "A Trump spokesman"}


def test_cue_set_into_its_clause_reports_the_whole_clause():
    body = (
        "Chad Bown is an expert on trade at the Peterson Institute.\n\n"
        "Yet, as Mr. Bown observed, the tariffs would hurt Mexican farmers more than anyone else."
    )
    q = _one(body, "hurt Mexican farmers", "indirect")
    assert q.speaker == "Chad Bown" and "the tariffs would hurt" in q.text
    body = (
        "''If we are to go to war, of course we have rifles,'' Luis Rubio said. But the economic weapons his "
        "country has at its disposal, he added, are like ''nuclear bombs that you can't use.''"
    )
    q = _one(body, "economic weapons", "indirect")
    assert q.speaker == "Luis Rubio" and q.text.endswith("''nuclear bombs that you can't use.''")


def test_reported_content_without_the_writers_gloss_or_the_next_action():
    body = (
        "In July, Newt Gingrich dismissed Estonia as being in the \u201csuburbs of St. Petersburg\u201d "
        "\u2014 a metaphor for the party\u2019s abandonment of principle."
    )
    assert _one(body, "Estonia", "indirect").text.endswith("St. Petersburg\u201d")
    body = (
        "Clinton questioned what kind of person gets up at 3 a.m. to send angry tweets.\n\n"
        "Trump tweeted in the early morning hours that Machado was \u201cdisgusting\u201d and \u201ca con\u201d "
        "and encouraged Americans to \u201ccheck out\u201d her non-existent sex tape."
    )
    assert _one(body, "was \u201cdisgusting\u201d", "indirect").text == "Machado was \u201cdisgusting\u201d and \u201ca con\u201d"
    assert _one(body, "check out", "direct").speaker == "Trump"


def test_a_verb_of_saying_outranks_a_verb_of_wanting_for_words_in_quotation_marks():
    body = (
        "Donald Trump spoke in Philadelphia on Wednesday.\n\n"
        "He told an invited crowd that he wants a foreign policy \"focused on advancing America's core "
        "national interests and easing the tensions within our very troubled world.\""
    )
    q = _one(body, "core national interests", "direct")
    assert (q.speaker, q.cue) == ("Donald Trump", "told")


def test_a_people_speaks_as_a_people_and_a_measure_is_no_source():
    body = "Lamenting their luck, Mexicans often say, \"Poor Mexico, so far from God and so close to the United States.\""
    assert _one(body, "Poor Mexico").speaker == "Mexicans"
    body = "Donald Trump weighs 236 pounds, which classifies him as overweight according to his body mass index."
    assert not [q for q in _quotes(body) if q.kind == "indirect"]


def test_the_name_after_the_closing_mark_speaks_when_the_parse_loses_the_subject():
    body = (
        "Nick Daniloff was arrested in Moscow in 1986.\n\n"
        "''If Reagan had gone with Kemp, I would have been sitting in Siberia for a long time,'' Mr. Daniloff, "
        "now 81 and retired in Cambridge, Mass., said by telephone this week."
    )
    assert _one(body, "sitting in Siberia").speaker == "Nick Daniloff"


def test_a_stray_closing_mark_opens_nothing():
    text = (
        'Oz took Trump through a cursory review of [his] systems" including his health. His earlier letter '
        "made the prediction that Trump would be \u201cthe healthiest individual ever elected.\u201d"
    )
    assert [text[q.start : q.end] for q in quote_spans(text)] == ["the healthiest individual ever elected."]


def test_first_names_used_firmly_for_one_gender_count_and_doubtful_ones_do_not():
    first_names.load()
    assert first_names.gender_of("Jane") == "f"  # listed as a man's name once, rarely
    assert first_names.gender_of("Hillary") == "f" and first_names.gender_of("Donald") == "m"
    assert first_names.gender_of("Kim") is None and first_names.gender_of("Lindsey") is None
    assert first_names.gender_of("Jan") is None  # a man's name in Europe, a woman's in the U.S.


def test_a_speech_verb_tagged_as_a_noun_after_a_name_is_a_cue():
    body = (
        "Kellyanne Conway is a pollster for the campaign.\n\nTrump has begun to dial down the rhetoric. "
        '"Look at the statement Mr. Trump put out after the Dallas shootings," Conway notes. '
        '"It was very different in tone and content from what people are accustomed to."'
    )
    assert {q.speaker for q in _quotes(body)} == {"Kellyanne Conway"}


def test_a_pronoun_picks_the_one_namesake_of_its_gender():
    body = (
        "Liz Cheney won the Republican primary. Her father, Dick Cheney, was vice president.\n\n"
        "Incumbent Rep. Cynthia Lummis was not seeking a fifth term.\n\n"
        "\u201cNow it\u2019s time to look forward,\u201d Cheney said in a post-victory statement.\n\n"
        "\u201cNo state has been hurt more by the agenda of the last seven years than Wyoming,\u201d she said."
    )
    assert _one(body, "No state has been hurt").speaker == "Liz Cheney"


def test_a_report_carries_back_over_the_sentences_it_goes_on_from():
    body = (
        "One of the believers is Chandler Van Voorhis, a founder of C2I.\n\n"
        "The company plants trees on old mine land. The trees soak up carbon dioxide, converting it to wood. "
        "An acre of trees can convert 156 tons of carbon over the years, Mr. Van Voorhis said."
    )
    q = _one(body, "156 tons", "indirect")
    assert q.speaker == "Chandler Van Voorhis" and q.text.startswith("The company plants trees")


def test_went_on_carries_the_speaker_to_the_next_quotation():
    body = (
        "Donald Trump was asked about bullying.\n\n"
        "\u201cYou know, it happens, right?\u201d Trump went on, as if he didn\u2019t hear her. "
        "\u201cBut you gotta get over it. Fight back, do whatever you have to do.\u201d"
    )
    assert _one(body, "gotta get over it").speaker == "Donald Trump"


def test_a_plan_with_its_infinitive_is_parsed_and_reported():
    from newsdesk.lexicon.cues import has_cue

    assert has_cue("Hillary Clinton plans to call on young people to serve.", strong=True)
    assert not has_cue("The plan is lifted almost whole cloth from a paper.", strong=True)
    body = "Hillary Clinton plans to call on young people to participate in national service."
    assert _one(body, "young people", "indirect").speaker == "Hillary Clinton"


def test_a_participle_speaks_only_for_a_noun_that_can_voice_it():
    body = (
        "A New York judge rejected the request, saying the courts have no business deciding what "
        "information could be useful to voters."
    )
    assert {q.speaker for q in _quotes(body)} == {"A New York judge"}


def test_a_belief_reported_inside_someone_elses_statement_is_their_statement():
    body = (
        "Phil Smith, a spokesman for the United Mine Workers of America, said the union expected "
        "production to improve at the mine when the broader coal market recovered."
    )
    assert [(q.kind, q.speaker) for q in _quotes(body)] == [("indirect", "Phil Smith")]


def test_an_as_clause_with_its_own_object_is_not_a_parenthetical_cue():
    body = (
        "Larry King interviewed her on RT America. His guest, the actress and activist Kamala Lopez, was "
        "powerfully emotional as she called for the ratification of the Equal Rights Amendment."
    )
    assert not [q for q in _quotes(body) if "powerfully emotional" in q.text]


def test_it_goes_without_saying_is_nobodys_statement():
    body = "It goes without saying that raising taxes on the rich is anathema to conservative economists."
    assert _quotes(body) == []


def test_a_new_paragraphs_subject_beats_a_speaker_quoted_a_paragraph_before():
    body = (
        "Barack Obama won the Iowa caucuses in 2008.\n\n"
        "White America embracing Obama announced \u201ca different era, that\u2019s the best way to put it.\u201d\n\n"
        "Raynard Jackson, a black Republican campaign consultant, is a Virginia resident who crossed party "
        "lines to vote for Obama in the state primary. \u201cIf South Carolina had come before Iowa and New "
        "Hampshire, Obama wouldn\u2019t have won,\u201d he said in 2008."
    )
    assert _one(body, "South Carolina had come").speaker == "Raynard Jackson"


def test_a_namesake_named_far_more_often_owns_the_bare_surname():
    body = (
        "Jeb Bush left the race on Saturday. Jeb Bush had spent $100 million. Jeb Bush thanked his donors.\n\n"
        "\u201cIt's an enormous moment,\u201d said Steve Schmidt, a strategist on George W. Bush's campaign in 2004.\n\n"
        "On his way out of the campaign, Mr. Bush declared that a president must tend to all corners of the country.\n\n"
        "\u201cI have put forth a vision for America that includes all,\u201d Mr. Bush said."
    )
    assert _one(body, "vision for America").speaker == "Jeb Bush"


def test_initials_read_as_a_name_are_no_antecedent():
    body = (
        "Jim VandeHei founded Politico with Mike Allen.\n\n"
        "But that was O.K. for my purposes.\n\n"
        "It starts with Mr. VandeHei's provocative proposition that ''journalists are killing journalism.'' "
        "''They're doing this by stubbornly clinging to the old ways,'' he says."
    )
    assert _one(body, "clinging to the old ways").speaker == "Jim VandeHei"


def test_a_relative_word_is_never_a_speaker():
    body = (
        "She also maneuvered around the charged term, \"radical Islam,\" which some Republicans want U.S. "
        "leaders to use to describe the enemy."
    )
    assert all((q.speaker or "").lower() not in ("which", "who", "that") for q in _quotes(body))


def test_a_position_taken_without_words_of_saying_is_reported():
    body = (
        "On Monday, Hillary Clinton unveiled a list of endorsements from 95 retired generals and admirals.\n\n"
        "China had historically resisted such agreements on 40 percent of its trade."
    )
    q = _one(body, "a list of endorsements", "indirect")
    assert (q.speaker, q.cue) == ("Hillary Clinton", "unveiled")
    q = _one(body, "such agreements", "indirect")
    assert (q.speaker, q.cue) == ("China", "resisted")


def test_a_position_verb_needs_a_subject_who_can_speak_and_no_negation():
    body = (
        "The storm pushed 300 homes into the river on Tuesday. "
        "Senator John Smith did not support the 2015 budget of 4 billion dollars. "
        "In 2016, Mary Jones backed Mary Jones’s own campaign with 5 million dollars."
    )
    # a subject the object names again ("Jones backed … Jones's campaign") is a subject read wrong
    assert not [q for q in _quotes(body) if q.cue in ("pushed", "support", "backed")]


def test_a_verb_casting_someone_as_the_quoted_words_frames_the_quote():
    body = (
        "Senate Minority Leader Harry Reid has been steadily pounding Trump as a \u201ccon artist who cheats "
        "working people\u201d in speeches this fall."
    )
    q = _one(body, "con artist", "direct")
    assert q.speaker == "Harry Reid"
    # a name given "as" the words, with nobody casting it, is nobody's quote
    named = "The bill, known as the \u201cJustice Against Sponsors of Terrorism Act,\u201d passed in 2016."
    assert not [q for q in _quotes(named) if q.speaker]
