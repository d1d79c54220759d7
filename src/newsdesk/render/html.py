"""The brief as one self-contained HTML page (inline CSS, JS and SVG; nothing fetched to view it).

Every citation is a link of the form ``#a=<article id>&s=<start>&e=<end>`` (offsets into the
cleaned body, as in the JSON). The page's script reads the fragment, highlights that span of the
article's body, shown at the end of the page, and scrolls to it; the browser's back button walks
back through the citations followed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from functools import lru_cache

from newsdesk.reconcile.model import Brief, StoryBrief
from newsdesk.records import Article
from newsdesk.render.svg import claim_chart, colour, span_href, timeline_chart


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("newsdesk.render", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["href"] = span_href
    env.globals["colour"] = colour
    return env


def _story_view(story: StoryBrief, articles: dict[str, Article]) -> dict:
    numbers = {aid: i for i, aid in enumerate(story.articles, start=1)}
    claims = {c.id: c for c in story.claims}
    quotes = {q.id: q for q in story.quotes}
    charts = {g.id: claim_chart(g, claims, numbers) for g in story.claim_groups}
    by_speaker: dict[str, list] = defaultdict(list)
    for q in story.quotes:
        if not q.within:  # shown through the longer quote that holds it
            by_speaker[q.quote.speaker or "Unattributed"].append(q)
    speakers = sorted(by_speaker, key=lambda s: (s == "Unattributed", -len(by_speaker[s]), s))
    entity_names = {e.id: e.name for e in story.entities}
    top_entities = sorted(story.entities, key=lambda e: -len({m.article for m in e.mentions}))[:12]
    columns = (
        [("g", g.id, g.about, g.verdict) for g in story.claim_groups]
        + [("qg", g.id, quotes[g.quotes[0]].quote.text[:60] if g.quotes and g.quotes[0] in quotes else g.id, "quote")
           for g in story.quote_groups]
        + [("e", e.id, e.name, e.type) for e in top_entities]
    )
    coverage = {c.article: c for c in story.coverage.by_article}
    label_of = {}
    for g in story.claim_groups:
        label_of[g.id] = g.about
    for q in story.quotes:
        label_of[q.id] = f"“{q.quote.text[:80]}” ({q.quote.speaker or 'unattributed'})"
    for g in story.quote_groups:
        label_of[g.id] = f"quote group {g.id}"
    label_of.update({eid: name for eid, name in entity_names.items()})
    return {
        "story": story,
        "numbers": numbers,
        "claims": claims,
        "quotes": quotes,
        "charts": charts,
        "timeline_svg": timeline_chart(story.timeline, numbers),
        "speakers": [(s, by_speaker[s]) for s in speakers],
        "quote_groups": {g.id: g for g in story.quote_groups},
        "columns": columns,
        "coverage": coverage,
        "label_of": label_of,
        "articles": [articles[a] for a in story.articles if a in articles],
    }


def story_views(brief: Brief) -> list[dict]:
    """The template context of each story of ``brief`` (the report's, and the web app's story page)."""
    articles = {a.id: a for a in brief.articles}
    return [_story_view(s, articles) | {"changes": brief.changes.get(s.id)} for s in brief.stories]


def render_html(brief: Brief) -> str:
    stories = story_views(brief)
    template = _environment().get_template("brief.html.j2")
    in_story = {a for s in brief.stories for a in s.articles}
    page = template.render(
        brief=brief,
        stories=stories,
        articles=[a for a in brief.articles if a.id in in_story] + [a for a in brief.articles if a.id not in in_story],
        skipped=brief.skipped,
        title=brief.stories[0].title if len(brief.stories) == 1 else f"{len(brief.stories)} stories",
    )
    return with_csp(page)


_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_HEAD = "<meta charset=\"utf-8\">"


def content_security_policy(page: str) -> str:
    """The page's policy: nothing loaded from anywhere, inline styles and ``data:`` images
    allowed, and only the page's own scripts run, each named by its SHA-256 hash (article text is
    escaped by the template, so no ``<script>`` from an article can be among them, and any other
    script would not run)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _SCRIPT.findall(page)
    )
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {hashes or chr(39) + 'none' + chr(39)}; base-uri 'none'; form-action 'none'"
    )


def with_csp(page: str) -> str:
    """``page`` with its Content-Security-Policy meta tag right after the charset."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(page)}">'
    return page.replace(_HEAD, _HEAD + "\n" + tag, 1)
