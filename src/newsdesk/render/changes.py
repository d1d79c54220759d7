"""The "What changed" section of a stored story's brief, for the three renderers."""

from __future__ import annotations

from typing import Any, Callable

from newsdesk.versions.model import Cite, StoryChanges

_VERDICT = {"agree": "agree", "disagree": "disagree", "single": "one source"}


def _cite(c: Cite) -> dict[str, Any]:
    return {"article": c.article, "start": c.start, "end": c.end}


def changes_to_dict(ch: StoryChanges) -> dict[str, Any]:
    """The JSON form (field ``what_changed`` of a story)."""
    return {
        "story": ch.story,
        "version": ch.version,
        "since": ch.since,
        "base_version": ch.base_version,
        "base_time": ch.base_time,
        "first": ch.first,
        "articles": [{"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published,
                      "revised": a.revised} for a in ch.articles],
        "figures": [{"kind": f.kind, "about": f.about, "source": f.source, "label": f.label, "old": list(f.old),
                     "when": f.when, "cites": [_cite(c) for c in f.cites]} for f in ch.figures],
        "verdicts": [{"about": v.about, "old": v.old, "new": v.new, "explanation": v.explanation,
                      "cites": [_cite(c) for c in v.cites]} for v in ch.verdicts],
        "new_speakers": list(ch.new_speakers),
        "quotes": [{"speaker": q.speaker, "text": q.text, "kind": q.kind, "new_speaker": q.new_speaker,
                    "cite": _cite(q.cite)} for q in ch.quotes],
        "outlets": [{"outlet": o.outlet, "cites": [_cite(c) for c in o.cites]} for o in ch.outlets],
        "timeline": [{"date": t.date, "text": t.text, "cite": _cite(t.cite)} for t in ch.timeline],
    }


def _clip(text: str, n: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def figure_text(f) -> str:
    who = f.source or "unattributed"
    when = f" ({f.when})" if f.when else ""
    if f.kind == "revised":
        return f"{f.about}: {who}: {' / '.join(f.old)} → {f.label}{when}"
    return f"{f.about}: {who}: {f.label}{when}"


def markdown_lines(ch: StoryChanges, cite_ids: Callable[[list[str]], str]) -> list[str]:
    """Markdown lines of the section; ``cite_ids`` turns article ids into "[1, 2]"."""

    def cite(ids) -> str:
        return cite_ids(list(dict.fromkeys(ids)))

    out = ["## What changed", ""]
    if ch.first:
        out += [f"_First version of this story (version {ch.version}): nothing earlier to compare with._", ""]
        return out
    new = [a for a in ch.articles if not a.revised]
    revised = [a for a in ch.articles if a.revised]
    head = f"*Since {ch.since}, now version {ch.version}: {len(new)} new article{'s' if len(new) != 1 else ''}"
    head += f" {cite([a.id for a in new])}" if new else ""
    head += f", {len(revised)} revised {cite([a.id for a in revised])}" if revised else ""
    out += [head + ".*", ""]
    if ch.empty:
        out += ["- Nothing changed.", ""]
        return out
    for f in ch.figures:
        label = "Revised figure" if f.kind == "revised" else "New figure"
        out.append(f"- **{label}** — {figure_text(f)} {cite([c.article for c in f.cites])}")
    for v in ch.verdicts:
        out.append(f"- **Sources now {_VERDICT.get(v.new, v.new)}** — {v.about}: was {_VERDICT.get(v.old, v.old)}"
                   f" {cite([c.article for c in v.cites])}")
    for name in ch.new_speakers:
        out.append(f"- **New voice** — {name} {cite([q.cite.article for q in ch.quotes if q.speaker == name])}")
    for q in ch.quotes:
        if q.speaker:
            mark, end = ("“", "”") if q.kind == "direct" else ("(indirect) ", "")
            out.append(f"- **New quote** — {q.speaker}: {mark}{_clip(q.text)}{end} {cite([q.cite.article])}")
    if unattributed := [q for q in ch.quotes if not q.speaker]:
        out.append(f"- {len(unattributed)} new unattributed quote{'s' if len(unattributed) != 1 else ''}"
                   f" {cite([q.cite.article for q in unattributed])}")
    for o in ch.outlets:
        out.append(f"- **New outlet** — {o.outlet} {cite([c.article for c in o.cites])}")
    for t in ch.timeline:
        out.append(f"- **New in the timeline** — {t.date}: {_clip(t.text, 160)} {cite([t.cite.article])}")
    out.append("")
    return out
