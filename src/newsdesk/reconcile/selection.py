"""Which article sentences the summary takes: greedy budgeted *concept coverage*.

Gillick & Favre's concept model, with Lin & Bilmes' cost-scaled greedy and an MMR discount: each
concept counts once in the summary, so a sentence is worth the concepts it adds:

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
     quotes count three times, and the statements of whoever acts in the event sentence (its
     voices) twice (``PROTAGONIST_FACTOR``);
   * ``t:`` the words (stop words too) of what the outlets share: each word most articles use
     (two of three), as many times as most of them use it (:func:`consensus_words`), each use worth
     ``TOKEN_WEIGHT`` until the summary uses it that often — the plain words a neutral roundup of
     the outlets' common account is written in (counted in the loop, not in :meth:`Concepts.of`);
   * ``f:`` figures — each claim group the sentence states, weighted by the number of articles
     that report it (a figure only one outlet gives still counts: the summary states the key
     figures); the groups the figure sentences state are covered from the start.

   ``lead`` favours a sentence early in its article (news put the main facts first); ``sim`` is
   the TF-IDF cosine with the sentences already chosen (one at ``REDUNDANT`` or above is not
   taken at all); a sentence stating figures already stated counts for half; a sentence that
   :func:`repeats` one already chosen (content overlap) is not taken either.

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

from newsdesk.lexicon.stem import light_stem as stem
from newsdesk.reconcile.candidates import Candidate, word_count
from newsdesk.reconcile.model import QuoteItem
from newsdesk.reconcile.textvec import content_bigrams, similarities, terms, tfidf
from newsdesk.records import Article, Entity

__all__ = ["Concepts", "Selection", "content_of", "repeats", "select_sentences"]

FIGURE_WEIGHT = 4.0  # a figure outweighs a mention of an entity (ENTITY_WEIGHT) twice
ENTITY_WEIGHT = 2.0
QUOTE_WEIGHT = 3.0
VOICE_WEIGHT = 3.0
DIRECT_FACTOR = 3.0  # a source's own words, quoted, over a report of what it said
PROTAGONIST_FACTOR = 2.0  # a statement by whoever acts in the event sentence: the story is theirs
UNIGRAM_WEIGHT = 0.3
BIGRAM_WEIGHT = 0.5
LEAD_WEIGHT = 2.0
STATED_FIGURES_DISCOUNT = 0.5
COST_EXPONENT = 0.8
SAME_SENTENCE = 0.7
REDUNDANT = 0.5
REPEATS = 0.6
TOKEN_WEIGHT = 0.5  # a word of what the outlets share (see consensus_words), stop words too
FULL = 0.7  # past this share of the length, a sentence that lowers the summary's consensus F1 ends it
_TOKEN = re.compile(r"[a-z0-9]+")

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
                 claim_group_articles: dict[str, int] | None = None, protagonists: frozenset[str] = frozenset()):
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
            * (PROTAGONIST_FACTOR if q.speaker_entity in protagonists else 1.0)
            for q in quotes if q.speaker_entity
        }
        self.quote_key = {q.id: q.group or q.id for q in quotes}
        self.figure_weight = {g: FIGURE_WEIGHT * n for g, n in (claim_group_articles or {}).items()}
        self.consensus = consensus_words(articles)

    def rarity(self, term: str) -> float:
        return math.log((self.n_sentences + 1) / (self.sentence_freq[term] + 1)) + 0.1

    def of_text(self, text: str) -> dict[str, float]:
        words = terms(text)
        out: dict[str, float] = {}
        for b in sorted(content_bigrams(text)):  # sorted: the same sums (and ties) in every process
            if self.bigram_df[b] >= 2:
                out["b:" + b] = BIGRAM_WEIGHT * self.bigram_df[b] * self.rarity(b)
        for t in sorted(set(words)):
            if self.unigram_df[t] >= 2:
                out["u:" + t] = UNIGRAM_WEIGHT * self.unigram_df[t] * self.rarity(t)
        return out

    def of(self, c: Candidate) -> dict[str, float]:
        out = self.of_text(c.text)
        for e in sorted(c.entities):
            out["e:" + e] = self.entity_weight.get(e, 0.0)
        for q in sorted(c.quotes):
            if q in self.quote_weight:
                out["q:" + self.quote_key[q]] = self.quote_weight[q]
        for voice in sorted(c.voices):
            out["v:" + voice] = VOICE_WEIGHT * self.voice_df.get(voice, 1)
        for g in sorted(c.groups):
            if g in self.figure_weight:
                out["f:" + g] = self.figure_weight[g]
        return out


def words_of(text: str) -> Counter[str]:
    """Every word of a text, stop words too, lower-cased and stemmed, with its count."""
    return Counter(stem(w) for w in _TOKEN.findall(text.lower()))


def consensus_words(articles: Sequence[Article]) -> Counter[str]:
    """The words that most articles use (headline and text: both of two, two of three, …), each
    as often as the most of them use it (the count of the article at the middle of the ranking):
    what a summary of what the outlets share is made of."""
    if len(articles) < 2:
        return Counter()
    uses: dict[str, list[int]] = defaultdict(list)  # word -> its count in each article that uses it
    for a in articles:
        for w, n in words_of(f"{a.title or ''} {a.body}").items():
            uses[w].append(n)
    middle = len(articles) // 2
    return Counter({w: sorted(ns, reverse=True)[middle] for w, ns in uses.items() if len(ns) > middle})


NEGATED = "\u00ac"  # a marker in a sentence's content set: it negates or denies
# a negation; not inside a hyphenated word ("not-for-profit", "no-fly zone" deny nothing)
_NEGATION = re.compile(r"(?<![\w-])(?:not|no|never|nor|none|nothing|without|cannot|\w+n't|den(?:y|ies|ied|ying|ial)|"
                       r"reject(?:s|ed|ing)?|refus(?:e|es|ed|ing))\b(?!-\w)", re.IGNORECASE)


NEGATED_WORDS = 2  # the words after a negation, in its clause, that it negates


def content_of(text: str) -> set[str]:
    """A sentence's stemmed content words, with :data:`NEGATED` when it negates or denies, and
    ``NEGATED + word`` for each content word among the ``NEGATED_WORDS`` after a negation, in its
    clause (what it negates: "denied sending troops" -> sending, troops)."""
    out = set(terms(text))
    for m in _NEGATION.finditer(text):
        out.add(NEGATED)
        clause = re.split(r"[,;:.!?\u2014\u2013]", text[m.end():], maxsplit=1)[0]
        out |= {NEGATED + t for t in terms(" ".join(clause.split()[:NEGATED_WORDS]))}
    return out


def repeats(content: set[str], chosen: Sequence[set[str]]) -> bool:
    """Whether a sentence says what one already chosen says: ``REPEATS`` of the content words of
    the shorter of the two are shared (content overlap, whatever the word order or the wording
    around). A sentence that denies or negates what the other states ("denied sending troops",
    "sends troops") never repeats it; a negation elsewhere ("doses it is not using") does not
    keep a repeat in (see :func:`content_of`)."""
    words = {w for w in content if w == NEGATED or w[0] != NEGATED}
    for c in chosen:
        other = {w for w in c if w == NEGATED or w[0] != NEGATED}
        if not other or not words:
            continue
        if (NEGATED in content) != (NEGATED in c):
            negated, plain = (content, other) if NEGATED in content else (c, words)
            if any(w[1:] in plain for w in negated if len(w) > 1 and w[0] == NEGATED):
                continue  # one denies what the other states
        if len(words & other) >= REPEATS * min(len(words), len(other)):
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

    bag = concepts.consensus
    tokens = [words_of(c.text) for c in pool]
    have: Counter[str] = Counter()
    for k, text in enumerate(fixed_texts):
        have.update(words_of(text))
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
    total = budget + sum(word_count(t) for t in fixed_texts)
    bag_size = sum(bag.values())

    def agreement(extra: Counter[str] | None = None) -> float:
        """The summary's F1 against :func:`consensus_words` (with ``extra`` added)."""
        now = have + extra if extra else have
        hits = sum(min(c, bag[w]) for w, c in now.items())
        return 2 * hits / max(1, sum(now.values()) + bag_size)

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
            gain += TOKEN_WEIGHT * sum(min(n, bag[w] - have[w]) for w, n in tokens[i].items() if bag[w] > have[w])
            gain *= 1.0 - redundancy[i]  # MMR: what is like the summary so far counts for less
            if c.groups and c.groups <= stated:
                gain *= STATED_FIGURES_DISCOUNT
            score = gain / math.pow(c.words, COST_EXPONENT)
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        if bag_size and FULL and total - budget + used >= FULL * total and agreement(tokens[best]) < agreement():
            break  # long enough, and what is left is not what the outlets share
        sims = take(best)
        dups = tuple(j for j in range(n) if j != best and sims[j] >= SAME_SENTENCE
                     and pool[j].article != pool[best].article)
        chosen.append(Selection(best, dups, best_score))
        chosen_terms.append(words[best])
        covered |= set(units[best])
        said |= words[best]
        have.update(tokens[best])
        stated |= pool[best].groups
        used += pool[best].words
        blocked.add(best)
        blocked.update(dups)
    return chosen
