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
from newsdesk.reconcile.numbers import format_claim_figure

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")


def span_href(article: str, start: int, end: int) -> str:
    """The report's link to ``body[start:end]`` of an article (read by the page's script)."""
    return f"#a={quote(article, safe='')}&s={start}&e={end}"


def colour(key: str | None) -> str:
    if not key:
        return "#7f7f7f"
    return PALETTE[zlib.crc32(key.encode("utf-8")) % len(PALETTE)]


def claim_chart(group: ClaimGroup, claims: dict[str, ClaimItem], numbers: dict[str, int], *, width: int = 640) -> str:
    """Horizontal bars, one per claim: source, value, hedging (≈, ≥ arrow, ≤ arrow, range).

    Every group has its own axis in its own unit (money, percentages and counts are never drawn
    on one scale); a group that is a series over time is drawn as a series (:func:`series_chart`).
    """
    items = [claims[c] for c in group.claims if c in claims]
    if not items:
        return ""
    if len(group.periods) > 1:
        return series_chart(group, claims, numbers, width=width)
    kind, currency = items[0].claim.kind, items[0].claim.currency
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
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" class="tick" text-anchor="middle">{escape(_tick(v, kind, currency))}</text>')
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
        text = format_claim_figure(c.qualifier, c.value, c.value_high, c.kind, c.currency, c.unit)
        if item.projection:
            text += " (projection)"
        parts.append(f'<text x="{x1 + 14:.1f}" y="{y + 16}" class="value">{escape(text)}</text>')
        parts.append("</a>")
    parts.append("</svg>")
    return "".join(parts)


def series_chart(group: ClaimGroup, claims: dict[str, ClaimItem], numbers: dict[str, int], *,
                 width: int = 640) -> str:
    """A series over time: one column per period (oldest first), a dot per claim coloured by
    source (hollow for a bound), and a line through the periods' figures."""
    columns = [(p, [claims[c] for c in p.claims if c in claims]) for p in group.periods]
    columns = [(p, items) for p, items in columns if items]
    if not columns:
        return ""
    first = columns[0][1][0].claim
    kind, currency = first.kind, first.currency
    top_value = max(max(i.claim.value_high or i.claim.value for i in items) for _, items in columns)
    step, top = nice_ticks(top_value * 1.08)
    left, right, pad, height = 70, 20, 14, 220
    bottom = height - 40
    plot_w = width - left - right
    col_w = plot_w / len(columns)
    sources = list(dict.fromkeys(i.claim.source for _, items in columns for i in items))
    fills = {src: ("#7f7f7f" if src is None else PALETTE[k % len(PALETTE)]) for k, src in enumerate(sources)}

    def y_of(v: float) -> float:
        return bottom - (bottom - pad) * v / top

    parts = [
        f'<svg class="claim-chart series-chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(group.about)}: values over time, oldest first">'
    ]
    for tick in range(int(round(top / step)) + 1):
        v = step * tick
        parts.append(f'<line x1="{left}" y1="{y_of(v):.1f}" x2="{width - right}" y2="{y_of(v):.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y_of(v) + 4:.1f}" class="tick" text-anchor="end">{escape(_tick(v, kind, currency))}</text>')
    line = []
    for k, (period, items) in enumerate(columns):
        x = left + col_w * (k + 0.5)
        values = sorted(i.claim.value for i in items)
        line.append(f"{x:.1f},{y_of(values[len(values) // 2]):.1f}")
        label = period.label or "undated"
        parts.append(f'<text x="{x:.1f}" y="{bottom + 16}" class="tick" text-anchor="middle">{escape(_clip(label, 18))}</text>')
        if period.verdict == "disagree":
            parts.append(f'<text x="{x:.1f}" y="{bottom + 30}" class="tick" text-anchor="middle">sources differ</text>')
        for n, item in enumerate(items):
            c = item.claim
            cx = x + (n - (len(items) - 1) / 2) * 9
            fill = fills[c.source]
            bound = c.qualifier in ("up_to", "at_least", "more_than", "fewer_than")
            href = span_href(c.article, c.start, c.end)
            text = format_claim_figure(c.qualifier, c.value, c.value_high, c.kind, c.currency, c.unit)
            parts.append(f'<a href="{escape(href)}" class="dot-link" data-claim="{item.id}">')
            parts.append(f'<title>{escape(label)}: {escape(text)} — {escape(c.source or "unattributed")} '
                         f'[{numbers.get(c.article, "?")}]</title>')
            parts.append(f'<circle class="dot" cx="{cx:.1f}" cy="{y_of(c.value):.1f}" r="5" '
                         f'fill="{"white" if bound else fill}" stroke="{fill}" stroke-width="2"/>')
            parts.append("</a>")
    if len(line) > 1:
        parts.insert(1 + 2 * (int(round(top / step)) + 1),
                     f'<polyline class="series-line" points="{" ".join(line)}" fill="none" stroke="#555" stroke-width="1.5"/>')
    parts.append("</svg>")
    return "".join(parts)


def _tick(v: float, kind: str = "count", currency: str | None = None) -> str:
    """An axis label in the figures' own unit: "$60B", "5.4%", "943k"."""
    if kind in ("percent", "points"):
        return f"{v:.2f}".rstrip("0").rstrip(".") + ("%" if kind == "percent" else " pt")
    text = _short(v)
    if kind == "money":
        return {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency or "", "") + text
    return text


def nice_ticks(maximum: float, count: int = 4) -> tuple[float, float]:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) and the axis end it gives."""
    if maximum <= 0:
        return 1.0, 1.0
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step, step * math.ceil(maximum / step)


def _short(v: float) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
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
