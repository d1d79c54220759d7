"""The story summary: at most 250 words, every sentence cited and checked by cite_check.

Two kinds of sentences:

1. **Figures** (:mod:`newsdesk.reconcile.figures`), stated from the claim groups that more than
   one article reports or that are disputed — the values with their sources, and the
   disagreement (``origin="claims"``). They lead: the key figures with their attribution.
2. **Extracted** sentences (``origin="extract"``) from the candidates of
   :mod:`newsdesk.reconcile.candidates`, chosen by greedy budgeted *concept coverage* (Gillick &
   Favre's concept model, with Lin & Bilmes' cost-scaled greedy and an MMR discount): each
   concept counts once in the summary, so a sentence is worth the concepts it adds.

   ``gain(j | S) = (Σ_{c ∈ C(j) new to S} w(c) + LEAD_WEIGHT·lead(j)) · (1 − max_{s∈S} sim(j, s))``,
   chosen by ``gain / words(j)^COST_EXPONENT`` while the budget lasts. Concepts:

   * ``b:`` content-word bigrams that at least two articles use (facts the coverage shares),
     weighted by that number of articles times their rarity among the story's sentences; a
     bigram both of whose words the summary already uses counts as said;
   * ``u:`` the same for single content words, at a lower weight (catches paraphrase: "denied"
     / "denial", "uniforms");
   * ``e:`` entities, weighted by the number of articles that mention them (centrality);
   * ``v:`` voices — each entity heard once (a quote's speaker, or an actor taking a position:
     "denied", "warned"), weighted by the number of articles in which it speaks: the summary
     should let the story's parties each have their say;
   * ``q:`` statements — each quote (or quote group) with a named speaker, weighted by the
     speaker's prominence (articles mentioning them) and by how many outlets carry it; direct
     quotes count double;
   * ``f:`` figures — each claim group the sentence states, weighted by the number of articles
     that report it (a figure only one outlet gives still counts: the summary states the key
     figures); the groups the figure sentences state are covered from the start.

   ``lead`` favours a sentence early in its article (news put the main facts first); ``sim`` is
   the TF-IDF cosine with the sentences already chosen (one at ``REDUNDANT`` or above is not
   taken at all); a sentence stating figures already stated counts for half.

An extracted sentence cites its own article plus every other article that carries the same
sentence (TF-IDF similarity >= ``SAME_SENTENCE``) and passes the strict citation check; a figure
sentence cites the articles of the claims it states. Every sentence is checked by
:class:`newsdesk.reconcile.cite_check.CiteChecker`; one that fails is dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsdesk.reconcile.candidates import Candidate, candidates, word_count
from newsdesk.reconcile.cite_check import CiteChecker
from newsdesk.reconcile.figures import figure_sentences
from newsdesk.reconcile.lead import event_candidates, headline
from newsdesk.reconcile.neutral import Neutralizer, strip_dateline
from newsdesk.reconcile.model import ClaimGroup, ClaimItem, QuoteGroup, QuoteItem, Span, SummarySentence
from newsdesk.reconcile.sentences import SentenceIndex
from newsdesk.reconcile.textvec import content_bigrams, similarities, terms, tfidf
from newsdesk.records import Article, Entity

__all__ = ["MAX_WORDS", "build_summary", "default_words", "word_count", "select_sentences", "Concepts"]

MAX_WORDS = 250
SHORT_WORDS = 100  # a story of a few short articles
WORDS_PER_ARTICLE = 50
FIGURE_SHARE = 0.4  # the figure sentences take at most this share of the length: the event and voices need the rest
FIGURE_WEIGHT = 4.0  # a figure outweighs a mention of an entity (ENTITY_WEIGHT) twice
ENTITY_WEIGHT = 2.0
QUOTE_WEIGHT = 3.0
VOICE_WEIGHT = 3.0
DIRECT_FACTOR = 2.0
UNIGRAM_WEIGHT = 0.3
BIGRAM_WEIGHT = 0.5
LEAD_WEIGHT = 2.0
STATED_FIGURES_DISCOUNT = 0.5
COST_EXPONENT = 0.8
SAME_SENTENCE = 0.7
REDUNDANT = 0.5
REPEATS = 0.6

_PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Selection:
    """One chosen sentence and the candidates in other articles that say the same."""

    index: int
    duplicates: tuple[int, ...]
    score: float


class Concepts:
    """The weighted concepts of a story (see the module docstring), and those of one sentence."""

    def __init__(self, articles: Sequence[Article], entities: Sequence[Entity], quotes: Sequence[QuoteItem],
                 quote_groups_articles: dict[str, int], pool: Sequence[Candidate],
                 claim_group_articles: dict[str, int] | None = None):
        sentences = [c.text for c in pool]
        self.n = len(articles)
        self.unigram_df: Counter[str] = Counter()
        self.bigram_df: Counter[str] = Counter()
        for a in articles:
            paragraphs = a.body.split("\n")
            self.unigram_df.update({t for p in paragraphs for t in terms(p)})
            self.bigram_df.update({b for p in paragraphs for b in content_bigrams(p)})
        # how many of the story's sentences use a term: a term in every other sentence is background
        self.sentence_freq: Counter[str] = Counter()
        for text in sentences:
            self.sentence_freq.update(set(terms(text)) | content_bigrams(text))
        self.n_sentences = max(1, len(sentences))
        self.entity_df = {e.id: len({m.article for m in e.mentions}) for e in entities}
        speaking: dict[str, set[str]] = defaultdict(set)
        for c in pool:
            for v in c.voices:
                speaking[v].add(c.article)
        # how many articles give the entity a voice: the weight of hearing it once
        self.voice_df = {v: len(arts) for v, arts in speaking.items()}
        self.entity_weight = {eid: ENTITY_WEIGHT * df for eid, df in self.entity_df.items()}
        # a statement (a quote with a named speaker) weighs as much as its speaker is prominent
        # in the story (articles mentioning them) and as widely as it is carried
        self.quote_weight = {
            q.id: QUOTE_WEIGHT * self.entity_df.get(q.speaker_entity, 1) * quote_groups_articles.get(q.group, 1)
            * (DIRECT_FACTOR if q.quote.kind == "direct" else 1.0)
            for q in quotes if q.speaker_entity
        }
        self.quote_key = {q.id: q.group or q.id for q in quotes}
        self.figure_weight = {g: FIGURE_WEIGHT * n for g, n in (claim_group_articles or {}).items()}

    def rarity(self, term: str) -> float:
        return math.log((self.n_sentences + 1) / (self.sentence_freq[term] + 1)) + 0.1

    def of_text(self, text: str) -> dict[str, float]:
        words = terms(text)
        out: dict[str, float] = {}
        for b in content_bigrams(text):
            if self.bigram_df[b] >= 2:
                out["b:" + b] = BIGRAM_WEIGHT * self.bigram_df[b] * self.rarity(b)
        for t in set(words):
            if self.unigram_df[t] >= 2:
                out["u:" + t] = UNIGRAM_WEIGHT * self.unigram_df[t] * self.rarity(t)
        return out

    def of(self, c: Candidate) -> dict[str, float]:
        out = self.of_text(c.text)
        for e in c.entities:
            out["e:" + e] = self.entity_weight.get(e, 0.0)
        for q in c.quotes:
            if q in self.quote_weight:
                out["q:" + self.quote_key[q]] = self.quote_weight[q]
        for voice in c.voices:
            out["v:" + voice] = VOICE_WEIGHT * self.voice_df.get(voice, 1)
        for g in c.groups:
            if g in self.figure_weight:
                out["f:" + g] = self.figure_weight[g]
        return out


NEGATED = "\u00ac"  # a marker in a sentence's content set: it negates or denies
_NEGATION = re.compile(r"\b(?:not|no|never|nor|none|nothing|without|cannot|\w+n't|den(?:y|ies|ied|ying|ial)|"
                       r"reject(?:s|ed|ing)?|refus(?:e|es|ed|ing))\b", re.IGNORECASE)


def content_of(text: str) -> set[str]:
    """A sentence's stemmed content words, with :data:`NEGATED` when it negates or denies."""
    out = set(terms(text))
    if _NEGATION.search(text):
        out.add(NEGATED)
    return out


def repeats(content: set[str], chosen: Sequence[set[str]]) -> bool:
    """Whether a sentence says what one already chosen says: ``REPEATS`` of the content words of
    the shorter of the two are shared (content overlap, whatever the word order or the wording
    around). A sentence that denies or negates ("denied sending troops") never repeats one that
    does not ("sends troops"): see :func:`content_of`."""
    for c in chosen:
        if not c or not content or (NEGATED in content) != (NEGATED in c):
            continue
        if len(content & c) >= REPEATS * min(len(content), len(c)):
            return True
    return False


def select_sentences(
    pool: Sequence[Candidate],
    concepts: Concepts,
    budget: int,
    *,
    fixed_texts: Sequence[str] = (),
    covered_entities: frozenset[str] = frozenset(),
    stated_groups: frozenset[str] = frozenset(),
    exclude: frozenset[int] = frozenset(),
    allowed: Callable[[Candidate], bool] | None = None,
) -> list[Selection]:
    """Greedy budgeted concept coverage (see the module docstring), in the order chosen."""
    if not pool or budget <= 0:
        return []
    n = len(pool)
    # a figure sentence's parentheses list who gave each figure: attribution, not what the
    # sentence is about, so they do not make a later sentence by one of those sources redundant
    vectors = tfidf([terms(c.text) for c in pool] + [terms(_PARENTHESES.sub(" ", t)) for t in fixed_texts])
    units = [concepts.of(c) for c in pool]
    words = [content_of(c.text) for c in pool]
    covered: set[str] = {"e:" + e for e in covered_entities} | {"f:" + g for g in stated_groups}
    said: set[str] = set()  # every content word the summary already uses
    redundancy = [0.0] * n  # highest similarity to a sentence already in the summary

    def take(row: int) -> list[float]:
        sims = similarities(vectors[row], vectors[:n])
        for k in range(n):
            redundancy[k] = max(redundancy[k], sims[k])
        return sims

    chosen_terms: list[set[str]] = []  # content of the sentences in the summary

    for k, text in enumerate(fixed_texts):
        covered |= set(concepts.of_text(text))
        said |= set(terms(text))
        chosen_terms.append(content_of(_PARENTHESES.sub(" ", text)))
        take(n + k)

    def new(key: str) -> bool:
        if key in covered:
            return False
        if key.startswith("b:"):  # a pair of words the summary already uses says nothing new
            a, b = key[2:].split(" ", 1)
            return a not in said or b not in said
        return True

    chosen: list[Selection] = []
    stated = set(stated_groups)
    used = 0
    blocked: set[int] = set(exclude)
    if allowed is not None:
        blocked |= {i for i, c in enumerate(pool) if not allowed(c)}
    while True:
        best, best_score = None, 0.0
        for i, c in enumerate(pool):
            if i in blocked or used + c.words > budget:
                continue
            if redundancy[i] >= REDUNDANT or repeats(words[i], chosen_terms):
                continue
            gain = sum(w for k, w in units[i].items() if new(k)) + LEAD_WEIGHT * c.lead
            gain *= 1.0 - redundancy[i]  # MMR: what is like the summary so far counts for less
            if c.groups and c.groups <= stated:
                gain *= STATED_FIGURES_DISCOUNT
            score = gain / math.pow(c.words, COST_EXPONENT)
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        sims = take(best)
        dups = tuple(j for j in range(n) if j != best and sims[j] >= SAME_SENTENCE
                     and pool[j].article != pool[best].article)
        chosen.append(Selection(best, dups, best_score))
        chosen_terms.append(words[best])
        covered |= set(units[best])
        said |= words[best]
        stated |= pool[best].groups
        used += pool[best].words
        blocked.add(best)
        blocked.update(dups)
    return chosen


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
        support = [Span(c.article, c.start, c.end)]
        for j in duplicates:
            d = self.pool[j]
            if d.article not in cites and self.checker.check(c.text, [d.article], strict=True).ok:
                cites.append(d.article)
                support.append(Span(d.article, d.start, d.end))
        if not self.checker.check(c.text, cites, strict=True).ok:
            return None
        return SummarySentence(c.text, tuple(cites), tuple(support), "extract", True, ())

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
    citer = _Citer(pool, checker)
    event, event_index = _event(articles, pool, index, checker, citer, neutral, budget)
    used = word_count(event.text) if event else 0
    figures: list[SummarySentence] = []
    stated_groups: set[str] = set()
    covered: set[str] = set()
    figure_words = 0
    for group, s in figure_sentences(claim_groups, claims):
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
                        {g.id: len(g.articles) for g in claim_groups})
    fixed = ([event.text] if event else []) + [f.text for f in figures]
    exclude = frozenset({event_index} if event_index is not None else ())
    if event_index is not None:
        exclude |= frozenset(citer.same_as(event_index))
    picked = select_sentences(
        pool, concepts, budget - used,
        fixed_texts=fixed, covered_entities=frozenset(covered),
        stated_groups=frozenset(stated_groups), exclude=exclude,
    )
    extracted = [s for sel in picked if (s := citer.sentence(sel.index, sel.duplicates)) is not None]
    summary = ([event] if event else []) + figures + extracted
    summary = [_corroborate(s, articles, index, checker) for s in summary]
    summary = _balance(summary, articles, pool, concepts, citer, budget, covered, stated_groups, exclude, neutral)
    if not summary:
        summary = _fallback(articles, index, checker, budget)
    summary = [_corroborate(s, articles, index, checker) for s in summary]
    order = {a.id: i for i, a in enumerate(articles)}

    def ordered(s: SummarySentence) -> SummarySentence:
        cites = tuple(sorted(s.citations, key=lambda a: order.get(a, len(order))))
        return SummarySentence(s.text, cites, s.support, s.origin, s.checked, s.problems)

    return tuple(ordered(s) for s in summary)


def _corroborate(s: SummarySentence, articles: Sequence[Article], index: SentenceIndex,
                 checker: CiteChecker) -> SummarySentence:
    """An article sentence also cites every other article that states it (the strict check
    passes for that article alone: its names and figures, and most of its content words in one
    of its sentences), with that sentence as support."""
    if s.origin not in ("extract", "title"):
        return s
    cites, support = list(s.citations), list(s.support)
    mine = set(terms(s.text))
    for a in articles:
        if a.id in cites or not checker.check(s.text, [a.id], strict=True).ok:
            continue
        spans = index.spans(a.id)
        best = max(spans, key=lambda sp: len(mine & set(terms(a.body[sp[0]:sp[1]]))), default=None)
        cites.append(a.id)
        if best is not None and s.support:
            support.append(Span(a.id, best[0], best[1]))
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


