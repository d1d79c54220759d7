"""Numeric claims: counts of things, with what is counted, where, when and on whose word.

A claim is a *count* found by :func:`newsdesk.nlp.numbers.find_quantities` ("around 8,000 North
Korean troops", "thousands of soldiers", "up to 12,000"). Money, percentages, measures, durations,
ages, ratios, dates, years, times, ordinals, phone numbers and numbers inside names are quantities
of other kinds (or none) and are not reported as claims; ``find_quantities`` still exposes them.
Counts under 10 are kept only for the nouns that matter in small numbers (people, troops,
casualties, weapons: ``small_count_classes`` in ``newsdesk/data/claims_units.json``), so "two sides"
is no claim while "three civilians" is.

A bare figure continues the claim before it when its sentence carries the figure on ("Seoul and
its allies assessed that has increased to 11,000", "Ukraine has put the figure higher, at up to
12,000", "about 8,000 of them"): it takes that claim's unit, what and where.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from newsdesk.lexicon import gazetteer
from newsdesk.nlp.claims_attrib import (
    border_name, find_place, find_source, index_mentions, place_of, sender_country,
)
from newsdesk.nlp.claims_duration import duration_what
from newsdesk.nlp.claims_measure import CLAUSE_BREAK, aspect_of, carried_period, is_forecast, measured, period_of
from newsdesk.nlp.claims_what import is_weak, what_key
from newsdesk.nlp.dates import dates_in
from newsdesk.nlp.numbers import HEDGED_ONE, Quantity, find_quantities
from newsdesk.nlp.numbers_kinds import blocked_spans, overlaps, token_at
from newsdesk.lexicon.stem import singular
from newsdesk.nlp.sentences import ParsedSentence
from newsdesk.records import Article, Claim, Mention

DATA_FILE = "claims_units.json"
_NUMBER_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                 r"fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|"
                 r"dozens?|scores\s+of")
_CANDIDATE_WORDS = re.compile(rf"\b(?:{_NUMBER_WORDS})\b", re.I)
_DIGIT_RUN = re.compile(r"\d[\d,.]*")
_YEARISH = re.compile(r"(?:19|20)\d\d")
_CHANGE_CUE = re.compile(
    r"\b(?:increased?|increasing|rise|rose|risen|rising|grow|grew|grown|growing|climb(?:ed|s)?|"
    r"reach(?:ed|es)?|jump(?:ed|s)?|swell(?:ed)?|put|puts|estimated?|assess(?:ed)?|revised?|"
    r"raised?|higher|lower|up\s+to|as\s+many\s+as|figure|number|total|tally|toll|count)\b", re.I)
_PARTITIVE_PRONOUN = re.compile(r"\s+of\s+(?:them|those|these|whom|which)\b", re.I)
_DROP_MODIFIERS = frozenset("more other additional further extra total some estimated about around "
                            "approximately roughly nearly almost least many few several new "
                            "massive huge large big small".split())
_CONTINUE_CHARS = 600
_YEAR_LIKE = re.compile(r"(?:1[89]|20)\d\d")
_POLLED = re.compile(r"(?:\s+(?:polled|surveyed|questioned|asked)\s+by\s+(?P<by>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}))?"
                     r"\s+(?:had\s+|have\s+|has\s+)?(?:expected|predicted|forecast|forecasted|projected|anticipated|"
                     r"estimated)\b")
_STATERS = frozenset("economist economists analyst analysts forecaster forecasters expert experts".split())  # a bare figure continues a claim made at most this far before it


@dataclass(frozen=True)
class _Lexicon:
    classes: dict[str, str]  # singular noun or two-word term -> class
    collectives: frozenset[str]
    figure_words: frozenset[str]
    small: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = json.loads(resources.files("newsdesk.data").joinpath(DATA_FILE).read_text("utf-8"))
    classes = {}
    for name, nouns in data["classes"].items():
        for noun in [name, *nouns]:
            classes[noun.lower()] = name
            classes[singular(noun.lower())] = name
    return _Lexicon(classes, frozenset(data["collectives"]), frozenset(data["figure_words"]),
                    frozenset(data["small_count_classes"]))


def is_candidate(text: str) -> bool:
    """Cheap test: may ``text`` hold a numeric claim (digits that are not a date, a year or a time;
    number words; vague counts such as "thousands" or "a dozen")?"""
    if _CANDIDATE_WORDS.search(text) or re.search(r"\ba\s+dozen\b", text, re.I) or HEDGED_ONE.search(text):
        return True  # ("less than a minute", "more than a year": one unit of time, hedged)
    blocked = None
    for m in _DIGIT_RUN.finditer(text):
        raw = m.group(0).rstrip(".,")
        if _YEARISH.fullmatch(raw) and not re.match(r"\s+[a-z]+s\b", text[m.end():]):
            continue
        if blocked is None:
            blocked = blocked_spans(text)
        if not overlaps(blocked, m.start(), m.end()):
            return True
    return False


@dataclass
class _Context:
    """What earlier claims of the article established (for figures that carry them on)."""

    last: Claim | None = None
    last_head_what: str | None = None
    nationality: dict[str, str] = field(default_factory=dict)  # class -> demonym adjective
    any_nationality: str | None = None
    demonyms: dict[str, str] = field(default_factory=dict)  # country -> adjective as written


def _class_of(doc, head_i: int, tokens: list[int]) -> tuple[str, str, list[int]]:
    """(unit class, counted term as written in lower case, modifier token indices)."""
    lex = _lexicon()
    head = doc[head_i]
    mods = [i for i in tokens if i != head_i]
    if head_i > 0 and mods and mods[-1] == head_i - 1:
        pair = f"{doc[head_i - 1].lower_} {head.lower_}"
        pair_s = f"{doc[head_i - 1].lower_} {singular(head.lower_)}"
        for key in (pair, pair_s):
            if key in lex.classes:
                return lex.classes[key], pair, mods[:-1]
    noun = head.lower_
    cls = lex.classes.get(noun) or lex.classes.get(singular(noun))
    return (cls or (head.text if head.pos_ == "PROPN" else noun)), noun, mods


def _demonym_adjective(country: str, mentions: Sequence[Mention], cache: dict | None = None) -> str:
    """How the article writes the country's adjective ("North Korean"), else the package's."""
    if cache is not None:
        if country not in cache:
            cache[country] = _demonym_adjective(country, mentions)
        return cache[country]
    for m in mentions:
        if m.label == "NORP" and m.text[:1].isupper():
            word = re.sub(r"s$", "", m.text) if not m.text.endswith("ss") else m.text
            if gazetteer.demonym_country(word) == country:
                return word
    return _package_demonym(country) or country


@lru_cache(maxsize=256)
def _package_demonym(country: str) -> str | None:
    try:
        from countryinfo import CountryInfo

        value = CountryInfo(country).info().get("demonym")
    except (KeyError, ValueError, AttributeError, TypeError):
        return None
    return value if isinstance(value, str) and value else None


def _words(doc, indices: list[int]) -> list[tuple[int, int]]:
    """Token ranges of whole words: "law-abiding" and "African-American" stay one word."""
    out: list[tuple[int, int]] = []
    for i in sorted(indices):
        if out and out[-1][1] == i and not doc[i - 1].whitespace_:
            out[-1] = (out[-1][0], i + 1)
        elif out and out[-1][1] == i - 1 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    # a glued word may include tokens the caller skipped ("law - abiding"): extend over them
    fixed = []
    for i, j in out:
        while j < len(doc) and not doc[j - 1].whitespace_ and doc[j].text == "-" and j + 1 < len(doc):
            j += 2
        fixed.append((i, j))
    return fixed


def _nationality_in(doc, mods: list[tuple[int, int]]):
    """A demonym among the modifier words ("North Korean"), and the words left over."""
    for n in (2, 1):
        for k in range(len(mods) - n + 1):
            group = mods[k:k + n]
            if any(b[0] != a[1] for a, b in zip(group, group[1:])):
                continue
            text = doc[group[0][0]:group[-1][1]].text
            if gazetteer.demonym_country(text):
                return text, [w for w in mods if w not in group]
    return None, mods


def _collective(doc, counted) -> tuple[str, object] | None:
    """"a standing army of 1.2 million troops" -> ("standing army", army token)."""
    if counted.dep_ != "pobj" or counted.head.lower_ != "of":
        return None
    owner = counted.head.head
    lex = _lexicon()
    if owner.pos_ not in ("NOUN", "PROPN"):
        return None
    prev = doc[owner.i - 1] if owner.i > 0 else None
    if prev is not None and f"{prev.lower_} {owner.lower_}" in lex.collectives:
        return f"{prev.lower_} {owner.lower_}", owner
    if owner.lower_ in lex.collectives:
        return owner.lower_, owner
    return None


def _owner_country(ps, owner, mentions) -> str | None:
    for child in owner.children:
        if child.dep_ == "poss":
            found = gazetteer.canonical(child.text) or gazetteer.canonical(
                ps.doc[child.left_edge.i:child.i + 1].text)
            if found and found[1] == "GPE":
                return found[0]
    return None


def _when(ps: ParsedSentence, q: Quantity, ref) -> str | None:
    """The resolved date expression of the sentence nearest to the figure."""
    best = None
    for start, end, _, iso, _, _ in dates_in(ps.text, ref):
        if iso:
            dist = start - q.end if start >= q.end else q.start - end
            if best is None or dist < best[0]:
                best = (dist, iso)
    return best[1] if best else None


def _claim(article: Article, ps: ParsedSentence, q: Quantity, mentions: Sequence[Mention],
           ctx: _Context, sentence_places) -> Claim | None:
    doc = ps.doc
    anchor = token_at(doc, max(q.num_end - 1, q.num_start))
    if anchor is None or q.value < 1:
        return None
    own_head = q.head is not None and q.kind == "count" and q.start <= doc[q.head].idx < q.end + 1
    continuing = False
    if own_head:
        counted = doc[q.head]
        noun_tokens = [t.i for t in doc[anchor.i + 1:q.head + 1]
                       if t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.like_num]
        if q.head not in noun_tokens:
            noun_tokens.append(q.head)
        cls, term, mods = _class_of(doc, q.head, noun_tokens)
        state = _state_class(counted) if (cls in _PEOPLE_CLASSES or gazetteer.demonym_country(counted.text)) \
            else None
        if state:  # "500,000 Americans who have died", "24 people dead", "10 people were killed"
            cls = state
        elif counted.lower_ in _STATE_WORDS:  # "about 50 hurt", "80 wounded" read as nouns
            cls = _STATE_WORDS[counted.lower_]
    elif q.kind == "bare" and _YEAR_LIKE.fullmatch(ps.text[q.num_start:q.num_end]):
        return None  # "since at least 2005": a year
    elif q.kind in ("bare", "count") and _STATE_AFTER.match(ps.text, q.num_end):
        return _state_count(article, ps, q, mentions, ctx)
    elif q.kind in ("bare", "count") and _VOTE_SIDE.match(ps.text, q.num_end):
        # "388 votes in favor of it and only five against it": a side of a vote
        side = "against" if "against" in _VOTE_SIDE.match(ps.text, q.num_end).group(0).lower() else "in favor"
        return _figure_claim(article, ps, replace(q, unit="votes"), mentions, ctx, "count", what=f"votes {side}")
    elif q.kind in ("bare", "count") and _AGENT_BEFORE.search(ps.text[max(0, q.start - 30):q.start]):
        # "killing 10 people and injuring 80", "wounding other 70": the verb says who is counted
        verb = _AGENT_BEFORE.search(ps.text[max(0, q.start - 30):q.start]).group("verb").lower()
        return _state_count(article, ps, q, mentions, ctx, state=_AGENT_STEMS[verb[:4]])
    elif q.kind == "bare" and q.value >= 10 and not q.vague and _own_subject(ps, q):
        return _figure_claim(article, ps, q, mentions, ctx, "count")
    elif q.kind in ("bare", "count") and ctx.last is not None and _continues(ps, q, ctx):
        counted, cls, mods, continuing = None, ctx.last.unit or "", [], True
    elif q.kind == "count" and q.value >= 10 and not q.vague and _own_subject(ps, q):
        # "fell 1,420 points, or 6.7%, to 19818": a unit lent by a neighbour, a measure of its own
        return _figure_claim(article, ps, q, mentions, ctx, "count")
    elif q.kind == "bare" and q.value >= 10 and not q.vague:
        return _figure_claim(article, ps, q, mentions, ctx, "count")
    else:
        return None
    lex = _lexicon()
    if q.value < 10 and not q.vague and cls not in lex.small and not (
            q.value >= 2 and not continuing and counted is not None and counted.tag_ in ("NNS", "NNPS")
            and counted.lower_ not in lex.figure_words):
        return None  # a small count of a plural noun outside the classes is kept: see is_minor_count
    if not continuing and counted is not None and (
            counted.lower_ in ("times", "percent", "%") or counted.lower_ in lex.figure_words):
        return None  # "a 200,000 figure" names no counted thing
    # what
    if continuing:
        what = ctx.last.what
        nationality = None
    else:
        mods = _words(doc, mods)
        nationality, mods = _nationality_in(doc, mods)
        if nationality is not None:  # as the article writes it elsewhere ("north korean" in a subtitle)
            nationality = _demonym_adjective(gazetteer.demonym_country(nationality) or nationality,
                                             mentions, ctx.demonyms)
        collective = _collective(doc, counted)
        country_owner = None
        if collective is not None:
            base, owner = collective
            country_owner = _owner_country(ps, owner, mentions)
            if nationality is None and country_owner:
                nationality = _demonym_adjective(country_owner, mentions, ctx.demonyms)
        else:
            words = [" ".join(doc[i:j].text.split()) for i, j in mods
                     if doc[i:j].text.lower() not in _DROP_MODIFIERS
                     and any(t.pos_ in ("ADJ", "NOUN", "PROPN") for t in doc[i:j])]
            base = " ".join([*words, cls])
        if nationality is None:
            country = sender_country(ps, counted, mentions)
            if country:
                nationality = _demonym_adjective(country, mentions, ctx.demonyms)
        if nationality is None:
            nationality = ctx.nationality.get(cls) or (
                ctx.any_nationality if cls in lex.small else None)
        what = f"{nationality} {base}" if nationality else base
    # where
    place = find_place(ps, counted, anchor, mentions)
    where = scope = None
    if place is not None:
        where = place.name
        scope = place.borders or where
        if place.kind == "region" and place.borders and place.borders == place.name:
            scope = where
        if place.kind == "region" and place.borders is None:
            host = _host(sentence_places(), ctx)
            scope = host or where
        elif place.kind == "region" and not place.borders.endswith("border"):
            host = _host([c for c in sentence_places() if c != place.borders], ctx)
            scope = border_name(host, place.borders) if host else where
    elif continuing:
        where, scope = ctx.last.where, ctx.last.where_scope
    elif not continuing and _collective(doc, counted) is not None:
        owner_country = _owner_country(ps, _collective(doc, counted)[1], mentions)
        where = scope = owner_country
    source = find_source(ps, anchor, mentions)
    start, end = ps.start + q.start, ps.start + q.end
    ref = article.published.date() if article.published else None
    claim = Claim(
        article=article.id, start=start, end=end, text=article.body[start:end], value=q.value,
        qualifier=q.qualifier, value_high=q.value_high, vague=q.vague, unit=cls or None,
        what=what, where=where, when=_when(ps, q, ref), source=source.name if source else None,
        source_start=source.start if source else None, source_end=source.end if source else None,
        sentence_start=ps.start, sentence_end=ps.end, where_scope=scope,
    )
    if nationality and not continuing:
        ctx.nationality[cls] = nationality
        ctx.any_nationality = nationality
    ctx.last = claim
    return claim


def _own_subject(ps: ParsedSentence, q: Quantity) -> bool:
    """A bare figure whose clause names what it measures ("Claims for the previous week were
    revised upward to 6.8 million"), rather than carrying the claim before it on."""
    what = measured(ps.doc, q.start, q.end, "count")
    return bool(what) and not is_weak(what_key(what, None))


def _continues(ps: ParsedSentence, q: Quantity, ctx: _Context) -> bool:
    """A bare figure carries the claim before it on (see the module docstring)."""
    last = ctx.last
    if last.kind != "count" or q.value != int(q.value):
        return False  # a count goes on in whole numbers: "it was 6.1" carries no count on
    gap = ps.start - (last.sentence_end or 0)
    same_sentence = last.sentence_start == ps.start
    partitive = bool(_PARTITIVE_PRONOUN.match(ps.text, q.num_end))
    cue = _CHANGE_CUE.search(ps.text) is not None
    close = 0.1 <= q.value / max(last.value, 1.0) <= 10
    # "revised higher by 88,000 jobs to 938,000": the level after a change
    level_after_change = same_sentence and last.aspect == "revision" and \
        re.search(r"\bto\s+$", ps.text[max(0, q.start - 4):q.start]) is not None
    return level_after_change or (close and (partitive or same_sentence or (cue and gap <= _CONTINUE_CHARS)))


_CURRENCIES = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yen": "JPY", "yuan": "CNY",
               "renminbi": "CNY", "rupee": "INR", "ruble": "RUB", "rouble": "RUB", "franc": "CHF",
               "won": "KRW", "peso": "MXN", "real": "BRL", "rand": "ZAR", "lira": "TRY"}


def _figure_claim(article: Article, ps: ParsedSentence, q: Quantity, mentions, ctx: _Context,
                  kind: str, what: str | None = None) -> Claim | None:
    """A money, percentage or bare figure: what it measures is read from the parse."""
    what = what or measured(ps.doc, q.start, q.end, kind)
    if kind == "count" and not what:
        return None  # a bare number with nothing measured is no claim
    anchor = token_at(ps.doc, max(q.num_end - 1, q.num_start))
    if anchor is None:
        return None
    unit = q.unit
    currency = None
    if kind == "money":
        base = (q.unit or "").split(" per ")[0].split()[-1] if q.unit else ""
        currency = _CURRENCIES.get(base)
        unit = base or "money"
    elif kind == "percent":
        unit = "percentage point" if q.unit and "point" in q.unit else "percent"
        kind = "points" if unit == "percentage point" else "percent"
    elif kind == "ratio":
        kind, unit = "rate", "ratio"
    if kind == "measure" and not what and ctx.last is not None and ctx.last.kind == "measure" and \
            ctx.last.sentence_start == ps.start and ctx.last.what:
        what = ctx.last.what  # "up to one ounce of cannabis … and non-residents up to 15 grams"
    if kind in ("measure", "rate") and not what:
        return None  # a distance or ratio is news only with what it measures
    source = find_source(ps, anchor, mentions)
    place = find_place(ps, None, anchor, mentions)
    start, end = ps.start + q.start, ps.start + q.end
    ref = article.published.date() if article.published else None
    claim = Claim(
        article=article.id, start=start, end=end, text=article.body[start:end], value=q.value,
        qualifier=q.qualifier, value_high=q.value_high, vague=q.vague, unit=unit,
        what=what, where=place.name if place else None, when=_when(ps, q, ref),
        source=source.name if source else None,
        source_start=source.start if source else None, source_end=source.end if source else None,
        sentence_start=ps.start, sentence_end=ps.end, where_scope=place.name if place else None,
        kind=kind, currency=currency,
    )
    ctx.last = claim
    return claim


def _duration_claim(article: Article, ps: ParsedSentence, q: Quantity, mentions, ctx: _Context) -> Claim | None:
    """A duration that carries the news (see :mod:`newsdesk.nlp.claims_duration`)."""
    what = duration_what(ps.doc, ps.text, q)
    if not what:
        return None
    return _figure_claim(article, ps, replace(q, kind="measure"), mentions, ctx, "measure", what=what)


_STATE_WORDS = {w: "deaths" for w in "die died dies dying killed kill perished death deaths dead".split()}
_STATE_WORDS.update({w: "injured" for w in "injured injuring wounded hurt injuries".split()})
_AGENT_VERBS = {w: "deaths" for w in "kill kills killed killing".split()}
_AGENT_VERBS.update({w: "injured" for w in "injure injures injured injuring wound wounds wounded wounding".split()})
_PEOPLE_CLASSES = frozenset({"people", "civilians", "children", "citizens", "migrants", "refugees", "others"})


# the units a small count had before ordinary nouns were kept: the small-count classes, the states
# of "12 more injured" / "3 missing", and the sides of a vote
_STATE_UNITS = frozenset("deaths injured missing trapped stranded evacuated displaced arrested detained rescued "
                         "votes".split())


def is_minor_count(claim: Claim) -> bool:
    """A small count (2-9) of an ordinary noun ("two Saudi hijackers", "three homes"): kept by
    extraction, but a figure of the story only when another outlet gives the same count of the
    same thing (reconcile drops it otherwise), since such counts are as often idioms ("two
    countries", "two obsessions") as news."""
    if claim.kind != "count" or claim.vague or not 2 <= claim.value < 10 or claim.unit is None:
        return False
    lex = _lexicon()
    unit = claim.unit.lower()
    return unit not in lex.small and unit not in _STATE_UNITS and \
        (lex.classes.get(unit) or lex.classes.get(singular(unit))) not in lex.small


def _state_class(counted) -> str | None:
    """"deaths" or "injured" when the counted people are the dead or the hurt: "who (have) died",
    "24 people dead", "10 people were killed", "the deaths of 500,000 Americans"."""
    if counted.dep_ == "pobj" and counted.head.lower_ == "of" and counted.head.head.lower_ in _STATE_WORDS:
        return _STATE_WORDS[counted.head.head.lower_]
    if counted.dep_ in ("nsubj", "nsubjpass") and counted.head.lower_ in _STATE_WORDS and \
            counted.head.pos_ in ("VERB", "ADJ"):
        return _STATE_WORDS[counted.head.lower_]
    if counted.dep_ == "dobj" and counted.head.lower_ in _AGENT_VERBS:  # "killing at least three people"
        return _AGENT_VERBS[counted.head.lower_]
    nxt = counted.doc[counted.i + 1] if counted.i + 1 < len(counted.doc) else None
    if nxt is not None and nxt.lower_ in _STATE_WORDS and nxt.pos_ in ("ADJ", "VERB"):
        return _STATE_WORDS[nxt.lower_]
    for c in counted.children:
        if c.dep_ in ("relcl", "acl", "amod") and c.lower_ in _STATE_WORDS:
            return _STATE_WORDS[c.lower_]
    return None


_STATE_AFTER = re.compile(r"\s+(?:(?:more|others?|other\s+people|additional|people)\s+)?"  # "12 more injured"
                          r"(?:(?:were|was|are|is|have\s+been|had\s+been)\s+)?(?P<state>dead|killed|injured|wounded|missing|hurt|trapped|stranded|evacuated|displaced|"
                          r"arrested|detained|rescued)\b", re.I)


_VOTE_SIDE = re.compile(r"\s+(?:votes?\s+)?(?:against|in\s+favou?r)\b", re.I)
_AGENT_BEFORE = re.compile(r"\b(?P<verb>killing|injuring|wounding|hurting)\s+(?:at\s+least\s+|about\s+|around\s+|"
                           r"more\s+than\s+|nearly\s+|some\s+|another\s+|other\s+|an?\s+)?$", re.I)
_AGENT_STEMS = {"kill": "deaths", "inju": "injured", "woun": "injured", "hurt": "injured"}


def _state_count(article: Article, ps: ParsedSentence, q: Quantity, mentions, ctx: _Context,
                 state: str | None = None) -> Claim | None:
    """"500,071 dead", "24 killed": a count of people in that state (``state``: given by the verb
    before the figure, "injuring 80")."""
    after = _STATE_AFTER.match(ps.text, q.num_end)
    state = state or after.group("state").lower()
    cls = _STATE_WORDS.get(state) or _lexicon().classes.get(state, state)
    anchor = token_at(ps.doc, max(q.num_end - 1, q.num_start))
    if anchor is None:
        return None
    source = find_source(ps, anchor, mentions)
    start, end = ps.start + q.start, ps.start + q.num_end + (len(after.group(0)) if after else 0)
    claim = Claim(article=article.id, start=start, end=end, text=article.body[start:end], value=q.value,
                  qualifier=q.qualifier, value_high=q.value_high, vague=q.vague, unit=cls, what=cls,
                  source=source.name if source else None,
                  source_start=source.start if source else None, source_end=source.end if source else None,
                  sentence_start=ps.start, sentence_end=ps.end)
    ctx.last = claim
    return claim


_WITH_PERPETRATOR = re.compile(
    r"[^.;]{0,30}?\(?\s*(?:including|counting)\s+(?:the\s+|one\s+|a\s+)?(shooter|gunman|attacker|bomber|assailant|"
    r"suspect|perpetrator|killer|hijacker)s?\b", re.I)


_MAGNITUDE = re.compile(r"\bmagnitude(?:\s+(?:of|at))?\s*$", re.I)
_MAGNITUDE_AFTER = re.compile(r"\s*-?\s*(?:magnitude|strength)\b|\s+on\s+the\s+Richter\b", re.I)


def _magnitude_claim(article: Article, ps: ParsedSentence, q: Quantity, mentions, ctx: _Context) -> Claim | None:
    """An earthquake's magnitude: a measure of its own ("magnitude 6.1", "a 6.1-magnitude quake")."""
    claim = _figure_claim(article, ps, replace(q, kind="measure", unit="magnitude"), mentions, ctx, "measure")
    if claim is None:
        anchor = token_at(ps.doc, max(q.num_end - 1, q.num_start))
        source = find_source(ps, anchor, mentions) if anchor is not None else None
        start, end = ps.start + q.start, ps.start + q.end
        claim = Claim(article=article.id, start=start, end=end, text=article.body[start:end], value=q.value,
                      qualifier=q.qualifier, unit="magnitude", what="earthquake magnitude",
                      source=source.name if source else None,
                      source_start=source.start if source else None, source_end=source.end if source else None,
                      sentence_start=ps.start, sentence_end=ps.end, kind="measure")
    else:
        claim = replace(claim, unit="magnitude", what="earthquake magnitude")
    ctx.last = claim
    return claim


def _host(countries: list[str], ctx: _Context) -> str | None:
    if countries:
        return countries[0]
    if ctx.last is not None and ctx.last.where and gazetteer.canonical(ctx.last.where):
        return ctx.last.where
    return None


def _sentence_countries(ps: ParsedSentence, mentions: Sequence[Mention]) -> list[str]:
    out = []
    for tok in ps.doc:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "to", "into", "inside") and \
                tok.head.head.lower_ != "according":
            place = place_of(ps, tok, mentions)
            if place is not None and place.kind == "country" and place.name not in out:
                out.append(place.name)
    return out


def find_claims(article: Article, parsed: list[ParsedSentence],
                mentions: Sequence[Mention]) -> list[Claim]:
    """Numeric claims in the parsed candidate sentences of ``article`` (in body order)."""
    ctx = _Context()
    mentions = index_mentions(mentions)
    claims: list[Claim] = []
    ref = article.published.date() if article.published else None
    for ps in sorted(parsed, key=lambda p: p.start):
        cache: list[list[str]] = []

        def countries(ps=ps, cache=cache) -> list[str]:
            if not cache:
                cache.append(_sentence_countries(ps, mentions))
            return cache[0]

        found = [q for q in find_quantities(ps.text, ps.doc)
                 if q.kind in ("count", "bare", "money", "percent", "measure", "ratio", "duration")]
        spans = [(q.start, q.end) for q in found if q.kind != "duration"]  # dates go to figures, not to durations
        for q in found:
            bound = _age_bound(ps, q) if q.kind in ("count", "bare") and q.unit_surface is None else None
            if bound is not None:  # "residents 21 and over", "adults 65 and older": a lower bound of age
                claim = _figure_claim(article, ps, q, mentions, ctx, "measure", what="minimum age")
                if claim is not None:
                    end = ps.start + q.num_end + len(_AND_OLDER.match(ps.text, q.num_end).group(0))
                    claim = replace(claim, unit="age", qualifier="at_least", end=end, text=article.body[claim.start:end])
                    claims.append(_measure_facts(article, ps, q, claim, spans, ref, ctx))
                continue
            if q.kind in ("count", "bare") and _is_age(article.body, ps.start, q, mentions):
                continue
            magnitude = _MAGNITUDE.search(ps.text[max(0, q.num_start - 25):q.num_start]) or \
                _MAGNITUDE_AFTER.match(ps.text[q.num_end:q.num_end + 16])
            if not magnitude and q.kind == "bare" and q.value < 11 and ctx.last is not None and \
                    ctx.last.unit == "magnitude" and ctx.last.sentence_start == ps.start:
                magnitude = True  # "... put the magnitude at 5.9, but the USGS said it was 6.1"
            if magnitude and q.value < 11:  # "a magnitude 6.1 earthquake", "a 6.1-magnitude quake"
                claim = _magnitude_claim(article, ps, q, mentions, ctx)
            elif q.kind in ("money", "percent", "measure", "ratio"):
                claim = _figure_claim(article, ps, q, mentions, ctx, q.kind)
            elif q.kind == "duration":
                claim = _duration_claim(article, ps, q, mentions, ctx)
            else:
                claim = _claim(article, ps, q, mentions, ctx, countries)
            if claim is not None and claim.kind == "count" and claim.what and \
                    re.search(r"\bages?$", claim.what, re.I):  # "raised the legal age to 21": years of age
                claim = replace(claim, kind="measure", unit="age")
            if claim is not None:
                claim = _measure_facts(article, ps, q, claim, spans, ref, ctx)
                perpetrator = _WITH_PERPETRATOR.match(ps.text, q.end) if claim.unit in ("deaths", "injured") else None
                if perpetrator:  # "Four people were killed (including the shooter)": another count than the victims'
                    claim = replace(claim, what=f"{claim.what or claim.unit}, including the {perpetrator.group(1).lower()}")
                ctx.last = claim
                claims.extend(_sides(article, claim))
        claims.extend(_vote_tallies(article, ps, mentions))
    return _share_places(_event_periods(article.body, claims))


# "the two girls, ages 13 and 15", "aged between 5 and 12", "age 40": a person's age, not a count
_AGES_BEFORE = re.compile(r"\b(?:ages?|aged)\s+(?:between\s+|from\s+)?(?:\d+\s*(?:,|and|to|or|-|–)\s*)*$", re.I)


_AND_OLDER = re.compile(r"\s+and\s+(?:older|over|up|above)\b", re.I)


def _age_bound(ps: ParsedSentence, q) -> str | None:
    """The people a bare "21 and over" / "65 and older" right after a plural noun bounds the age
    of ("residents 21 and over": residents), else None."""
    if not _AND_OLDER.match(ps.text, q.num_end):
        return None
    noun = token_at(ps.doc, max(0, q.num_start - 2))
    while noun is not None and noun.i > 0 and noun.idx + len(noun.text) > q.num_start:
        noun = ps.doc[noun.i - 1]
    if noun is None or noun.pos_ not in ("NOUN", "PROPN") or noun.tag_ not in ("NNS", "NNPS"):
        return None
    return noun.lower_


def _is_age(body: str, offset: int, q, mentions) -> bool:
    """A person's age, not a count: a number after "age(s)"/"aged", or one set off by commas right
    after a person's name ("Mohammad Anwar, 66, of Springfield"; "Anwar, 66.")."""
    start, end = offset + q.num_start, offset + q.num_end
    if q.unit_surface is None and _AGES_BEFORE.search(body[max(0, start - 40):start]):
        return True
    if q.unit_surface is not None or not re.fullmatch(r"\d{1,3}", body[start:end]) or \
            not re.match(r"\s*(?:[,.;)]|$)", body[end:end + 2]):
        return False
    comma = re.search(r",\s*$", body[max(0, start - 3):start])
    if comma is None:
        return False
    name_end = start - (len(body[max(0, start - 3):start]) - comma.start())
    return any(m.label == "PERSON" and m.end == name_end for m in mentions.overlapping(name_end - 1, name_end))


def find_title_claims(article: Article, nlp) -> list[Claim]:
    """Figures of the headline ("Dow tumbles more than 1,300 points", "… in $900 billion relief
    package"), read as a sentence of its own with ``nlp`` (only when it may hold a figure). The
    headline is no part of the body: each claim is marked ``in_title``, keeps its ``text`` as
    written and has an empty span (0, 0) at the top of the body. A title generated from the body
    repeats its first sentence and gives none."""
    title = article.title or ""
    if not title.strip() or article.title_generated or not is_candidate(title):
        return []
    if " ".join(title.split()).rstrip(".").lower() in " ".join(article.body[:len(title) + 300].split()).lower():
        return []  # a feed item whose headline is its body's first line: read there already
    doc = nlp(title.replace("\xa0", " "))
    mentions = [Mention(article.id, e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
    found = find_claims(replace(article, body=title), [ParsedSentence(0, len(title), doc, title)], mentions)
    return [replace(c, in_title=True, start=0, end=0, sentence_start=None, sentence_end=None, source_start=None,
                    source_end=None, source=c.source if _named_in(c.source, title, article.body) else None)
            for c in found]


def _named_in(source: str | None, title: str, body: str) -> bool:
    """A source read from a headline in title case is a name only when the gazetteer or the
    article's body knows it: in such capitals every word reads as a name, to the recogniser too
    ("Navarro's Memos Warned of Millions of Deaths" names no "Memos Warned")."""
    if source is None:
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w'’]*", title) if len(w) > 3]
    if sum(w[0].isupper() for w in words) <= 0.7 * len(words):
        return True  # a headline in sentence case: its capitals mark names
    return bool(gazetteer.canonical(source)) or re.search(
        rf"\b{re.escape(source.split()[-1])}\b", body) is not None


def _event_periods(body: str, claims: list[Claim]) -> list[Claim]:
    """A magnitude with no period of its own takes the period of a dated figure of its clause
    ("600 were killed in Zarand in February in an earthquake with a magnitude of 6.4"): the
    quake of that toll, not the story's."""
    out = []
    for c in claims:
        if c.unit == "magnitude" and c.period is None:
            for o in claims:
                if o is c or o.period is None or o.sentence_start != c.sentence_start:
                    continue
                lo, hi = (o.end, c.start) if o.end <= c.start else (c.end, o.start)
                if not CLAUSE_BREAK.search(body[lo:hi]):
                    c = replace(c, when=o.when, period=o.period)
                    break
        out.append(c)
    return out


_VOTE_PAIR = re.compile(r"\b(?:voted|votes?|vote\s+of|passed|approved|confirmed|rejected|defeated|adopted)\s+"
                        r"(?:by\s+(?:a\s+)?)?(?P<a>\d{1,3})\s*[-–]\s*(?P<b>\d{1,3})\b"
                        # "in a 4-3 decision", "a 5-4 ruling": a court's or a board's split
                        r"|\b(?P<a2>\d{1,2})\s*[-–]\s*(?P<b2>\d{1,2})\s+(?:decision|ruling|vote|verdict|majority|opinion)s?\b",
                        re.I)


def _vote_tallies(article: Article, ps: ParsedSentence, mentions) -> list[Claim]:
    """"The act passed 220-211", "the Senate voted 52-48": the two sides of a vote (the number
    reader drops such pairs as scores)."""
    out = []
    pairs = [(m.start(), m.end()) for m in _VOTE_PAIR.finditer(ps.text)]
    ref = article.published.date() if article.published else None
    for m in _VOTE_PAIR.finditer(ps.text):
        sides = ("a", "b") if m.group("a") else ("a2", "b2")
        anchor = token_at(ps.doc, m.start(sides[0]))
        source = find_source(ps, anchor, mentions) if anchor is not None else None
        # the vote's date, as any figure's ("was last reauthorized in 2006 with a vote of 98-0")
        period = period_of(ps.text, m.start(), m.end(), pairs, ref, article.body[max(0, ps.start - 400):ps.start])
        for group, side in zip(sides, ("first side", "second side")):
            start, end = ps.start + m.start(group), ps.start + m.end(group)
            out.append(Claim(article=article.id, start=start, end=end, text=article.body[start:end],
                             value=float(m.group(group)), qualifier="exact", unit=None, what=f"vote, {side}",
                             source=source.name if source else None,
                             source_start=source.start if source else None, source_end=source.end if source else None,
                             sentence_start=ps.start, sentence_end=ps.end,
                             when=period.when if period else None, period=period.label if period else None))
    return out


def _sides(article: Article, claim: Claim) -> list[Claim]:
    """"The vote of 220 to 211": a "range" that falls is a tally of two sides, not a range; each
    side is a figure of its own ("vote, first side" 220, "vote, second side" 211). "Revised down
    2,000 to 5,506,500": a "range" whose ends are far apart is a change and the level it led to;
    "from $640 to $1,160" is where a figure started and where it went."""
    if claim.qualifier != "range" or claim.value_high is None or claim.value <= 0:
        return [claim]
    falls = claim.value_high < claim.value
    change = claim.value_high / claim.value > 20  # "revised down 2,000 to 5,506,500": a change and a level
    since = re.search(r"\bfrom\s+$", article.body[max(0, claim.start - 8):claim.start], re.I) is not None
    # "rose by about 1 million to 9.3 million": the change and the level it led to
    by_change = re.search(r"\bby\s+$", article.body[max(0, claim.start - 6):claim.start], re.I) is not None
    numbers = list(re.finditer(r"\d[\d,.]*", claim.text))
    if not (falls or change or since or by_change) or len(numbers) != 2:
        return [claim]
    what = claim.what or claim.unit or "tally"
    if since:  # "increased the cost from $640 to $1,160": where it started and where it went
        parts = ((claim.value, {"aspect": "baseline"}), (claim.value_high, {"aspect": None}))
    elif falls:
        parts = ((claim.value, {"what": f"{what}, first side"}), (claim.value_high, {"what": f"{what}, second side"}))
    else:
        before = article.body[max(0, claim.start - 40):claim.start]
        first = {"aspect": "revision"} if re.search(r"\brevis\w*", before, re.I) else {"what": f"change in {what}"}
        parts = ((claim.value, first), (claim.value_high, {"aspect": None}))
    out = []
    lead = 0
    for m, (value, changes) in zip(numbers, parts):
        start = claim.start + m.start()
        scale = re.match(r"\s*(?:million|billion|trillion|thousand|bn|m)\b", claim.text[m.end():], re.I)
        end = claim.start + m.end() + (scale.end() if scale else 0)
        hedge = _HEDGE.search(claim.text[lead:m.start()])  # "about 1 million to 9.3 million"
        lead = m.end()
        qualifier = _HEDGE_QUALIFIER.get(" ".join(hedge.group(1).lower().split()), "exact") if hedge else "exact"
        out.append(replace(claim, start=start, end=end, text=article.body[start:end], value=value, value_high=None,
                           qualifier=qualifier, **changes))
    return out


_CHANGE_BY = re.compile(
    r"\b(?:rose|risen|rise|rises|fell|fallen|falls|soared|soars|jumped|jumps|climbed|climbs|grew|grown|grows|"
    r"increased|increases|decreased|decreases|declined|declines|dropped|drops|surged|surges|plunged|plunges|"
    r"gained|gains|slid|slides|shrank|shrunk|shrinks|up|down)\s+by\s+(?:about\s+|around\s+|nearly\s+|almost\s+|"
    r"roughly\s+|some\s+|more\s+than\s+|over\s+|at\s+least\s+|a\s+)?$", re.I)
_HEDGE = re.compile(r"\b(about|around|approximately|roughly|nearly|almost|some|more\s+than|over|"
                    r"at\s+least|fewer\s+than|less\s+than|up\s+to)\s+\S*$", re.I)
_HEDGE_QUALIFIER = {"about": "approximately", "around": "approximately", "approximately": "approximately",
                    "roughly": "approximately", "nearly": "approximately", "almost": "approximately",
                    "some": "approximately", "more than": "more_than", "over": "more_than",
                    "at least": "at_least", "fewer than": "fewer_than", "less than": "fewer_than",
                    "up to": "up_to"}


def _measure_facts(article: Article, ps: ParsedSentence, q: Quantity, claim: Claim, spans, ref,
                   ctx: _Context) -> Claim:
    """The period, forecast flag and aspect of a claim (see :mod:`newsdesk.nlp.claims_measure`)."""
    # the words around the figure, cut at a neighbouring figure of another clause ("rose in June to
    # 188,000, topping 1M this fiscal year": the fiscal year is the 1M's; "40,000,070 cases and 651,690
    # deaths, according to the latest tally": both figures')
    lo = max([0, q.start - 60, *(e for s, e in spans if e <= q.start and "," in ps.text[e:q.start])])
    hi = min([len(ps.text), q.end + 60, *(s for s, e in spans if s >= q.end and "," in ps.text[q.end:s])])
    clause = ps.text[lo:hi]
    aspect = aspect_of(ps.text, q.start, q.end, clause)
    if (q.start, q.end) not in spans:  # a duration: not among the figures dates go to, but its own
        spans = [*spans, (q.start, q.end)]
    period = period_of(ps.text, q.start, q.end, spans, ref, article.body[max(0, ps.start - 400):ps.start],
                       total=aspect == "total")
    if aspect is None and period is None and re.search(
            r"\bfrom\s+(?:the\s+|a\s+)?(?:revised\s+)?$", ps.text[max(0, q.start - 20):q.start], re.I):
        aspect = "baseline"  # "to 5.7% from 5.9%": an undated starting point
    if aspect is None and period is not None and period.label.lower().startswith("since"):
        aspect = "total"
    if claim.what and not claim.what.startswith("change in") and claim.kind in ("count", "money") and q.qualifier != "range" and \
            _CHANGE_BY.search(ps.text[max(0, q.start - 40):q.start]):
        claim = replace(claim, what=f"change in {claim.what}")  # "openings soared by nearly a million"
    forecast = is_forecast(ps.doc, q.start, q.end)
    polled = _POLLED.match(ps.text, q.end) if claim.unit in _STATERS else None
    if polled:  # "the 8.3 million economists polled by Refinitiv had predicted": their forecast
        forecast = True
        if claim.source is None and polled.group("by"):
            by_start = ps.start + polled.start("by")
            claim = replace(claim, source=polled.group("by"), source_start=by_start,
                            source_end=by_start + len(polled.group("by")))
    if forecast and claim.unit in _STATERS:  # "the 870,000 economists had expected": no count of economists
        claim = replace(claim, unit=None, what=None)
    if period is None and aspect is None and not forecast and not claim.in_title:
        period = carried_period(article.body[max(0, ps.start - 400):ps.start], ref)
    when = period.when if period is not None else None
    return replace(claim, when=when, period=period.label if period else None, forecast=forecast,
                   aspect=aspect)


def _share_places(claims: list[Claim]) -> list[Claim]:
    """A figure with no place takes the place of the same figure elsewhere in the article
    ("8,000 ... expected to engage in combat" and "about 8,000 of them located in Kursk")."""
    placed: dict[tuple, Claim] = {}
    for o in claims:
        if o.where:
            placed.setdefault((o.value, o.unit), o)
    out = []
    for c in claims:
        if c.where is None:
            twin = placed.get((c.value, c.unit))
            if twin is not None:
                c = replace(c, where=twin.where, where_scope=twin.where_scope)
        out.append(c)
    return out
