"""Canonical names of countries, their governments and international organisations.

Countries, their alternative spellings, ISO codes, capitals and demonyms come from the maintained
``countryinfo`` package. What no package holds — government metonyms ("the Kremlin", "White
House"), dotted short forms ("U.S."), organisations (UN, NATO, Pentagon) and the nouns that turn a
demonym into a government reference ("Russian officials") — lives in the data file
``newsdesk/data/gazetteer_metonyms.json``. Tables are built on first use and cached.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsdesk.lexicon.stopwords import SPACY_STOP_WORDS
from newsdesk.textnorm import fold

DATA_FILE = "gazetteer_metonyms.json"
GPE = "GPE"
ORG = "ORG"

# "U. S." / "U. N." (spaced initials, as some outlets and cleaners write them) -> "U.S." / "U.N."
_SPACED_INITIALS = re.compile(r"\b((?:[A-Z]\. ){1,4}[A-Z]\.)")
_ACRONYM = re.compile(r"(?:[A-Z]\.){1,6}|[A-Z][A-Z0-9\-]{1,5}")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|')$")
_MIN_POPULATION_FOR_CODE = 1_000_000  # alpha-3 codes of tiny territories collide with acronyms (ATF)


@dataclass(frozen=True)
class _Tables:
    names: dict[str, tuple[str, str]]  # folded lower-case alias -> (canonical, type)
    surface: dict[str, tuple[str, str]]  # alias as written (normalised, case kept) -> (canonical, type)
    codes: dict[str, tuple[str, str]]  # exact upper-case acronym without dots -> (canonical, type)
    demonyms: dict[str, str]  # folded lower-case demonym -> country
    demonym_codes: dict[str, str]  # acronym used as a modifier ("U.S. officials") -> country
    government_nouns: tuple[str, ...]  # longest first


def _normalise(text: str) -> str:
    text = fold(text, lower=False)
    text = _SPACED_INITIALS.sub(lambda m: m.group(1).replace(" ", ""), text)
    text = _LEADING_THE.sub("", text).strip(" ,;:")
    return _POSSESSIVE.sub("", text).strip()


def _code_key(text: str) -> str | None:
    """The dotless upper-case key of an acronym ("U.S." -> "US"), or None for other text."""
    if _ACRONYM.fullmatch(text):
        return text.replace(".", "")
    return None


def _package_countries() -> list[dict]:
    from countryinfo import CountryInfo

    return list(CountryInfo("France").all().values())


def _data() -> dict:
    raw = resources.files("newsdesk.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return json.loads(raw)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = _data()
    # (priority, population) decides between countries claiming the same alias: a country's own
    # name beats an alternative spelling, which beats a capital; then the larger country wins.
    ranked: dict[str, tuple[tuple[int, int], tuple[str, str]]] = {}
    ranked_codes: dict[str, tuple[tuple[int, int], tuple[str, str]]] = {}
    ranked_surface: dict[str, tuple[tuple[int, int], tuple[str, str]]] = {}

    def add(alias: str, value: tuple[str, str], rank: tuple[int, int]) -> None:
        alias = _normalise(alias)
        if not alias:
            return
        key = _code_key(alias)
        table, key = (ranked_codes, key) if key else (ranked, alias.lower())
        if key not in table or table[key][0] < rank:
            table[key] = (rank, value)
        if alias not in ranked_surface or ranked_surface[alias][0] < rank:
            ranked_surface[alias] = (rank, value)

    demonyms: dict[str, tuple[int, str]] = {}
    demonym_codes: dict[str, str] = {}
    for entry in _package_countries():
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            continue
        population = entry.get("population") or 0
        value = (name, GPE)
        add(name, value, (3, population))
        iso = entry.get("ISO") or {}
        for spelling in entry.get("altSpellings") or ():
            if not isinstance(spelling, str) or len(spelling) < 3:
                continue  # two-letter codes (AI, PM, MP, TV...) collide with ordinary acronyms
            if _code_key(spelling) and (
                population < _MIN_POPULATION_FOR_CODE or spelling.lower() in SPACY_STOP_WORDS
            ):
                continue
            add(spelling, value, (2, population))
        alpha3 = iso.get("alpha3")
        if alpha3 and population >= _MIN_POPULATION_FOR_CODE and alpha3.lower() not in SPACY_STOP_WORDS:
            add(alpha3, value, (2, population))
        capital = entry.get("capital")
        if isinstance(capital, str) and capital:
            add(capital, value, (1, population))
        demonym = entry.get("demonym")
        if isinstance(demonym, str) and demonym:
            key = fold(demonym)
            if key not in demonyms or demonyms[key][0] < population:
                demonyms[key] = (population, name)

    big = 10**12  # data-file aliases outrank the package: they are the project's own decisions
    for country, aliases in data["country_aliases"].items():
        for alias in aliases:
            add(alias, (country, GPE), (4, big))
    for org in data["organisations"]:
        for alias in [org["name"], *org["aliases"]]:
            add(alias, (org["name"], org.get("type", ORG)), (5, big))
    for country, words in data["extra_demonyms"].items():
        for word in words:
            norm = _normalise(word)
            key = _code_key(norm)
            if key:
                demonym_codes[key] = country
            else:
                demonyms[fold(norm)] = (big, country)

    nouns = sorted({fold(n) for n in data["government_nouns"]}, key=len, reverse=True)
    return _Tables(
        names={k: v for k, (_, v) in ranked.items()},
        surface={k: v for k, (_, v) in ranked_surface.items()},
        codes={k: v for k, (_, v) in ranked_codes.items()},
        demonyms={k: country for k, (_, country) in demonyms.items()},
        demonym_codes=demonym_codes,
        government_nouns=tuple(nouns),
    )


def _lookup(norm: str) -> tuple[str, str] | None:
    tables = _tables()
    key = _code_key(norm)
    if key and key in tables.codes:
        return tables.codes[key]
    return tables.names.get(norm.lower())


def _modifier_country(head: str) -> str | None:
    """The country a modifier names: a demonym ("North Korean"), "U.S.", or "China's"."""
    country = demonym_country(head)
    if country:
        return country
    found = _lookup(head)
    if found and found[1] == GPE:
        return found[0]
    return None


def canonical(text: str) -> tuple[str, str] | None:
    """(canonical name, type) of a country, government reference or international organisation.

    "Seoul" -> ("South Korea", "GPE"), "the Kremlin" -> ("Russia", "GPE"), "U. S." -> ("United
    States", "GPE"), "U.N." -> ("United Nations", "ORG"), "South Korean intelligence officials" ->
    ("South Korea", "GPE"), "China's foreign ministry" -> ("China", "GPE"). None when unknown.
    """
    norm = _normalise(text)
    if not norm:
        return None
    found = _lookup(norm)
    if found:
        return found
    lower = norm.lower()
    for noun in _tables().government_nouns:
        if lower.endswith(" " + noun):
            head = _POSSESSIVE.sub("", norm[: len(norm) - len(noun)].strip()).strip()
            country = _modifier_country(head) if head else None
            if country:
                return country, GPE
            break
    return None


def demonym_country(word: str) -> str | None:
    """The country of a demonym or nationality adjective: "North Korean(s)" -> "North Korea"."""
    norm = _normalise(word)
    if not norm:
        return None
    tables = _tables()
    key = _code_key(norm)
    if key:
        return tables.demonym_codes.get(key)
    lower = fold(norm)
    if lower in tables.demonyms:
        return tables.demonyms[lower]
    if lower.endswith("s") and lower[:-1] in tables.demonyms:
        return tables.demonyms[lower[:-1]]
    return None


def demonyms() -> frozenset[str]:
    """Every known demonym, lower case ("north korean", "american", …)."""
    return frozenset(_tables().demonyms)


def is_government_noun(text: str) -> bool:
    """True for nouns such as "officials", "government", "foreign ministry" (data file list)."""
    return fold(text) in _tables().government_nouns


def country_names() -> frozenset[str]:
    """Canonical names of every country in the tables."""
    tables = _tables()
    return frozenset(v[0] for v in [*tables.names.values(), *tables.codes.values()] if v[1] == GPE)


def aliases() -> dict[str, tuple[str, str]]:
    """Every known alias, as written in its source (case kept) -> (canonical, type)."""
    return dict(_tables().surface)
