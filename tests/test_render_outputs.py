"""Markdown, HTML and JSON renderings of a brief (hand-built seed story: no models needed)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote

import pytest

from newsdesk.reconcile import Brief, reconcile_story
from newsdesk.records import Skipped
from newsdesk.render import render
from newsdesk.render.jsonout import brief_to_dict, load_schema, validate


@pytest.fixture(scope="module")
def brief(seed_story) -> Brief:
    articles, facts, entities = seed_story
    story = reconcile_story(articles, facts, entities)
    return Brief(articles=articles, stories=(story,), skipped=(Skipped("missing.txt", "no such file"),))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.external: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src") and value:
                if name == "href" and value.startswith("#"):
                    self.hrefs.append(value)
                elif not value.startswith(("#", "data:")):
                    self.external.append(f"{tag} {name}={value}")


def test_json_follows_the_contract_and_schema(brief):
    doc = brief_to_dict(brief)
    validate(doc)
    assert doc["schema_version"] == "1"
    story = doc["stories"][0]
    bodies = {a["id"]: a["body"] for a in doc["articles"]}
    for q in story["quotes"]:
        assert bodies[q["article"]][q["start"]:q["end"]] == q["text"]
    for c in story["claims"]:
        assert bodies[c["article"]][c["start"]:c["end"]]
        assert c["group"] in {g["id"] for g in story["claim_groups"]}
    for t in story["timeline"]:
        assert bodies[t["article"]][t["start"]:t["end"]] == t["text"]
    assert set(story["coverage"]["by_article"]) == set(bodies)
    assert doc["skipped"] == [{"source": "missing.txt", "reason": "no such file"}]


def test_schema_rejects_a_broken_document(brief):
    import jsonschema

    doc = brief_to_dict(brief)
    doc["stories"][0]["claim_groups"][0]["verdict"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    doc = brief_to_dict(brief)
    del doc["stories"][0]["summary"][0]["citations"]
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    assert load_schema()["$schema"].endswith("2020-12/schema")


def test_markdown_has_every_section_and_numbered_citations(brief):
    md = render(brief, "md")
    for heading in ("## Summary", "## Figures", "## Who said what", "## Timeline", "## Coverage", "## Sources", "## Skipped inputs"):
        assert heading in md
    summary = md.split("## Summary")[1].split("## Figures")[0]
    bullets = [ln for ln in summary.splitlines() if ln.startswith("- ")]
    assert len(bullets) == len(brief.stories[0].summary)
    assert all(re.search(r"\[\d+(, \d+)*\]$", b) for b in bullets)
    assert "⚠ attributed differently" in md  # the training quote, Blinken vs unattributed


def test_html_is_self_contained_and_every_link_resolves(brief):
    page = render(brief, "html")
    parser = _Links()
    parser.feed(page)
    assert parser.external == []
    assert "<link" not in page and "@import" not in page
    assert page.count('<svg class="claim-chart"') == len(brief.stories[0].claim_groups)
    assert '<svg class="timeline-chart"' in page
    bodies = {a.id: a.body for a in brief.articles}
    cites = [h for h in parser.hrefs if h.startswith("#a=")]
    assert len(cites) >= len(brief.stories[0].summary)
    for href in cites:
        q = parse_qs(href[1:])
        aid, s, e = unquote(q["a"][0]), int(q["s"][0]), int(q["e"][0])
        assert aid in bodies and 0 <= s <= e <= len(bodies[aid])
    # article bodies are on the page, verbatim (escaped), for the highlight to find
    for a in brief.articles:
        assert f'data-article="{a.id}"' in page


def test_html_escapes_text(brief, seed_story):
    articles, facts, entities = seed_story
    evil = articles[0].__class__(**{**articles[0].__dict__, "title": "<script>alert(1)</script>"})
    story = reconcile_story((evil, *articles[1:]), facts, entities)
    page = render(Brief(articles=(evil, *articles[1:]), stories=(story,)), "html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_unknown_format():
    with pytest.raises(ValueError):
        render(Brief(articles=(), stories=()), "pdf")
