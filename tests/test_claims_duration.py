"""Durations that carry the news become claims; durations that only place a moment, a period or a
record do not (issue 10)."""

from __future__ import annotations

import pytest

from newsdesk.nlp.extract import extract_facts
from newsdesk.reconcile.claim_groups import group_claims
from newsdesk.records import Article


def _claims(*texts):
    arts = [Article(id=f"a{i}", source=f"a{i}", body=t) for i, t in enumerate(texts)]
    return arts, extract_facts(arts)


@pytest.mark.parametrize("text, value, unit, what", [
    ("The 35-day shutdown ended on Friday.", 35, "day", "shutdown"),
    ("Atlas had a 130-day window in which he could serve.", 130, "day", "window"),
    ("The Biden administration wants to vaccinate 100 million Americans in 100 days.", 100, "day", "vaccinate"),
    ("An office worker in Dubai said the tremor lasted 30 seconds.", 30, "second", "tremor"),
])
def test_news_durations_are_claims(text, value, unit, what):
    _, facts = _claims(text)
    durations = [c for c in facts[0].claims if c.unit == unit]
    assert [(c.value, c.kind, c.what) for c in durations] == [(value, "measure", what)]


@pytest.mark.parametrize("text", [
    "As states worked to tally ballots two days after Election Day, Biden led.",
    "That is more than all the jobs added in the past 10 years.",
    "Unemployment hit a 50-year low.",
    "For the first time in over two months, cases are declining.",
    "The border saw its busiest month in 21 years.",
    "A 22 year-old resident said houses collapsed.",
])
def test_durations_that_only_place_a_moment_are_not(text):
    _, facts = _claims(text)
    assert not [c for c in facts[0].claims if c.kind == "measure"]


def test_one_deadline_in_three_reports_is_one_group():
    arts, facts = _claims(
        "Trump threatened to halt funding for the WHO if it does not commit to improvements in the next 30 days.",
        "Trump warned that the funding freeze will become permanent if the WHO makes no improvements within 30 days.",
        "Trump said the WHO must commit to major improvements within the next 30 days.")
    _, groups = group_claims(arts, facts)
    deadline = [g for g in groups if any(f.value == 30 for f in g.figures)]
    assert len(deadline) == 1 and deadline[0].verdict == "agree" and len(deadline[0].articles) == 3


def test_the_verb_before_a_bare_figure_says_who_is_counted():
    _, facts = _claims("A powerful earthquake hit southern Iran on Sunday, killing 10 people and injuring 80.")
    assert [(c.value, c.what) for c in facts[0].claims] == [(10, "deaths"), (80, "injured")]


def test_a_figure_each_is_a_measure_of_its_own():
    _, facts = _claims("The administration was working to purchase an additional 100 million doses each "
                       "from Pfizer and Moderna.")
    assert [(c.value, c.aspect) for c in facts[0].claims] == [(100_000_000, "each")]


def test_magnitudes_written_every_way_and_tallies_of_two_sides():
    _, facts = _claims(
        "Tehran's seismologic center put the quake's magnitude at 5.9, but the USGS said it was 6.1.",
        "The vote of 220 to 211 sends the legislation to the president.",
        "Qeshm Gov. Heidar Alishvandi said 50 were injured.")
    assert [(c.value, c.unit) for c in facts[0].claims] == [(5.9, "magnitude"), (6.1, "magnitude")]
    assert [(c.value, c.qualifier, c.what) for c in facts[1].claims] == [
        (220, "exact", "vote, first side"), (211, "exact", "vote, second side")]
    assert [(c.value, c.what) for c in facts[2].claims] == [(50, "injured")]


def test_a_change_and_the_level_it_led_to_are_two_figures():
    _, facts = _claims("The previous week's claims figure was revised down 2,000 to 5,506,500.",
                       "From March 15 to April 18, 26.5 million have likely been laid off or furloughed.")
    assert [(c.value, c.aspect) for c in facts[0].claims] == [(2000, "revision"), (5506500, None)]
    assert [(c.value, c.aspect) for c in facts[1].claims] == [(26_500_000, "total")]


def test_another_quake_s_magnitude_takes_its_clause_s_date_and_owned_measures_keep_no_borrowed_unit():
    from datetime import datetime

    from newsdesk.nlp.numbers import find_quantities

    body = ("A major earthquake killed more than 31,000 in Bam in 2003, and 600 were killed in the city of "
            "Zarand in February in an earthquake with a magnitude of 6.4.")
    art = Article(id="a", source="a", body=body, published=datetime(2005, 11, 28))
    got = {c.value: c.when for c in extract_facts([art])[0].claims}
    assert got[31000] == "2003" and got[600] == "2005-02" and got[6.4] == "2005-02"
    text = "It lies 1,500 kilometers south of Tehran and has a population of more than 100,000."
    assert [q.unit for q in find_quantities(text)] == ["kilometre", None]


def test_vote_tallies_written_with_a_dash_are_two_sides_and_scores_are_not():
    _, facts = _claims("The American Rescue Plan Act passed 220-211 on Wednesday.", "Arsenal won 2-1 on Sunday.")
    assert [(c.value, c.what) for c in facts[0].claims] == [(220, "vote, first side"), (211, "vote, second side")]
    assert facts[1].claims == ()
