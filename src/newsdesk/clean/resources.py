"""Word lists the cleaner needs, loaded once (cached loaders, no import-time work)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    """Classes of boilerplate vocabulary (see data/clean_lexicon.json), folded to lower case."""

    ui_labels: frozenset[str]
    promo_labels: frozenset[str]
    listing_words: frozenset[str]
    content_words: frozenset[str]
    count_nouns: frozenset[str]
    share_verbs: tuple[str, ...]
    share_first: frozenset[str]  # first words of the share verbs
    share_targets: frozenset[str]
    social_names: frozenset[str]
    tag_headers: frozenset[str]
    desk_words: frozenset[str]
    generic_credits: frozenset[str]
    media_words: frozenset[str]
    media_editions: frozenset[str]
    media_names: frozenset[str]
    agency_alias: dict[str, str]  # folded alias -> canonical short form ("associated press" -> "AP")
    title_abbreviations: frozenset[str]
    title_minor_words: frozenset[str]
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The English stoplist of jusText (the list its paragraph classifier was tuned with)."""
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist("English"))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(
        resources.files("newsdesk").joinpath("data/clean_lexicon.json").read_text(encoding="utf-8")
    )
    alias: dict[str, str] = {}
    for canon, names in raw["agencies"].items():
        alias[canon.lower()] = canon
        for name in names:
            alias[name.lower()] = canon
    fs = lambda key: frozenset(s.lower() for s in raw[key])  # noqa: E731
    return Lexicon(
        ui_labels=fs("ui_labels"),
        promo_labels=fs("promo_labels"),
        listing_words=fs("listing_words"),
        content_words=fs("content_words"),
        count_nouns=fs("count_nouns"),
        share_verbs=tuple(sorted((s.lower() for s in raw["share_verbs"]), key=len, reverse=True)),
        share_first=frozenset(v.split()[0] for v in fs("share_verbs")),
        share_targets=fs("share_targets"),
        social_names=fs("social_names"),
        tag_headers=fs("tag_headers"),
        desk_words=fs("desk_words"),
        generic_credits=fs("generic_credits"),
        media_words=fs("media_words"),
        media_editions=fs("media_editions"),
        media_names=fs("media_names"),
        agency_alias=alias,
        title_abbreviations=fs("title_abbreviations"),
        title_minor_words=fs("title_minor_words"),
        stopwords=stopwords(),
    )


_LABEL_TRIM = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_SPACES = re.compile(r"\s+")


def label_key(text: str) -> str:
    """Fold a short line for vocabulary lookup: lower case, one space, no edge punctuation."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return _SPACES.sub(" ", _LABEL_TRIM.sub("", text)).lower()
