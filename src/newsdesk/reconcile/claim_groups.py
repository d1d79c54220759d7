"""Claim groups: the numeric claims of a story about one quantity, and whether the sources agree.

Grouping: claims count the same thing (:func:`newsdesk.reconcile.scope.what_key`) in the same
scope (:func:`newsdesk.reconcile.scope.claim_scope`); projections ("could send up to 10,000 by
December") are a quantity of their own. A claim that names no nationality, or no place, joins the
one group of its kind when there is exactly one, and stays apart otherwise.

Verdict, over the group's precise figures (vague ones such as "thousands" are kept but not
weighed): every stated figure is a source's estimate of the quantity, and the qualifier says how
the source hedged it, so "at least 3,000" states 3,000 and "up to 12,000" states 12,000. Two
figures agree when they are within a relative tolerance (5 %: "10,000" and "about 10,000"; not
10,000 and 11,000), or when a point lies inside a stated range. ``agree``: all figures agree and
more than one article states them; ``single``: one article, agreeing with itself; ``disagree``:
otherwise. The explanation lists the figures by source, and says which are earlier or later only
where the claims' dates, the articles' publication times or the article's own words ("increased
to", "previously") support it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsdesk.reconcile.model import ClaimGroup, ClaimItem, SourceFigure
from newsdesk.reconcile.numbers import format_figure
from newsdesk.reconcile.scope import (
    EARLIER_CUE,
    UPDATE_CUE,
    Scope,
    WhatKey,
    claim_scope,
    is_projection,
    scope_label,
    scopes_meet,
    what_key,
)
from newsdesk.reconcile.sentences import SentenceIndex
from newsdesk.records import Article, ArticleFacts, Claim, Entity
from newsdesk.textnorm import fold

TOLERANCE = 0.05
_BEFORE_CHARS = 60
_AFTER_CHARS = 120
_POINT = ("exact", "approximately")
_LOWER = ("at_least", "more_than")
_UPPER = ("up_to", "fewer_than")


@dataclass(frozen=True)
class _Reading:
    """What grouping needs to know about one claim."""

    index: int
    claim: Claim
    what: WhatKey
    scope: Scope
    projection: bool
    framing: str | None  # "update" | "earlier" | None
    when: str | None


def figures_agree(a: Claim, b: Claim, tolerance: float = TOLERANCE) -> bool:
    """Whether two precise figures state the same quantity (see the module docstring)."""

    def close(x: float, y: float) -> bool:
        return abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)

    a_range = a.qualifier == "range" and a.value_high is not None
    b_range = b.qualifier == "range" and b.value_high is not None
    if a_range and b_range:
        return close(a.value, b.value) and close(a.value_high, b.value_high)
    if a_range or b_range:
        rng, point = (a, b) if a_range else (b, a)
        return rng.value * (1 - tolerance) <= point.value <= rng.value_high * (1 + tolerance)
    return close(a.value, b.value)


def _local_context(body: str, claim: Claim, sentence: tuple[int, int], others: Sequence[Claim]) -> tuple[str, str]:
    """The text just before the figure and the rest of its clause, cut at neighbouring claims."""
    s_start, s_end = sentence
    lo = max(s_start, claim.start - _BEFORE_CHARS)
    hi = min(s_end, claim.end + _AFTER_CHARS)
    for other in others:
        if other is claim or other.start == claim.start:
            continue
        if other.end <= claim.start and other.end > lo:
            lo = other.end
        if other.start >= claim.end and other.start < hi:
            hi = other.start
    return body[lo:claim.start], body[claim.end:hi]


def _framing(before: str, after: str) -> str | None:
    near_after = after[:40]
    if UPDATE_CUE.search(before[-40:]) and not EARLIER_CUE.search(before[-40:]):
        return "update"
    if EARLIER_CUE.search(before[-40:]) or EARLIER_CUE.search(near_after):
        return "earlier"
    return None


def _readings(articles: Mapping[str, Article], facts: Sequence[ArticleFacts], index: SentenceIndex) -> list[_Reading]:
    readings: list[_Reading] = []
    n = 0
    for fact in facts:
        article = articles.get(fact.article)
        if article is None:
            continue
        claims = sorted(fact.claims, key=lambda c: (c.start, c.end))
        for claim in claims:
            if claim.sentence_start is not None and claim.sentence_end is not None:
                sentence = (claim.sentence_start, claim.sentence_end)
            else:
                sentence = index.containing(article.id, claim.start)
            before, after = _local_context(article.body, claim, sentence, claims)
            when = claim.when or (article.published.date().isoformat() if article.published else None)
            readings.append(_Reading(
                index=n,
                claim=claim,
                what=what_key(claim.what, claim.unit),
                scope=claim_scope(claim.where, before, after),
                projection=is_projection(before),
                framing=_framing(before, after),
                when=when,
            ))
            n += 1
    return readings


def _fill_gaps(readings: list[_Reading]) -> list[_Reading]:
    """Give a claim without nationality / place the only one its kind has in the story."""
    nationalities: dict[tuple, set[str]] = defaultdict(set)
    for r in readings:
        if r.what.nationality:
            nationalities[(r.what.modifiers, r.what.head)].add(r.what.nationality)
    out = []
    for r in readings:
        what = r.what
        if what.nationality is None and len(nationalities[(what.modifiers, what.head)]) == 1:
            what = what.with_nationality(next(iter(nationalities[(what.modifiers, what.head)])))
        out.append(_Reading(r.index, r.claim, what, r.scope, r.projection, r.framing, r.when))
    # a place that some claim's own words put on a border is on that border for every claim
    zones: dict[str, set[Scope]] = defaultdict(set)
    for r in out:
        if r.scope.kind == "border":
            for place in r.scope.places:
                zones[fold(place)].add(r.scope)
    placed = []
    for r in out:
        scope = r.scope
        if scope.kind == "place" and len(zones.get(fold(scope.places[0]), ())) == 1:
            zone = next(iter(zones[fold(scope.places[0])]))
            scope = Scope("border", zone.countries, scope.places)
        placed.append(_Reading(r.index, r.claim, r.what, scope, r.projection, r.framing, r.when))
    out = placed
    countries: dict[tuple, set[Scope]] = defaultdict(set)
    for r in out:
        if r.scope.kind == "country":
            countries[(r.what, r.projection)].add(r.scope)
    filled = []
    for r in out:
        scope = r.scope
        if scope.kind == "unspecified" and len(countries[(r.what, r.projection)]) == 1:
            scope = next(iter(countries[(r.what, r.projection)]))
        filled.append(_Reading(r.index, r.claim, r.what, scope, r.projection, r.framing, r.when))
    return filled


def _partition(readings: list[_Reading]) -> list[list[_Reading]]:
    """Union-find over claims with the same counted thing whose scopes meet."""
    parent = list(range(len(readings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_kind: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        by_kind[(r.what, r.projection, r.scope.kind)].append(i)
    for members in by_kind.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if scopes_meet(readings[i].scope, readings[j].scope):
                    parent[find(i)] = find(j)
    groups: dict[int, list[_Reading]] = defaultdict(list)
    for i, r in enumerate(readings):
        groups[find(i)].append(r)
    return list(groups.values())


def _verdict(members: list[_Reading]) -> str:
    precise = [r.claim for r in members if not r.claim.vague]
    articles = {r.claim.article for r in members}
    agree = all(figures_agree(a, b) for i, a in enumerate(precise) for b in precise[i + 1:])
    if not agree:
        return "disagree"
    return "agree" if len(articles) > 1 else "single"


def _direction(q: str) -> str:
    if q in _LOWER:
        return "lower"
    if q in _UPPER:
        return "upper"
    return "range" if q == "range" else "point"


def _date_order(a: str | None, b: str | None) -> int:
    """-1 if date a is surely before b, 1 if surely after, 0 when unknown or overlapping."""
    if not a or not b:
        return 0
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return 0
    return -1 if a[:n] < b[:n] else 1


def _figures(members: list[_Reading], ids: Mapping[int, str]) -> tuple[SourceFigure, ...]:
    """Merge the members into one figure per (source, hedging direction, value)."""
    buckets: dict[tuple, list[_Reading]] = defaultdict(list)
    for r in members:
        c = r.claim
        key = (c.source, _direction(c.qualifier), round(c.value, 6), c.value_high)
        buckets[key].append(r)
    figures: list[SourceFigure] = []
    for (source, _, _, _), rs in buckets.items():
        qualifier = Counter(r.claim.qualifier for r in rs).most_common(1)[0][0]
        first = rs[0].claim
        whens = sorted({r.when for r in rs if r.when})
        framings = {r.framing for r in rs if r.framing}
        timing = "projection" if rs[0].projection else (framings.pop() if len(framings) == 1 else None)
        figures.append(SourceFigure(
            source=source,
            qualifier=qualifier,
            value=first.value,
            value_high=first.value_high,
            claims=tuple(ids[r.index] for r in rs),
            articles=tuple(dict.fromkeys(r.claim.article for r in rs)),
            label=(f"{first.text} (vague)" if first.vague else format_figure(qualifier, first.value, first.value_high)),
            when=whens[-1] if whens else None,
            timing=timing,
        ))
    # time order within a source, where the dates support it
    by_source: dict[str | None, list[int]] = defaultdict(list)
    for i, f in enumerate(figures):
        by_source[f.source].append(i)
    for idxs in by_source.values():
        for i in idxs:
            f = figures[i]
            if f.timing:
                continue
            orders = [_date_order(f.when, figures[j].when) for j in idxs if j != i]
            if orders and all(o < 0 for o in orders):
                figures[i] = _replace_timing(f, "earlier")
            elif orders and all(o > 0 for o in orders):
                figures[i] = _replace_timing(f, "later")
    support = Counter()
    for f in figures:
        support[f.source] += len(f.articles)
    figures.sort(key=lambda f: (-support[f.source], f.source or "~", f.timing == "earlier", -len(f.articles), f.value))
    return tuple(figures)


def _replace_timing(f: SourceFigure, timing: str) -> SourceFigure:
    return SourceFigure(f.source, f.qualifier, f.value, f.value_high, f.claims, f.articles, f.label, f.when, timing)


_TIMING_WORDS = {
    "earlier": "an earlier figure",
    "later": "a later figure",
    "update": "described as an increase",
    "projection": "a projection",
}


def explain(verdict: str, figures: Sequence[SourceFigure], n_articles: int) -> str:
    """The group's figures by source and, where supported, by time."""
    by_source: dict[str | None, list[SourceFigure]] = defaultdict(list)
    for f in figures:
        by_source[f.source].append(f)
    parts = []
    for source, fs in by_source.items():
        texts = []
        for f in fs:
            note = [f"{len(f.articles)} article{'s' if len(f.articles) > 1 else ''}"]
            if f.timing:
                note.append(_TIMING_WORDS[f.timing])
            if f.when:
                note.append(f"dated {f.when}")
            texts.append(f"{f.label} ({'; '.join(note)})")
        parts.append(f"{source or 'unattributed'}: {', '.join(texts)}")
    listing = "; ".join(parts)
    if verdict == "agree":
        return f"{n_articles} articles agree. {listing}."
    if verdict == "single":
        return f"Reported by one article only. {listing}."
    undated = [f for f in figures if not f.when]
    tail = ""
    if len(undated) > 1 and not all(f.timing for f in figures):
        tail = " Figures without a date cannot be put in time order."
    return f"The figures differ by source. {listing}.{tail}"


def _about(members: list[_Reading]) -> str:
    whats = Counter((r.claim.what or r.claim.unit or "quantity") for r in members)
    best = max(whats.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    scopes = [r.scope for r in members]
    label = scope_label(scopes)
    text = f"{best} {label}".strip()
    return text + (", projected" if members[0].projection else "")


def _entity_lookup(entities: Sequence[Entity]) -> dict[str, str]:
    table: dict[str, str] = {}
    for e in entities:
        for name in (e.name, *e.aliases):
            table.setdefault(fold(name), e.id)
    return table


def group_claims(
    articles: Sequence[Article],
    facts: Sequence[ArticleFacts],
    entities: Sequence[Entity] = (),
    *,
    index: SentenceIndex | None = None,
) -> tuple[tuple[ClaimItem, ...], tuple[ClaimGroup, ...]]:
    """Number the story's claims (c1…) and group them (g1…, most widely reported first)."""
    by_id = {a.id: a for a in articles}
    index = index or SentenceIndex(articles)
    order = {a.id: i for i, a in enumerate(articles)}
    facts = sorted(facts, key=lambda f: order.get(f.article, len(order)))
    readings = _fill_gaps(_readings(by_id, facts, index))
    ids = {r.index: f"c{r.index + 1}" for r in readings}
    partitions = _partition(readings)
    partitions.sort(key=lambda ms: (-len({r.claim.article for r in ms}), -len(ms), min(r.index for r in ms)))
    entity_of = _entity_lookup(entities)
    groups: list[ClaimGroup] = []
    group_of: dict[int, str] = {}
    for n, members in enumerate(partitions, start=1):
        gid = f"g{n}"
        members.sort(key=lambda r: r.index)
        verdict = _verdict(members)
        figures = _figures(members, ids)
        arts = tuple(dict.fromkeys(r.claim.article for r in members))
        groups.append(ClaimGroup(
            id=gid,
            about=_about(members),
            claims=tuple(ids[r.index] for r in members),
            verdict=verdict,
            explanation=explain(verdict, figures, len(arts)),
            what=members[0].claim.what or members[0].claim.unit or "",
            scope=members[0].scope.key(),
            figures=figures,
            articles=arts,
        ))
        for r in members:
            group_of[r.index] = gid
    items = tuple(
        ClaimItem(
            id=ids[r.index],
            claim=r.claim,
            source_entity=entity_of.get(fold(r.claim.source)) if r.claim.source else None,
            group=group_of[r.index],
            projection=r.projection,
        )
        for r in readings
    )
    return items, tuple(groups)
