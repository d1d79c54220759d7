"""What a numeric claim counts and where: the keys that decide which claims are about one quantity.

* The counted thing: :func:`newsdesk.nlp.claims_what.what_key` (extraction uses it too, so it
  lives there; imported here for the claim grouping).
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

from newsdesk.nlp.claims_what import WhatKey, country_of, is_weak, what_key
from newsdesk.textnorm import fold

__all__ = ["BORDER_CUE", "EARLIER_CUE", "UPDATE_CUE", "Scope", "WhatKey", "claim_scope", "countries_in", "country_of",
           "is_projection", "is_weak", "scope_label", "scopes_meet", "what_key"]

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


_PROVISION_BEFORE = re.compile(
    r"\b(?:bill|package|plan|law|act|measure|legislation|budget|deal|rule|proposal|agreement)\s+"
    r"(?:that|which)?\s*(?:will|would)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def is_projection(before: str) -> bool:
    """A figure governed by a modal verb just before it ("could send up to 10,000"); what a bill
    or plan "will deliver" is its content, not a projection ("a package that will deliver $1,400
    checks")."""
    return bool(_MODAL_BEFORE.search(before)) and not _PROVISION_BEFORE.search(before)


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
