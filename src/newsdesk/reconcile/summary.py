"""The story summary, every sentence cited and checked by cite_check, in this order:

0. **The event** (:mod:`newsdesk.reconcile.lead`): who did what, where, when — the headline or
   lead sentence whose content the other outlets' leads share most (``origin="extract"``, or
   ``"title"`` for a headline).
1. **Figures** (:mod:`newsdesk.reconcile.figures`), stated from the claim groups on which the
   outlets differ (``FIGURE_VERDICTS``) — the values with their sources, and the disagreement
   (``origin="claims"``), in at most ``FIGURE_SHARE`` of the length; a figure they agree on is
   left to the sentences that state it in their own words.
2. **Extracted** sentences (``origin="extract"``) from the candidates of
   :mod:`newsdesk.reconcile.candidates`, and the headlines (``origin="title"``: the fewest words
   for what happened, often all a short item carries) (datelines and one outlet's loaded words deleted, see
   :mod:`newsdesk.reconcile.neutral`), chosen by greedy budgeted *concept coverage* (Gillick &
   Favre's concept model, with Lin & Bilmes' cost-scaled greedy and an MMR discount): each
   concept counts once in the summary, so a sentence is worth the concepts it adds. A sentence
   that :func:`repeats` one already in the summary (content overlap) is not taken. The names the
   event sentence states count as said; what its actors (its voices) say in their own words
   counts for more (``selection.PROTAGONIST_FACTOR``): the story is theirs.

The length is at most ``max_words`` (``--summary-words``), by default :func:`default_words` (100
words for a few short articles, up to 250 for a large story); past ``selection.FULL`` of it, the
summary ends where the next sentence would lower its agreement with the words most outlets use
(:func:`newsdesk.reconcile.selection.consensus_words`). With several outlets the summary cites
at least two (:func:`_balance`); a sentence also cites every other article that states it
(:func:`_corroborate`). When no sentence passes, the leads stand in (:func:`_fallback`): the
summary is empty only when the story has no text.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.reconcile.candidates import Candidate, candidates, word_count
from newsdesk.reconcile.cite_check import CiteChecker
from newsdesk.reconcile.contrast import contrast_sentence
from newsdesk.reconcile.figures import figure_sentences
from newsdesk.reconcile.lead import event_candidates, headline
from newsdesk.reconcile.model import ClaimGroup, ClaimItem, QuoteGroup, QuoteItem, Span, SummarySentence
from newsdesk.reconcile.neutral import Neutralizer, strip_dateline
from newsdesk.reconcile.selection import (SAME_SENTENCE, Concepts, content_of, repeats,
                                          select_sentences)
from newsdesk.reconcile.sentences import SentenceIndex
from newsdesk.reconcile.textvec import similarities, terms, tfidf
from newsdesk.records import Article, Entity

__all__ = ["MAX_WORDS", "build_summary", "default_words", "word_count", "select_sentences", "Concepts",
           "content_of", "repeats"]

MAX_WORDS = 250
SHORT_WORDS = 100  # a story of a few short articles
WORDS_PER_ARTICLE = 50
CORROBORATES = 0.5  # share of a sentence's content words another article's sentence must hold to be checked
FIGURE_VERDICTS = ("disagree", "series")  # the claim groups a figure sentence states: where outlets differ
DIFFER_RATIO = 5.0  # figures further apart than this are not two outlets' estimates of one quantity
FIGURE_SHARE = 0.4  # the figure sentences take at most this share of the length: the event and voices need the rest
CONTRAST_SHARE = 0.6  # the event and the contrast of framings take at most this share of the length


def default_words(articles: Sequence[Article]) -> int:
    """The summary length that fits the story: a tenth of its text, at least ``SHORT_WORDS``,
    at most ``WORDS_PER_ARTICLE`` a article and ``MAX_WORDS`` in all."""
    total = sum(word_count(a.body) for a in articles)
    return max(1, min(MAX_WORDS, WORDS_PER_ARTICLE * len(articles), max(SHORT_WORDS, total // 10)))


class _Citer:
    """Turns a chosen candidate into a checked summary sentence citing every article that carries it."""

    def __init__(self, pool: Sequence[Candidate], checker: CiteChecker):
        self.pool, self.checker = pool, checker

    def sentence(self, index: int, duplicates: Sequence[int] = ()) -> SummarySentence | None:
        c = self.pool[index]
        cites = [c.article]
        support = [] if c.title else [Span(c.article, c.start, c.end)]
        for j in duplicates:
            d = self.pool[j]
            if d.article not in cites and self.checker.check(c.text, [d.article], strict=True).ok:
                cites.append(d.article)
                if not c.title and not d.title:
                    support.append(Span(d.article, d.start, d.end))
        if not self.checker.check(c.text, cites, strict=True).ok:
            return None
        return SummarySentence(c.text, tuple(cites), tuple(support), "title" if c.title else "extract", True, ())

    def same_as(self, index: int, exclude: int | None = None) -> list[int]:
        """Candidates of other articles that say the same sentence (TF-IDF cosine >= SAME_SENTENCE)."""
        c = self.pool[index]
        vectors = tfidf([terms(x.text) for x in self.pool])
        return [j for j, sim in enumerate(similarities(vectors[index], vectors))
                if j != index and j != exclude and sim >= SAME_SENTENCE and self.pool[j].article != c.article]


def _event(articles: Sequence[Article], pool: Sequence[Candidate], index: SentenceIndex, checker: CiteChecker,
           citer: _Citer, neutral: Neutralizer, budget: int) -> tuple[SummarySentence | None, int | None]:
    """The event sentence (see :mod:`newsdesk.reconcile.lead`) and its candidate index, if any."""
    for lead in event_candidates(articles, pool, index, neutral):
        if word_count(lead.text) > budget:
            continue
        if lead.candidate is not None:
            s = citer.sentence(lead.candidate, citer.same_as(lead.candidate))
        elif checker.check(lead.text, [lead.article], strict=True).ok:
            s = SummarySentence(lead.text, (lead.article,), (), "title", True, ())
        else:
            s = None
        if s is not None:
            return s, lead.candidate
    return None, None


def _outlets_differ(group: ClaimGroup) -> bool:
    """Whether two articles give different figures for the group's quantity, each without the
    other's, and close enough to be two estimates of it: a difference between outlets, not one
    article's two figures (a breakdown, two candidates' shares) or a series one article reports."""
    values: dict[str, set[float]] = {}
    for f in group.figures:
        for a in f.articles:
            values.setdefault(a, set()).add(f.value)
    arts = list(values)
    for i, p in enumerate(arts):
        for q in arts[i + 1:]:
            if any(_comparable(x, y) for x in values[p] - values[q] for y in values[q] - values[p]):
                return True
    return False


def _comparable(x: float, y: float) -> bool:
    """Two figures that can be two estimates of one quantity: of one sign, within
    ``DIFFER_RATIO`` of each other ($75,000 and $350 billion are two different things)."""
    if x <= 0 or y <= 0:
        return x == y == 0 or (x < 0 and y < 0)
    return max(x, y) / min(x, y) <= DIFFER_RATIO


def _headlines(articles: Sequence[Article], neutral: Neutralizer) -> list[Candidate]:
    """Each article's headline as a candidate (see :func:`newsdesk.reconcile.lead.headline`):
    the outlet's own words for what happened, in the fewest of them."""
    out = []
    for a in articles:
        if (text := headline(a, neutral)) is not None:
            out.append(Candidate(a.id, 0, 0, text, word_count(text), 1.0, frozenset(), frozenset(), frozenset(),
                                 title=True))
    return out


def _fallback(articles: Sequence[Article], index: SentenceIndex, checker: CiteChecker, budget: int) -> list[SummarySentence]:
    """When no sentence passes: the leads (first sentence of each article, else its headline),
    each cited to its article; empty only when the story has no text."""
    out: list[SummarySentence] = []
    used = 0
    for a in articles:
        spans = index.spans(a.id)
        options = []
        if spans:
            s, e = spans[0]
            raw = a.body[s:e]
            text = strip_dateline(raw.strip())
            start = s + (len(raw) - len(raw.lstrip())) + (len(raw.strip()) - len(text))
            options.append((text, (Span(a.id, start, e),), "extract"))
        if a.title and not a.title_generated:
            options.append((a.title.strip(), (), "title"))
        for text, support, origin in options:
            n = word_count(text)
            if n and (not out or used + n <= budget) and checker.check(text, [a.id], strict=True).ok:
                out.append(SummarySentence(text, (a.id,), support, origin, True, ()))
                used += n
                break
    return out


def build_summary(
    articles: Sequence[Article],
    entities: Sequence[Entity],
    claims: Sequence[ClaimItem],
    claim_groups: Sequence[ClaimGroup],
    quotes: Sequence[QuoteItem],
    quote_groups: Sequence[QuoteGroup] = (),
    *,
    index: SentenceIndex | None = None,
    max_words: int | None = None,
) -> tuple[SummarySentence, ...]:
    """The checked summary: the event sentence, the figure sentences, then extracted sentences in
    rank order, within ``max_words`` (default: :func:`default_words`)."""
    index = index or SentenceIndex(articles)
    budget = max_words if max_words is not None else default_words(articles)
    checker = CiteChecker(articles, entities)
    neutral = Neutralizer(a.body for a in articles)
    pool = candidates(articles, index, quotes, entities, claims, neutral=neutral)
    pool += _headlines(articles, neutral)
    citer = _Citer(pool, checker)
    event, event_index = _event(articles, pool, index, checker, citer, neutral, budget)
    used = word_count(event.text) if event else 0
    contrast = contrast_sentence(articles, neutral, checker, [event.text] if event else [])
    if contrast is not None and used + word_count(contrast.text) <= CONTRAST_SHARE * budget:
        used += word_count(contrast.text)
    else:
        contrast = None
    figures: list[SummarySentence] = []
    # the figures the event sentence states are stated
    stated_groups: set[str] = set(pool[event_index].groups) if event_index is not None else set()
    covered: set[str] = set()
    figure_words = 0
    for group, s in figure_sentences(claim_groups, claims):
        if group.verdict not in FIGURE_VERDICTS or not _outlets_differ(group):
            continue  # figures the outlets agree on are stated in their own words by the sentences below
        result = checker.check(s.text, s.citations, strict=False)
        n = word_count(s.text)
        if result.ok and used + n <= budget and figure_words + n <= FIGURE_SHARE * budget:
            figure_words += n
            figures.append(SummarySentence(s.text, s.citations, s.support, s.origin, True, ()))
            stated_groups.add(group.id)
            covered |= {el.entity for el in result.elements if el.entity}
            used += n
    group_size = {g.id: len(g.articles) for g in quote_groups}
    concepts = Concepts(articles, entities, quotes, group_size, pool,
                        {g.id: len(g.articles) for g in claim_groups},
                        protagonists=pool[event_index].voices if event_index is not None else frozenset())
    fixed = ([event.text] if event else []) + ([contrast.text] if contrast else []) + [f.text for f in figures]
    exclude = frozenset({event_index} if event_index is not None else ())
    if event_index is not None:
        exclude |= frozenset(citer.same_as(event_index))
    if event_index is not None:  # the names the event sentence states are said
        covered |= set(pool[event_index].entities)
    picked = select_sentences(
        pool, concepts, budget - used,
        fixed_texts=fixed, covered_entities=frozenset(covered),
        stated_groups=frozenset(stated_groups), exclude=exclude,
    )
    extracted = [s for sel in picked if (s := citer.sentence(sel.index, sel.duplicates)) is not None]
    summary = ([event] if event else []) + ([contrast] if contrast else []) + figures + extracted
    sentences = _sentence_terms(articles, index)
    summary = [_corroborate(s, articles, sentences, checker) for s in summary]
    done = {s.text for s in summary}
    summary = _balance(summary, articles, pool, concepts, citer, budget, covered, stated_groups, exclude, neutral)
    if not summary:
        summary = _fallback(articles, index, checker, budget)
    summary = [s if s.text in done else _corroborate(s, articles, sentences, checker) for s in summary]
    order = {a.id: i for i, a in enumerate(articles)}

    def ordered(s: SummarySentence) -> SummarySentence:
        cites = tuple(sorted(s.citations, key=lambda a: order.get(a, len(order))))
        return SummarySentence(s.text, cites, s.support, s.origin, s.checked, s.problems)

    return tuple(ordered(s) for s in summary)


def _sentence_terms(articles: Sequence[Article], index: SentenceIndex) -> dict[str, list[tuple[tuple[int, int], set[str]]]]:
    return {a.id: [(sp, set(terms(a.body[sp[0]:sp[1]]))) for sp in index.spans(a.id)] for a in articles}


def _corroborate(s: SummarySentence, articles: Sequence[Article], sentences: dict[str, list[tuple[tuple[int, int], set[str]]]],
                 checker: CiteChecker) -> SummarySentence:
    """An article sentence also cites every other article that states it (the strict check
    passes for that article alone: its names and figures, and most of its content words in one
    of its sentences), with that sentence as support. Only articles with a sentence holding
    ``CORROBORATES`` of its content words are checked (the check is the costly part)."""
    if s.origin not in ("extract", "title"):
        return s
    cites, support = list(s.citations), list(s.support)
    mine = set(terms(s.text))
    if not mine:
        return s
    for a in articles:
        if a.id in cites:
            continue
        best = max(sentences.get(a.id, ()), key=lambda x: len(mine & x[1]), default=None)
        if best is None or len(mine & best[1]) < CORROBORATES * len(mine):
            continue
        if not checker.check(s.text, [a.id], strict=True).ok:
            continue
        cites.append(a.id)
        if s.support:
            support.append(Span(a.id, best[0][0], best[0][1]))
    if len(cites) == len(s.citations):
        return s
    return SummarySentence(s.text, tuple(cites), tuple(support), s.origin, s.checked, s.problems)


def _balance(summary: list[SummarySentence], articles: Sequence[Article], pool: Sequence[Candidate],
             concepts: Concepts, citer: _Citer, budget: int, covered: set[str],
             stated_groups: set[str], exclude: frozenset[int], neutral: Neutralizer) -> list[SummarySentence]:
    """With several outlets, the summary draws on at least two: when every sentence cites one
    article, the best sentence of another is added (else another's headline, when it does not
    repeat what is said), making room by leaving out the last extracted sentences when the
    budget is spent."""
    cited = {a for s in summary for a in s.citations}
    if len(articles) < 2 or len(cited) >= 2 or not summary:
        return summary
    heads = [(a.id, h) for a in articles if a.id not in cited and (h := headline(a, neutral)) is not None]
    kept = list(summary)
    while kept:
        used = sum(word_count(s.text) for s in kept)
        texts = [s.text for s in kept]
        picked = select_sentences(pool, concepts, budget - used, fixed_texts=texts,
                                  covered_entities=frozenset(covered), stated_groups=frozenset(stated_groups),
                                  exclude=exclude, allowed=lambda c: c.article not in cited)
        for sel in picked[:1]:
            if (s := citer.sentence(sel.index, sel.duplicates)) is not None:
                return kept + [s]
        said = [content_of(t) for t in texts]
        for aid, h in heads:
            if used + word_count(h) <= budget and not repeats(content_of(h), said) \
                    and citer.checker.check(h, [aid], strict=True).ok:
                return kept + [SummarySentence(h, (aid,), (), "title", True, ())]
        if len(kept) <= 1 or kept[-1].origin != "extract":
            return summary
        kept.pop()
    return summary


