"""Number atoms: the numbers of a text before they are grouped into quantities.

Digits with separators, magnitudes and currency prefixes ("$1.2bn", "10,000", "3k"), number
words ("twenty-five", "a dozen"), vague counts ("thousands of"), fractions ("a third of"), ratios
("one in four") and multiples ("sixfold"). Used by :mod:`newsdesk.nlp.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsdesk.nlp import numbers_kinds as kinds
from newsdesk.lexicon.numbers import (
    FRACTION_WORDS, MAGNITUDE_SUFFIXES, NUMBER_WORD_RE, SCALE_WORDS, UNITS_WORDS, VAGUE_BASE,
    VAGUE_MULTIPLIER, words_to_number,
)
from newsdesk.lexicon.units import Unit, unit_table
from newsdesk.nlp.numbers_units import unit_after

_DIGITS = re.compile(
    r"(?P<sign>minus[\s-]?|[-−+])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s?[×x]\s?10\s?(?P<exp>[-−]?\d+))?(?:[/⁄](?P<den>\d+)(?=\s+of\s|\s+[a-z]))?",
    re.IGNORECASE,
)
_SCALES = re.compile(r"(?:\s+(?:hundred|thousand|million|billion|trillion|lakh|crore)\b)+", re.I)
_SUFFIX_MAG = re.compile(r"(?:bn|mn|mln|bln|mil|tn|trn|k|K|m|M|b|B)(?![A-Za-z])")
_WORDS = re.compile(
    rf"\b(?:an?\s+)?(?:{NUMBER_WORD_RE})(?:(?:\s+|-)(?:and\s+)?(?:{NUMBER_WORD_RE}))*\b", re.I
)
_VAGUE = re.compile(
    r"\b(?:(?P<mult>tens|hundreds)\s+of\s+)?(?P<base>dozens|scores|hundreds|thousands|millions|"
    r"billions|trillions)(?=\s+of\b)", re.I)
_FRACTION = re.compile(
    r"\b(?:(?P<num>a|one|two|three|four|nine)[\s-]+)?(?P<frac>half|halves|thirds?|quarters?|"
    r"fourths?|fifths?|tenths?)\b(?=\s+(?:of\b|the\b|those\b|these\b|its\b|their\b))", re.I)
_RATIO = re.compile(r"\b(?P<a>one|\d+)\s+(?:(?:out\s+)?of|in)\s+(?:every\s+)?(?P<b>two|three|four|five|"
                    r"six|seven|eight|nine|ten|\d+)\b(?!\s*(?:%|percent|per\s?cent|[.,]\d))", re.I)
_FOLD = re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)-?fold\b", re.I)

@dataclass
class Atom:
    start: int
    end: int
    value: float
    pre_start: int  # start including a currency prefix
    money: Unit | None = None
    scaled: bool = False  # a magnitude was applied ("1.2 million")
    plain_int: bool = False  # digits only, no separators, no decimals (years, ids)
    word: str = ""  # "one" for the bare word one
    vague: tuple[float, float] | None = None
    ratio_unit: bool = False  # fraction / ratio: the unit is "% <what>"
    multiple: bool = False
    unit: Any = None  # UnitMatch
    qualifier: str = "exact"
    q_start: int = -1
    sign: float = 1.0
    factor: float = 1.0


def _mag_after(text: str, end: int, money: bool) -> tuple[float, int]:
    m = _SCALES.match(text, end)
    if m:
        factor = 1.0
        for word in m.group(0).split():
            factor *= SCALE_WORDS[word.lower()]
        return factor, m.end()
    m = _SUFFIX_MAG.match(text, end)
    if not m:
        return 1.0, end
    suf = m.group(0)
    if suf in ("m", "b", "M", "B"):
        after = text[m.end():m.end() + 50]
        nxt = re.match(r"\s+([A-Za-z][\w-]*)", after)
        ok = money or after.startswith(" of ") or suf in ("M", "B") and bool(nxt)
        if not ok and nxt:
            word = nxt.group(1).lower()
            ok = word in unit_table().surfaces or any(
                w.lower().endswith("s") and len(w) > 3 and w.lower() not in ("this", "was", "has")
                for w in re.findall(r"[A-Za-z-]+", re.split(r"[(),;:.]", after)[0])[:5])
        if not ok:
            return 1.0, end
    return MAGNITUDE_SUFFIXES[suf], m.end()


def unit_follows(text: str, end: int) -> bool:
    um = unit_after(text, end)
    return um is not None and um.unit.kind not in ("multiple",)


def _prefix(text: str, start: int) -> tuple[Unit | None, int]:
    window = text[max(0, start - 8):start]
    m = unit_table().prefix_re.search(window)
    if not m:
        return None, start
    p_start = start - len(window) + m.start()
    if p_start > 0 and text[p_start - 1].isalnum() and not window[m.start()] in "$€£¥₹₩₽₪":
        return None, start
    return unit_table().prefixes and _lookup_prefix(m.group(0)), p_start


def _lookup_prefix(sym: str) -> Unit | None:
    squeezed = re.sub(r"\s", "", sym)
    for s, unit in unit_table().prefixes:
        if s.replace(" ", "") == squeezed:
            return unit
    return None


def digit_atoms(text: str, blocked: list[tuple[int, int]]) -> list[Atom]:
    atoms = []
    for m in _DIGITS.finditer(text):
        s, e = m.start("num"), m.end()
        if kinds.overlaps(blocked, s, e):
            continue
        sign_txt = m.group("sign") or ""
        sign = 1.0
        if sign_txt:
            before = text[m.start() - 1] if m.start() > 0 else " "
            if sign_txt in "-−" and (before.isdigit() or before.isalpha()):
                word_before = text[max(0, m.start() - 3):m.start()].lower()
                if before.isalpha() and word_before != "sub" and not word_before.endswith("to") \
                        and not unit_follows(text, e):
                    continue  # TA-35, COVID-19, F-150: part of a name
                sign_txt = ""
            elif sign_txt.lower().startswith("minus") or sign_txt in "-−":
                sign = -1.0
        money, p_start = _prefix(text, m.start())
        first = m.start() if sign_txt else s
        if money is None and first > 0 and (text[first - 1].isalnum() or text[first - 1] in "._"):
            continue
        raw = m.group("num").replace(",", "")
        value = float(raw)
        if m.group("den"):
            if float(m.group("den")) == 0:
                continue
            value /= float(m.group("den"))  # "1/16 of a US pint"
            raw = "x"
        if m.group("exp"):
            value *= 10 ** float(m.group("exp").replace("−", "-"))
        factor, end = _mag_after(text, e, money is not None)
        atoms.append(Atom(first if money is None else p_start, end, sign * value * factor,
                           p_start if money else first, money=money, scaled=factor != 1.0,
                           plain_int=raw.isdigit() and "," not in m.group("num") and factor == 1.0,
                           sign=sign, factor=factor))
    return atoms


def word_atoms(text: str, blocked, taken) -> list[Atom]:
    atoms = []
    for m in _WORDS.finditer(text):
        s, e = m.start(), m.end()
        phrase = m.group(0)
        words = phrase.split()
        if words[0].lower() in ("a", "an"):
            nxt = words[1].lower().split("-")[0] if len(words) > 1 else ""
            if nxt not in SCALE_WORDS and nxt != "dozen":
                s += len(words[0]) + 1
                words = words[1:]
        if not words or kinds.overlaps(blocked, s, e) or kinds.overlaps(taken, s, e):
            continue
        if words[-1].lower() == "dozen" and len(words) == 1 and not phrase.lower().startswith("a"):
            continue  # "a baker's dozen"
        if len(words) == 1 and words[0].lower() in SCALE_WORDS and s == m.start():
            continue  # "several hundred"
        if s > 0 and text[s - 1] == "-" and s > 1 and text[s - 2].isalpha():
            continue  # "production-four-door"
        if text[e:e + 1] == "-" and re.match(r"-[A-Za-z]", text[e:e + 2]) and \
                not unit_follows(text, e):
            continue  # "four-door", "six-speed": a compound adjective, not a quantity
        if words[0][:1].isupper() and not kinds.sentence_initial(text, s) and \
                not kinds.title_case(text):
            continue  # "Apple One", "BBC One": part of a name
        value = words_to_number(words)
        if value is None:
            continue
        low = " ".join(words).lower()
        factor = 1.0
        for w in reversed(words):  # "five thousand": trailing scale words act as a magnitude
            lw = w.lower()
            if lw not in SCALE_WORDS or lw == "hundred" and len(words) == 1:
                break
            factor *= SCALE_WORDS[lw]
        atoms.append(Atom(s, e, value, s, word="one" if low == "one" else "",
                           scaled=factor != 1.0, factor=factor))
    return atoms


def special_atoms(text: str, blocked, taken) -> list[Atom]:
    atoms = []
    for m in _VAGUE.finditer(text):
        base = VAGUE_BASE[m.group("base").lower()]
        mult = VAGUE_MULTIPLIER.get((m.group("mult") or "").lower(), 1.0)
        atoms.append(Atom(m.start(), m.end(), base[0] * mult, m.start(),
                           vague=(base[0] * mult, base[1] * mult)))
    for m in _FRACTION.finditer(text):
        frac_word = m.group("frac")
        if m.group("num") is None and frac_word.lower() not in ("half", "halves"):
            continue  # "the final third of the pitch": an ordinal
        if frac_word[:1].isupper() and not kinds.sentence_initial(text, m.start()):
            continue  # "Fourth of July"
        if m.group("num") is None and re.search(
                r"\b(?:first|second|the|a|other|one)\s*$", text[max(0, m.start() - 8):m.start()], re.I):
            continue  # "the second half of the game"
        num = (m.group("num") or "a").lower()
        n = 1.0 if num in ("a", "one") else float(UNITS_WORDS[num])
        frac = m.group("frac").lower()
        if frac in ("half", "halves") and num not in ("a", "one"):
            n = float(UNITS_WORDS[num]) if num in UNITS_WORDS else 1.0
        atoms.append(Atom(m.start(), m.end(), n * FRACTION_WORDS[frac], m.start(),
                           ratio_unit=True))
    for m in _RATIO.finditer(text):
        a = m.group("a").lower()
        b = m.group("b").lower()
        av = 1.0 if a == "one" else float(a)
        bv = float(UNITS_WORDS.get(b, 0) or (b.isdigit() and int(b)) or 0)
        if bv and av < bv and (" of " in m.group(0) or bv in (3, 4, 5, 10, 100, 1000)):
            atoms.append(Atom(m.start(), m.end(), av / bv, m.start(), ratio_unit=True))
    for m in _FOLD.finditer(text):
        n = m.group("n").lower()
        atoms.append(Atom(m.start(), m.end(), float(UNITS_WORDS.get(n) or n), m.start(),
                           multiple=True))
    return [a for a in atoms if not kinds.overlaps(blocked, a.start, a.end)
            and not kinds.overlaps(taken, a.start, a.end)]
