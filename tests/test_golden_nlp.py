"""Golden rows of ../shared/golden/seeds.json for quotes, scare quotes and entities.

The five seed articles are cleaned as the cleaning stage makes them and analysed as one story.
Rules (golden/README.md): a ``quotes`` row holds when a direct quote whose text contains
``contains`` is attributed to the canonical ``speaker`` (null: left unattributed); a
``not_quotes`` phrase is never reported as said; an ``entities`` row holds when the mentions of
each alias found in the texts are merged into the canonical entity.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import shared_dir

from newsdesk.textnorm import fold

_GOLDEN_PATH = shared_dir() / "golden" / "seeds.json"
_GOLDEN = json.loads(_GOLDEN_PATH.read_text(encoding="utf-8")) if _GOLDEN_PATH.exists() else {"articles": {}}

QUOTE_ROWS = [(aid, row) for aid, art in _GOLDEN["articles"].items() for row in art.get("quotes", [])]
NOT_QUOTE_ROWS = [(aid, phrase) for aid, art in _GOLDEN["articles"].items() for phrase in art.get("not_quotes", [])]
ENTITY_ROWS = list(_GOLDEN.get("entities", []))


@pytest.fixture(scope="module")
def story(seeds_dir, golden):
    from newsdesk.clean import build_article
    from newsdesk.nlp.extract import analyse_story
    from newsdesk.records import RawDocument

    paths = sorted(seeds_dir.glob("*.txt"))
    assert len(paths) == 5
    articles = [
        build_article(RawDocument(id=p.stem, source=str(p), text=p.read_text("utf-8"), format="text"))
        for p in paths
    ]
    facts, entities = analyse_story(articles)
    return {a.id: a for a in articles}, {f.article: f for f in facts}, entities


def test_golden_rows_present(golden):
    assert QUOTE_ROWS and NOT_QUOTE_ROWS and ENTITY_ROWS


@pytest.mark.parametrize(("article", "row"), QUOTE_ROWS, ids=[f"{a[:3]}:{r['contains'][:30]}" for a, r in QUOTE_ROWS])
def test_quote_row(story, article, row):
    _, facts, _ = story
    quotes = [q for q in facts[article].quotes if q.kind == "direct" and fold(row["contains"]) in fold(q.text)]
    assert quotes, f"no direct quote containing {row['contains']!r} in {article}"
    want = row["speaker"]
    got = [q.speaker for q in quotes]
    if want is None:
        assert all(s is None for s in got), f"{row['contains']!r} attributed to {got}; must stay unattributed"
    else:
        assert any(s is not None and fold(s) == fold(want) for s in got), f"{row['contains']!r}: speakers {got}, want {want}"


def _bare(text: str) -> str:
    return fold(text).strip(" \"'.,;:!?")


@pytest.mark.parametrize(("article", "phrase"), NOT_QUOTE_ROWS, ids=[f"{a[:3]}:{p}" for a, p in NOT_QUOTE_ROWS])
def test_scare_quote_row(story, article, phrase):
    _, facts, _ = story
    for q in facts[article].quotes:
        assert _bare(q.text) != _bare(phrase), f"scare quote {phrase!r} reported as said by {q.speaker!r}"
        if q.kind == "direct":
            assert fold(phrase) not in fold(q.text), f"{phrase!r} inside a direct quote by {q.speaker!r}"


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """The alias as written, apostrophes of either kind, initials with or without a space."""
    text = fold(alias, lower=False)
    core = re.escape(text.rstrip("."))
    core = core.replace("'", "['\u2019]").replace(r"\.", r"\.\s?").replace(r"\ ", r"\s+")
    return re.compile(r"(?<!\w)" + core + (r"\.?" if text.endswith(".") else "") + r"(?!\w)")


@pytest.mark.parametrize("row", ENTITY_ROWS, ids=[r["name"] for r in ENTITY_ROWS])
def test_entity_row(story, row):
    articles, facts, entities = story
    owner = {}
    for e in entities:
        for m in e.mentions:
            owner[(m.article, m.start, m.end)] = e
    target = [e for e in entities if fold(e.name) == fold(row["name"])]
    checked = 0
    for alias in [row["name"], *row["aliases"]]:
        pattern = _alias_pattern(alias)
        for aid, article in articles.items():
            for occ in pattern.finditer(article.body):
                a, b = occ.span()
                covering = [(key, e) for key, e in owner.items() if key[0] == aid and key[1] < b and a < key[2]]
                # a name inside a longer name of something else ("U.N." in "U.N. Security Council")
                if covering and all(
                    key[1] <= a and b <= key[2] and (key[1], key[2]) != (a, b) and fold(e.name) != fold(row["name"])
                    for key, e in covering
                ):
                    continue
                checked += 1
                assert target, f"no entity named {row['name']!r}"
                names = {e.name for _, e in covering}
                assert any(e in target for _, e in covering), (
                    f"{alias!r} at {aid}:{a} belongs to {names or 'no mention'}, not {row['name']!r}"
                )
    if checked:
        assert any(e.type == row["type"] for e in target), f"{row['name']!r} typed {[e.type for e in target]}"
