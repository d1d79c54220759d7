"""Server-side rendering: the Jinja environment of the pages and the views they need.

The story page extends the HTML report's own template (``render/templates/brief.html.j2``):
the same summary, figures, chart, quotes, timeline and coverage, with the report's in-page
citation links turned into links to the article page at the cited span.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from urllib.parse import quote

from markupsafe import Markup

from newsdesk.web.safety import safe_href

_REPORT_LINK = re.compile(r'href="#a=([^"&]+)&amp;s=(\d+)&amp;e=(\d+)"')


def article_href(article: str, start: int | None = None, end: int | None = None) -> str:
    """The article page, at the span ``body[start:end]`` when given (highlighted, scrolled to)."""
    base = f"/articles/{quote(article, safe='')}"
    if start is None or end is None or end <= start:
        return base
    return f"{base}?s={int(start)}&e={int(end)}#hl"


def _web_links(svg: str) -> str:
    """The report's ``#a=…&s=…&e=…`` links inside a chart, as article-page links."""
    from urllib.parse import unquote

    return _REPORT_LINK.sub(lambda m: 'href="' + escape(article_href(unquote(m.group(1)), int(m.group(2)),
                                                                         int(m.group(3)))) + '"', svg)


@lru_cache(maxsize=1)
def environment():
    from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

    from newsdesk.render.svg import colour

    env = Environment(
        loader=ChoiceLoader([PackageLoader("newsdesk.web", "templates"), PackageLoader("newsdesk.render", "templates")]),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["href"] = lambda aid, start, end: article_href(aid, start, end)
    env.globals["article_href"] = article_href
    env.globals["colour"] = colour
    env.globals["safe_href"] = safe_href
    env.filters["span"] = date_span
    return env


def date_span(first: str | None, last: str | None) -> str:
    if not first:
        return ""
    first, last = first[:10], (last or first)[:10]
    return first if first == last else f"{first} – {last}"


def render_page(name: str, **context) -> str:
    return environment().get_template(name).render(**context)


def story_page(brief, info, relations) -> str:
    """The story page: the report's template, one story, web links, the app's frame."""
    from newsdesk.render.html import story_views

    story = brief.stories[0]
    view = story_views(brief)[0]
    view["charts"] = {gid: _web_links(svg) for gid, svg in view["charts"].items()}
    view["timeline_svg"] = _web_links(view["timeline_svg"])
    return render_page(
        "story.html.j2", brief=brief, stories=[view], articles=view["articles"], skipped=(), info=info,
        title=story.title, relations=relations, numbers=view["numbers"],
    )


# --------------------------------------------------------------------------- article bodies


def annotations_for(brief, article_id: str) -> list[tuple[int, int, str, str]]:
    """(start, end, css class, title) of the entities, quotes and claims of one article."""
    out: list[tuple[int, int, str, str]] = []
    if brief is None:
        return out
    for story in brief.stories:
        for entity in story.entities:
            for m in entity.mentions:
                if m.article == article_id and m.end > m.start:
                    out.append((m.start, m.end, f"ent ent-{entity.type.lower()}", f"{entity.name} ({entity.type})"))
        for q in story.quotes:
            if q.quote.article == article_id and q.quote.end > q.quote.start:
                who = q.quote.speaker or "unattributed"
                out.append((q.quote.start, q.quote.end, f"quote quote-{q.quote.kind}", f"{q.quote.kind} quote: {who}"))
        for c in story.claims:
            if c.claim.article == article_id and c.claim.end > c.claim.start:
                about = c.claim.what or c.claim.unit or "figure"
                src = f", source: {c.claim.source}" if c.claim.source else ""
                out.append((c.claim.start, c.claim.end, "claim", f"figure: {about}{src}"))
    return out


def _segments(text: str, lo: int, hi: int, spans) -> str:
    cuts = {lo, hi}
    for s, e, _, _ in spans:
        if e > lo and s < hi:
            cuts.add(max(s, lo))
            cuts.add(min(e, hi))
    points = sorted(cuts)
    parts = []
    for a, b in zip(points, points[1:]):
        active = [(c, t) for s, e, c, t in spans if s <= a and e >= b]
        chunk = escape(text[a:b], quote=False)
        if active:
            classes = " ".join(dict.fromkeys(c for c, _ in active))
            titles = "; ".join(dict.fromkeys(t for _, t in active))
            parts.append(f'<span class="{escape(classes)}" title="{escape(titles)}">{chunk}</span>')
        else:
            parts.append(chunk)
    return "".join(parts)


def annotated_body(body: str, spans, cited: tuple[int, int] | None) -> Markup:
    """The body as escaped HTML, annotations as spans, the cited span in one ``<mark id="hl">``."""
    if cited is not None:
        s, e = cited
        if not (0 <= s < e <= len(body)):
            cited = None
    if cited is None:
        return Markup(_segments(body, 0, len(body), spans))
    s, e = cited
    return Markup(_segments(body, 0, s, spans) + '<mark class="hl" id="hl">' + _segments(body, s, e, spans)
                  + "</mark>" + _segments(body, e, len(body), spans))


def snippet_html(snippet: str | None, terms: list[str]) -> Markup:
    """An FTS snippet (matches in [brackets]) as escaped HTML with the matches marked."""
    if not snippet:
        return Markup("")
    stems = [t.lower()[:5] for t in terms if t]

    def mark(m: re.Match) -> str:
        inner = m.group(1)
        if any(inner.lower().startswith(s[: max(3, min(len(s), len(inner)))]) for s in stems):
            return f"<mark>{escape(inner)}</mark>"
        return escape(m.group(0))

    out, pos = [], 0
    for m in re.finditer(r"\[([^\[\]]{1,80})\]", snippet):
        out.append(escape(snippet[pos:m.start()]))
        out.append(mark(m))
        pos = m.end()
    out.append(escape(snippet[pos:]))
    return Markup("".join(out))


# --------------------------------------------------------------------------- API docs


def _type(schema: dict | None) -> str:
    if not schema:
        return ""
    if "type" in schema:
        t = schema["type"]
        if t == "array":
            return f"array of {_type(schema.get('items')) or 'items'}"
        return str(t)
    if "anyOf" in schema:
        return " | ".join(x for x in (_type(s) for s in schema["anyOf"]) if x)
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    return ""


def docs_view(spec: dict) -> list[dict]:
    """The OpenAPI document as plain rows for the docs page (no script needed to read it)."""
    out = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            params = []
            for p in op.get("parameters", []):
                schema = p.get("schema") or {}
                params.append({"name": p.get("name", ""), "in": p.get("in", ""), "type": _type(schema),
                               "default": schema.get("default"), "required": bool(p.get("required")),
                               "about": p.get("description") or schema.get("description") or ""})
            body = list((op.get("requestBody") or {}).get("content", {}).keys())
            fields = []
            for media in (op.get("requestBody") or {}).get("content", {}).values():
                ref = (media.get("schema") or {}).get("$ref", "")
                schema = spec.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
                for name, prop in schema.get("properties", {}).items():
                    fields.append({"name": name, "type": _type(prop) or ("file" if prop.get("format") == "binary" else ""),
                                   "about": prop.get("description", "")})
            out.append({"method": method, "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "id": op.get("operationId", ""),
                        "params": params, "body": body, "fields": fields,
                        "responses": [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()]})
    return out
