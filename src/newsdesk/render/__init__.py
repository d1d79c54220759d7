"""Renderers of the story brief: Markdown (terminal), self-contained HTML, JSON (the contract)."""

from __future__ import annotations

FORMATS = ("md", "html", "json")


def render(brief, fmt: str) -> str:
    """The brief in one of :data:`FORMATS`."""
    if fmt == "md":
        from newsdesk.render.markdown import render_markdown

        return render_markdown(brief)
    if fmt == "html":
        from newsdesk.render.html import render_html

        return render_html(brief)
    if fmt == "json":
        from newsdesk.render.jsonout import render_json

        return render_json(brief)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
