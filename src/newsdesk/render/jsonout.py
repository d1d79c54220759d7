"""The brief as JSON, following ../shared/contract/brief-json.md (schema in brief.schema.json).

Contract fields keep their names and meanings; extra fields (``support`` of summary sentences,
``figures`` of claim groups, ``skipped`` inputs, …) are additions the contract allows.
"""

from __future__ import annotations

from newsdesk import serialize

import json
from importlib import resources
from typing import Any

from newsdesk.reconcile.model import Brief, ClaimGroup, SourceFigure, Span, StoryBrief
from newsdesk.records import Article, Entity

SCHEMA_FILE = "brief.schema.json"


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _span(span: Span) -> dict[str, Any]:
    return {"article": span.article, "start": span.start, "end": span.end}


def article_to_dict(article: Article) -> dict[str, Any]:
    """The contract's article fields (shared serializer) plus heading positions."""
    data = serialize.article_to_dict(article, full=False)
    data["heading_positions"] = [h.position for h in article.headings]
    return data


def _entity(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": list(e.aliases),
        "mentions": [{"article": m.article, "start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
    }


def _figure(f: SourceFigure) -> dict[str, Any]:
    return {
        "source": f.source,
        "qualifier": f.qualifier,
        "value": _number(f.value),
        "value_high": _number(f.value_high),
        "label": f.label,
        "claims": list(f.claims),
        "articles": list(f.articles),
        "when": f.when,
        "timing": f.timing,
    }


def _claim_group(g: ClaimGroup) -> dict[str, Any]:
    return {
        "id": g.id,
        "about": g.about,
        "claims": list(g.claims),
        "verdict": g.verdict,
        "explanation": g.explanation,
        "what": g.what,
        "scope": g.scope,
        "articles": list(g.articles),
        "figures": [_figure(f) for f in g.figures],
        "periods": [{"period": p.label, "when": p.when, "claims": list(p.claims), "verdict": p.verdict}
                    for p in g.periods],
    }


def story_to_dict(story: StoryBrief) -> dict[str, Any]:
    cov = story.coverage
    return {
        "id": story.id,
        "title": story.title,
        "articles": list(story.articles),
        "entities": [_entity(e) for e in story.entities],
        "quotes": [
            {
                "id": q.id,
                "article": q.quote.article,
                "start": q.quote.start,
                "end": q.quote.end,
                "text": q.quote.text,
                "kind": q.quote.kind,
                "cue": q.quote.cue,
                "speaker": q.quote.speaker,
                "speaker_entity": q.speaker_entity,
                "speaker_start": q.quote.speaker_start,
                "speaker_end": q.quote.speaker_end,
                "group": q.group,
                "within": q.within,
            }
            for q in story.quotes
        ],
        "quote_groups": [
            {
                "id": g.id,
                "quotes": list(g.quotes),
                "speakers_differ": g.speakers_differ,
                "speakers": list(g.speakers),
                "articles": list(g.articles),
                "text": g.text,
            }
            for g in story.quote_groups
        ],
        "claims": [
            {
                "id": c.id,
                "article": c.claim.article,
                "start": c.claim.start,
                "end": c.claim.end,
                "text": c.claim.text,
                "value": _number(c.claim.value),
                "qualifier": c.claim.qualifier,
                "value_high": _number(c.claim.value_high),
                "vague": c.claim.vague,
                "unit": c.claim.unit,
                "what": c.claim.what,
                "where": c.claim.where,
                "when": c.claim.when,
                "period": c.claim.period,
                "kind": c.claim.kind,
                "currency": c.claim.currency,
                "forecast": c.claim.forecast,
                "aspect": c.claim.aspect,
                "in_title": c.claim.in_title,
                "source": c.claim.source,
                "source_entity": c.source_entity,
                "projection": c.projection,
                "group": c.group,
            }
            for c in story.claims
        ],
        "claim_groups": [_claim_group(g) for g in story.claim_groups],
        "timeline": [
            {
                "date": t.date,
                "precision": t.precision,
                "text": t.text,
                "article": t.article,
                "start": t.start,
                "end": t.end,
                "expression": t.expression,
                "expression_start": t.expression_start,
                "expression_end": t.expression_end,
                "also_in": [_span(s) for s in t.also_in],
            }
            for t in story.timeline
        ],
        "coverage": {
            "by_article": {
                c.article: {
                    "claim_groups": list(c.claim_groups),
                    "quotes": list(c.quotes),
                    "quote_groups": list(c.quote_groups),
                    "entities": list(c.entities),
                    "only_here": list(c.only_here),
                }
                for c in cov.by_article
            },
            "shared_copy": [list(s.articles) for s in cov.shared_copy],
            "shared_copy_details": [
                {
                    "articles": list(s.articles),
                    "reason": s.reason,
                    "detail": s.detail,
                    "passages": [[_span(a), _span(b)] for a, b in s.passages],
                }
                for s in cov.shared_copy
            ],
            "method": cov.method,
        },
        "summary_words": story.summary_words,
        "summary": [
            {
                "text": s.text,
                "citations": list(s.citations),
                "support": [_span(sp) for sp in s.support],
                "origin": s.origin,
                "checked": s.checked,
            }
            for s in story.summary
        ],
    }


def _what_changed(brief: Brief, story: StoryBrief) -> dict[str, Any]:
    """``{"what_changed": …}`` for a stored story (see newsdesk.versions), else nothing."""
    changes = brief.changes.get(story.id)
    if changes is None:
        return {}
    from newsdesk.render.changes import changes_to_dict

    return {"what_changed": changes_to_dict(changes)}


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    return {
        "schema_version": brief.schema_version,
        "articles": [article_to_dict(a) for a in brief.articles],
        "stories": [story_to_dict(s) | _what_changed(brief, s) for s in brief.stories],
        "skipped": [{"source": s.source, "reason": s.reason} for s in brief.skipped],
    }


def render_json(brief: Brief, *, indent: int | None = 2) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=indent)


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the brief document."""
    text = resources.files("newsdesk.render").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def validate(document: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``document`` does not follow the schema."""
    import jsonschema

    jsonschema.Draft202012Validator(load_schema()).validate(document)
