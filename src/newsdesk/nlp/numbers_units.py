"""What a number measures: units of measure and currencies after it, or the noun it counts.

Units of measure come from the unit table (``newsdesk/data/units_table.json``); the counted noun of
a plain count ("8,000 North Korean troops", "one of the students") comes from a spaCy parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsdesk.lexicon.stem import singular
from newsdesk.lexicon.stopwords import SPACY_STOP_WORDS
from newsdesk.lexicon.units import Unit, unit_table

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
            unit = table.surfaces[key]
            if cut[:1].isupper() and not cut.isupper() and unit.kind not in ("temperature", "money") and \
                    not _title_text(text):
                return None  # "during 2016 Stone spoke": a name, not stones
            return unit, cut, start + len(cut)
        if n == 1 and "-" in key:  # "2.4-liter" reaches here as "liter"; "percent-owned" is listed
            head = key.split("-")[0]
            if head in table.surfaces and table.surfaces[head].kind not in ("money",):
                return table.surfaces[head], cut[: len(head)], start + len(head)
    return None


def _title_text(text: str) -> bool:
    from newsdesk.nlp.numbers_kinds import title_case

    return title_case(text)


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
        # ("68 p at 1112 p" is fine: the letter stands alone before punctuation or a preposition)
        alone = re.match(r"\.?(?:[\s]*$|[,;)]|\s+(?:at|to|from|in|on|and|or|per|a|an)\b)",
                         text[m.end():m.end() + 8])
        if len(sym) == 1 and (sym.islower() and not alone or not sym.isalpha() and sym not in "%°"
                              or sym == "A"):
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
    if rate:
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
        tail = rest[len(phrase):len(phrase) + 12].lower()
        if re.match(r"\s*(?:earlier|ago|later|before|after|prior)", tail):
            return None  # "$6.78 billion a year earlier": a time, not a rate
        sym_unit = table.symbols.get(" ".join(words[:n]))
        if sym_unit is not None and n == 1:
            return sym_unit.name, m.end() + len(phrase)
        if single in table.per_words or phrase in table.per_words:
            unit = table.surfaces.get(single)
            if unit and unit.kind not in ("time",):
                name = unit.name
            return name, m.end() + len(phrase)
    return None


# --------------------------------------------------------------------------- counted nouns

_MODIFIERS = ("amod", "compound", "advmod", "nmod", "npadvmod")
_SKIP_POS = {"DET", "PUNCT", "CCONJ", "PART", "PRON", "ADP", "SCONJ", "AUX", "SPACE"}
_NOUNS = {"NOUN", "PROPN"}


def _norm_token(tok: Any) -> str:
    lemma = tok.lemma_ if tok.lemma_ and tok.pos_ != "PROPN" else ""
    if tok.tag_ == "JJS" and lemma.lower() == tok.lower_ and lemma.endswith("est"):
        lemma = lemma[:-3]  # "realest" -> "real" where the lemmatizer has no entry
    if not lemma:
        lemma = singular(tok.text) if tok.pos_ == "NOUN" or tok.tag_ == "NNPS" else tok.text
    return lemma.lower()


@dataclass(frozen=True)
class CountedNoun:
    head: int  # token index of the counted noun
    tokens: tuple[int, ...]  # the tokens that make up the unit phrase
    partitive: bool  # "8,000 of them", "one of the students"

    def surface(self, doc: Any) -> str:
        return _join(doc, self.tokens, lambda t: t.text)

    def normalised(self, doc: Any) -> str:
        return _join(doc, self.tokens, _norm_token)


def _join(doc: Any, indices, form) -> str:
    """Tokens joined as written: no space inside "first-team", one between words."""
    out = ""
    prev = None
    for i in indices:
        tok = doc[i]
        text = form(tok) if i == indices[-1] or not (i + 1 < len(doc) and not tok.whitespace_) \
            else tok.lower_
        if prev is not None:
            out += "" if prev + 1 == i and not doc[prev].whitespace_ else " "
        out += text
        prev = i
    return out


def _content(doc: Any, indices) -> tuple[int, ...]:
    """The content words among ``indices``; a hyphenated word ("first-team") is kept whole."""
    indices = list(indices)
    keep = []
    for n, i in enumerate(indices):
        tok = doc[i]
        glued = (n > 0 and indices[n - 1] == i - 1 and not doc[i - 1].whitespace_) or (
            n + 1 < len(indices) and indices[n + 1] == i + 1 and not tok.whitespace_)
        if glued and (tok.text == "-" or tok.is_alpha or tok.like_num):
            keep.append(i)
            continue
        if tok.pos_ in _SKIP_POS or tok.lower_ in SPACY_STOP_WORDS or not tok.text[:1].isalnum():
            continue
        if tok.tag_ in ("VBG", "VBN", "RB") and tok.dep_ in ("amod", "advmod", "compound"):
            continue
        keep.append(i)
    while keep and doc[keep[0]].text == "-":
        keep.pop(0)
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
    if head.i != tok.i and head.pos_ in _NOUNS and 0 < head.i - last <= 6:
        span = range(last + 1, head.i + 1)
        if not any(doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ not in _MODIFIERS
                   or doc[i].text in ",;" for i in span):
            left = [c.i for c in head.lefts if c.i < tok.i and c.dep_ in ("amod", "compound")
                    and c.pos_ in ("ADJ", "NOUN") and not c.like_num]
            toks = _content(doc, [*left, *span, *_of_phrase(doc, head)])
            if head.i in toks:
                return CountedNoun(head.i, toks, False)
    # partitive: "8,000 of them", "one of the best wireless speakers around"
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "of":
        pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if pobj is None and last + 2 < len(doc):
            pobj = next((t for t in doc[last + 2:last + 8] if t.pos_ in _NOUNS), None)
        if pobj is not None and pobj.pos_ in _NOUNS:
            return CountedNoun(pobj.i, _partitive_tokens(doc, pobj, tok.lower_ == "one"), True)
        return None
    # an unattached noun right after the number (parse errors on headlines and lists)
    if nxt is not None and nxt.pos_ in _NOUNS and nxt.text[:1].islower():
        end = nxt.i
        while end + 1 < len(doc) and doc[end + 1].pos_ in _NOUNS and doc[end].dep_ == "compound":
            end += 1
        return CountedNoun(end, _content(doc, range(last + 1, end + 1)) or (end,), False)
    return None


def _of_phrase(doc: Any, head: Any) -> list[int]:
    """"categories of products", "snaps of man coverage": the noun after "of" names the unit."""
    if head.i + 2 >= len(doc) or doc[head.i + 1].lower_ != "of":
        return []
    pobj = next((c for c in doc[head.i + 1].children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.pos_ not in _NOUNS or pobj.i - head.i > 4:
        return []
    return [i for i in range(head.i + 2, pobj.i + 1) if doc[i].pos_ in ("NOUN", "PROPN", "ADJ")]


def _partitive_tokens(doc: Any, head: Any, whole: bool) -> tuple[int, ...]:
    picked = []
    for t in head.subtree:
        if t.i < head.i:
            if t.dep_ in ("compound", "amod", "nmod", "poss", "nummod") or t.head.i != head.i:
                picked.append(t.i)
        elif t.i == head.i:
            picked.append(t.i)
        elif whole:
            anc = t
            while anc.head.i != head.i and anc.i != head.i:
                anc = anc.head
            if anc.dep_ in ("relcl", "appos", "conj", "cc", "punct", "advmod") or t.text in ",;":
                continue
            picked.append(t.i)
    picked = [i for i in picked if i <= head.i + 12]
    return _content(doc, sorted(picked)) or (head.i,)
