"""Reconcile one story's articles and extracted facts into a :class:`StoryBrief`.

Stages (each its own module): claim groups, quote groups, timeline, coverage, summary (checked by
cite_check). :func:`reconcile_story` runs them in order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from newsdesk.reconcile.claim_groups import Embedder, group_claims
from newsdesk.reconcile.coverage import CopyPairs, build_coverage
from newsdesk.reconcile.model import Brief, StoryBrief
from newsdesk.reconcile.quote_groups import group_quotes
from newsdesk.reconcile.sentences import SentenceIndex, Splitter
from newsdesk.reconcile.summary import build_summary, default_words
from newsdesk.reconcile.textvec import cosine, terms, tfidf
from newsdesk.reconcile.timeline import build_timeline
from newsdesk.records import Article, ArticleFacts, Entity

__all__ = ["Brief", "StoryBrief", "reconcile_story", "story_id", "story_title"]


def story_id(article_ids: Sequence[str]) -> str:
    """A stable id for the story made of these articles, in the one story-id format (``story-``
    and six digits) that stored stories have; used when no clusterer or store numbered the story."""
    digest = hashlib.sha1("\n".join(sorted(article_ids)).encode("utf-8")).hexdigest()
    return f"story-{int(digest[:12], 16) % 1_000_000:06d}"


def story_title(articles: Sequence[Article]) -> str:
    """The headline closest to the others (a real one before a generated one)."""
    titled = [a for a in articles if a.title and not a.title_generated] or [a for a in articles if a.title]
    if not titled:
        return "Untitled story"
    if len(titled) <= 2:
        return titled[0].title or "Untitled story"
    vectors = tfidf([terms(a.title or "") for a in titled])
    closeness = [sum(cosine(v, w) for w in vectors) - cosine(v, v) for v in vectors]
    best = max(range(len(titled)), key=lambda i: (closeness[i], -len(titled[i].title or "")))
    return titled[best].title or "Untitled story"


def reconcile_story(
    articles: Sequence[Article],
    facts: Sequence[ArticleFacts],
    entities: Sequence[Entity],
    *,
    id: str | None = None,
    title: str | None = None,
    copy_pairs: CopyPairs | None = None,
    splitter: Splitter | None = None,
    summary_words: int | None = None,
    embed: Embedder | None = None,
) -> StoryBrief:
    """The brief of one story from its cleaned articles and what extraction found in them
    (``embed``: a phrase encoder that links one figure stated of near-synonymous measures)."""
    articles = list(articles)
    index = SentenceIndex(articles, splitter, known={f.article: f.sentences for f in facts if f.sentences})
    claims, claim_groups = group_claims(articles, facts, entities, index=index, embed=embed)
    all_quotes = [q for f in facts for q in f.quotes]
    quotes, quote_groups = group_quotes(all_quotes, entities, article_order=[a.id for a in articles])
    timeline = build_timeline(articles, facts, index=index)
    coverage = build_coverage(articles, entities, claims, claim_groups, quotes, quote_groups, copy_pairs=copy_pairs)
    words = summary_words if summary_words is not None else default_words(articles)
    summary = build_summary(articles, entities, claims, claim_groups, quotes, quote_groups, index=index,
                            max_words=words)
    return StoryBrief(
        id=id or story_id([a.id for a in articles]),
        title=title or story_title(articles),
        articles=tuple(a.id for a in articles),
        entities=tuple(entities),
        quotes=quotes,
        quote_groups=quote_groups,
        claims=claims,
        claim_groups=claim_groups,
        timeline=timeline,
        coverage=coverage,
        summary=summary,
        summary_words=words,
    )
