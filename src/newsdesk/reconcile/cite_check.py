"""Proof that a summary sentence says only what the articles it cites contain.

A sentence is broken into checkable elements:

* **figures** — every number, read with its format normalised ("10,000" = "10000" = "10 000";
  "1.2 million" = 1,200,000);
* **names** — every entity of the story whose name or alias the sentence contains;
* **quotations** — every passage of two words or more the sentence puts in quote marks;
* **content** — for a sentence taken from an article, the sentence itself (folded) or, failing
  that, a sentence of the cited article sharing most of its content words.

An element is supported by an article when its headline or body contains it (a name also counts as present
when the extraction stage found a mention of that entity in the article, so "United States"
is supported by an article that says "U.S."). ``strict`` (used for sentences taken from an
article): every cited article supports every element. Otherwise (sentences stated from claim
groups): every element is supported by at least one cited article, and every cited article
supports at least one element.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsdesk.reconcile.numbers import figures_in, same_value
from newsdesk.records import Article, Entity
from newsdesk.textnorm import fold

_QUOTED = re.compile(r"[\"\u201c\u201d]([^\"\u201c\u201d]{3,}?)[\"\u201c\u201d]")
_CONTENT = re.compile(r"[^\W\d_]{4,}")
CONTENT_OVERLAP = 0.6
STRICT_ORIGINS = ("extract", "lead", "title")  # sentences in an article's own words


@dataclass(frozen=True)
class Element:
    kind: str  # figure | name | quotation | content
    text: str
    supported_by: tuple[str, ...]
    entity: str | None = None  # the entity id of a name


@dataclass(frozen=True)
class CiteResult:
    ok: bool
    elements: tuple[Element, ...]
    problems: tuple[str, ...]


def own_text(article: Article) -> str:
    """What an article says in its own words: its headline (unless generated) and its body."""
    if article.title and not article.title_generated:
        return f"{article.title}\n{article.body}"
    return article.body


def _name_pattern(name: str) -> re.Pattern:
    flags = 0 if len(name) <= 4 else re.IGNORECASE
    return re.compile(r"(?<![\w.])" + re.escape(fold(name, lower=False)) + r"(?![\w])", flags)


class CiteChecker:
    """Checks sentences against the story's articles and entities (built once per story)."""

    def __init__(self, articles: Sequence[Article] | Mapping[str, Article], entities: Sequence[Entity] = ()):
        self.articles = dict(articles) if isinstance(articles, Mapping) else {a.id: a for a in articles}
        self._text = {aid: own_text(a) for aid, a in self.articles.items()}
        self._folded = {aid: fold(t) for aid, t in self._text.items()}
        self._folded_case = {aid: fold(t, lower=False) for aid, t in self._text.items()}
        self._figures = {aid: [v for v, _, _ in figures_in(t, skip_years=False)] for aid, t in self._text.items()}
        self._names: list[tuple[Entity, list[tuple[str, re.Pattern]]]] = []
        for e in entities:
            names = sorted({n for n in (e.name, *e.aliases) if len(n) >= 2}, key=len, reverse=True)
            self._names.append((e, [(n, _name_pattern(n)) for n in names]))
        self._mentioned = {e.id: {m.article for m in e.mentions} for e in entities}

    # ------------------------------------------------------------------ elements
    def elements(self, text: str) -> list[tuple[str, str, object]]:
        folded = fold(text, lower=False)
        out: list[tuple[str, str, object]] = []
        for value, s, e in figures_in(folded, skip_years=False):
            out.append(("figure", folded[s:e], value))
        taken: list[tuple[int, int]] = []
        for entity, names in self._names:
            for name, pattern in names:
                m = pattern.search(folded)
                if m and not any(a < m.end() and m.start() < b for a, b in taken):
                    taken.append((m.start(), m.end()))
                    out.append(("name", name, entity))
                    break
        for m in _QUOTED.finditer(folded):
            inner = m.group(1).strip(" ,.;:")
            if len(inner.split()) >= 2:
                out.append(("quotation", inner, fold(inner)))
        return out

    def _supports(self, aid: str, kind: str, payload: object, text: str) -> bool:
        if aid not in self.articles:
            return False
        if kind == "figure":
            return any(same_value(payload, v) for v in self._figures[aid])
        if kind == "name":
            entity: Entity = payload
            if aid in self._mentioned.get(entity.id, ()):
                return True
            body = self._folded_case[aid]
            return any(_name_pattern(n).search(body) for n in (entity.name, *entity.aliases) if len(n) >= 2)
        if kind == "quotation":
            return payload in self._folded[aid]
        if kind == "content":
            return self._content_supported(aid, text)
        return False

    def _content_supported(self, aid: str, sentence: str) -> bool:
        folded = fold(sentence)
        if folded in self._folded[aid]:
            return True
        words = set(_CONTENT.findall(folded))
        if not words:
            return True
        body = self._folded[aid]
        for para in re.split(r"(?<=[.!?\"])\s+", body):
            overlap = len(words & set(_CONTENT.findall(para))) / len(words)
            if overlap >= CONTENT_OVERLAP:
                return True
        return False

    # ------------------------------------------------------------------ check
    def check(self, text: str, citations: Sequence[str], *, strict: bool) -> CiteResult:
        problems: list[str] = []
        if not citations:
            return CiteResult(False, (), ("no citation",))
        unknown = [c for c in citations if c not in self.articles]
        if unknown:
            problems.append(f"cites unknown article(s): {', '.join(unknown)}")
        elements = self.elements(text)
        if strict:
            elements.append(("content", text, None))
        found: list[Element] = []
        supporting: set[str] = set()
        for kind, shown, payload in elements:
            by = tuple(c for c in citations if self._supports(c, kind, payload, text))
            found.append(Element(kind, shown, by, payload.id if kind == "name" else None))
            supporting.update(by)
            if strict and len(by) < len(citations):
                missing = [c for c in citations if c not in by]
                problems.append(f"{kind} {shown!r} not in cited {', '.join(missing)}")
            elif not by:
                problems.append(f"{kind} {shown!r} in no cited article")
        if not strict:
            idle = [c for c in citations if c not in supporting and c in self.articles]
            if idle:
                problems.append(f"cited article(s) support nothing: {', '.join(idle)}")
        return CiteResult(not problems, tuple(found), tuple(problems))


def check_summary(
    sentences: Sequence, articles: Sequence[Article], entities: Sequence[Entity] = ()
) -> list[CiteResult]:
    """Check every :class:`~newsdesk.reconcile.model.SummarySentence` (strict for extracted ones)."""
    checker = CiteChecker(articles, entities)
    return [checker.check(s.text, s.citations, strict=s.origin in STRICT_ORIGINS) for s in sentences]
