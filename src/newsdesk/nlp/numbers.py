"""Quantities in text: numbers, their qualifier ("about", "at least"), range and unit.

``find_quantities`` is a general quantity extractor (money, percentages, measures, counts);
:mod:`newsdesk.nlp.claims` builds numeric claims on its counts. What is *not* a quantity is
dropped here: dates, years, times of day, ordinals, phone numbers, sports scores and numbers that
are part of a name ("Resolution 2231", "iPhone 11", "TA-35").

Qualifier semantics (``Quantity.qualifier``):

* ``approximately``: about, around, approximately, roughly, some, (an) estimated, circa, ~, and also
  *nearly*, *almost* and *close to*: reporters use them for a round figure just short of the true
  one, so the figure is an approximation rather than a bound.
* ``at_least``: at least, no fewer/less than, a minimum of, "N or more".
* ``more_than``: more than, over, above, upwards of, in excess of, "N+".
* ``fewer_than``: fewer/less than, under, below, just under, "sub-N".
* ``up_to``: up to, as many as, as much as, as high as, at most, no more than, "N or fewer".
* ``range``: "between X and Y", "X-Y", "X to Y" (``value``..``value_high``); vague counts
  ("thousands of", "dozens of") are ranges of one order of magnitude with ``vague=True``
  (dozens 12-120, hundreds 100-1,000, thousands 1,000-10,000, tens of thousands 10^4-10^5 ...).
* ``exact`` otherwise ("a total of 10,000").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from newsdesk.nlp import numbers_kinds as kinds
from newsdesk.nlp.numbers_atoms import Atom, digit_atoms, special_atoms, unit_follows, word_atoms
from newsdesk.lexicon.units import unit_table
from newsdesk.nlp.numbers_units import counted_noun, unit_after

_QUALIFIERS = [
    ("at_least", r"at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|a\s+minimum\s+of|"
                 r"minimum\s+of"),
    ("up_to", r"up\s+to|as\s+many\s+as|as\s+much\s+as|as\s+high\s+as|at\s+most|at\s+the\s+most|"
              r"no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum\s+of"),
    ("fewer_than", r"fewer\s+than|less\s+than|lower\s+than|just\s+under|under|below|beneath|<"),
    ("more_than", r"more\s+than|over\s+than|greater\s+than|higher\s+than|upwards\s+of|in\s+excess\s+of|"
                  r"exceeding|above|well\s+over|over|north\s+of|>"),
    ("approximately", r"about|around|approximately|approx\.?|roughly|some|an\s+estimated|estimated|"
                      r"nearly|almost|close\s+to|circa|ca\.|an\s+approximate|~|≈|≃"),
]
_QUALIFIER_RE = re.compile(
    r"(?:^|(?<=[\s(]))(?:" + "|".join(f"(?P<{n}>{p})" for n, p in _QUALIFIERS) + r")\s*$", re.I)
_SUFFIX_QUALIFIER = re.compile(r"\s*(?:(?P<at_least>or\s+more\b|\+)|(?P<approximately>or\s+so\b)|"
                               r"(?P<up_to>or\s+(?:fewer|less)\b))", re.I)


@dataclass(frozen=True)
class Quantity:
    """A quantity found in text; offsets are into the text given to :func:`find_quantities`."""

    start: int  # the whole expression, qualifier and unit included ("about 8,000 troops")
    end: int
    text: str
    value: float
    qualifier: str = "exact"
    value_high: float | None = None
    vague: bool = False
    unit: str | None = None  # normalised unit ("dollar", "percentage", "troop"); None: bare
    unit_surface: str | None = None
    kind: str = "bare"  # count | money | percent | measure | duration | age | ratio | multiple | bare
    num_start: int = 0  # the number itself ("8,000")
    num_end: int = 0
    head: int | None = None  # doc token index of the counted noun (kind == "count")


def _qualify(text: str, atom: Atom) -> None:
    start = atom.pre_start
    if text[max(0, start - 4):start].lower() == "sub-":
        atom.qualifier, atom.q_start = "fewer_than", start - 4
        return
    window = text[max(0, start - 30):start]
    m = _QUALIFIER_RE.search(window)
    if m:
        atom.qualifier = m.lastgroup or "exact"
        atom.q_start = start - len(window) + m.start()
    elif text[max(0, start - 8):start].lower().rstrip().endswith("between"):
        atom.q_start = start - len(text[max(0, start - 8):start]) + \
            text[max(0, start - 8):start].lower().rfind("between")


_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|to-|-to-|and|/)\s*$", re.I)


def _group(text: str, atoms: list[Atom]) -> list[list[Atom]]:
    groups: list[list[Atom]] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms) and not a.vague and not a.ratio_unit and not atoms[i + 1].vague:
            b = atoms[i + 1]
            gap = text[(a.unit.end if a.unit else a.end):b.pre_start]
            joined = bool(_RANGE_SEP.fullmatch(gap)) and not b.ratio_unit and not a.multiple \
                and not b.multiple
            if gap.strip() == "/" and a.money and b.money:
                joined = True  # "$7/$9"
            if joined and gap.strip() in ("-", "–") and a.unit is None and b.unit is None \
                    and a.plain_int and b.plain_int and not unit_follows(text, b.end) and (
                        b.value <= a.value or 1000 <= a.value <= 2100
                        or re.match(r"\s+[A-Z]", text[b.end:b.end + 2])):
                groups.append([a, b])  # "2-1" scores, "2014-15" seasons, "16-18" house numbers
                a.word = "pair"
                i += 2
                continue
            if joined and a.plain_int and 1000 <= a.value <= 2100 and not b.plain_int:
                joined = False  # "rose 60% in 2018 to 3.9 million"
            if joined and a.unit and re.search(r"\bby\s*$", text[max(0, a.pre_start - 8):a.pre_start],
                                               re.I):
                joined = False  # "increased by $43.6 billion to $419.2 billion": change, level
            if joined and gap.strip().lower() == "and":
                joined = a.q_start >= 0 and text[a.q_start:a.pre_start].lower().startswith("between")
            if joined and a.unit and b.unit is None:
                before = text[max(0, a.pre_start - 6):a.pre_start].lower()
                joined = "from" in before
            if joined and a.unit and b.unit and a.unit.unit.name != b.unit.unit.name:
                base_a = a.unit.unit.name.split(" per ")[0]
                base_b = b.unit.unit.name.split(" per ")[0]
                joined = base_a == base_b  # "between $62 and $68 per share"
                if joined and len(b.unit.unit.name) > len(a.unit.unit.name):
                    a.unit = b.unit
                elif joined:
                    b.unit = a.unit
            if joined:
                if a.unit is None and b.unit is not None:
                    a.unit = b.unit
                if b.factor > 1 and a.factor == 1 and abs(a.value) <= abs(b.value) / b.factor:
                    a.value *= b.factor  # "1 to 2 thousand", "$10 to $15 billion"
                groups.append([a, b])
                i += 2
                continue
        groups.append([a])
        i += 1
    return groups


def find_quantities(text: str, doc: Any = None) -> list[Quantity]:
    """Every quantity in ``text``. ``doc`` is an optional spaCy parse of exactly this text; it is
    needed to find the noun a plain count counts ("8,000 North Korean troops"). Without it, counts
    are returned as bare numbers (unit None)."""
    blocked = kinds.blocked_spans(text)
    atoms = special_atoms(text, blocked, [])
    taken = [(a.pre_start, a.end) for a in atoms]
    atoms += digit_atoms(text, blocked + taken)
    taken = [(a.pre_start, a.end) for a in atoms]
    atoms += word_atoms(text, blocked, taken)
    atoms.sort(key=lambda a: a.start)
    kept: list[Atom] = []
    for a in atoms:
        if kept and kept[-1].unit is not None and a.start < kept[-1].unit.end:
            continue  # "1200 parts per million": "million" belongs to the unit
        if kept and a.start < kept[-1].end:
            continue
        _qualify(text, a)
        if not (a.vague or a.ratio_unit):
            a.unit = unit_after(text, a.end, money=a.money)
            if a.multiple:
                a.unit = None
        if a.word == "one" and re.match(r"\s+[\d$€£]", text[a.end:a.end + 3]):
            continue  # "just one 52,000 barrel-a-day refinery"
        kept.append(a)
    atoms = kept
    out: list[Quantity] = []
    for group in _group(text, atoms):
        q = _to_quantity(text, group, doc)
        if q is None:
            continue
        if out and out[-1].num_end <= q.num_start < out[-1].end and out[-1].kind == "count":
            continue  # "two new 737 Max jets": 737 is part of what is counted
        out.append(q)
    out += _hedged_single_units(text, out, blocked)
    out.sort(key=lambda q: q.start)
    return _inherit_units(text, _suspended(text, out))


HEDGED_ONE = re.compile(
    r"\b(?P<hedge>less\s+than|fewer\s+than|more\s+than|just\s+over|just\s+under|about|around|nearly|almost|"
    r"under|over|within|roughly)\s+(?P<num>an?)\s+(?P<unit>second|minute|hour|day|week|month|year)\b", re.I)
_HEDGE_OF = {"less than": "fewer_than", "fewer than": "fewer_than", "just under": "fewer_than", "under": "fewer_than",
             "within": "up_to", "more than": "more_than", "just over": "more_than", "over": "more_than",
             "about": "approximately", "around": "approximately", "nearly": "approximately",
             "almost": "approximately", "roughly": "approximately"}


def _hedged_single_units(text: str, found: list[Quantity], blocked) -> list[Quantity]:
    """"less than a minute", "more than a year", "about an hour": one unit of time, hedged (the
    article stands for one only after a hedge; "a week ago" alone is a moment, not a figure)."""
    out = []
    for m in HEDGED_ONE.finditer(text):
        if any(q.start < m.end() and m.start() < q.end for q in found) or kinds.overlaps(blocked, m.start(), m.end()):
            continue
        hedge = " ".join(m.group("hedge").lower().split())
        out.append(Quantity(start=m.start(), end=m.end(), text=m.group(0), value=1.0, qualifier=_HEDGE_OF[hedge],
                            unit=m.group("unit").lower(), unit_surface=m.group("unit"), kind="duration",
                            num_start=m.start("num"), num_end=m.end("num")))
    return out


def _suspended(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"7- or 8-inch", "four-, five- and six-cylinder": a suspended hyphen shares the unit after."""
    out = list(quantities)
    for i in range(len(out) - 2, -1, -1):
        q = out[i]
        if re.match(r"-\s*(?:,|or\b|and\b|to\b)", text[q.num_end:q.num_end + 6]) and out[i + 1].unit:
            nxt = out[i + 1]
            out[i] = replace(q, unit=nxt.unit, kind=nxt.kind, end=q.num_end + 1,
                             text=text[q.start:q.num_end + 1], head=None)
    return out


def _to_quantity(text: str, group: list[Atom], doc: Any) -> Quantity | None:
    first, last = group[0], group[-1]
    if first.word == "pair":
        return None
    um = last.unit
    unit = um.unit if um else None
    end = um.end if um else last.end
    age = False
    if unit is None and not first.vague and not first.ratio_unit and not first.multiple:
        if kinds.is_not_quantity(text, last.start, last.end, doc, plain=last.plain_int,
                                 value=last.value):
            return None
        if len(group) == 2 and first.plain_int and last.plain_int and kinds.is_year(
                text, first.start, first.end,
                                                                 first.value) \
                and kinds.is_year(text, last.start, last.end, last.value, doc):
            return None
        age = len(group) == 1 and kinds.is_age(text, first.start, first.end, first.value, doc)
        if not age and kinds.is_name_number(text, first.pre_start, doc):
            return None
    qualifier = "range" if len(group) == 2 else first.qualifier
    value_high = last.value if len(group) == 2 else None
    vague = first.vague is not None
    value = first.value
    if vague:
        value, value_high, qualifier = first.vague[0], first.vague[1], "range"
    if len(group) == 1:
        m = _SUFFIX_QUALIFIER.match(text, end)
        if m and qualifier == "exact":
            qualifier = m.lastgroup or qualifier
    kind, unit_name, surface, head = "bare", None, None, None
    if age:
        kind, unit_name = "age", "year of age"
    elif unit is not None:
        kind = {"money": "money", "percent": "percent", "time": "duration", "age": "age",
                "multiple": "multiple"}.get(unit.kind, "measure")
        unit_name, surface = unit.name, (um.surface or None)
        if unit.kind == "money" and first.money and not um.surface:
            surface = text[first.pre_start:first.start] if first.pre_start < first.start else None
    elif first.multiple:
        kind, unit_name, surface = "multiple", "count", text[first.start:first.end]
    elif doc is not None:
        found = _doc_noun(text, doc, first, last)
        if found is not None:
            noun, tok_first, tok_last = found
            head, surface = noun.head, noun.surface(doc)
            unit_name = noun.normalised(doc) or None
            kind = "ratio" if first.ratio_unit else "count"
            lexical = unit_table().surfaces.get(doc[noun.head].lower_)
            if lexical is not None and len(noun.tokens) == 1 and not first.ratio_unit:
                unit_name = lexical.name  # "tens of thousands of dollars"
                kind = {"money": "money", "percent": "percent", "time": "duration"}.get(
                    lexical.kind, "measure")
            if first.ratio_unit:
                unit_name = f"% {unit_name}"
            elif vague or noun.partitive:
                end = max(end, doc[noun.head].idx + len(doc[noun.head]))
            else:
                end = max(end, doc[noun.head].idx + len(doc[noun.head]))
        elif first.word == "one":
            return None
        elif first.ratio_unit:
            kind, unit_name = "ratio", "% -"
        if found is not None and _is_name_phrase(doc, found[0]):
            return None
    elif first.word == "one":
        return None
    if first.ratio_unit and kind == "bare":
        kind, unit_name = "ratio", "% -"
    if kind == "bare" and first.vague:
        return None
    if kind == "bare" and _is_word(text, first) and not first.scaled and abs(value) < 100 and \
            not _STATE_NEXT.match(text, last.end):
        return None  # "the bottom three", "the other two": pronoun-like number words ("left three dead" counts)
    start = first.q_start if first.q_start >= 0 else first.pre_start
    return Quantity(start=start, end=end, text=text[start:end], value=value, qualifier=qualifier,
                    value_high=value_high, vague=vague, unit=unit_name, unit_surface=surface,
                    kind=kind, num_start=first.start, num_end=last.end, head=head)


_STATE_NEXT = re.compile(r"\s+(?:(?:more|others?)\s+)?(?:(?:were|was|are|is|have\s+been|had\s+been)\s+)?"
                         r"(?:dead|killed|injured|wounded|hurt|missing)\b"
                         r"|\s+(?:votes?\s+)?(?:against|in\s+favou?r)\b", re.I)  # "… and only five against it"


def _is_word(text: str, atom: Atom) -> bool:
    return text[atom.start:atom.start + 1].isalpha()


def _is_name_phrase(doc: Any, noun) -> bool:
    """"11 Pro Max", "90049 ZIP Code", "787 Dreamliner": capitalised singular names."""
    toks = [doc[i] for i in noun.tokens]
    head = doc[noun.head]
    return (not noun.partitive and all(t.text[:1].isupper() for t in toks)
            and head.tag_ not in ("NNS", "NNPS") and not head.text.endswith("s"))


def _doc_noun(text: str, doc: Any, first: Atom, last: Atom):
    span = doc.char_span(first.start, last.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    start_tok, end_tok = span[0].i, span[-1].i
    noun = counted_noun(doc, start_tok, end_tok)
    if noun is None:
        return None
    return noun, start_tok, end_tok


_OWN_MEASURE = re.compile(r"\b([A-Za-z]+)\s+of\s+$")
_SAME_MEASURE_WORDS = frozenset("total number figure figures tally estimate count sum maximum minimum average "
                                "all each some most many none one two three".split())


def _inherit_units(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """A bare number takes the unit of a neighbour written in parallel: "435 homes ... and 187",
    "eight or nine euros", "$1.25 million to $1.5 million", "84.75 cents, the lowest 74.07"."""
    out = list(quantities)
    for i, q in enumerate(out):
        if q.unit is not None or q.kind != "bare":
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is not None and nxt.unit and re.fullmatch(
                r"\s*(?:,|or|and|to|-|–|,\s*or|,\s*and)\s*", text[q.num_end:nxt.start] or "x"):
            out[i] = replace(q, unit=nxt.unit, kind=nxt.kind)
            continue
        owner = _OWN_MEASURE.search(text[max(0, q.start - 30):q.start])
        if owner and owner.group(1).lower() not in _SAME_MEASURE_WORDS:
            continue  # "a population of more than 100,000": the noun before "of" names its own measure
        for prev in reversed(out[:i]):
            if prev.kind == "percent":
                continue
            if prev.unit and prev.kind not in ("age", "duration", "ratio", "multiple"):
                ratio = abs(q.value) / max(abs(prev.value), 1e-9)
                if 0.01 <= ratio <= 100:
                    out[i] = replace(q, unit=prev.unit, kind=prev.kind, head=prev.head)
            break
    return out
