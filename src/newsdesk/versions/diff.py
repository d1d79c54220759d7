"""Compare two snapshots of a story's facts (see :mod:`newsdesk.versions.facts`)."""

from __future__ import annotations

from newsdesk.versions.facts import norm
from newsdesk.versions.model import (
    ArticleChange, Cite, FigureChange, OutletChange, QuoteChange, StoryChanges, TimelineChange, VerdictChange,
)


def _cites(rows) -> tuple[Cite, ...]:
    return tuple(Cite(a, s, e) for a, s, e in rows)


def diff_facts(old: dict, new: dict, *, story: str, version: int, since: str, base_version: int | None = None,
               base_time: str | None = None, old_signature: dict | None = None,
               new_signature: dict | None = None) -> StoryChanges:
    """What ``new`` has that ``old`` had not: articles, figures (new and revised), verdicts,
    speakers and quotes, outlets, timeline entries. Each item cites the articles it stands on."""
    old_articles, new_articles = old.get("articles", {}), new.get("articles", {})
    revised_ids = set()
    if old_signature is not None and new_signature is not None:
        revised_ids = {a for a, h in new_signature.items() if a in old_signature and old_signature[a] != h}
    articles = tuple(
        ArticleChange(aid, m.get("title"), m.get("outlet"), m.get("published"), aid in revised_ids)
        for aid, m in new_articles.items() if aid not in old_articles or aid in revised_ids)

    def published(aid: str) -> str | None:
        return (new_articles.get(aid) or {}).get("published")

    # figures: only those that new (or revised) articles state; per (quantity, source), the
    # values stated before decide between "new" and "revised (old -> new)"
    fresh_ids = {a.id for a in articles}
    before: dict[tuple[str, str | None], list[dict]] = {}
    for f in old.get("figures", []):
        before.setdefault((f["group"], f["source"]), []).append(f)
    figures = []
    taken: set[tuple] = set()
    for f in new.get("figures", []):
        value = (f["value"], f["value_high"])
        key = (f["group"], f["source"], value)
        olds = before.get((f["group"], f["source"]), [])
        if key in taken or any((o["value"], o["value_high"]) == value for o in olds):
            continue
        if not any(a in fresh_ids for a in f["articles"]) or f.get("vague"):
            continue  # stated only by articles seen before (a regrouping, not news), or vague ("thousands")
        taken.add(key)
        when = f.get("when") or next((published(a)[:10] for a in f["articles"] if published(a)), None)
        revised = bool(olds) and f.get("timing") != "earlier"
        figures.append(FigureChange("revised" if revised else "new", f["about"], f["source"], f["label"],
                                    tuple(dict.fromkeys(o["label"] for o in olds)) if revised else (), when,
                                    _cites(c for c in f["cites"] if c[0] in fresh_ids)))
    # verdicts of quantities present in both, when new articles took part
    old_groups = {g["key"]: g for g in old.get("groups", [])}
    verdicts = []
    for g in new.get("groups", []):
        was = old_groups.get(g["key"])
        if was is not None and was["verdict"] != g["verdict"] and any(a in fresh_ids for a in g["articles"]):
            verdicts.append(VerdictChange(g["about"], was["verdict"], g["verdict"], g["explanation"],
                                          tuple(Cite(a) for a in g["articles"] if a in fresh_ids)))
    # voices
    old_speakers = {q["speaker"] for q in old.get("quotes", []) if q["speaker"]}
    old_quotes = {(q["speaker"], norm(q["text"])) for q in old.get("quotes", [])}
    quotes, speakers = [], []
    seen = set(old_quotes)
    for q in new.get("quotes", []):
        key = (q["speaker"], norm(q["text"]))
        if key in seen or q["article"] not in fresh_ids:
            continue
        seen.add(key)
        fresh = bool(q["speaker"]) and q["speaker"] not in old_speakers
        if fresh and q["speaker"] not in speakers:
            speakers.append(q["speaker"])
        quotes.append(QuoteChange(q["speaker"], q["text"], q["kind"], fresh, Cite(q["article"], q["start"], q["end"])))
    # outlets
    old_outlets = {m.get("outlet") for m in old_articles.values()}
    outlet_cites: dict[str, list[Cite]] = {}
    for aid, m in new_articles.items():
        if m.get("outlet") not in old_outlets:
            outlet_cites.setdefault(m.get("outlet"), []).append(Cite(aid))
    outlets = tuple(OutletChange(o, tuple(c)) for o, c in outlet_cites.items())
    # timeline
    old_events = {(t["date"], norm(t["text"])) for t in old.get("timeline", [])}
    timeline = tuple(TimelineChange(t["date"], t["text"], Cite(t["article"], t["start"], t["end"]))
                     for t in new.get("timeline", [])
                     if t["article"] in fresh_ids and (t["date"], norm(t["text"])) not in old_events)
    return StoryChanges(story=story, version=version, since=since, base_version=base_version, base_time=base_time,
                        first=False, articles=articles, figures=tuple(figures), verdicts=tuple(verdicts),
                        new_speakers=tuple(speakers), quotes=tuple(quotes), outlets=outlets, timeline=timeline)
