"""Gazetteer, name look-up, person-name merging and story entities."""

from __future__ import annotations

import pytest

from newsdesk.lexicon import gazetteer
from newsdesk.nlp.lookup import NameTable, scan
from newsdesk.nlp.persons import PersonIndex, strip_titles
from newsdesk.records import Article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seoul", ("South Korea", "GPE")),
        ("Pyongyang", ("North Korea", "GPE")),
        ("the Kremlin", ("Russia", "GPE")),
        ("Beijing", ("China", "GPE")),
        ("White House", ("United States", "GPE")),
        ("U. S.", ("United States", "GPE")),
        ("US", ("United States", "GPE")),
        ("DPRK", ("North Korea", "GPE")),
        ("Democratic People\u2019s Republic of Korea", ("North Korea", "GPE")),
        ("Russian Federation", ("Russia", "GPE")),
        ("U.N.", ("United Nations", "ORG")),
        ("the Pentagon", ("Pentagon", "ORG")),
        ("NATO", ("NATO", "ORG")),
        ("South Korean intelligence officials", ("South Korea", "GPE")),
        ("China's foreign ministry", ("China", "GPE")),
        ("U.S. intelligence", ("United States", "GPE")),
        ("South Korea\u2019s", ("South Korea", "GPE")),
    ],
)
def test_canonical(text, expected):
    assert gazetteer.canonical(text) == expected


@pytest.mark.parametrize("text", ["us", "AI", "PM", "IT", "Kursk", "North Korean", "Russian troops", ""])
def test_canonical_refuses(text):
    assert gazetteer.canonical(text) is None


def test_countries_come_from_the_package():
    # none of these is in the project's data file: countryinfo supplies them
    assert gazetteer.canonical("Ouagadougou") == ("Burkina Faso", "GPE")
    assert gazetteer.canonical("Burkina Faso") == ("Burkina Faso", "GPE")
    assert gazetteer.demonym_country("Burkinabe") == "Burkina Faso"


def test_demonym_country():
    assert gazetteer.demonym_country("North Korean") == "North Korea"
    assert gazetteer.demonym_country("North Koreans") == "North Korea"
    assert gazetteer.demonym_country("Russian") == "Russia"
    assert gazetteer.demonym_country("U.S.") == "United States"
    assert gazetteer.demonym_country("us") is None
    assert gazetteer.demonym_country("table") is None


def test_scan_case_and_acronyms():
    table = NameTable.build([("U.S.", "US"), ("China", "CN"), ("North Korea", "KP")])
    text = "Let us say the U.S. and US officials met china traders and North Korea."
    found = [(text[s:e], v) for s, e, v in scan(text, table)]
    assert found == [("U.S.", "US"), ("US", "US"), ("North Korea", "KP")]


def test_scan_does_not_cross_sentences():
    table = NameTable.build([("North Korea", "KP")])
    assert scan("He went North. Korea was quiet.", table) == []


def test_person_index_merges_variants():
    idx = PersonIndex.build(["Blinken", "Antony Blinken", "Secretary Blinken", "Lloyd Austin", "Austin\u2019s"])
    assert idx.canonical("Blinken") == "Antony Blinken"
    assert idx.canonical("Austin") == "Lloyd Austin"
    assert idx.canonical("Austin\u2019s") == "Lloyd Austin"


def test_person_index_leaves_ambiguous_surname():
    idx = PersonIndex.build(["Hillary Clinton", "Bill Clinton", "Clinton"])
    assert idx.canonical("Hillary Clinton") == "Hillary Clinton"
    assert idx.canonical("Bill Clinton") == "Bill Clinton"
    assert idx.canonical("Clinton") == "Clinton"


def test_strip_titles():
    body = "Secretary of State Antony Blinken and Secretary Blinken"
    s, e = strip_titles(body, 0, body.index(" and"))
    assert body[s:e] == "Antony Blinken"
    s, e = strip_titles(body, body.index("Secretary Blinken"), len(body))
    assert body[s:e] == "Blinken"


def test_story_entities_merge_aliases():
    from newsdesk.nlp.extract import analyse_story

    a1 = Article(
        id="a1",
        source="a1",
        body=(
            "US Secretary of State Antony Blinken said on Monday that 8,000 North Korean troops were in the "
            "Kursk region.\n\nSeoul assessed that 11,000 troops had been sent, and the Kremlin said nothing."
        ),
    )
    a2 = Article(
        id="a2",
        source="a2",
        body=(
            "Secretary Blinken warned the DPRK. Blinken spoke in Washington.\n\n"
            "South Korea said the U.S. estimate was low. Russia denied it."
        ),
    )
    facts, entities = analyse_story([a1, a2])
    by_name = {e.name: e for e in entities}
    assert [e.id for e in entities] == [f"e{i}" for i in range(1, len(entities) + 1)]
    assert by_name["Antony Blinken"].type == "PERSON"
    assert {m.text for m in by_name["Antony Blinken"].mentions} >= {"Antony Blinken", "Blinken"}
    assert {m.article for m in by_name["Antony Blinken"].mentions} == {"a1", "a2"}
    assert {m.text for m in by_name["South Korea"].mentions} >= {"Seoul", "South Korea"}
    assert {m.text for m in by_name["United States"].mentions} >= {"US", "U.S.", "Washington"}
    assert {m.text for m in by_name["Russia"].mentions} >= {"Kremlin", "Russia"}
    assert by_name["North Korea"].type == "GPE" and "DPRK" in by_name["North Korea"].aliases
    assert by_name["Kursk"].type == "GPE"
    # ids follow first appearance: the first mention of the story is "US" in a1
    first = min(entities, key=lambda e: int(e.id[1:]))
    assert first.name == "United States"
    for f in facts:
        body = {"a1": a1.body, "a2": a2.body}[f.article]
        for m in f.mentions:
            assert body[m.start : m.end] == m.text
