"""The extraction stage's main cost lever, checked without a clock.

Most of extract_facts' CPU time goes to the full spaCy parse, which only sentences that can hold a
quote, reported speech or a figure receive (``needs_parse``). The share of words sent to the full
parse is deterministic, so a change that makes the prefilter let through much more text fails here
on any machine; the words-per-CPU-second figure itself is bench/nlp_speed.py's (``--check`` compares
it with the floor pinned in tests/floors/nlp_speed.json).
"""

from __future__ import annotations

from conftest import load_floors, require


def test_share_of_words_given_the_full_parse(datasets):
    from newsdesk.nlp.extract import needs_parse
    from newsdesk.nlp.sentences import split_sentences

    paths = sorted(require(datasets / "polnear-train-text").glob("*.txt"))[:60]
    total = parsed = 0
    for path in paths:
        body = path.read_text(encoding="utf-8")
        for s, e in split_sentences(body):
            n = len(body[s:e].split())
            total += n
            parsed += n if needs_parse(body[s:e]) else 0
    share = parsed / total
    ceiling = load_floors("nlp_speed")["parsed_share_ceiling"]
    assert 0.3 < share <= ceiling, f"{share:.3f} of the words get the full parse (ceiling {ceiling})"


def test_prefilter_keeps_what_extraction_needs():
    from newsdesk.nlp.extract import needs_parse

    assert needs_parse('"We will not retreat," the minister said.')
    assert needs_parse("The storm killed 14 people in three provinces.")
    assert needs_parse("The New York Times reports:")
    assert not needs_parse("The sky over the valley was grey and quiet.")
