"""The brief as Markdown, for the terminal (``rich`` renders it) or any Markdown viewer.

Articles are numbered per story ([1], [2] …) in the order of the Sources list at the end.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsdesk.reconcile.model import Brief, StoryBrief
from newsdesk.records import Article

_VERDICT = {"agree": "agree", "disagree": "**disagree**", "single": "one source", "series": "changed over time"}


def _period_cell(period, group, claim_items, cite) -> str:
    """"July: 943,000 (Bureau of Labor Statistics, Labor Department) [1][2]"."""
    ids = set(period.claims)
    parts = []
    for f in group.figures:
        if ids & set(f.claims):
            parts.append(f"{f.label} ({f.source or 'unattributed'}) {cite(f.articles)}")
    return f"{period.label or 'no period stated'}: {', '.join(parts)}"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _article_label(article: Article) -> str:
    parts = [article.title or "(untitled)"]
    if article.title_generated:
        parts[0] += " (title generated)"
    meta = [x for x in (article.outlet, article.byline, article.published.isoformat() if article.published else None) if x]
    if article.credits:
        meta.append("credits: " + ", ".join(article.credits))
    return parts[0] + (f" — {'; '.join(meta)}" if meta else "") + f" — `{article.source}`"


def render_story(story: StoryBrief, articles: dict[str, Article], changes=None) -> str:
    num = {aid: i for i, aid in enumerate(story.articles, start=1)}

    def cite(ids) -> str:
        return "[" + ", ".join(str(num[a]) for a in ids if a in num) + "]"

    out: list[str] = [f"# {story.title}", ""]
    out.append(f"*{len(story.articles)} articles · story `{story.id}`*")
    out.append("")
    if changes is not None:  # a stored story: what changed since the previous version (or --since)
        from newsdesk.render.changes import markdown_lines

        out.extend(markdown_lines(changes, cite))
    out.append("## Summary")
    out.append("")
    for s in story.summary:
        out.append(f"- {s.text} {cite(s.citations)}")
    if not story.summary:
        out.append("_No summary sentence passed the citation check._")
    out.append("")

    if story.claim_groups:
        out.append("## Figures")
        out.append("")
        out.append("| what | verdict | by source | articles |")
        out.append("| --- | --- | --- | --- |")
        claim_items = {c.id: c for c in story.claims}
        for g in story.claim_groups:
            by_source = "; ".join(
                f"{f.source or 'unattributed'}: {f.label}{' (' + f.timing + ')' if f.timing else ''} {cite(f.articles)}"
                for f in g.figures
            )
            if len(g.periods) > 1:  # a series: the figures by period, oldest first
                by_source = "; ".join(_period_cell(p, g, claim_items, cite) for p in g.periods)
            out.append(f"| {_cell(g.about)} | {_VERDICT.get(g.verdict, g.verdict)} | {_cell(by_source)} | {cite(g.articles)} |")
        out.append("")
        for g in story.claim_groups:
            if g.verdict in ("disagree", "series"):
                out.append(f"- **{g.about}**: {g.explanation}")
        out.append("")

    if story.quotes:
        out.append("## Who said what")
        out.append("")
        by_speaker: dict[str, list] = defaultdict(list)
        for q in story.quotes:
            if not q.within:  # shown through the longer quote that holds it
                by_speaker[q.quote.speaker or "Unattributed"].append(q)
        groups = {g.id: g for g in story.quote_groups}
        order = sorted(by_speaker, key=lambda s: (s == "Unattributed", -len(by_speaker[s]), s))
        for speaker in order:
            out.append(f"**{speaker}**")
            out.append("")
            seen_groups: set[str] = set()
            for q in by_speaker[speaker]:
                if q.group and q.group in seen_groups:
                    continue
                where = [q.quote.article]
                flag = ""
                if q.group:
                    seen_groups.add(q.group)
                    g = groups[q.group]
                    where = list(g.articles)
                    if g.speakers_differ:
                        flag = " ⚠ attributed differently: " + ", ".join(s or "unattributed" for s in g.speakers)
                mark = "“" if q.quote.kind == "direct" else "(indirect) "
                end = "”" if q.quote.kind == "direct" else ""
                out.append(f"- {mark}{_clip(q.quote.text, 220)}{end} {cite(where)}{flag}")
            out.append("")

    if story.timeline:
        out.append("## Timeline")
        out.append("")
        for t in story.timeline:
            extra = [t.article] + [s.article for s in t.also_in]
            out.append(f"- **{t.date}** — {_clip(t.text)} {cite(extra)}")
        out.append("")

    out.append("## Coverage")
    out.append("")
    out.append("| # | figures | quotes | entities | only here |")
    out.append("| --- | --- | --- | --- | --- |")
    for c in story.coverage.by_article:
        out.append(f"| {num.get(c.article, '?')} | {', '.join(c.claim_groups)} | {len(c.quotes)} | {len(c.entities)} | {len(c.only_here)} |")
    out.append("")
    if story.coverage.shared_copy:
        for s in story.coverage.shared_copy:
            out.append(f"- shared copy: {cite(s.articles)} ({s.reason}{': ' + s.detail if s.detail else ''})")
    else:
        out.append("- no shared copy found")
    out.append(f"- copy detection: {story.coverage.method}")
    out.append("")

    out.append("## Sources")
    out.append("")
    for aid in story.articles:
        a = articles.get(aid)
        out.append(f"{num[aid]}. {_article_label(a) if a else aid}")
    out.append("")
    return "\n".join(out)


def render_markdown(brief: Brief) -> str:
    articles = {a.id: a for a in brief.articles}
    parts = [render_story(s, articles, brief.changes.get(s.id)) for s in brief.stories]
    if brief.skipped:
        lines = ["## Skipped inputs", ""] + [f"- `{s.source}`: {s.reason}" for s in brief.skipped] + [""]
        parts.append("\n".join(lines))
    if not brief.stories:
        parts.insert(0, "# No story\n\nNo article could be read.\n")
    return escape_html("\n\n---\n\n".join(parts))


_CODE_SPAN = re.compile(r"(`[^`\n]*`)")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def escape_html(markdown: str) -> str:
    """Markdown with the HTML that article text may carry made inert: outside code spans every
    ``<`` becomes ``&lt;`` and an ``&`` that would start an entity becomes ``&amp;``, so a
    ``<script>`` or ``<img onerror=…>`` copied from an article is shown, never run, by any
    Markdown viewer. The renderer itself writes no HTML."""
    parts = _CODE_SPAN.split(markdown)
    for i in range(0, len(parts), 2):  # even parts are outside code spans
        parts[i] = _ENTITY.sub("&amp;", parts[i]).replace("<", "&lt;")
    return "".join(parts)
