"""The hand-built seed story (tests/seed_facts.py) is consistent: every span indexes its body."""

from __future__ import annotations


def test_fixture_spans_index_the_bodies(seed_story):
    articles, facts, entities = seed_story
    bodies = {a.id: a.body for a in articles}
    for f in facts:
        for c in f.claims:
            assert bodies[c.article][c.start:c.end] == c.text
            assert c.sentence_start <= c.start < c.end <= c.sentence_end
        for q in f.quotes:
            assert bodies[q.article][q.start:q.end] == q.text
    for e in entities:
        for m in e.mentions:
            assert bodies[m.article][m.start:m.end] == m.text
    assert "Must Read" not in bodies["002_6cdb56690edc71dd"]
    assert "U. N. Ambassador Geng Shuang" in bodies["000_5fd1e1cc2a5f81b5"]
