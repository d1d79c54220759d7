"""The facts of a story brief that are versioned: a plain JSON-able snapshot.

Figures are keyed by their claim group's quantity (``what`` and ``scope``) and their source, so
that two briefs of a growing story can be compared although group ids (``g1``…) are per run.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable
from urllib.parse import urlsplit

from newsdesk.reconcile.model import StoryBrief
from newsdesk.records import Article

_WORD = re.compile(r"\w+")


def article_signature(articles: Iterable[Article]) -> dict[str, str]:
    """Article id -> digest of what the brief reads from it (a version changes when this does)."""
    out = {}
    for a in articles:
        text = "\x00".join([a.title or "", a.outlet or "", a.published.isoformat() if a.published else "", a.body])
        out[a.id] = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return dict(sorted(out.items()))


def outlet_of(article: Article) -> str:
    if article.outlet:
        return article.outlet
    url = article.url or article.source
    host = urlsplit(url).hostname if url.startswith(("http://", "https://")) else None
    return (host or "").removeprefix("www.") or "unknown outlet"


def norm(text: str | None, n: int = 160) -> str:
    return " ".join(_WORD.findall((text or "").lower()))[:n]


def group_key(what: str, scope: str) -> str:
    return f"{what}|{scope}"


def facts_of(story: StoryBrief, articles: dict[str, Article]) -> dict:
    """The snapshot of one story brief's facts (claim groups and figures, quotes, timeline, outlets)."""
    claims = {c.id: c.claim for c in story.claims}
    projected = {c.id for c in story.claims if c.projection}
    groups = []
    figures = []
    for g in story.claim_groups:
        key = group_key(g.what, g.scope) + ("|projected" if g.claims and all(c in projected for c in g.claims) else "")
        groups.append({"key": key, "about": g.about, "verdict": g.verdict, "explanation": g.explanation,
                       "articles": list(g.articles)})
        for f in g.figures:
            cites = [[claims[c].article, claims[c].start, claims[c].end] for c in f.claims if c in claims]
            vague = bool(f.claims) and all(claims[c].vague for c in f.claims if c in claims)
            figures.append({"group": key, "about": g.about, "source": f.source, "label": f.label, "vague": vague,
                            "value": f.value, "value_high": f.value_high, "qualifier": f.qualifier,
                            "when": f.when, "timing": f.timing, "articles": list(f.articles), "cites": cites})
    quotes = [{"speaker": q.quote.speaker, "text": q.quote.text, "kind": q.quote.kind, "article": q.quote.article,
               "start": q.quote.start, "end": q.quote.end} for q in story.quotes]
    timeline = [{"date": t.date, "text": t.text, "article": t.article, "start": t.start, "end": t.end,
                 "also_in": [s.article for s in t.also_in]} for t in story.timeline]
    meta = {}
    for aid in story.articles:
        a = articles.get(aid)
        if a is not None:
            meta[aid] = {"title": a.title, "outlet": outlet_of(a),
                         "published": a.published.isoformat() if a.published else None}
    return {"articles": meta, "groups": groups, "figures": figures, "quotes": quotes, "timeline": timeline}


def restrict(facts: dict, ids: set[str]) -> dict:
    """The part of a snapshot that the articles ``ids`` state."""
    figures = []
    for f in facts.get("figures", []):
        arts = [a for a in f["articles"] if a in ids]
        if arts:
            figures.append({**f, "articles": arts, "cites": [c for c in f["cites"] if c[0] in ids]})
    return {
        "articles": {a: m for a, m in facts.get("articles", {}).items() if a in ids},
        "groups": [{**g, "articles": [a for a in g["articles"] if a in ids]}
                   for g in facts.get("groups", []) if any(a in ids for a in g["articles"])],
        "figures": figures,
        "quotes": [q for q in facts.get("quotes", []) if q["article"] in ids],
        "timeline": [t for t in facts.get("timeline", []) if t["article"] in ids],
    }


def merge(snapshots: list[dict]) -> dict:
    out: dict = {"articles": {}, "groups": [], "figures": [], "quotes": [], "timeline": []}
    for facts in snapshots:
        out["articles"].update(facts.get("articles", {}))
        for key in ("groups", "figures", "quotes", "timeline"):
            out[key].extend(facts.get(key, []))
    return out


EMPTY: dict = {"articles": {}, "groups": [], "figures": [], "quotes": [], "timeline": []}
