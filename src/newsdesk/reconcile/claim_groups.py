"""Claim groups: the figures of a story about one measure, and whether the sources agree.

Grouping (union of claims into measures):

* claims of one *bucket* only: the same kind of figure (count, money in one currency, percent,
  percentage points), the same footing (a forecast or projection is a measure of its own) and
  the same aspect (a running total, a revision, an undated baseline are measures of their own);
* the same counted or measured thing (:func:`newsdesk.reconcile.scope.what_key`: nationality,
  modifiers and head, with the synonyms of ``data/measures.json``: "jobs", "positions" and
  "payrolls" are one measure) in the same scope (:func:`newsdesk.reconcile.scope.claim_scope`);
  a claim that names no nationality, or no place, joins the one group of its kind when there is
  exactly one;
* across wording: figures of different articles with the same distinctive value (three
  significant digits, or two with a decimal or in the thousands: 943,000, 16.4 %, 6.6 million; not
  14) for periods that do not differ, in scopes that do not differ, are one measure ("consumer spending tumbled 16.4% in April" / "retail sales fell 16.4
  percent");
* a figure for "the prior week", "the previous month", "the week before" refers back to the
  measure of the figure before it in its article;
* a forecast whose words name no thing ("expected a 12.5% plunge") joins its bucket's one measure.

An event's magnitude or toll stated for another period (the 2004 tsunami's toll, last year's
quake) belongs to another event: such measures are split by stated period, never a series.

Periods (:mod:`newsdesk.reconcile.claim_periods`): a group's figures are put into one slot per
period; figures of no stated period, or of periods that cannot be compared, join the slot whose
figures they agree with, else the main slot (or a slot of their own when the group already has
several periods).

Verdict, over each slot's precise figures (vague ones such as "thousands" are kept but not
weighed; agreement is :func:`newsdesk.reconcile.claim_periods.figures_agree`): ``disagree`` when
the figures of some period are incompatible; ``series`` when every period's figures agree and
there are several periods (the figures changed over time; the periods are listed oldest
first); ``agree`` when more than one article states the one period's figures; ``single``
otherwise. The explanation names who gives which figure for which period.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsdesk.reconcile.claim_periods import (
    BACK_REFERENCE,
    PeriodKey,
    figures_agree,
    period_key,
    same_period,
    significant_digits,
    when_label,
)
from newsdesk.nlp.claims import is_minor_count
from newsdesk.nlp.claims_attrib import plain_name
from newsdesk.nlp.claims_duration import is_duration
from newsdesk.reconcile.claim_report import TALLY_HEADS, current_event, headline, report_slots, tally_slot_agrees
from newsdesk.reconcile.model import ClaimGroup, ClaimItem, PeriodSlot, SourceFigure
from newsdesk.reconcile.numbers import format_claim_figure
from newsdesk.reconcile.scope import (
    BORDER_CUE,
    EARLIER_CUE,
    UPDATE_CUE,
    Scope,
    WhatKey,
    claim_scope,
    is_projection,
    is_weak,
    scope_label,
    scopes_meet,
    what_key,
)
from newsdesk.reconcile.sentences import SentenceIndex
from newsdesk.records import Article, ArticleFacts, Claim, Entity
from newsdesk.textnorm import fold

__all__ = ["Embedder", "NEAR_SYNONYM", "figures_agree", "group_claims", "explain"]
# texts -> one vector per text (rows), or None when no encoder is at hand; the pipeline passes
# the clustering's sentence encoder (reconcile does not import cluster)
Embedder = Callable[[Sequence[str]], "Sequence[Sequence[float]] | None"]
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
    bucket: tuple = ()  # (kind, unit family, forecast, aspect): figures of one footing
    period: PeriodKey | None = None

    def but(self, **changes) -> "_Reading":
        return replace(self, **changes)


class _Neighbours:
    """One article's claims sorted by end and by start, so that each claim finds the claims next
    to it by bisection (work linear in the article, not claims x claims)."""

    def __init__(self, claims: Sequence[Claim]):
        self.by_end = sorted((c.end, c.start) for c in claims)
        self.ends = [e for e, _ in self.by_end]
        self.by_start = sorted(c.start for c in claims)


def _local_context(body: str, claim: Claim, sentence: tuple[int, int], near: _Neighbours) -> tuple[str, str]:
    """The text just before the figure and the rest of its clause, cut at neighbouring claims."""
    s_start, s_end = sentence
    lo = max(s_start, claim.start - _BEFORE_CHARS)
    hi = min(s_end, claim.end + _AFTER_CHARS)
    # the nearest claim ending in (lo, claim.start] and the nearest starting in [claim.end, hi),
    # the claim itself and any claim starting where it starts left out
    k = bisect_right(near.ends, claim.start) - 1
    while k >= 0 and near.by_end[k][0] > lo:
        if near.by_end[k][1] != claim.start:
            lo = near.by_end[k][0]
            break
        k -= 1
    k = bisect_left(near.by_start, claim.end)
    while k < len(near.by_start) and near.by_start[k] < hi:
        if near.by_start[k] != claim.start:
            hi = near.by_start[k]
            break
        k += 1
    return body[lo:claim.start], body[claim.end:hi]


def _title_context(title: str, claim: Claim) -> tuple[str, str]:
    """A headline figure's words before and after it (the headline is its one sentence)."""
    at = title.find(claim.text)
    if at < 0:
        return "", ""
    return title[max(0, at - _BEFORE_CHARS):at], title[at + len(claim.text):at + len(claim.text) + _AFTER_CHARS]


def _framing(before: str, after: str) -> str | None:
    near_after = after[:40]
    if UPDATE_CUE.search(before[-40:]) and not EARLIER_CUE.search(before[-40:]):
        return "update"
    if EARLIER_CUE.search(before[-40:]) or EARLIER_CUE.search(near_after):
        return "earlier"
    return None


_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")


def _confirmed_minor(facts: Sequence[ArticleFacts]) -> list[ArticleFacts]:
    """A small count of an ordinary noun (:func:`newsdesk.nlp.claims.is_minor_count`: "two Saudi
    hijackers") is a figure of the story only when another article gives the same count of the
    same thing; the others are dropped (idioms such as "two countries" rarely recur)."""
    minor: dict[tuple, set[str]] = defaultdict(set)
    for fact in facts:
        for c in fact.claims:
            if is_minor_count(c):
                minor[(round(c.value, 6), what_key(c.what, c.unit).head)].add(fact.article)
    if not minor:
        return list(facts)
    out = []
    for fact in facts:
        kept = tuple(c for c in fact.claims if not is_minor_count(c) or
                     len(minor[(round(c.value, 6), what_key(c.what, c.unit).head)]) > 1)
        out.append(fact if len(kept) == len(fact.claims) else replace(fact, claims=kept))
    return out


def _person_names(entities: Sequence[Entity], facts: Sequence[ArticleFacts] = ()) -> dict[str, str]:
    """The story's people by every name they are written with, and by a surname that only one of
    them bears: folded name -> the fullest name ("Trump", "President Trump" -> "Donald Trump").
    Besides the story's PERSON entities, a source written as a short proper name of several words
    ("Donald Trump") gives its surname to a one-word source of another article ("Trump")."""
    table: dict[str, str] = {}
    by_last: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        if e.type != "PERSON":
            continue
        names = [plain_name(n) for n in (e.name, *e.aliases)]
        full = max(names, key=lambda n: (len(n.split()), len(n)))
        for n in names:
            table.setdefault(fold(n), full)
        if len(full.split()) > 1:
            by_last[fold(full.split()[-1])].add(full)
    others = {fold(e.name) for e in entities if e.type != "PERSON"}
    for fact in facts:
        for c in fact.claims:
            name = plain_name(c.source) if c.source else ""
            words = name.split()
            if 2 <= len(words) <= 3 and all(_NAME_WORD.fullmatch(w) for w in words) and fold(name) not in others \
                    and fold(name) not in table:
                by_last[fold(words[-1])].add(name)
    for last, fulls in by_last.items():
        if len(fulls) == 1:
            table.setdefault(last, next(iter(fulls)))
    return table


def _story_name(source: str, people: Mapping[str, str]) -> str:
    """A source as the story names it: no descriptor or title, a person by the fullest name."""
    plain = plain_name(source)
    return people.get(fold(plain), plain)


def _readings(articles: Mapping[str, Article], facts: Sequence[ArticleFacts], index: SentenceIndex,
              people: Mapping[str, str] | None = None) -> list[_Reading]:
    readings: list[_Reading] = []
    people = people or {}
    n = 0
    for fact in facts:
        article = articles.get(fact.article)
        if article is None:
            continue
        # a source named with a descriptor or a title ("Drugmaker Pfizer", "President Trump"), or
        # by a surname: the name the story knows it by
        fact_claims = [replace(c, source=_story_name(c.source, people)) if c.source else c for c in fact.claims]
        body_claims = [c for c in fact_claims if not c.in_title]
        claims = _quoted_sources(sorted(body_claims, key=lambda c: (c.start, c.end)), fact.quotes)
        claims += [c for c in fact_claims if c.in_title]
        near = _Neighbours(body_claims)
        for claim in claims:
            if claim.in_title:
                before, after = _title_context(article.title or "", claim)
            else:
                if claim.sentence_start is not None and claim.sentence_end is not None:
                    sentence = (claim.sentence_start, claim.sentence_end)
                else:
                    sentence = index.containing(article.id, claim.start)
                before, after = _local_context(article.body, claim, sentence, near)
            projection = is_projection(before) or claim.forecast
            prev = readings[-1] if readings and readings[-1].claim.article == claim.article else None
            if not projection and prev is not None and prev.projection and prev.claim.sentence_start == \
                    claim.sentence_start and _CONJOINED.fullmatch(article.body[prev.claim.end:claim.start]):
                projection = True  # "plans to share 2.5 million doses with Mexico and 1.5 million with Canada"
            readings.append(_Reading(
                index=n,
                claim=claim,
                what=what_key(claim.what, claim.unit if claim.kind == "count" else None),
                scope=claim_scope(claim.where, before, after),
                projection=projection,
                framing=_framing(before, after),
                when=claim.when,
                bucket=(claim.kind, _unit_family(claim), projection, claim.aspect),
                period=period_key(claim),
            ))
            n += 1
    return _months_of_this_year(readings)


_CONJOINED = re.compile(r"[^,;:.()—–]{0,60}\s(?:and|or)\s+(?:about\s+|some\s+|another\s+)?")


def _months_of_this_year(readings: list[_Reading]) -> list[_Reading]:
    """An article that names "March 2020" beside a bare "March" means another March by the bare
    one: the writer's own, a year later ("4.69 million in March, 25% up on 3.69 million in March
    2020"), and so does the story's; otherwise a bare month stays comparable with the same month
    of any stated year."""
    stated: dict[tuple[str, int], int] = {}
    bare: set[tuple[str, int]] = set()
    for r in readings:
        p = r.period
        if p is not None and p.frame == "abs" and len(p.key) >= 2:
            key = (r.claim.article, p.key[1])
            stated[key] = max(stated.get(key, p.key[0]), p.key[0])
        elif p is not None and p.frame == "month" and p.key[0] == 0:
            bare.add((r.claim.article, p.key[1]))
    # months some article names both bare and with an older year: the story's bare month is later
    later = {m: y + 1 for (a, m), y in stated.items() if (a, m) in bare}
    out = []
    for r in readings:
        p = r.period
        if p is not None and p.frame == "month" and p.key[0] == 0 and p.key[1] in later:
            r = r.but(period=PeriodKey("abs", (later[p.key[1]], p.key[1]), p.label))
        out.append(r)
    return out


def _quoted_sources(claims: list[Claim], quotes) -> list[Claim]:
    """A figure inside a direct quotation with a speaker named in the figure's own sentence, and
    no source of its own, is the speaker's ("Nugroho told AFP: "We have recorded 24 people dead"");
    a speaker found through a pronoun in another sentence is not trusted for a figure."""
    spoken = sorted((q.start, q.end, q) for q in quotes if q.kind == "direct" and q.speaker)
    if not spoken:
        return claims
    starts = [s for s, _, _ in spoken]
    out = []
    for c in claims:
        if c.source is None:
            k = bisect_right(starts, c.start) - 1
            q = spoken[k][2] if k >= 0 and spoken[k][1] >= c.end else None
            named_here = q is not None and q.speaker_start is not None and c.sentence_start is not None \
                and c.sentence_start <= q.speaker_start < (c.sentence_end or c.end)
            if named_here:
                c = replace(c, source=q.speaker, source_start=q.speaker_start, source_end=q.speaker_end)
        out.append(c)
    return out


def _unit_family(claim: Claim) -> str:
    if claim.kind == "money":
        return claim.currency or claim.unit or ""
    if claim.kind in ("percent", "points"):
        return claim.kind
    if claim.kind in ("measure", "rate"):
        return claim.unit or ""
    return ""


def _fill_gaps(readings: list[_Reading]) -> list[_Reading]:
    """Give a claim without nationality / place the only one its kind has in the story."""
    nationalities: dict[tuple, set[str]] = defaultdict(set)
    for r in readings:
        if r.what.nationality:
            nationalities[(r.what.modifiers, r.what.head)].add(r.what.nationality)
    out = []
    previous: dict[tuple, str] = {}  # (article, bucket, modifiers, head) -> nationality of the last such claim
    last_of_head: dict[tuple, WhatKey] = {}  # (article, bucket, head) -> the last such claim's key
    for r in sorted(readings, key=lambda r: (r.claim.article, r.claim.start)):
        what = r.what
        head_key = (r.claim.article, r.bucket, what.head)
        if not what.modifiers and what.nationality is None and head_key in last_of_head:
            what = last_of_head[head_key]  # "The rate was 4.4 percent in March": the rate named before
        if not is_weak(what):
            last_of_head[head_key] = what
        kind = (r.claim.article, r.bucket, what.modifiers, what.head)
        if what.nationality is None and len(nationalities[(what.modifiers, what.head)]) == 1:
            what = what.with_nationality(next(iter(nationalities[(what.modifiers, what.head)])))
        elif what.nationality is None and kind in previous:
            what = what.with_nationality(previous[kind])  # "an additional $16 billion in goods"
        if what.nationality:
            previous[kind] = what.nationality
        out.append(r.but(what=what))
    out.sort(key=lambda r: r.index)
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
        placed.append(r.but(scope=scope))
    out = placed
    countries: dict[tuple, set[Scope]] = defaultdict(set)
    for r in out:
        if r.scope.kind != "unspecified":
            countries[(r.what, r.bucket)].add(r.scope)
    filled = []
    for r in out:
        scope = r.scope
        if scope.kind == "unspecified" and len(countries[(r.what, r.bucket)]) == 1:
            only = next(iter(countries[(r.what, r.bucket)]))
            # a toll stated for one district is part of the event's toll, not its place
            scope = r.scope if only.kind == "place" and r.what.head in TALLY_HEADS else only
        filled.append(r.but(scope=scope))
    return filled


def _pairs_across_articles(readings: list[_Reading], same: list[int]):
    """Pairs (i, j), i < j, of readings from different articles: a story's figures are only
    linked across articles, so the pairs within one long article are never visited."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i in same:
        by_article[readings[i].claim.article].append(i)
    groups = list(by_article.values())
    for x, g in enumerate(groups):
        for h in groups[x + 1:]:
            for i in g:
                for j in h:
                    yield (i, j) if i < j else (j, i)


def _partition(readings: list[_Reading], embed: Embedder | None = None) -> list[list[_Reading]]:
    """Union-find over claims of one bucket (see the module docstring for the links)."""
    parent = list(range(len(readings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    by_bucket: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        by_bucket[r.bucket].append(i)
    for members in by_bucket.values():
        # the same thing in the same scope
        by_kind: dict[tuple, list[int]] = defaultdict(list)
        for i in members:
            by_kind[(readings[i].what, readings[i].scope.kind)].append(i)
        for same in by_kind.values():
            # a scope always meets itself, and scopes of one kind other than borders meet when their
            # keys are equal: the first reading of each key stands for the rest
            first_of: dict = {}
            for i in same:
                scope = readings[i].scope
                key = scope if scope.kind == "border" else scope.key()
                if key in first_of:
                    union(i, first_of[key])
                else:
                    first_of[key] = i
            firsts = list(first_of.values())
            for x, i in enumerate(firsts):
                for j in firsts[x + 1:]:
                    if scopes_meet(readings[i].scope, readings[j].scope):
                        union(i, j)
        # the same distinctive value, across articles, for periods and scopes that do not differ
        by_value: dict[float, list[int]] = defaultdict(list)
        for i in members:
            c = readings[i].claim
            if not c.vague and (_distinctive(c.value) or (c.kind == "measure" and is_duration(c.unit))):
                by_value[round(c.value, 6)].append(i)  # "30 days" in each report of one story: one deadline
        if readings[members[0]].bucket[0] == "money":  # "$600 checks" / "the $600 (direct payment)":
            for i in members:  # one sum of one currency, written alike, in one story: one measure
                c = readings[i].claim
                if not c.vague and not _distinctive(c.value) and c.qualifier in _POINT and c.value >= 100:
                    by_value[round(c.value, 6)].append(i)
        for same in by_value.values():
            for i, j in _pairs_across_articles(readings, same):
                a, b = readings[i], readings[j]
                if a.claim.article != b.claim.article and same_period(a.period, b.period) is not False \
                        and _scopes_compatible(a.scope, b.scope) and _nationalities_compatible(a, b):
                    union(i, j)
        # a distinctive value written at another precision ("15,299" / "15,300"; "more than 15,000"),
        # across articles: neighbours in value order only
        ranked = sorted((readings[i].claim.value, i) for i in members
                        if not readings[i].claim.vague and _distinctive(readings[i].claim.value))
        for x, (value, i) in enumerate(ranked):
            for value_j, j in ranked[x + 1:]:
                if value_j > value * 1.1:
                    break
                a, b = readings[i], readings[j]
                if value_j != value and a.claim.article != b.claim.article and figures_agree(a.claim, b.claim) \
                        and same_period(a.period, b.period) is not False and _scopes_compatible(a.scope, b.scope) \
                        and _nationalities_compatible(a, b):
                    union(i, j)
        # the same head noun, across articles, with figures that agree for one period
        by_head: dict[str, list[int]] = defaultdict(list)
        for i in members:
            if not is_weak(readings[i].what) and not readings[i].claim.vague:
                by_head[readings[i].what.head].append(i)
        for same in by_head.values():
            for i, j in _pairs_across_articles(readings, same):
                a, b = readings[i], readings[j]
                if a.claim.article != b.claim.article and figures_agree(a.claim, b.claim) and \
                        same_period(a.period, b.period) is not False and \
                        _scopes_compatible(a.scope, b.scope) and _nationalities_compatible(a, b):
                    union(i, j)
        # a figure that names no measure ("a hike of more than 80 percent", "that number was up
        # almost 36 percent", "26.5 million have been laid off") and another article's agreeing
        # figure of the same footing are one measure (counts and sums from 1,000 up)
        small_ok = readings[members[0]].bucket[0] in ("percent", "points")
        by_size: dict[int, list[int]] = defaultdict(list)  # figures that agree are of one order of size
        for i in members:
            c = readings[i].claim
            if not c.vague and c.value > 0 and (small_ok or c.value >= 1000):
                by_size[math.floor(math.log10(c.value))].append(i)
        for size, idxs in by_size.items():
            near = idxs + by_size.get(size + 1, [])
            for i in idxs:
                if not _names_nothing(readings[i]):
                    continue
                a = readings[i]
                for j in near:
                    b = readings[j]
                    if b.claim.article != a.claim.article and figures_agree(a.claim, b.claim) and \
                            same_period(a.period, b.period) is not False and _scopes_compatible(a.scope, b.scope):
                        union(i, j)
                for j in by_size.get(size - 1, []):  # a named figure just below this order of size
                    b = readings[j]
                    if b.claim.article != a.claim.article and figures_agree(a.claim, b.claim) and \
                            same_period(a.period, b.period) is not False and _scopes_compatible(a.scope, b.scope):
                        union(i, j)
        # "the prior week", "the previous month": the measure of the figure before it; so is a
        # figure whose words name no thing ("the post-war record of 10.8 percent")
        last_in_article: dict[str, int] = {}
        for i in sorted(members, key=lambda k: (readings[k].claim.article, readings[k].claim.start)):
            r = readings[i]
            prev = last_in_article.get(r.claim.article)
            if prev is not None and r.claim.period and BACK_REFERENCE.search(r.claim.period):
                union(i, prev)
            elif prev is not None and is_weak(r.what) and not r.bucket[2] and not r.claim.vague and (
                    r.claim.kind != "money" or figures_agree(r.claim, readings[prev].claim)
                    or same_period(r.period, readings[prev].period) is False):
                union(i, prev)  # a sum of money naming nothing is another sum unless it restates one
            if not is_weak(r.what):
                last_in_article[r.claim.article] = i
    _same_word_across_footing(readings, union)
    _headline_in_body(readings, union)
    if embed is not None:
        _near_synonyms(readings, by_bucket, union, embed, find)
    # a forecast or weak figure naming no thing joins the one other measure of its bucket
    for members in by_bucket.values():
        roots = {find(i) for i in members if not is_weak(readings[i].what)}
        weak = [i for i in members if is_weak(readings[i].what)]
        if weak and len(roots) == 1 and readings[members[0]].bucket[2]:
            target = next(iter(roots))
            for i in weak:
                union(i, target)
        elif weak and not roots and readings[members[0]].bucket[2]:
            for i in weak[1:]:
                union(i, weak[0])
    groups: dict[int, list[_Reading]] = defaultdict(list)
    for i, r in enumerate(readings):
        groups[find(i)].append(r)
    return list(groups.values())


# how alike the words of two measures must be (cosine of their sentence embeddings) for one
# value stated of each, in different articles, to be one figure: "Secret Service agents" /
# "Secret Service officers" 0.89, "federal employees" / "government workers" 0.66; "people
# killed" / "people injured" 0.54, "cases" / "deaths" below 0.4
NEAR_SYNONYM = 0.65
_SMALL_COUNT = 10  # below it a count ("two girls", "three people") is too common a value to link by


def _near_synonyms(readings: list[_Reading], by_bucket: Mapping[tuple, list[int]], union,
                   embed: Embedder, find=None) -> None:
    """The same figure stated of a thing worded two ways ("more than 130 Secret Service agents" /
    "more than 130 Secret Service officers"): figures of one bucket with the same value and hedge,
    in different articles, for periods and scopes that do not differ, whose measured words are
    near-synonyms by their embeddings (the encoder runs only for pairs no other link joined).
    Guards: a small count is never linked so; two wordings that
    one article gives different figures for name two measures in this story ("12 dead and 40
    injured"), so they are never linked."""
    pairs: list[tuple[int, int]] = []
    for members in by_bucket.values():
        apart: set[tuple[str, str]] = set()  # heads one article gives different figures for
        per_article: dict[str, dict[str, set[float]]] = defaultdict(lambda: defaultdict(set))
        by_figure: dict[tuple, list[int]] = defaultdict(list)
        for i in members:
            r = readings[i]
            c = r.claim
            if c.vague or is_weak(r.what):
                continue
            per_article[c.article][r.what.head].add(round(c.value, 6))
            if c.kind == "count" and c.value < _SMALL_COUNT:
                continue
            by_figure[(round(c.value, 6), c.value_high, _direction(c.qualifier))].append(i)
        for heads in per_article.values():
            apart.update((a, b) for a in heads for b in heads if a != b and not heads[a] & heads[b])
        for same in by_figure.values():
            for i, j in _pairs_across_articles(readings, same):
                a, b = readings[i], readings[j]
                if find is not None and find(i) == find(j):
                    continue  # already one measure: no need of the encoder
                if a.what.head != b.what.head and (a.what.head, b.what.head) not in apart and \
                        same_period(a.period, b.period) is not False and _scopes_compatible(a.scope, b.scope) \
                        and _nationalities_compatible(a, b):
                    pairs.append((i, j))
    if not pairs:
        return
    texts = sorted({_measure_words(readings[k]) for pair in pairs for k in pair})
    vectors = embed(texts)
    if vectors is None:
        return
    row = {t: v for t, v in zip(texts, vectors)}
    for i, j in pairs:
        u, v = row[_measure_words(readings[i])], row[_measure_words(readings[j])]
        norm = math.sqrt(sum(x * x for x in u) * sum(y * y for y in v))
        if norm and sum(x * y for x, y in zip(u, v)) / norm >= NEAR_SYNONYM:
            union(i, j)


def _measure_words(r: _Reading) -> str:
    return " ".join((r.claim.what or r.claim.unit or "").split()).lower()


def _headline_in_body(readings: list[_Reading], union) -> None:
    """A headline's figure is its own body's figure of the same thing and value ("Border Patrol
    Encountered 212,000 Migrants" / "apprehended over 212,000 undocumented migrants"), whatever
    footing or aspect the body's fuller words give it ("… Could Reach 15,000" / "as many as
    15,000"; "40 Million Cases" / "40 million cases, according to the latest tally")."""
    body_of: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        if not r.claim.in_title and not r.claim.vague:
            body_of[(r.claim.article, r.bucket[:2], round(r.claim.value, 6), r.what.head)].append(i)
    for i, t in enumerate(readings):
        if t.claim.in_title and not t.claim.vague:
            for j in body_of.get((t.claim.article, t.bucket[:2], round(t.claim.value, 6), t.what.head), ()):
                if same_period(t.period, readings[j].period) is not False:
                    union(i, j)
                    break


def _same_word_across_footing(readings: list[_Reading], union) -> None:
    """One source's figure told as a plan in one article and as a fact in another ("Trump says he
    could send as many as 15,000 troops" / "Trump … was prepared to deploy as many as 15,000
    troops") is one figure: the same named source, the same thing counted (head), the same value
    and hedge, of buckets that differ only in footing, across articles."""
    by_word: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        c = r.claim
        if c.source and not c.vague and not is_weak(r.what):
            kind, family, _, aspect = r.bucket
            by_word[(fold(c.source), kind, family, aspect, r.what.head, c.qualifier,
                     round(c.value, 6), c.value_high)].append(i)
    for same in by_word.values():
        if len({readings[i].bucket[2] for i in same}) < 2:
            continue
        for i, j in _pairs_across_articles(readings, same):
            a, b = readings[i], readings[j]
            if same_period(a.period, b.period) is not False and _scopes_compatible(a.scope, b.scope):
                union(i, j)


_EVENT_HEADS = frozenset({"deaths", "injured", "casualties"})


def _split_events(members: list[_Reading]) -> list[list[_Reading]]:
    """An event's magnitude or toll at another period is another event's (the 2004 tsunami's toll,
    last year's quake), not a series: such a measure is split by stated period."""
    first = members[0].claim
    event = first.unit == "magnitude" or members[0].what.head in _EVENT_HEADS
    if not event or len({r.period for r in members if r.period}) == 0:
        return [members]
    parts: list[tuple[PeriodKey | None, list[_Reading]]] = []
    for r in members:
        for key, rs in parts:
            if (key is None and r.period is None) or (key is not None and r.period is not None
                                                       and _month_may_match(key, r.period)):
                rs.append(r)
                break
        else:
            parts.append((r.period, [r]))
    return [rs for _, rs in parts]


def _split_parts(members: list[_Reading]) -> list[list[_Reading]]:
    """An article does not contradict itself: when one sentence of an article, on one source's word
    (or on none), gives two figures of one measure for the same period that do not agree ("2.5 million doses to
    Mexico and 1.5 million to Canada", "$2,000 checks instead of $600"), they are several measures
    (a total and its parts, a demand and what was passed), not a disagreement. Such a group is split
    by agreeing values; each article's figure then meets the other articles' figures that agree
    with it. Running tolls keep their own handling (a report's breakdown, see
    :mod:`newsdesk.reconcile.claim_report`), and so do series (figures of different periods)."""
    if len(members) < 2 or members[0].claim.unit == "magnitude" or members[0].what.head in _EVENT_HEADS:
        return [members]
    precise = [r for r in members if not r.claim.vague]
    # distinct figures only (work grows with the distinct figures, not with their repeats)
    by_article: dict[tuple, dict[tuple, Claim]] = defaultdict(dict)
    for r in precise:  # one sentence (a headline is its own): parts are listed together
        by_article[(r.claim.article, r.claim.sentence_start, fold(r.claim.source or ""), r.period)].setdefault(
            _figure_key(r.claim), r.claim)
    if not any(any(not figures_agree(a, b) for k, a in enumerate(cs) for b in cs[k + 1:])
               for cs in (list(d.values()) for d in by_article.values()) if len(cs) > 1):
        return [members]
    distinct: dict[tuple, Claim] = {}
    for r in sorted(precise, key=lambda r: (r.claim.qualifier not in _POINT, r.index)):
        distinct.setdefault(_figure_key(r.claim), r.claim)
    part_of: dict[tuple, int] = {}
    part_figures: list[list[Claim]] = []
    for key, claim in distinct.items():
        n = next((n for n, cs in enumerate(part_figures) if all(figures_agree(claim, o) for o in cs)), None)
        if n is None:
            n = len(part_figures)
            part_figures.append([])
        part_figures[n].append(claim)
        part_of[key] = n
    parts: list[list[_Reading]] = [[] for _ in part_figures]
    for r in precise:
        parts[part_of[_figure_key(r.claim)]].append(r)
    vague = [r for r in members if r.claim.vague]
    if vague:  # "millions of doses": with the largest part
        max(parts, key=lambda rs: max(o.claim.value for o in rs)).extend(vague)
    return [sorted(rs, key=lambda r: r.index) for rs in parts]


_SCALE_HEADS = frozenset("hundred hundreds thousand thousands million millions billion billions trillion".split())


def _names_nothing(r: _Reading) -> bool:
    return is_weak(r.what) or r.what.head in _SCALE_HEADS


def _month_may_match(a: PeriodKey, b: PeriodKey) -> bool:
    """The same period, or one month named with and without its year ("February" / "February 2005")."""
    if same_period(a, b):
        return True
    if {a.frame, b.frame} == {"abs", "month"}:
        ab, mo = (a, b) if a.frame == "abs" else (b, a)
        return len(ab.key) >= 2 and mo.key[0] == 0 and ab.key[1] == mo.key[1]
    return False


def _distinctive(value: float) -> bool:
    """A value unlikely to recur by chance for another measure: 943,000, 16.4, 6.6 million; not 14
    or 60 billion."""
    sig = significant_digits(value)
    return sig >= 3 or (sig >= 2 and (value != int(value) or value >= 1000))


def _scopes_compatible(a: Scope, b: Scope) -> bool:
    if a.kind == "unspecified" or b.kind == "unspecified":
        return True
    if {a.kind, b.kind} == {"place", "border"}:  # "the southern border" / "the U.S.-Mexico border"
        place = a if a.kind == "place" else b
        return bool(place.places) and BORDER_CUE.search(place.places[0]) is not None
    return a.kind == b.kind and scopes_meet(a, b)


def _nationalities_compatible(a: _Reading, b: _Reading) -> bool:
    x, y = a.what.nationality, b.what.nationality
    return x is None or y is None or x == y


def _slots(members: list[_Reading]) -> list[tuple[PeriodKey | None, list[_Reading]]]:
    """The group's figures by period, oldest first (see the module docstring)."""
    dated: list[tuple[PeriodKey, list[_Reading]]] = []
    undated: list[_Reading] = []
    for r in members:
        if r.period is None:
            undated.append(r)
            continue
        for key, rs in dated:
            if same_period(key, r.period):
                rs.append(r)
                break
        else:
            dated.append((r.period, [r]))
    # slots whose periods cannot be compared merge when their figures agree
    merged: list[tuple[PeriodKey, list[_Reading]]] = []
    for key, rs in sorted(dated, key=lambda kv: -len(kv[1])):
        for k2, rs2 in merged:
            if same_period(key, k2) is None and _all_agree(rs + rs2):
                rs2.extend(rs)
                break
        else:
            merged.append((key, rs))
    slots: list[tuple[PeriodKey | None, list[_Reading]]] = list(merged)
    figures = [_SlotFigures(rs) for _, rs in slots]
    own: list[_Reading] = []
    for r in undated:
        fits = [n for n, f in enumerate(figures) if f.agree_with_first(r)]  # _all_agree([r, *rs])
        if fits:
            n = max(fits, key=lambda n: len(slots[n][1]))
            slots[n][1].append(r)
            figures[n].append(r)
        else:
            own.append(r)  # with no dated slot: the one slot; beside dated ones: the present
    if own:
        slots.append((None, own))
    slots.sort(key=lambda s: (s[0] is None, s[0].order if s[0] else 0))
    return slots


class _SlotFigures:
    """A slot's distinct precise figures and whether all its figures agree, kept up to date as
    readings are appended, so that trying a reading against the slot costs the distinct figures,
    not the readings (see ``_all_agree``)."""

    def __init__(self, rs: list[_Reading]):
        self.agree = _all_agree(rs)
        self.distinct: dict[tuple, Claim] = {}
        for r in rs:
            if not r.claim.vague:
                self.distinct.setdefault(_figure_key(r.claim), r.claim)

    def agree_with_first(self, r: _Reading) -> bool:
        """``_all_agree([r, *rs])``."""
        c = r.claim
        return self.agree and (c.vague or all(figures_agree(c, b) for b in self.distinct.values()))

    def append(self, r: _Reading) -> None:
        c = r.claim
        if not c.vague:
            self.agree = self.agree and all(figures_agree(b, c) for b in self.distinct.values())
            self.distinct.setdefault(_figure_key(c), c)


def _figure_key(claim: Claim) -> tuple:
    """All that ``figures_agree`` reads of a claim."""
    return claim.qualifier, claim.value, claim.value_high


def _all_agree(rs: list[_Reading]) -> bool:
    """Every two precise figures agree (``figures_agree(a, b)`` for each a before b). That test
    reads only a claim's qualifier, value and value_high, so it runs once per repeated figure and
    once per ordered pair of distinct figures that occur in that order: work grows with the
    distinct figures of a group, not with how often they are repeated."""
    first: dict[tuple, tuple[int, Claim]] = {}
    last: dict[tuple, int] = {}
    for n, claim in enumerate(r.claim for r in rs if not r.claim.vague):
        key = _figure_key(claim)
        first.setdefault(key, (n, claim))
        last[key] = n
    for key, (n, a) in first.items():
        if last[key] > n and not figures_agree(a, a):
            return False
        for other, (_, b) in first.items():
            if other != key and n < last[other] and not figures_agree(a, b):
                return False
    return True


def _slot_verdict(rs: list[_Reading]) -> str:
    if not _all_agree(rs):
        return "disagree"
    return "agree" if len({r.claim.article for r in rs}) > 1 else "single"


def _verdict(members: list[_Reading], slots=None) -> str:
    slots = slots if slots is not None else _slots(members)
    verdicts = [_slot_verdict(rs) for _, rs in slots]
    if "disagree" in verdicts:
        return "disagree"
    if len(slots) > 1:
        return "series"
    return verdicts[0] if verdicts else "single"


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
            label=(f"{first.text} (vague)" if first.vague else format_claim_figure(
                qualifier, first.value, first.value_high, first.kind, first.currency, first.unit)),
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
                note.append(f"for {when_label(f.when)}")
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


def _slot_when(rs: list[_Reading]) -> str | None:
    whens = Counter(r.claim.when for r in rs if r.claim.when)
    return whens.most_common(1)[0][0] if whens else None


def _tally_slot_verdict(rs: list[_Reading]) -> str:
    if not tally_slot_agrees(rs):
        return "disagree"
    return "agree" if len({r.claim.article for r in rs}) > 1 else "single"


def _key_when(key: PeriodKey | None) -> str | None:
    if key is None or key.frame != "abs":
        return None
    return "-".join(f"{v:04d}" if i == 0 else f"{v:02d}" for i, v in enumerate(key.key))


def explain_periods(verdict: str, slots, ids: Mapping[int, str], slot_verdict=None) -> str:
    """Who gives which figure for which period, oldest period first."""
    tally = slot_verdict is _tally_slot_verdict
    slot_verdict = slot_verdict or _slot_verdict
    parts = []
    for key, rs in slots:
        # a running toll: each report's own toll first, then the smaller figures that break it down
        tops = {r.index for r in headline(rs)} if tally else {r.index for r in rs}
        listed = []
        for group in ([r for r in rs if r.index in tops], [r for r in rs if r.index not in tops]):
            by_value: dict[str, list[str]] = defaultdict(list)
            for f in _figures(group, ids) if group else ():
                by_value[f.label].append(f.source or "unattributed")
            listed.append("; ".join(f"{label} ({', '.join(dict.fromkeys(srcs))})" for label, srcs in by_value.items()))
        listing = listed[0] + (f"; in part: {listed[1]}" if listed[1] else "")
        n = len({r.claim.article for r in rs})
        state = {"agree": f"{n} articles agree", "single": "one article",
                 "disagree": "the sources differ"}[slot_verdict(rs)]
        parts.append(f"{key.label if key else 'no period stated'}: {listing} — {state}")
    head = "Figures for different periods (a series), oldest first" if verdict == "series" else \
        "The figures differ for the same period; by period, oldest first"
    return f"{head}. " + ". ".join(parts) + "."


def _about(members: list[_Reading]) -> str:
    whats = Counter((r.claim.what or r.claim.unit or "quantity") for r in members)
    best = max(whats.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    scopes = [r.scope for r in members]
    label = scope_label(scopes)
    text = f"{best} {label}".strip()
    return text + (", projected" if members[0].projection else "")


def _group_scope(members: list[_Reading]) -> str:
    """The scope most of the group's precise figures state (ties: the first stated). A key that does
    not hang on which article comes first keeps a group recognisable as its story grows."""
    keys = [r.scope.key() for r in members if not r.claim.vague] or [r.scope.key() for r in members]
    counts = Counter(keys)
    return max(dict.fromkeys(keys), key=lambda k: counts[k])


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
    embed: Embedder | None = None,
) -> tuple[tuple[ClaimItem, ...], tuple[ClaimGroup, ...]]:
    """Number the story's claims (c1…) and group them (g1…, most widely reported first);
    ``embed`` (texts -> vectors) links one value stated of near-synonymous measures."""
    by_id = {a.id: a for a in articles}
    index = index or SentenceIndex(articles)
    order = {a.id: i for i, a in enumerate(articles)}
    facts = _confirmed_minor(sorted(facts, key=lambda f: order.get(f.article, len(order))))
    readings = current_event(_fill_gaps(_readings(by_id, facts, index, _person_names(entities, facts))), by_id)
    ids = {r.index: f"c{r.index + 1}" for r in readings}
    partitions = [part for members in _partition(readings, embed) for event in _split_events(members)
                  for part in _split_parts(event)]
    partitions.sort(key=lambda ms: (-len({r.claim.article for r in ms}), -len(ms), min(r.index for r in ms)))
    entity_of = _entity_lookup(entities)
    groups: list[ClaimGroup] = []
    group_of: dict[int, str] = {}
    for n, members in enumerate(partitions, start=1):
        gid = f"g{n}"
        members.sort(key=lambda r: r.index)
        report = report_slots(members, by_id, _all_agree)  # a running toll over several days
        slots, verdict = report if report is not None else (None, None)
        if report is None:
            slots = _slots(members)
            verdict = _verdict(members, slots)
        slot_verdict = _slot_verdict if report is None else _tally_slot_verdict
        figures = _figures(members, ids)
        arts = tuple(dict.fromkeys(r.claim.article for r in members))
        periods = tuple(
            PeriodSlot(
                label=key.label if key else None,
                when=_slot_when(rs) or (_key_when(key) if report is not None else None),
                claims=tuple(ids[r.index] for r in sorted(rs, key=lambda r: r.index)),
                verdict=verdict if report is not None and len(slots) == 1 else slot_verdict(rs),
            )
            for key, rs in slots
        )
        explanation = explain(verdict, figures, len(arts))
        if len(slots) > 1:
            explanation = explain_periods(verdict, slots, ids, slot_verdict)
        groups.append(ClaimGroup(
            id=gid,
            about=_about(members),
            claims=tuple(ids[r.index] for r in members),
            verdict=verdict,
            explanation=explanation,
            what=members[0].claim.what or members[0].claim.unit or "",
            scope=_group_scope(members),
            figures=figures,
            articles=arts,
            periods=periods,
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
