"""The unit table: units of measure and currencies, read by the number reader (:mod:`newsdesk.nlp.numbers`).

They live in the data file ``newsdesk/data/units_table.json`` (loaded once, cached); number words,
months and the plain singular are in the other modules of this package.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

UNITS_FILE = "units_table.json"


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
