"""Every `claims` and `dated_events` row of the golden file holds on the five seeds.

Matching (../shared/golden/README.md): value and qualifier equal; source equal to the canonical
entity (persons by full name); `what` loosely: the claim's what contains the golden what's head
noun ("troops", "special forces", "standing army"); `where` resolves to the same place or scope
(the claim's ``where`` or its ``where_scope``).
"""

from __future__ import annotations

import pytest

from newsdesk.nlp import claims as claims_mod
from newsdesk.nlp import dates as dates_mod
from newsdesk.lexicon import gazetteer
from newsdesk.nlp.model import load_model
from newsdesk.nlp.sentences import ParsedSentence, split_sentences
from newsdesk.records import Article, Mention, RawDocument
from newsdesk.textnorm import fold


def _article(path) -> Article:
    text = path.read_text(encoding="utf-8")
    try:
        from newsdesk.clean.article import build_article
    except ImportError:  # the cleaning stage is not there: the raw text is the body
        return Article(id=path.stem, source=str(path), body=text)
    return build_article(RawDocument(id=path.stem, source=str(path), text=text, format="text"))


@pytest.fixture(scope="module")
def extracted(seeds_dir):
    nlp = load_model()
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        article = _article(path)
        spans = split_sentences(article.body)
        parsed = [ParsedSentence(s, e, doc) for (s, e), doc in
                  zip(spans, nlp.pipe(article.body[s:e] for s, e in spans))]
        mentions = [Mention(article.id, ps.start + ent.start_char, ps.start + ent.end_char,
                            ent.text, ent.label_) for ps in parsed for ent in ps.doc.ents]
        candidates = [ps for ps in parsed if claims_mod.is_candidate(ps.doc.text)]
        out[article.id] = (
            article,
            claims_mod.find_claims(article, candidates, mentions),
            dates_mod.find_dates(article, spans),
        )
    return out


def _head_noun(what: str) -> str:
    """"North Korean special forces" -> "special forces": the golden what without its nationality."""
    words = what.split()
    for n in (2, 1):
        if len(words) > n and gazetteer.demonym_country(" ".join(words[:n])):
            return " ".join(words[n:])
    return what


def _claim_rows(golden):
    for art_id, ann in golden["articles"].items():
        for k, row in enumerate(ann.get("claims", [])):
            yield pytest.param(art_id, row, id=f"{art_id[:3]}-{k}-{row['value']}")


def _date_rows(golden):
    for art_id, ann in golden["articles"].items():
        for row in ann.get("dated_events", []):
            yield art_id, row


def _same(a: str | None, b: str | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and fold(a) == fold(b))


def test_golden_claim_rows(golden, extracted):
    failures = []
    rows = list(_claim_rows(golden))
    assert len(rows) == 15
    for param in rows:
        art_id, row = param.values
        _, found, _ = extracted[art_id]
        matches = [c for c in found if c.value == row["value"] and c.qualifier == row["qualifier"]
                   and _same(c.source, row["source"])]
        head = fold(_head_noun(row["what"]))
        good = [c for c in matches if head in fold(c.what or "")
                and (_same(c.where, row["where"]) or _same(c.where_scope, row["where"]))]
        if not good:
            failures.append((art_id, row, [(c.text, c.qualifier, c.source, c.what, c.where,
                                            c.where_scope) for c in found if c.value == row["value"]]))
    assert not failures, "\n".join(map(str, failures))


def test_golden_dated_events(golden, extracted):
    rows = list(_date_rows(golden))
    assert rows
    for art_id, row in rows:
        article, _, events = extracted[art_id]
        hits = [d for d in events if fold(row["contains"]) in fold(
            article.body[d.sentence_start:d.sentence_end]) and d.date == row["date"]]
        assert hits, (art_id, row, [(d.text, d.date) for d in events])


def test_no_date_presented_without_publication_time(extracted):
    """Relative dates in articles with no publication time stay unresolved."""
    for article, _, events in extracted.values():
        if article.published is None:
            assert all(d.date is None for d in events if d.relative)


def test_claims_carry_provenance(extracted):
    for article, found, _ in extracted.values():
        for c in found:
            assert c.article == article.id
            assert article.body[c.start:c.end] == c.text
            assert c.sentence_start <= c.start < c.end <= c.sentence_end
            if c.source_start is not None:
                assert 0 <= c.source_start < c.source_end <= len(article.body)
