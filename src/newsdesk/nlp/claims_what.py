"""What a numeric claim counts: the measured thing as a comparable key.

``what`` (else ``unit``) read as nationality + other modifiers + head noun, with the head's
synonyms folded ("soldiers", "forces" and "troops" count the same thing; measure words from
``data/measures.json``) and modifiers that do not change the thing dropped ("estimated",
"military"). "special forces" keeps "special" and "standing army" has another head, so both stay
apart from "troops". Extraction uses it to tell a figure that names its own subject from one that
carries the claim before it on; reconcile (``reconcile/scope.py``, ``claim_groups.py``) groups
claims by it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsdesk.lexicon import gazetteer
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


@lru_cache(maxsize=1)
def _measures() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(word -> head class, modifier -> canonical modifier or "" to drop, weak heads)."""
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


@lru_cache(maxsize=4096)
def country_of(name: str) -> str | None:
    """The canonical country a name, short form or demonym stands for, else None."""
    name = name.strip(" ,.;:'\u2019")
    if not name:
        return None
    found = gazetteer.canonical(name)
    if found and found[1] == "GPE" and found[0] in gazetteer.country_names():
        return found[0]
    return gazetteer.demonym_country(name)


@lru_cache(maxsize=1)
def _names() -> list[tuple[str, str]]:
    """(written form, measure) of the named measures of ``data/measures.json``, longest first."""
    data = json.loads(resources.files("newsdesk.data").joinpath("measures.json").read_text("utf-8"))
    pairs = [(form, name) for name, forms in data.get("names", {}).items() if name != "about" for form in forms]
    return sorted(pairs, key=lambda p: -len(p[0]))


def _named_measure(text: str) -> str | None:
    low = re.sub(r"^(?:the|a)\s+", "", " ".join(fold(text, lower=False).lower().split()))
    for form, name in _names():
        if low == form or low.startswith(form + " "):
            return name
    return None


def what_key(what: str | None, unit: str | None) -> WhatKey:
    """The counted thing as a comparable key (see the module docstring)."""
    text = what or unit or ""
    named = _named_measure(text)
    if named:  # "S&P 500 index" / "the S&P": one named measure
        return WhatKey(None, frozenset(), named)
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
