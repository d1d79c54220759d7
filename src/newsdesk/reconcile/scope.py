"""What a numeric claim counts and where: the keys that decide which claims are about one quantity.

* The counted thing: ``what`` (else ``unit``) read as nationality + other modifiers + head noun,
  with the head's synonyms folded ("soldiers", "forces" and "troops" count the same thing) and
  modifiers that do not change the thing dropped ("estimated", "military"). "special forces"
  keeps "special" and "standing army" has another head, so both stay apart from "troops".
* The scope: a whole country ("in Russia"), a border zone named by the countries whose border it
  is ("the Russia-Ukraine border", "near Ukraine's border", "the Kursk region, which borders
  Ukraine"), another place, or unspecified. A named region described in the claim's own clause as
  lying on a border belongs to that border zone. Border zones meet when the countries of one are a
  subset of the other's ({Ukraine} meets {Russia, Ukraine}; {Russia, Belarus} does not).
* A projection: a figure governed by a modal ("could send up to 10,000") counts a future quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.textnorm import fold

_HEAD_SYNONYMS = {
    "troop": "troops", "troops": "troops", "soldier": "troops", "soldiers": "troops",
    "force": "troops", "forces": "troops", "personnel": "troops", "servicemen": "troops",
    "servicemembers": "troops", "service members": "troops",
}
_NEUTRAL_MODIFIERS = frozenset({
    "a", "an", "the", "some", "estimated", "total", "additional", "more", "military", "armed",
    "its", "their", "his", "her", "of", "about", "around", "approximately", "nearly", "roughly",
    "over", "least", "at", "up", "to", "than", "extra", "further", "new", "other",
})
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_CAPITALISED = re.compile(r"[A-Z][\w'\u2019.]*(?:[\s-]+(?:of\s+)?[A-Z][\w'\u2019.]*)*")
BORDER_CUE = re.compile(r"\bborder(?:s|ing|ed)?\b|\bfrontier\b", re.IGNORECASE)
_MODAL_BEFORE = re.compile(
    r"\b(?:could|may|might|will|would|plans? to|planning to|expected to|set to|is to|are to)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
UPDATE_CUE = re.compile(
    r"\b(?:increased|risen|rose|grown|grew|climbed|jumped|swelled|revised|up from|now)\b", re.IGNORECASE
)
EARLIER_CUE = re.compile(
    r"\b(?:initially|previously|earlier|at first|had (?:said|estimated|reported|put))\b", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _measures() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(word -> head class, modifier -> canonical modifier or "" to drop, weak heads)."""
    import json
    from importlib import resources

    data = json.loads(resources.files("newsdesk.data").joinpath("measures.json").read_text("utf-8"))
    heads: dict[str, str] = {}
    for name, words in data["heads"].items():
        for w in [name, *words]:
            heads[w] = name
            heads[_singular(w)] = name
    mods = {w: name for name, words in data["modifiers"].items() for w in words}
    return heads, mods, frozenset(data["weak_heads"])


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def head_class(word: str) -> str:
    heads = _measures()[0]
    return heads.get(word) or heads.get(_singular(word)) or _HEAD_SYNONYMS.get(word, word)


def is_weak(key: "WhatKey") -> bool:
    """The key names a change or a figure ("plunge", "number"), not the thing measured."""
    return key.head in _measures()[2] or key.head == "?"


@dataclass(frozen=True)
class WhatKey:
    nationality: str | None
    modifiers: frozenset[str]
    head: str

    def with_nationality(self, nationality: str | None) -> "WhatKey":
        return WhatKey(nationality, self.modifiers, self.head)


@dataclass(frozen=True)
class Scope:
    kind: str  # "country" | "border" | "place" | "unspecified"
    countries: frozenset[str] = frozenset()
    places: tuple[str, ...] = ()

    def key(self) -> str:
        if self.kind == "border":
            return "border:" + "|".join(sorted(c.lower() for c in self.countries))
        if self.kind in ("country", "place"):
            return f"{self.kind}:" + fold(self.places[0] if self.places else next(iter(self.countries), ""))
        return "unspecified"


def _gazetteer():
    from newsdesk.nlp import gazetteer

    return gazetteer


@lru_cache(maxsize=4096)
def country_of(name: str) -> str | None:
    """The canonical country a name, short form or demonym stands for, else None."""
    gz = _gazetteer()
    name = name.strip(" ,.;:'\u2019")
    if not name:
        return None
    found = gz.canonical(name)
    if found and found[1] == "GPE" and found[0] in gz.country_names():
        return found[0]
    return gz.demonym_country(name)


def countries_in(text: str) -> list[str]:
    """Countries named in ``text`` (names, short forms, capitals-as-governments, demonyms)."""
    out: list[str] = []
    for m in _CAPITALISED.finditer(text):
        phrase = re.sub(r"['\u2019]s$", "", m.group(0))
        parts = [phrase] if country_of(phrase) else re.split(r"[\s-]+", phrase)
        if len(parts) > 1:
            # try two-word names ("North Korea", "South Korean") before single words
            i = 0
            while i < len(parts):
                pair = " ".join(parts[i:i + 2]) if i + 1 < len(parts) else None
                if pair and country_of(pair):
                    out.append(country_of(pair))
                    i += 2
                    continue
                c = country_of(parts[i])
                if c:
                    out.append(c)
                i += 1
        else:
            c = country_of(parts[0])
            if c:
                out.append(c)
    return out


def what_key(what: str | None, unit: str | None) -> WhatKey:
    """The counted thing as a comparable key (see the module docstring)."""
    text = what or unit or ""
    words = [w.strip(".'\u2019").lower() for w in _WORD.findall(fold(text, lower=False).replace("-", " "))]
    words = [w for w in words if w]
    if not words:
        return WhatKey(None, frozenset(), "?")
    # "share of volunteers", "total for jobless claims": the head is the noun after of/for
    for k, w in enumerate(words):
        if w in ("of", "for") and k + 1 < len(words) and words[k - 1] not in ("share",) and k > 0:
            words = words[:k] + words[k + 1:]
            break
    head_index = len(words) - 1
    if len(words) >= 2 and " ".join(words[-2:]) in _HEAD_SYNONYMS:
        head = _HEAD_SYNONYMS[" ".join(words[-2:])]
        head_index = len(words) - 2
    else:
        head = head_class(words[-1])
    mods = words[:head_index]
    nationality = None
    rest: list[str] = []
    i = 0
    while i < len(mods):
        pair = f"{mods[i]} {mods[i + 1]}" if i + 1 < len(mods) else None
        if pair and country_of(pair.title()):
            nationality = nationality or country_of(pair.title())
            i += 2
            continue
        c = country_of(mods[i].title()) if len(mods[i]) > 2 else None
        c = c or country_of(mods[i].upper()) or country_of(mods[i].replace(".", "").upper())
        if c:
            nationality = nationality or c
        elif mods[i] not in _NEUTRAL_MODIFIERS:
            mod = _measures()[1].get(mods[i], mods[i])
            if mod:
                rest.append(mod)
        i += 1
    return WhatKey(nationality, frozenset(rest), head)


def claim_scope(where: str | None, before: str, after: str) -> Scope:
    """The scope of a claim from its ``where`` and the text of its own clause around it.

    ``before`` is the short stretch of text just before the figure, ``after`` the rest of its
    clause (both cut at neighbouring claims by the caller).
    """
    where = (where or "").strip()
    local = f"{before} {after}"
    where_country = country_of(where) if where else None
    cue = BORDER_CUE.search(where) or BORDER_CUE.search(local)
    if cue:
        countries = set(countries_in(where))
        if where_country:
            countries.add(where_country)
        if not BORDER_CUE.search(where):
            m = BORDER_CUE.search(local)
            window = local[max(0, m.start() - 50): m.end() + 50]
            countries.update(countries_in(window))
        places = () if (not where or where_country or BORDER_CUE.search(where)) else (where,)
        if countries:
            return Scope("border", frozenset(countries), places)
    if where_country:
        return Scope("country", frozenset({where_country}), ())
    if where:
        return Scope("place", frozenset(), (where,))
    return Scope("unspecified")


def scopes_meet(a: Scope, b: Scope) -> bool:
    """True when two scopes name the same place or area (see the module docstring)."""
    if a.kind != b.kind:
        return False
    if a.kind == "border":
        return a.countries <= b.countries or b.countries <= a.countries
    return a.key() == b.key()


def is_projection(before: str) -> bool:
    """A figure governed by a modal verb just before it ("could send up to 10,000")."""
    return bool(_MODAL_BEFORE.search(before))


def scope_label(scopes: list[Scope]) -> str:
    """Words for the scope of a group: "in Russia", "near the Russia-Ukraine border / in Kursk"."""
    if not scopes:
        return ""
    kind = scopes[0].kind
    if kind == "border":
        countries: set[str] = set()
        places: list[str] = []
        for s in scopes:
            countries |= s.countries
            places += [p for p in s.places if p not in places]
        if len(countries) == 1:
            text = f"near the {next(iter(countries))} border"
        else:
            text = f"near the {'-'.join(sorted(countries))} border"
        if places:
            text += " / in " + ", ".join(places)
        return text
    if kind == "country":
        return f"in {next(iter(scopes[0].countries))}"
    if kind == "place":
        place = scopes[0].places[0]
        return f"at the {place}" if BORDER_CUE.search(place) and not place[:1].isupper() else f"in {place}"
    return ""
