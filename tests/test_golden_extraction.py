"""The cleaning/metadata rows of the golden annotation (shared/golden/seeds.json) on the 5 seeds.

Rows checked: title, byline, published, credits, tags, boilerplate, headings, repeated_paragraph,
body_must_contain, with the matching rules of shared/golden/README.md (text compared after
newsdesk.textnorm.fold: NFKC, straight quotes, folded spaces, case-insensitive).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_dir

from newsdesk.clean import build_article
from newsdesk.records import Article, RawDocument
from newsdesk.textnorm import fold

ROW_KEYS = (
    "title", "byline", "published", "credits", "tags", "boilerplate", "headings",
    "repeated_paragraph", "body_must_contain",
)
# The golden README: "AP" and "Associated Press" are the same credit.
_CREDIT_SAME = {"associated press": "ap", "the associated press": "ap"}


def _rows() -> list[tuple[str, str]]:
    path = shared_dir() / "golden" / "seeds.json"
    if not path.exists():
        return []
    articles = json.loads(path.read_text(encoding="utf-8"))["articles"]
    return [(aid, key) for aid, rows in sorted(articles.items()) for key in ROW_KEYS if key in rows]


def _raw(path: Path) -> RawDocument:
    """The seed as the plain-text reader gives it."""
    from newsdesk.ingest import read_sources

    docs = [d for d in read_sources([str(path)]) if isinstance(d, RawDocument)]
    assert len(docs) == 1, f"the reader did not give one document for {path}"
    return docs[0]


@pytest.fixture(scope="module")
def articles(seeds_dir, golden) -> dict[str, Article]:
    return {aid: build_article(_raw(seeds_dir / f"{aid}.txt")) for aid in golden["articles"]}


def _paragraphs(article: Article) -> list[str]:
    return [fold(p) for p in article.body.split("\n\n")]


def _credit(name: str) -> str:
    key = fold(name)
    return _CREDIT_SAME.get(key, key)


def check_row(article: Article, key: str, expected) -> None:
    body = fold(article.body)
    if key == "title":
        if expected is None:
            assert article.title is None or article.title_generated, article.title
        else:
            assert article.title is not None and fold(article.title) == fold(expected)
            assert not article.title_generated
    elif key == "byline":
        if expected is None:
            assert article.byline is None, article.byline
        else:
            assert article.byline is not None and fold(article.byline) == fold(expected)
    elif key == "published":
        if expected is None:
            assert article.published is None, article.published
        else:
            assert article.published is not None
            assert article.published.replace(tzinfo=None).isoformat().startswith(expected)
    elif key == "credits":
        assert {_credit(c) for c in article.credits} == {_credit(c) for c in expected}, article.credits
    elif key == "tags":
        assert [fold(t) for t in article.tags] == [fold(t) for t in expected], article.tags
    elif key == "boilerplate":
        paragraphs = _paragraphs(article)
        for line in expected:
            folded = fold(line)
            assert folded not in paragraphs, f"boilerplate line left as a paragraph: {line!r}"
            assert not any(p.startswith(folded + " ") or p.endswith(" " + folded) for p in paragraphs), line
            if len(folded) >= 15:
                assert folded not in body, f"boilerplate left in the body: {line!r}"
    elif key == "headings":
        found = [fold(h.text) for h in article.headings]
        paragraphs = _paragraphs(article)
        for heading in expected:
            folded = fold(heading)
            assert folded in found, f"heading not found: {heading!r}"
            assert not any(p == folded or p.startswith(folded + " ") for p in paragraphs), heading
        for h in article.headings:  # the heading stands above a body paragraph
            assert h.position == 0 or article.body[h.position - 2 : h.position] == "\n\n"
    elif key == "repeated_paragraph":
        assert body.count(fold(expected)) == 1, f"{body.count(fold(expected))} copies"
    elif key == "body_must_contain":
        for text in expected:
            assert fold(text) in body, f"missing from the body: {text!r}"
    else:  # pragma: no cover
        raise AssertionError(key)


_NO_GOLDEN = [pytest.param("-", "-", marks=pytest.mark.skip(reason="no golden file"))]


@pytest.mark.parametrize(("article_id", "key"), _rows() or _NO_GOLDEN)
def test_golden_row(articles, golden, article_id, key):
    check_row(articles[article_id], key, golden["articles"][article_id][key])


def test_golden_rows_collected(golden):
    """The parametrisation above found the golden rows (it reads the file at collection time)."""
    rows = _rows()
    assert {aid for aid, _ in rows} == set(golden["articles"])
    assert {key for _, key in rows} == set(ROW_KEYS)
