"""newsdesk.nlp.numbers: values, qualifiers, ranges, units, and numbers that are no quantity."""

from __future__ import annotations

import pytest

from newsdesk.nlp.model import load_model
from newsdesk.nlp.numbers import find_quantities
from newsdesk.lexicon.numbers import words_to_number


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def quantities(nlp, text):
    return find_quantities(text, nlp(text))


def one(nlp, text):
    found = quantities(nlp, text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,value", [
    ("Officials said 10,000 soldiers crossed.", 10_000),
    ("The army has 1.2 million troops.", 1_200_000),
    ("The group bought 3k drones.", 3_000),
    ("Twenty-five officers were hurt.", 25),
    ("A dozen civilians were hurt.", 12),
    ("There were 4 hundred people.", 400),
    ("It sold 2.7m combined digital and physical sales.", 2_700_000),
    ("The deficit grew to $1.2bn.", 1_200_000_000),
])
def test_values(nlp, text, value):
    assert one(nlp, text).value == value


def test_number_words():
    assert words_to_number(["twenty-eight", "thousand", "six", "hundred", "forty-two"]) == 28_642
    assert words_to_number(["a", "dozen"]) == 12
    assert words_to_number(["four", "hundred", "million"]) == 400_000_000


@pytest.mark.parametrize("text,qualifier", [
    ("About 500 troops arrived.", "approximately"),
    ("Roughly 500 troops arrived.", "approximately"),
    ("Some 500 troops arrived.", "approximately"),
    ("An estimated 500 troops arrived.", "approximately"),
    ("Nearly 500 troops arrived.", "approximately"),
    ("At least 500 troops arrived.", "at_least"),
    ("No fewer than 500 troops arrived.", "at_least"),
    ("The 500 or more troops arrived.", "at_least"),
    ("Up to 500 troops arrived.", "up_to"),
    ("As many as 500 troops arrived.", "up_to"),
    ("More than 500 troops arrived.", "more_than"),
    ("Over 500 troops arrived.", "more_than"),
    ("Fewer than 500 troops arrived.", "fewer_than"),
    ("Less than 500 troops arrived.", "fewer_than"),
    ("A total of 500 troops arrived.", "exact"),
])
def test_qualifiers(nlp, text, qualifier):
    assert one(nlp, text).qualifier == qualifier


@pytest.mark.parametrize("text,low,high", [
    ("Between 200 and 300 people attended.", 200, 300),
    ("Some 400-500 people attended.", 400, 500),
    ("From 600 to 700 people attended.", 600, 700),
    ("There are 1 to 2 thousand people.", 1_000, 2_000),
])
def test_ranges(nlp, text, low, high):
    q = one(nlp, text)
    assert (q.qualifier, q.value, q.value_high) == ("range", low, high)


@pytest.mark.parametrize("text,low,high", [
    ("Thousands of soldiers moved.", 1_000, 10_000),
    ("Dozens of people fled.", 12, 120),
    ("Hundreds of tanks moved.", 100, 1_000),
    ("Tens of thousands of residents left.", 10_000, 100_000),
])
def test_vague_counts(nlp, text, low, high):
    q = one(nlp, text)
    assert q.vague and q.kind == "count" and (q.value, q.value_high) == (low, high)


@pytest.mark.parametrize("text,unit,kind", [
    ("Prices rose 5% on Monday.", "percentage", "percent"),
    ("It cost $3.2 billion.", "dollar", "money"),
    ("It cost 7,199 Chinese yuan.", "chinese yuan", "money"),
    ("They built a 12 km road.", "kilometre", "measure"),
    ("Winds reached 50mph.", "mile per hour", "measure"),
    ("The plan is $14.95 a month.", "dollar per month", "money"),
    ("He is 45 years old.", "year of age", "age"),
    ("The talks lasted three years.", "year", "duration"),
    ("Officials said 10,000 soldiers crossed.", "soldier", "count"),
])
def test_units_and_kinds(nlp, text, unit, kind):
    q = one(nlp, text)
    assert (q.unit, q.kind) == (unit, kind)


@pytest.mark.parametrize("text", [
    "He was born on October 29, 2024.",  # a date
    "The war began in 2022.",  # a year
    "They met at 11 a.m. and left at 17:30.",  # times of day
    "It was the 2nd time this happened.",  # an ordinal
    "Call 555-123-4567 for details.",  # a phone number
    "The Security Council adopted Resolution 2231 unanimously.",  # a number inside a name
    "He bought the iPhone 11 yesterday.",
    "Chelsea beat Arsenal 2-1 on Sunday.",  # a score
    "The bottom three were relegated.",  # a pronoun-like number word
])
def test_not_quantities(nlp, text):
    assert quantities(nlp, text) == []


def test_spans_point_into_the_text(nlp):
    text = "Blinken said that around 8,000 North Korean troops are at the border."
    q = one(nlp, text)
    assert text[q.start:q.end] == q.text == "around 8,000 North Korean troops"
    assert text[q.num_start:q.num_end] == "8,000"


def test_works_without_a_parse():
    found = find_quantities("Prices rose 5% to $3.2 billion in 2024.")
    assert [(q.value, q.unit) for q in found] == [(5, "percentage"), (3.2e9, "dollar")]


def test_a_small_number_word_before_a_state_is_a_quantity(nlp):
    # "left three dead": a toll, not a pronoun-like number word ("the bottom three")
    assert [q.value for q in quantities(nlp, "The blast left three dead.")] == [3]
    assert [q.value for q in quantities(nlp, "Two were killed and four more injured.")] == [2, 4]
    assert quantities(nlp, "The other two were relegated.") == []


def test_one_unit_of_time_after_a_hedge(nlp):
    q = one(nlp, "It took less than a minute to respond.")
    assert (q.value, q.qualifier, q.unit, q.kind) == (1.0, "fewer_than", "minute", "duration")
    assert one(nlp, "The talks lasted about an hour.").qualifier == "approximately"
    assert quantities(nlp, "He left a week ago.") == []  # no hedge: a moment, not a figure
