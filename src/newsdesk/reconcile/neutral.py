"""Neutral words and no chrome: deletions that leave the article's own words, in order.

* **Datelines and wire credits** opening a sentence ("WASHINGTON (AP) — ", "SEOUL, South Korea — ")
  go: they say where the copy was filed, not what happened; so do newsletter labels ("Why it
  matters: ").
* **Loaded modifiers** that only one of the story's articles uses go: judgement adjectives and
  adverbs ("disgraced", "brazenly", "sensationalist"), "so-called", and epithet asides set off by
  dashes or commas ("CNN – an American left-wing news network … –") — where what remains still
  states the fact. A word is deleted only in attributive position (followed by the word it
  modifies, not after a copula: "the move was outrageous" keeps it), never inside quote marks (a
  source's words stay verbatim), never when it is part of a name (capitalised mid-sentence),
  never when "a"/"an" before it would no longer fit, and never with a figure, a name, a time or
  a negation (none of which is in the lexicon; an aside holding any of them stays).
* **Epithet nouns** set before a name by only one article go ("dictator Kim Jong Un" -> "Kim Jong
  Un", "the firebrand X" -> "X"), the name stays; an epithet that is itself what a clause is
  about ("the dictator said") stays, as does any inside quote marks.

The lexicons are ``newsdesk/data/loaded_words.txt`` and ``epithet_nouns.txt``; one word a line, ``#`` comments.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from newsdesk.textnorm import fold

# a dateline: capitalised place words (optionally ", State"), an optional wire credit, a dash
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,3}"
    r"(?:,\s*(?:[A-Z][A-Za-z.'\u2019-]+\s*){1,3})?)"
    r"(?:\s*\((?:AP|Reuters|AFP|UPI|CNN|dpa|Bloomberg|[A-Z]{2,6})\))?\s*[\u2014\u2013-]{1,2}\s+(?=\S)"
)
# a newsletter label opening a sentence ("Why it matters: ", "The big picture: ")
_LABEL = re.compile(r"^\s*[A-Z][a-z'\u2019]*(?:\s[a-z'\u2019]+){1,3}:\s+(?=[A-Z\"\u201c])")
_CREDIT_ONLY = re.compile(r"^\s*\((?:AP|Reuters|AFP|UPI|dpa|Bloomberg)\)\s*[\u2014\u2013-]{1,2}\s+(?=\S)")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.]*|[^\sA-Za-z\d]")
_COPULAS = frozenset("is was are were be been being am seems seemed became become remains remained looks looked "
                     "sounds sounded appears appeared".split())
_NEGATIONS = frozenset("no not never nor none nothing neither without n't cannot".split())
_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?![nr]i|s[eu]|ti|kr)|hon|hour|heir)", re.IGNORECASE)
_QUOTE_CHARS = "\"\u201c\u201d"
_ASIDE = re.compile(r"(?P<open>\s[\u2014\u2013]\s|,\s)(?P<body>(?:an?|the)\s[^\u2014\u2013,;:\"\u201c\u201d]{3,140}?)"
                    r"(?P<close>\s[\u2014\u2013]\s|,\s)")


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("newsdesk.data").joinpath(name).read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def loaded_words() -> frozenset[str]:
    return _word_list("loaded_words.txt")


@lru_cache(maxsize=1)
def epithet_nouns() -> frozenset[str]:
    return _word_list("epithet_nouns.txt")


def strip_dateline(text: str) -> str:
    """``text`` without an opening dateline, wire credit or newsletter label ("Why it matters:")."""
    label = _LABEL.match(text)
    if label:
        text = text[label.end():]
    m = _DATELINE.match(text) or _CREDIT_ONLY.match(text)
    if not m:
        return text
    rest = text[m.end():]
    # a dateline is short and what follows starts a sentence
    if len(m.group().split()) > 7 or not rest[:1].isupper() and not rest[:1] in "\"\u201c'":
        return text
    return rest


def _inside_quotes(text: str, pos: int) -> bool:
    return sum(text.count(q, 0, pos) for q in _QUOTE_CHARS) % 2 == 1


class Neutralizer:
    """Deletes the loaded modifiers of a story that only one of its articles uses."""

    def __init__(self, bodies: Iterable[str]):
        lexicon = loaded_words()
        self.epithets = epithet_nouns()
        self.article_count: Counter[str] = Counter()
        for body in bodies:
            words = set(re.findall(r"[a-z][a-z'-]*", fold(body)))
            self.article_count.update(w for w in words if w in lexicon or w in self.epithets)
        self.lexicon = lexicon

    def loaded(self, word: str) -> bool:
        w = word.lower().replace("\u2019", "'")
        return w in self.lexicon and self.article_count[w] <= 1

    def epithet(self, word: str) -> bool:
        """An epithet noun ("dictator") that only one of the story's articles uses."""
        w = word.lower()
        return w in self.epithets and self.article_count[w] <= 1

    def __call__(self, text: str, *, headline: bool = False) -> str:
        """``text`` without its loaded modifiers; ``headline``: capitalised words may be
        modifiers too when the text is in title case ("South Korea Trashes Sensationalist CNN Report")."""
        text = self._asides(text)
        words = [w for w in text.split() if w[:1].isalpha()]
        title_case = headline and sum(w[:1].isupper() for w in words) >= 0.6 * max(1, len(words))
        return self._modifiers(text, title_case)

    # ------------------------------------------------------------------ asides
    def _asides(self, text: str) -> str:
        """Drop an epithet aside ("…, a notorious extremist, …") holding a loaded word and no
        figure, name, negation or quote."""
        for m in _ASIDE.finditer(text):
            body = m.group("body")
            words = body.split()
            if not any(self.loaded(w.strip(".,;")) for w in words):
                continue
            if any(c.isdigit() for c in body) or any(w[:1].isupper() for w in words[1:]):
                continue
            if {w.lower().strip(".,") for w in words} & _NEGATIONS or _inside_quotes(text, m.start()):
                continue
            return text[: m.start()] + " " + text[m.end():]
        return text

    # ------------------------------------------------------------------ modifiers
    def _modifiers(self, text: str, title_case: bool = False) -> str:
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        drop: list[tuple[int, int]] = []
        for i, (tok, s, e) in enumerate(tokens):
            low = tok.lower()
            if low == "so-called" or (low == "so" and i + 2 < len(tokens) and tokens[i + 1][0] == "-"
                                      and tokens[i + 2][0].lower() == "called"):
                if not _inside_quotes(text, s) and i + 1 < len(tokens):
                    end = e if low == "so-called" else tokens[i + 2][2]
                    drop.append((s, end))
                continue
            if not title_case and tok[:1].islower() and self.epithet(tok):
                if (span := self._epithet_span(text, tokens, i)) is not None:
                    drop.append(span)
                continue
            if not self.loaded(tok):
                continue
            if not self._deletable(text, tokens, i, title_case):
                continue
            drop.append((s, e))
        if not drop:
            return text
        out, pos = [], 0
        for s, e in drop:
            out.append(text[pos:s])
            pos = e
            while pos < len(text) and text[pos] == " ":
                pos += 1
        out.append(text[pos:])
        result = "".join(out)
        if result and text[:1].isupper() and result[:1].islower():
            result = result[0].upper() + result[1:]
        return result

    def _epithet_span(self, text: str, tokens: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
        """Where to delete an epithet noun standing before a name ("dictator Kim Jong Un" ->
        "Kim Jong Un", "the firebrand Marjorie Taylor Greene" -> "Marjorie Taylor Greene"), with
        the article before it; None when no name follows (the noun is then what the clause is
        about, and deleting it would break the sentence) or inside quote marks."""
        tok, s, e = tokens[i]
        if _inside_quotes(text, s) or i + 1 >= len(tokens):
            return None
        nxt = tokens[i + 1][0]
        if not (nxt[:1].isupper() and nxt[1:2].islower()) or nxt.lower() in ("the", "a", "an"):
            return None
        if i > 0 and tokens[i - 1][0].lower() in ("the", "a", "an"):
            s = tokens[i - 1][1]
        return s, e

    def _deletable(self, text: str, tokens: list[tuple[str, int, int]], i: int, title_case: bool = False) -> bool:
        tok, s, _ = tokens[i]
        if _inside_quotes(text, s):
            return False
        if tok[:1].isupper() and i > 0 and not title_case:
            return False  # part of a name ("Radical Party") or a title
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        prev = tokens[i - 1][0].lower() if i > 0 else ""
        if not nxt[:1].isalpha() or nxt[:1].isupper() and title_case and i + 2 >= len(tokens):
            return False  # predicative or at the end of a clause: "the move was outrageous."
        if prev in _COPULAS and not tok.lower().endswith("ly"):
            return False
        if nxt.lower() in ("and", "or", "but") or prev in ("and", "or", "but"):
            return False  # coordinated: deleting one would leave "a and decision"
        if prev in ("a", "an"):
            needs_an = bool(_VOWEL_SOUND.match(nxt))
            if needs_an != (prev == "an"):
                return False
        return True
