"""Inline SVG figures for the HTML report: claim values by source, and the timeline.

Pure string building (no plotting library, nothing fetched when the report is opened). Every
mark links to the cited span (``href`` in the report's ``#a=…&s=…&e=…`` form).
"""

from __future__ import annotations

import math
import zlib
from datetime import date
from html import escape
from urllib.parse import quote

from newsdesk.reconcile.model import ClaimGroup, ClaimItem, TimelineEntry
from newsdesk.reconcile.numbers import format_figure

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")


def span_href(article: str, start: int, end: int) -> str:
    """The report's link to ``body[start:end]`` of an article (read by the page's script)."""
    return f"#a={quote(article, safe='')}&s={start}&e={end}"


def colour(key: str | None) -> str:
    if not key:
        return "#7f7f7f"
    return PALETTE[zlib.crc32(key.encode("utf-8")) % len(PALETTE)]


def claim_chart(group: ClaimGroup, claims: dict[str, ClaimItem], numbers: dict[str, int], *, width: int = 640) -> str:
    """Horizontal bars, one per claim: source, value, hedging (≈, ≥ arrow, ≤ arrow, range)."""
    items = [claims[c] for c in group.claims if c in claims]
    if not items:
        return ""
    items.sort(key=lambda c: (c.claim.source or "~", c.claim.value))
    sources = list(dict.fromkeys(c.claim.source for c in items))
    fills = {src: ("#7f7f7f" if src is None else PALETTE[i % len(PALETTE)]) for i, src in enumerate(sources)}
    step, top = nice_ticks(max(max(c.claim.value, c.claim.value_high or 0) for c in items) * 1.08)
    label_w, value_w, row_h, pad = 210, 120, 24, 6
    plot_w = width - label_w - value_w
    height = pad * 2 + row_h * len(items) + 18
    parts = [
        f'<svg class="claim-chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(group.about)}: values by source">'
    ]
    for tick in range(int(round(top / step)) + 1):
        v = step * tick
        x = label_w + plot_w * v / top
        parts.append(f'<line x1="{x:.1f}" y1="{pad}" x2="{x:.1f}" y2="{height - 18}" class="grid"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" class="tick" text-anchor="middle">{escape(_short(v))}</text>')
    for row, item in enumerate(items):
        c = item.claim
        y = pad + row * row_h
        lo = c.value if c.qualifier == "range" else 0.0
        hi = (c.value_high or c.value) if c.qualifier == "range" else c.value
        x0 = label_w + plot_w * lo / top
        x1 = label_w + plot_w * hi / top
        fill = fills[c.source]
        label = f"{c.source or 'unattributed'} [{numbers.get(c.article, '?')}]"
        href = span_href(c.article, c.start, c.end)
        dash = ' stroke-dasharray="4 3"' if c.vague or item.projection else ""
        parts.append(f'<a href="{escape(href)}" class="bar-link" data-claim="{item.id}">')
        parts.append(f'<title>{escape(c.text)} — {escape(label)}</title>')
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="label">{escape(_clip(label, 30))}</text>')
        parts.append(
            f'<rect class="bar" x="{x0:.1f}" y="{y + 4}" width="{max(2.0, x1 - x0):.1f}" height="{row_h - 8}" '
            f'fill="{fill}" fill-opacity="{0.45 if c.qualifier in ("up_to", "at_least", "more_than", "fewer_than") else 0.85}" '
            f'stroke="{fill}"{dash}/>'
        )
        if c.qualifier in ("at_least", "more_than"):
            parts.append(f'<path d="M{x1:.1f},{y + 4} l10,{(row_h - 8) / 2:.1f} l-10,{(row_h - 8) / 2:.1f} z" fill="{fill}"/>')
        elif c.qualifier in ("up_to", "fewer_than"):
            parts.append(f'<line x1="{x1:.1f}" y1="{y + 1}" x2="{x1:.1f}" y2="{y + row_h - 1}" stroke="{fill}" stroke-width="3"/>')
        text = format_figure(c.qualifier, c.value, c.value_high)
        if item.projection:
            text += " (projection)"
        parts.append(f'<text x="{x1 + 14:.1f}" y="{y + 16}" class="value">{escape(text)}</text>')
        parts.append("</a>")
    parts.append("</svg>")
    return "".join(parts)


def nice_ticks(maximum: float, count: int = 4) -> tuple[float, float]:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) and the axis end it gives."""
    if maximum <= 0:
        return 1.0, 1.0
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step, step * math.ceil(maximum / step)


def _short(v: float) -> str:
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if v >= scale:
            return f"{v / scale:.2f}".rstrip("0").rstrip(".") + suffix
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _as_date(iso: str) -> date | None:
    try:
        parts = [int(p) for p in iso.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def timeline_chart(entries: tuple[TimelineEntry, ...], numbers: dict[str, int], *, width: int = 720) -> str:
    """Dated events on a time axis; month and year precision drawn as spans, days as dots."""
    dated = [(e, _as_date(e.date)) for e in entries]
    dated = [(e, d) for e, d in dated if d]
    if not dated:
        return ""
    first = min(d for _, d in dated).toordinal()
    last = max(d for _, d in dated).toordinal()
    span = max(1, last - first)
    pad, height = 40, 70 + 16 * min(len(dated), 8)
    axis_y = 40
    parts = [
        f'<svg class="timeline-chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="timeline">',
        f'<line x1="{pad}" y1="{axis_y}" x2="{width - pad}" y2="{axis_y}" class="axis"/>',
    ]

    def x_of(d: date) -> float:
        if last == first:
            return width / 2
        return pad + (width - 2 * pad) * (d.toordinal() - first) / span

    for k, (e, d) in enumerate(dated):
        x = x_of(d)
        href = span_href(e.article, e.start, e.end)
        label_y = axis_y + 22 + 16 * (k % 8)
        parts.append(f'<a href="{escape(href)}" class="event-link">')
        parts.append(f"<title>{escape(e.date)}: {escape(_clip(e.text, 140))}</title>")
        if e.precision == "day":
            parts.append(f'<circle class="event" cx="{x:.1f}" cy="{axis_y}" r="6"/>')
        else:
            days = 31 if e.precision == "month" else 365
            x_end = pad + (width - 2 * pad) * min(span, d.toordinal() + days - first) / span if last != first else x + 12
            parts.append(f'<rect class="event period" x="{x:.1f}" y="{axis_y - 5}" width="{max(8.0, x_end - x):.1f}" height="10"/>')
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y + 6}" x2="{x:.1f}" y2="{label_y - 10}" class="leader"/>')
        anchor = "start" if x < width * 0.7 else "end"
        parts.append(f'<text x="{x:.1f}" y="{label_y}" text-anchor="{anchor}" class="event-label">'
                     f'{escape(e.date)} [{numbers.get(e.article, "?")}]</text>')
        parts.append("</a>")
    parts.append("</svg>")
    return "".join(parts)
