"""Word lists and the unit table behind :mod:`newsdesk.nlp.numbers`.

Number words and magnitudes are English grammar and live here; units of measure and currencies
live in the data file ``newsdesk/data/units_table.json`` (loaded once, cached).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

UNITS_FILE = "units_table.json"

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9,
               "trillion": 10**12, "lakh": 100_000, "crore": 10_000_000}
DOZEN = 12

# Magnitude suffixes written after digits ("1.2m", "$3bn", "25k").
MAGNITUDE_SUFFIXES = {
    "thousand": 1e3, "k": 1e3, "K": 1e3,
    "million": 1e6, "mn": 1e6, "mil": 1e6, "mln": 1e6, "m": 1e6, "M": 1e6,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "B": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12, "tr": 1e12,
    "lakh": 1e5, "crore": 1e7,
}
AMBIGUOUS_MAGNITUDES = {"m", "M", "b", "B"}  # also metre / byte: decided by context

# Vague counts: "dozens of", "tens of thousands of" -> (low, high) as an order of magnitude.
VAGUE_BASE = {"dozens": (12.0, 120.0), "scores": (20.0, 200.0), "hundreds": (1e2, 1e3),
              "thousands": (1e3, 1e4), "millions": (1e6, 1e7), "billions": (1e9, 1e10),
              "trillions": (1e12, 1e13)}
VAGUE_MULTIPLIER = {"tens": 10.0, "hundreds": 100.0}

FRACTION_WORDS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
                  "quarters": 0.25, "fourth": 0.25, "fourths": 0.25, "fifth": 0.2, "fifths": 0.2,
                  "tenth": 0.1, "tenths": 0.1}

ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth hundredth thousandth millionth".split()
)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
MONTH_RE = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
            r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

NUMBER_WORD_RE = "|".join(
    sorted([*UNITS_WORDS, *TENS_WORDS, *SCALE_WORDS, "dozen"], key=len, reverse=True)
)


def words_to_number(words: list[str]) -> float | None:
    """Value of a run of number words: ["twenty-eight", "thousand", "six", "hundred"] -> 28600.

    Digits may start the run ("4", "hundred", "million" -> 4e8). None when the run is not a number.
    """
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        for word in raw.lower().replace("-", " ").split():
            if word == "and":
                continue
            if word == "a":
                current = current or 1.0
                continue
            if word in UNITS_WORDS:
                current += UNITS_WORDS[word]
            elif word in TENS_WORDS:
                current += TENS_WORDS[word]
            elif word == "dozen":
                current = (current or 1.0) * DOZEN
            elif word in SCALE_WORDS:
                scale = SCALE_WORDS[word]
                if scale == 100:
                    current = (current or 1.0) * 100
                else:
                    total += (current or 1.0) * scale
                    current = 0.0
            else:
                try:
                    current += float(word.replace(",", ""))
                except ValueError:
                    return None
            seen = True
    return total + current if seen else None


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str  # percent | money | length | area | volume | mass | time | age | speed | ...


@dataclass(frozen=True)
class UnitTable:
    symbols: dict[str, Unit]  # case-sensitive symbol -> unit (after the number)
    prefixes: tuple[tuple[str, Unit], ...]  # currency symbols read before a number, longest first
    surfaces: dict[str, Unit]  # lower-case surface (singular and plural) -> unit
    max_words: int
    per_words: frozenset[str]
    symbol_re: re.Pattern
    prefix_re: re.Pattern


def _plurals(surface: str) -> set[str]:
    words = surface.split(" ")
    last = words[-1]
    forms = {last}
    if last.endswith(("s", "x", "ch", "sh")):
        forms.add(last + "es")
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        forms.add(last[:-1] + "ies")
    else:
        forms.add(last + "s")
    if last.endswith("foot"):
        forms.add(last[:-4] + "feet")
    return {" ".join([*words[:-1], f]) for f in forms} | {surface}


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    raw = resources.files("newsdesk.data").joinpath(UNITS_FILE).read_text(encoding="utf-8")
    data = json.loads(raw)
    prefix_only = set(data["prefix_only_symbols"]["symbols"])
    symbols: dict[str, Unit] = {}
    prefixes: dict[str, Unit] = {}
    surfaces: dict[str, Unit] = {}
    for entry in data["units"]:
        unit = Unit(entry["name"], entry["kind"])
        for sym in entry.get("symbols", ()):
            if sym not in prefix_only or entry["kind"] != "money":
                symbols.setdefault(sym, unit)
            if entry.get("prefix"):
                prefixes.setdefault(sym, unit)
        for surface in [entry["name"], *entry.get("surfaces", ())]:
            for form in _plurals(surface.lower()):
                surfaces.setdefault(form, unit)
    # a symbol written out as a word ("percent") is a surface; symbols win for exact case
    ordered_prefixes = tuple(sorted(prefixes.items(), key=lambda kv: len(kv[0]), reverse=True))
    sym_alt = "|".join(re.escape(s).replace(r"\ ", r"\s?") for s in
                       sorted(symbols, key=len, reverse=True))
    pre_alt = "|".join(re.escape(s).replace(r"\ ", r"\s?") for s, _ in ordered_prefixes)
    return UnitTable(
        symbols=symbols,
        prefixes=ordered_prefixes,
        surfaces=surfaces,
        max_words=max(len(s.split()) for s in surfaces),
        per_words=frozenset(w.lower() for w in data["per_units"]["words"]),
        symbol_re=re.compile(rf"(?:{sym_alt})(?![A-Za-z0-9])"),
        prefix_re=re.compile(rf"(?:{pre_alt})$"),
    )


def prefix_unit(text: str) -> Unit | None:
    """The currency a prefix symbol names ("US$" -> dollar); spaces inside are ignored."""
    table = unit_table()
    squeezed = text.replace(" ", "")
    for sym, unit in table.prefixes:
        if sym.replace(" ", "") == squeezed:
            return unit
    return None


def singular(word: str) -> str:
    """A plain English singular for a lower-case noun (used when no lemmatizer is loaded)."""
    irregular = {"people": "people", "men": "man", "women": "woman", "children": "child",
                 "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
                 "personnel": "personnel", "staff": "staff", "police": "police",
                 "series": "series", "species": "species", "news": "news", "troops": "troop",
                 "forces": "force", "militia": "militia", "data": "data", "media": "media",
                 "crises": "crisis", "analyses": "analysis", "aircraft": "aircraft"}
    low = word.lower()
    if low in irregular:
        return irregular[low]
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        return word[:-1]
    return word
