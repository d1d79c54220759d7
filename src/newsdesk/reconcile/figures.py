"""Summary sentences stated from the claim groups: the figures, their sources, the disagreement.

"Figures for North Korean troops in Russia differ: about 10,000 (United States, Pentagon),
11,000 (South Korea; described as an increase) and up to 12,000 (Ukraine)." Figures of different
sources that agree are stated once with all their sources; a time note is kept where it explains
a difference (an increase, a projection, a source giving two figures).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from newsdesk.reconcile.claim_groups import figures_agree
from newsdesk.reconcile.model import ClaimGroup, ClaimItem, SourceFigure, Span, SummarySentence
from newsdesk.reconcile.numbers import format_value
from newsdesk.records import Claim

MAX_FIGURE_SENTENCES = 3


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _figure_claim(f: SourceFigure) -> Claim:
    return Claim(article="", start=0, end=0, text=f.label, value=f.value, qualifier=f.qualifier, value_high=f.value_high)


def _value_clusters(figures: Sequence[SourceFigure]) -> list[list[SourceFigure]]:
    """Figures of different sources that state the same value (point with point, bound with bound)."""
    clusters: list[list[SourceFigure]] = []
    for f in figures:
        for cl in clusters:
            head = cl[0]
            if "range" not in (head.qualifier, f.qualifier) and figures_agree(_figure_claim(head), _figure_claim(f)):
                cl.append(f)
                break
        else:
            clusters.append([f])
    return clusters


_TIMING_NOTE = {"update": "described as an increase", "earlier": "an earlier figure", "later": "a later figure", "projection": "a projection"}


def figure_sentence(group: ClaimGroup, claims: dict[str, ClaimItem]) -> SummarySentence | None:
    """One sentence stating a claim group's figures with their sources (None for a lone claim)."""
    figures = [f for f in group.figures if "vague" not in f.label]
    if not figures:
        return None
    clusters = _value_clusters(figures)
    clusters.sort(key=lambda cl: (-sum(len(f.articles) for f in cl), any(f.timing == "earlier" for f in cl)))
    # a time note is worth its words where it explains a difference: an increase or projection,
    # or a source that gives two different figures
    values_of: dict[str | None, set[float]] = defaultdict(set)
    for f in figures:
        values_of[f.source].add(f.value)
    parts = []
    for cl in clusters:
        labels = [f.label for f in cl]
        # the commonest wording; on a tie, the hedged one ("at least 3,000" over "3,000")
        label = max(dict.fromkeys(labels), key=lambda x: (labels.count(x), x != format_value(cl[0].value), x))
        sources = list(dict.fromkeys(f.source for f in cl if f.source))
        notes = list(dict.fromkeys(
            _TIMING_NOTE[f.timing] for f in cl
            if f.timing in ("update", "projection") or (f.timing and len(values_of[f.source]) > 1)
        ))
        inside = ", ".join(sources) if sources else "unattributed"
        if notes:
            inside += "; " + ", ".join(notes)
        parts.append(f"{label} ({inside})")
    if group.verdict in ("series", "disagree") and len(group.periods) > 1:
        text = _series_text(group)
    elif group.verdict == "disagree":
        text = f"Figures for {group.about} differ: {_join(parts)}."
    elif group.verdict == "agree":
        text = f"Sources agree on {parts[0]} for {group.about}." if len(parts) == 1 else f"Sources agree on {group.about}: {_join(parts)}."
    else:
        text = f"{group.about[:1].upper()}{group.about[1:]}: {_join(parts)}."
    ids = [cid for f in figures for cid in f.claims]
    support = tuple(Span(claims[c].claim.article, claims[c].claim.start, claims[c].claim.end) for c in ids
                    if c in claims and not claims[c].claim.in_title)  # a headline's figure has no body span
    citations = tuple(dict.fromkeys(s.article for s in support))
    return SummarySentence(text=text, citations=citations, support=support, origin="claims")


def _series_text(group: ClaimGroup) -> str:
    """"Positions over time: more than 1 million (August last year), 938,000 (June) and 943,000
    (July; Bureau of Labor Statistics, Labor Department)."""
    parts = []
    for period in group.periods:
        ids = set(period.claims)
        figures = [f for f in group.figures if ids & set(f.claims) and "vague" not in f.label]
        if not figures:
            continue
        if period.verdict == "disagree":  # "for the prior week 6.9 million (X) against 6.8 million (Y)"
            by_label: dict[str, list[str]] = defaultdict(list)
            for f in figures:
                by_label[f.label].append(f.source or "unattributed")
            stated = " against ".join(f"{label} ({', '.join(dict.fromkeys(srcs))})" for label, srcs in by_label.items())
            parts.append(f"for {period.label or 'no stated period'} {stated}")
            continue
        labels = [f.label for f in figures]
        label = max(dict.fromkeys(labels), key=labels.count)  # on a tie the first listed: the same in every process
        sources = list(dict.fromkeys(f.source for f in figures if f.source))
        inside = "; ".join(x for x in (period.label, ", ".join(sources)) if x)
        parts.append(f"{label} ({inside})" if inside else label)
    about = f"{group.about[:1].upper()}{group.about[1:]}"
    if group.verdict == "disagree":
        return f"{about}, by period: {_join(parts)}."
    return f"{about} over time: {_join(parts)}."


def figure_sentences(
    groups: Sequence[ClaimGroup], claims: Sequence[ClaimItem]
) -> list[tuple[ClaimGroup, SummarySentence]]:
    """Figure sentences for the groups that more than one article reports, or that are disputed."""
    by_id = {c.id: c for c in claims}
    chosen = [g for g in groups if len(g.articles) > 1 or g.verdict == "disagree"]
    chosen.sort(key=lambda g: (-len(g.articles), -len(g.claims)))
    out = []
    for g in chosen[:MAX_FIGURE_SENTENCES]:
        s = figure_sentence(g, by_id)
        if s:
            out.append((g, s))
    return out


# --------------------------------------------------------------------------- extracted sentences
