"""What a number measures: units of measure and currencies after it, or the noun it counts.

Units of measure come from the unit table (``newsdesk/data/units_table.json``); the counted noun of
a plain count ("8,000 North Korean troops", "one of the students") comes from a spaCy parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsdesk.nlp.numbers_lexicon import Unit, singular, unit_table

_WORD = re.compile(r"[^\s()\[\],;:!?\"“”]+")
_PER = re.compile(r"\s?(?:/|per\s|a\s|an\s|each\s|every\s|a-|an-)\s?", re.IGNORECASE)
_DOLLAR_COUNTRY = re.compile(r"\s(?:US|U\.S\.)(?![A-Za-z])")
_TRAIL = ".,;:!?)'\"”’"
TIMES = Unit("count", "multiple")


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit
    surface: str
    end: int  # offset just after the unit (and its rate part) in the text


def _surface_at(text: str, pos: int) -> tuple[Unit, str, int] | None:
    """The longest unit surface (word or words) starting at ``pos``."""
    table = unit_table()
    words = []
    for m in _WORD.finditer(text, pos, min(len(text), pos + 60)):
        if m.start() != pos and not text[pos:m.start()].isspace():
            break
        words.append(m)
        pos = m.end()
        if len(words) >= table.max_words:
            break
    for n in range(len(words), 0, -1):
        start, end = words[0].start(), words[n - 1].end()
        raw = text[start:end]
        cut = raw.rstrip(_TRAIL)
        if not cut:
            continue
        key = " ".join(cut.lower().split())
        if key in table.surfaces:
            return table.surfaces[key], cut, start + len(cut)
        if n == 1 and "-" in key:  # "2.4-liter" reaches here as "liter"; "percent-owned" is listed
            head = key.split("-")[0]
            if head in table.surfaces and table.surfaces[head].kind not in ("money",):
                return table.surfaces[head], cut[: len(head)], start + len(head)
    return None


def _symbol_at(text: str, pos: int, attached: bool) -> tuple[Unit, str, int] | None:
    table = unit_table()
    m = table.symbol_re.match(text, pos)
    if not m:
        return None
    sym = m.group(0)
    unit = table.symbols.get(sym) or table.symbols.get(re.sub(r"\s", " ", sym))
    if unit is None:
        return None
    if not attached:
        # after a space only unambiguous symbols: not single lower-case letters, quotes or "A"
        if len(sym) == 1 and (sym.islower() or not sym.isalpha() and sym not in "%°" or sym == "A"):
            return None
    elif sym in ("'", "′", '"', "″", "”") and text[m.end():m.end() + 1].isalnum():
        return None
    return unit, sym, m.end()


def unit_after(text: str, pos: int, *, money: Unit | None = None) -> UnitMatch | None:
    """The unit written at ``pos`` (just after a number), with an optional rate ("a month").

    ``money`` is the currency already read before the number ("$5"): it then takes the unit's place
    and only a rate or a trailing "US" may follow.
    """
    found: tuple[Unit, str, int] | None = None
    if money is not None:
        end = pos
        m = _DOLLAR_COUNTRY.match(text, end)
        if m and money.name == "dollar":
            end = m.end()
        found = (money, "", end)
    else:
        attached = pos < len(text) and not text[pos].isspace()
        start = pos
        if text.startswith("-", pos) and pos + 1 < len(text) and text[pos + 1].isalpha():
            start = pos + 1  # "6.1-inch", "65-year-old"
        elif not attached:
            start = pos + 1 if text.startswith(" ", pos) else pos
        sym = _symbol_at(text, start, attached or start != pos + 1)
        word = _surface_at(text, start)
        if word and text[start:start + 5].lower() == "times":
            word = None
        if sym and (not word or sym[2] >= word[2]):
            found = sym
        elif word:
            found = word
        elif re.match(r"times\b", text[start:start + 6], re.IGNORECASE):
            found = (TIMES, text[start:start + 5], start + 5)
    if found is None:
        return None
    unit, surface, end = found
    rate = _rate_at(text, end)
    if rate and unit.kind not in ("percent",):
        per_name, per_end = rate
        return UnitMatch(Unit(f"{unit.name} per {per_name}", unit.kind), text[pos:per_end].strip(),
                         per_end)
    if money is not None and end == pos:
        return UnitMatch(unit, "", pos)
    return UnitMatch(unit, surface, end)


def _rate_at(text: str, pos: int) -> tuple[str, int] | None:
    m = _PER.match(text, pos)
    if not m:
        return None
    table = unit_table()
    rest = text[m.end():m.end() + 30]
    words = re.findall(r"[A-Za-z][A-Za-z.-]*", rest)[:2]
    for n in (2, 1):
        if len(words) < n:
            continue
        phrase = " ".join(words[:n]).lower().rstrip(".")
        if not rest.lower().startswith(phrase):
            continue
        single = singular(phrase)
        name = {"annum": "year", "sq m": "square metre", "sq ft": "square foot"}.get(single, single)
        if single in table.per_words or phrase in table.per_words:
            unit = table.surfaces.get(single)
            if unit and unit.kind not in ("time",):
                name = unit.name
            return name, m.end() + len(phrase)
    return None


# --------------------------------------------------------------------------- counted nouns

_SKIP_POS = {"DET", "PUNCT", "CCONJ", "PART", "PRON", "ADP", "SCONJ", "AUX", "SPACE"}
_NOUNS = {"NOUN", "PROPN"}


def _norm_token(tok: Any) -> str:
    lemma = tok.lemma_ if tok.lemma_ and tok.pos_ != "PROPN" else ""
    if not lemma:
        lemma = singular(tok.text) if tok.pos_ == "NOUN" else tok.text
    return lemma.lower()


@dataclass(frozen=True)
class CountedNoun:
    head: int  # token index of the counted noun
    tokens: tuple[int, ...]  # the tokens that make up the unit phrase
    partitive: bool  # "8,000 of them", "one of the students"

    def surface(self, doc: Any) -> str:
        return " ".join(doc[i].text for i in self.tokens)

    def normalised(self, doc: Any) -> str:
        return " ".join(_norm_token(doc[i]) for i in self.tokens)


def _content(doc: Any, indices) -> tuple[int, ...]:
    from spacy.lang.en.stop_words import STOP_WORDS

    keep = []
    for i in indices:
        tok = doc[i]
        if tok.pos_ in _SKIP_POS or tok.lower_ in STOP_WORDS or tok.tag_ == "VBG" and tok.dep_ == "amod":
            continue
        if tok.like_num and tok.pos_ == "NUM":
            continue
        keep.append(i)
    return tuple(keep)


def counted_noun(doc: Any, first: int, last: int) -> CountedNoun | None:
    """The noun that the number ``doc[first:last+1]`` counts, if the parse shows one."""
    tok = doc[last]
    head = tok
    for _ in range(4):
        if head.dep_ in ("ROOT",) or head.head.i <= head.i:
            break
        head = head.head
        if head.pos_ in _NOUNS:
            break
    if head is not tok and head.pos_ in _NOUNS and 0 < head.i - last <= 6:
        span = range(last + 1, head.i + 1)
        if not any(doc[i].pos_ in ("VERB", "AUX") or doc[i].text in ",;" for i in span):
            toks = _content(doc, span)
            if head.i in toks:
                return CountedNoun(head.i, toks, False)
    # partitive: "8,000 of them", "one of the best wireless speakers around"
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "of":
        pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if pobj is None and last + 2 < len(doc):
            pobj = next((t for t in doc[last + 2:last + 8] if t.pos_ in _NOUNS), None)
        if pobj is not None and pobj.pos_ in _NOUNS:
            return CountedNoun(pobj.i, _partitive_tokens(doc, pobj), True)
        return None
    # an unattached noun right after the number (parse errors on headlines and lists)
    if nxt is not None and nxt.pos_ in _NOUNS and nxt.text[:1].islower():
        end = nxt.i
        while end + 1 < len(doc) and doc[end + 1].pos_ in _NOUNS and doc[end].dep_ == "compound":
            end += 1
        return CountedNoun(end, _content(doc, range(last + 1, end + 1)) or (end,), False)
    return None


def _partitive_tokens(doc: Any, head: Any) -> tuple[int, ...]:
    picked = []
    for t in head.subtree:
        if t.i < head.i:
            if t.dep_ in ("compound", "amod", "nmod", "poss", "nummod") or t.head.i != head.i:
                picked.append(t.i)
        elif t.i == head.i:
            picked.append(t.i)
        else:
            anc = t
            while anc.head.i != head.i and anc.i != head.i:
                anc = anc.head
            if anc.dep_ in ("relcl", "appos", "conj", "cc", "punct", "advmod") or t.text in ",;":
                continue
            picked.append(t.i)
    picked = [i for i in picked if i <= head.i + 12]
    return _content(doc, sorted(picked)) or (head.i,)
