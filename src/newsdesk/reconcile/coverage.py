"""Coverage: what each article reports, what only it reports, and which articles share copy.

Shared copy is found two ways:

* **passages** — word 8-gram shingles common to two bodies are chained into maximal common
  passages; a pair shares copy when one passage runs at least ``MIN_PASSAGE_WORDS`` words, of
  which at least ``MIN_PROSE_WORDS`` lie outside direct quotes (two outlets quoting the same
  statement at length do not share copy; two outlets printing the same wire paragraph do);
* **credits** — articles crediting the same wire or source ("AP" = "Associated Press").

Copy that is already known is passed in as ``copy_pairs`` and not looked for again: a stored
story's relations, which ``cluster/dedup.py`` found once when the articles were added (see
``pipeline.stored_story``). Without it (a one-shot brief), this module's passage check runs, once
per story.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence

from newsdesk.reconcile.model import (
    ArticleCoverage,
    ClaimGroup,
    ClaimItem,
    Coverage,
    QuoteGroup,
    QuoteItem,
    SharedCopy,
    Span,
)
from newsdesk.records import Article, Entity
from newsdesk.textnorm import fold

SHINGLE = 8
MIN_PASSAGE_WORDS = 20
MIN_PROSE_WORDS = 12
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_CREDIT_ALIASES = {
    "associated press": "ap", "the associated press": "ap", "ap": "ap",
    "reuters": "reuters", "thomson reuters": "reuters",
    "agence france-presse": "afp", "agence france presse": "afp", "afp": "afp",
}

CopyPairs = Sequence[SharedCopy]  # copy relations already found (the store's), passed on


def credit_key(credit: str) -> str:
    key = fold(credit).strip(" .()[]")
    return _CREDIT_ALIASES.get(key, key)


_APOSTROPHE = str.maketrans({"\u2019": "'", "\u2018": "'"})
Words = tuple[list[str], list[tuple[int, int]]]


def _words(body: str) -> Words:
    """Lower-cased words of a body (curly apostrophes straightened) and their spans."""
    words, spans = [], []
    for m in _WORD.finditer(body):
        words.append(m.group().lower().translate(_APOSTROPHE))
        spans.append((m.start(), m.end()))
    return words, spans


def common_passages(a: Article, b: Article, *, k: int = SHINGLE,
                    words_a: Words | None = None, words_b: Words | None = None) -> list[tuple[Span, Span, int]]:
    """Maximal passages (at least k words) that two bodies share verbatim, with their length in words."""
    wa, sa = words_a or _words(a.body)
    wb, sb = words_b or _words(b.body)
    if len(wa) < k or len(wb) < k:
        return []
    index: dict[int, list[int]] = defaultdict(list)
    for j in range(len(wb) - k + 1):
        index[zlib.crc32(" ".join(wb[j:j + k]).encode())].append(j)
    matched: set[tuple[int, int]] = set()
    for i in range(len(wa) - k + 1):
        h = zlib.crc32(" ".join(wa[i:i + k]).encode())
        for j in index.get(h, ()):
            if wa[i:i + k] == wb[j:j + k]:
                matched.add((i, j))
    passages = []
    for i, j in sorted(matched):
        if (i - 1, j - 1) in matched:
            continue  # not the start of a chain
        n = 0
        while (i + n, j + n) in matched:
            n += 1
        words = n + k - 1
        passages.append((
            Span(a.id, sa[i][0], sa[i + words - 1][1]),
            Span(b.id, sb[j][0], sb[j + words - 1][1]),
            words,
        ))
    return passages


def _prose_words(span: Span, body: str, quoted: Sequence[tuple[int, int]]) -> int:
    count = 0
    for m in _WORD.finditer(body, span.start, span.end):
        if not any(s <= m.start() < e for s, e in quoted):
            count += 1
    return count


def passage_copy_pairs(
    articles: Sequence[Article], quotes: Sequence[QuoteItem] = ()
) -> list[SharedCopy]:
    """Pairs of articles sharing a long passage of prose (see the module docstring)."""
    quoted: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for q in quotes:
        if q.quote.kind == "direct":
            # include the quote marks around the span
            quoted[q.quote.article].append((q.quote.start - 1, q.quote.end + 1))
    # cheap pre-filter: only pairs sharing at least one shingle are compared
    posting: dict[int, set[int]] = defaultdict(set)
    tokens = [_words(art.body) for art in articles]
    for n, (words, _) in enumerate(tokens):
        for i in range(0, max(0, len(words) - SHINGLE + 1)):
            posting[zlib.crc32(" ".join(words[i:i + SHINGLE]).encode())].add(n)
    pairs: set[tuple[int, int]] = set()
    for members in posting.values():
        if 1 < len(members) <= 50:
            ms = sorted(members)
            for x, i in enumerate(ms):
                for j in ms[x + 1:]:
                    pairs.add((i, j))
    out: list[SharedCopy] = []
    for i, j in sorted(pairs):
        a, b = articles[i], articles[j]
        long_ = [
            (pa, pb, n) for pa, pb, n in common_passages(a, b, words_a=tokens[i], words_b=tokens[j])
            if n >= MIN_PASSAGE_WORDS and _prose_words(pa, a.body, quoted[a.id]) >= MIN_PROSE_WORDS
        ]
        if long_:
            longest = max(n for _, _, n in long_)
            out.append(SharedCopy(
                articles=(a.id, b.id),
                reason="passage",
                detail=f"{len(long_)} common passage{'s' if len(long_) > 1 else ''}, longest {longest} words",
                passages=tuple((pa, pb) for pa, pb, _ in long_),
            ))
    return out


def credit_copy_groups(articles: Sequence[Article]) -> list[SharedCopy]:
    by_credit: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for art in articles:
        for credit in dict.fromkeys(credit_key(c) for c in art.credits):
            by_credit[credit].append(art.id)
        for c in art.credits:
            names.setdefault(credit_key(c), c)
    return [
        SharedCopy(articles=tuple(ids), reason="wire", detail=f"same credit: {names[key]}")
        for key, ids in sorted(by_credit.items())
        if len(ids) > 1
    ]


def build_coverage(
    articles: Sequence[Article],
    entities: Sequence[Entity],
    claims: Sequence[ClaimItem],
    claim_groups: Sequence[ClaimGroup],
    quotes: Sequence[QuoteItem],
    quote_groups: Sequence[QuoteGroup],
    *,
    copy_pairs: CopyPairs | None = None,
) -> Coverage:
    ids = [a.id for a in articles]
    groups_in: dict[str, list[str]] = defaultdict(list)
    for g in claim_groups:
        for aid in g.articles:
            groups_in[aid].append(g.id)
    quotes_in: dict[str, list[str]] = defaultdict(list)
    qgroups_in: dict[str, list[str]] = defaultdict(list)
    for q in quotes:
        quotes_in[q.quote.article].append(q.id)
    for qg in quote_groups:
        for aid in qg.articles:
            qgroups_in[aid].append(qg.id)
    entities_in: dict[str, list[str]] = defaultdict(list)
    entity_articles: dict[str, set[str]] = {}
    for e in entities:
        arts = {m.article for m in e.mentions}
        entity_articles[e.id] = arts
        for aid in arts:
            entities_in[aid].append(e.id)
    by_article = []
    for aid in ids:
        only = [g.id for g in claim_groups if set(g.articles) == {aid}]
        only += [q.id for q in quotes if q.quote.article == aid and q.group is None]
        only += [qg.id for qg in quote_groups if set(qg.articles) == {aid}]
        only += [eid for eid in entities_in[aid] if entity_articles[eid] == {aid}]
        by_article.append(ArticleCoverage(
            article=aid,
            claim_groups=tuple(groups_in[aid]),
            quotes=tuple(quotes_in[aid]),
            quote_groups=tuple(qgroups_in[aid]),
            entities=tuple(entities_in[aid]),
            only_here=tuple(only),
        ))
    if copy_pairs is not None:
        members = set(ids)
        shared = [s for s in copy_pairs if set(s.articles) <= members]
        method = "copy relations found when the articles were added"
    else:
        shared = passage_copy_pairs(articles, quotes)
        method = f"passage overlap ({SHINGLE}-word shingles, >= {MIN_PASSAGE_WORDS}-word passages)"
    shared += credit_copy_groups(articles)
    return Coverage(by_article=tuple(by_article), shared_copy=tuple(shared), method=method + " + shared credits")
