"""Articles to and from plain dicts (the brief JSON contract's article shape, plus provenance)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsdesk.records import Article, Heading, OffsetMap, RemovedLine


def article_to_dict(article: Article, *, full: bool = True) -> dict[str, Any]:
    """The contract's article fields; with ``full`` also heading positions, offsets and original."""
    data: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "title_generated": article.title_generated,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "outlet": article.outlet,
        "url": article.url,
        "credits": list(article.credits),
        "tags": list(article.tags),
        "headings": [h.text for h in article.headings],
        "body": article.body,
        "short": article.short,
        "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
        "format": article.format,
    }
    if full:
        data["heading_positions"] = [h.position for h in article.headings]
        data["removed_spans"] = [[r.start, r.end] for r in article.removed]
        data["offsets"] = [list(seg) for seg in article.offsets.segments]
        data["original"] = article.original
    return data


def article_from_dict(data: dict[str, Any]) -> Article:
    """Inverse of :func:`article_to_dict` with ``full=True``."""
    positions = data.get("heading_positions") or [0] * len(data.get("headings", []))
    spans = data.get("removed_spans") or [[0, 0]] * len(data.get("removed", []))
    published = data.get("published")
    return Article(
        id=data["id"],
        source=data["source"],
        body=data["body"],
        title=data.get("title"),
        title_generated=bool(data.get("title_generated", False)),
        byline=data.get("byline"),
        published=datetime.fromisoformat(published) if published else None,
        outlet=data.get("outlet"),
        url=data.get("url"),
        credits=tuple(data.get("credits", ())),
        tags=tuple(data.get("tags", ())),
        headings=tuple(Heading(t, p) for t, p in zip(data.get("headings", []), positions)),
        removed=tuple(
            RemovedLine(r["text"], r["reason"], s[0], s[1])
            for r, s in zip(data.get("removed", []), spans)
        ),
        offsets=OffsetMap(tuple(tuple(seg) for seg in data.get("offsets", []))),
        original=data.get("original", ""),
        format=data.get("format", "text"),
    )
