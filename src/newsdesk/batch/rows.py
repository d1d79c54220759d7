"""Table rows of a batch job: the extraction of each article as flat records.

The tables and their fields follow the brief's JSON contract (``../shared/contract``), one row per
article, entity, mention, quote, claim, date and skipped input, each keyed by its article id and
carrying its character span in the cleaned body. Entities are merged per article (a batch job sees
no stories yet), so every row depends on its own article only: the same corpus gives the same rows
whatever the engine, the number of workers or the way it was split.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from newsdesk.records import Article, ArticleFacts, Entity, Skipped
from newsdesk.serialize import article_to_dict

TABLES = ("articles", "entities", "mentions", "quotes", "claims", "dates", "skipped")

Rows = dict[str, list[dict[str, Any]]]


def _schemas():
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    strings = pa.list_(s)
    return {
        "articles": [("id", s), ("source", s), ("title", s), ("title_generated", b), ("byline", s),
                     ("published", s), ("outlet", s), ("url", s), ("credits", strings), ("tags", strings),
                     ("headings", strings), ("body", s), ("removed", s), ("format", s), ("words", i),
                     ("provenance", s)],
        "entities": [("article", s), ("id", s), ("name", s), ("type", s), ("aliases", strings), ("mentions", i)],
        "mentions": [("article", s), ("start", i), ("end", i), ("text", s), ("label", s), ("entity", s)],
        "quotes": [("article", s), ("start", i), ("end", i), ("text", s), ("kind", s), ("cue", s),
                   ("speaker", s), ("speaker_entity", s), ("speaker_start", i), ("speaker_end", i)],
        "claims": [("article", s), ("start", i), ("end", i), ("text", s), ("value", f), ("qualifier", s),
                   ("value_high", f), ("vague", b), ("unit", s), ("what", s), ("where", s), ("when", s),
                   ("source", s), ("source_entity", s)],
        "dates": [("article", s), ("start", i), ("end", i), ("text", s), ("date", s), ("precision", s),
                  ("relative", b), ("sentence_start", i), ("sentence_end", i)],
        "skipped": [("source", s), ("reason", s)],
    }


def schema(table: str):
    """The pyarrow schema of ``table``."""
    import pyarrow as pa

    return pa.schema(_schemas()[table])


def empty_rows() -> Rows:
    return {t: [] for t in TABLES}


def article_row(article: Article) -> dict[str, Any]:
    data = article_to_dict(article, full=True)
    provenance = {k: data.pop(k) for k in ("heading_positions", "removed_spans", "offsets", "original")}
    data["removed"] = json.dumps(data["removed"], ensure_ascii=False)
    data["words"] = len(article.body.split())
    data["provenance"] = json.dumps(provenance, ensure_ascii=False)
    return data


def article_from_row(row: dict[str, Any]) -> Article:
    """The Article a row of the ``articles`` table was made from."""
    from newsdesk.serialize import article_from_dict

    data = dict(row)
    data.update(json.loads(data.pop("provenance") or "{}"))
    data["removed"] = json.loads(data["removed"] or "[]")
    data.pop("words", None)
    for key in ("credits", "tags", "headings"):
        data[key] = list(data.get(key) or [])
    return article_from_dict(data)


def _entity_of(entities: Sequence[Entity]) -> dict[tuple[int, int], str]:
    return {(m.start, m.end): e.id for e in entities for m in e.mentions}


def fact_rows(article: Article, facts: ArticleFacts, entities: Sequence[Entity], out: Rows) -> None:
    """Append the rows of one article's extraction to ``out``."""
    aid = article.id
    by_span = _entity_of(entities)
    by_name = {e.name: e.id for e in entities}
    out["articles"].append(article_row(article))
    for e in entities:
        out["entities"].append({"article": aid, "id": e.id, "name": e.name, "type": e.type,
                                "aliases": list(e.aliases), "mentions": len(e.mentions)})
    for m in facts.mentions:
        out["mentions"].append({"article": aid, "start": m.start, "end": m.end, "text": m.text,
                                "label": m.label, "entity": by_span.get((m.start, m.end))})
    for q in facts.quotes:
        out["quotes"].append({"article": aid, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
                              "cue": q.cue, "speaker": q.speaker, "speaker_entity": by_name.get(q.speaker),
                              "speaker_start": q.speaker_start, "speaker_end": q.speaker_end})
    for c in facts.claims:
        out["claims"].append({"article": aid, "start": c.start, "end": c.end, "text": c.text,
                              "value": float(c.value), "qualifier": c.qualifier,
                              "value_high": None if c.value_high is None else float(c.value_high),
                              "vague": c.vague, "unit": c.unit, "what": c.what, "where": c.where,
                              "when": c.when, "source": c.source, "source_entity": by_name.get(c.source)})
    for d in facts.dates:
        out["dates"].append({"article": aid, "start": d.start, "end": d.end, "text": d.text, "date": d.date,
                             "precision": d.precision, "relative": d.relative,
                             "sentence_start": d.sentence_start, "sentence_end": d.sentence_end})


def skip_rows(skips: Iterable[Skipped], out: Rows) -> None:
    out["skipped"].extend({"source": s.source, "reason": s.reason} for s in skips)


def sort_key(table: str):
    """A total order of a table's rows, so that outputs compare equal whatever the engine."""
    if table == "articles":
        return lambda r: r["id"]
    if table == "skipped":
        return lambda r: (r["source"], r["reason"])
    if table == "entities":
        return lambda r: (r["article"], r["id"])
    return lambda r: (r["article"], r["start"], r["end"], r.get("text") or "")
