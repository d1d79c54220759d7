"""Person names: titles around them, and merging surname / full-name variants to one name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from newsdesk.textnorm import fold

DATA_FILE = "entities_titles.json"
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(frozen=True)
class Titles:
    titles: tuple[tuple[str, ...], ...]  # token sequences, longest first
    roles: frozenset[str]


@lru_cache(maxsize=1)
def titles() -> Titles:
    data = json.loads(resources.files("newsdesk.data").joinpath(DATA_FILE).read_text(encoding="utf-8"))
    seqs = {tuple(t.lower() for t in title.replace("-", " - ").split()) for title in data["titles"]}
    return Titles(
        titles=tuple(sorted(seqs, key=len, reverse=True)),
        roles=frozenset(fold(r) for r in data["roles"]),
    )


def strip_titles(body: str, start: int, end: int) -> tuple[int, int]:
    """Span of a person mention without leading honorifics ("Secretary Blinken" -> "Blinken")."""
    words = [(s, e, body[s:e]) for s, e in _words(body, start, end)]
    i = 0
    table = titles().titles
    while i < len(words) - 1:
        for seq in table:
            cand = [w[2].lower() for w in words[i : i + len(seq)]]
            if len(cand) == len(seq) and tuple(cand) == seq and i + len(seq) < len(words):
                i += len(seq)
                break
        else:
            break
    if i == 0:
        return start, end
    return words[i][0], end


def _words(body: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\s-]+|-", body[start:end])]


def name_tokens(name: str) -> list[str]:
    """The words of a person name without leading titles, possessive and generational suffix."""
    words = [_POSSESSIVE.sub("", w) for w in name.replace(",", " ").split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
    single = _single_titles()
    while len(words) > 1 and words[0].lower() in single:
        words.pop(0)
    return words


@lru_cache(maxsize=1)
def _single_titles() -> frozenset[str]:
    return frozenset(seq[0] for seq in titles().titles if len(seq) == 1)


@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    return fold(" ".join(name_tokens(name)))


def _compatible(a: str, b: str) -> bool:
    """Two first names that may be one person: equal, or one is the other's initial."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b:
        return True
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


@dataclass(frozen=True)
class PersonIndex:
    """Maps every person-name variant of a text or story to its canonical (longest) full name."""

    lookup: dict[str, str]
    # a lone surname (or first name) several people of the text share -> their canonical names
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, names: Iterable[str]) -> "PersonIndex":
        seen = list(dict.fromkeys(n.strip() for n in names if n.strip()))
        multi = [n for n in seen if len(name_tokens(n)) > 1]
        single = [n for n in seen if len(name_tokens(n)) == 1]
        clusters: list[list[str]] = []
        by_surname: dict[str, list[int]] = {}
        # a name that ends with another full name of the text is that person with a word the
        # recogniser took along ("Miss Universe Alicia Machado" -> "Alicia Machado")
        keys = {fold(" ".join(name_tokens(n))) for n in multi}
        padded = {
            n: next(k for k in (fold(" ".join(name_tokens(n)[i:])) for i in range(1, len(name_tokens(n)) - 1)) if k in keys)
            for n in multi
            if any(fold(" ".join(name_tokens(n)[i:])) in keys for i in range(1, len(name_tokens(n)) - 1))
        }
        for name in sorted(multi, key=lambda n: n in padded):
            words = name_tokens(name)
            surname = fold(words[-1]).rstrip(".")
            first = words[-2] if name in padded else words[0]
            for idx in by_surname.get(surname, []):
                if _compatible(name_tokens(clusters[idx][0])[0], first):
                    clusters[idx].append(name)
                    break
            else:
                by_surname.setdefault(surname, []).append(len(clusters))
                clusters.append([name])
        canon = [
            max((n for n in c if n not in padded), key=lambda n: (len(name_tokens(n)), len(n)), default=c[0])
            for c in clusters
        ]
        lookup: dict[str, str] = {}
        for c, name in zip(clusters, canon):
            for variant in c:
                lookup[_key(variant)] = name
        for surname, idxs in by_surname.items():
            if len(idxs) == 1:
                lookup.setdefault(surname, canon[idxs[0]])
        by_first: dict[str, list[int]] = {}
        for idx, c in enumerate(clusters):
            first = fold(name_tokens(c[0])[0])
            if len(first.rstrip(".")) > 1:
                by_first.setdefault(first, []).append(idx)
        ambiguous: dict[str, tuple[str, ...]] = {}
        for name in single:
            key = fold(name_tokens(name)[0]).rstrip(".")
            hits = by_surname.get(key, [])
            if not hits and key not in by_surname:
                hits = by_first.get(key, [])
            lookup.setdefault(_key(name), canon[hits[0]] if len(hits) == 1 else name_tokens(name)[0])
            if len(hits) > 1:
                ambiguous[_key(name)] = tuple(dict.fromkeys(canon[i] for i in hits))
        for surname, idxs in by_surname.items():
            if len(idxs) > 1:
                ambiguous.setdefault(surname, tuple(dict.fromkeys(canon[i] for i in idxs)))
        return cls(lookup, ambiguous)

    def candidates(self, text: str) -> tuple[str, ...]:
        """The people a lone surname may stand for when several of the text share it ("Cheney"
        -> Liz Cheney, Mary Cheney, Dick Cheney); () when the name is not ambiguous."""
        return self.ambiguous.get(_key(text), ())

    def knows(self, text: str) -> bool:
        return _key(text) in self.lookup

    def canonical(self, text: str) -> str:
        """The canonical full name of a variant; an unknown name is returned tidied."""
        found = self.lookup.get(_key(text))
        if found:
            return found
        words = name_tokens(text)
        return " ".join(words) if words else text.strip()
