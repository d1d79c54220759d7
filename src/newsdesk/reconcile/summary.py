"""The story summary: at most 250 words, every sentence cited and checked.

Two kinds of sentences:

1. **Figures**, stated from the claim groups reported by more than one article or disputed:
   the values with their sources, and the disagreement (``origin="claims"``). They lead the
   summary: the key figures with their attribution are what a reader needs first.
2. **Extracted** sentences from the articles (``origin="extract"``), chosen greedily by maximal
   marginal relevance under the word budget:

   ``gain(j | S) = λ·rel(j) − (1−λ)·max_{s∈S} sim(j, s) + μ·Σ_{e ∈ E(j) \\ E(S)} w(e)``

   * ``sim`` — cosine of TF-IDF vectors (content words, fitted on the story's own sentences);
   * ``rel`` — centrality: the mean over the *other* articles of the best similarity to one of
     their sentences (how widely the story's coverage echoes the sentence), mixed with a lead
     weight (news put their most important facts first);
   * ``E(j)`` — the story entities mentioned in the sentence, each weighted by the share of
     articles that mention it, plus a bonus for entities that speak in the story: the novelty
     term rewards a sentence for bringing in an actor (a person, a country, an organisation)
     the summary has not covered yet — the "who did and said what" of the story;
   * the gain is divided by the sentence's length (to the power ``COST_EXPONENT``), so that one
     long sentence does not crowd out two short ones.

   Sentences that cannot stand alone are not candidates: a pronoun or a continuation opens them
   ("He further said", "adding, …"), they are too short or too long, or they hold a quote
   nobody is credited with.

An extracted sentence cites its own article plus every other article that carries the same
sentence (TF-IDF similarity >= ``SAME_SENTENCE``) and passes the strict citation check; a figure
sentence cites the articles of the claims it states. :mod:`newsdesk.reconcile.cite_check` then
checks every sentence; one that fails is dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.reconcile.cite_check import CiteChecker
from newsdesk.reconcile.claim_groups import figures_agree
from newsdesk.reconcile.model import ClaimGroup, ClaimItem, QuoteGroup, QuoteItem, SourceFigure, Span, SummarySentence
from newsdesk.reconcile.numbers import format_figure, format_value
from newsdesk.reconcile.sentences import SentenceIndex
from newsdesk.records import Article, Claim, Entity

MAX_WORDS = 250
ENTITY_WEIGHT = 2.0
QUOTE_WEIGHT = 3.0
VOICE_WEIGHT = 3.0
DIRECT_FACTOR = 2.0
UNIGRAM_WEIGHT = 0.3
BIGRAM_WEIGHT = 1.0
LEAD_WEIGHT = 2.0
STATED_FIGURES_DISCOUNT = 0.5
COST_EXPONENT = 0.8
SAME_SENTENCE = 0.7
REDUNDANT = 0.5
CLAIM_REDUNDANCY = 0.4
MIN_WORDS, MAX_SENTENCE_WORDS = 8, 45
MAX_FIGURE_SENTENCES = 3

_OPENERS = re.compile(
    r"^(?:he|she|they|it|his|her|their|its|him|them|this|that|these|those|such|which|who|"
    r"adding|and|but|or|also|both of them|the two|however|despite this|in response|as a result|"
    r"in addition|moreover|furthermore|meanwhile,? (?:he|she|they|it))\b",
    re.IGNORECASE,
)
# a reference back to what the article said before ("supported these claims", "these troops
# traveled"): a demonstrative before a common noun; times ("this week") refer to the date instead
_BACK_REFERENCE = re.compile(
    r"\b(?:this|these|those|such)\s+(?!(?:year|years|week|weeks|month|months|morning|afternoon|"
    r"evening|weekend|time|summer|winter|spring|autumn|fall)\b)[a-z]+",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:could|might|may)\b", re.IGNORECASE)
_WORDS = re.compile(r"\S+")
_ENDS_SENTENCE = re.compile(r"[.!][\"'\u201d\u2019)\]]*\s*$")


def _balanced_quotes(text: str) -> bool:
    """Quote marks open and close inside the sentence (a quote cut by the splitter is not)."""
    if text.count('"') % 2:
        return False
    return text.count("\u201c") == text.count("\u201d")


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


@dataclass(frozen=True)
class _Candidate:
    article: str
    start: int
    end: int
    text: str
    words: int
    lead: float  # 1.0 for an article's first sentence, falling off with position
    entities: frozenset[str]  # story entities mentioned (or speaking) in the sentence
    groups: frozenset[str]  # claim groups whose figures the sentence states
    quotes: frozenset[str]  # quotes (ids) that start inside the sentence
    voices: frozenset[str] = frozenset()  # entities that speak in it (quote speakers, stance verbs)


# --------------------------------------------------------------------------- figure sentences


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _figure_claim(f: SourceFigure) -> Claim:
    return Claim(article="", start=0, end=0, text=f.label, value=f.value, qualifier=f.qualifier, value_high=f.value_high)


def _value_clusters(figures: Sequence[SourceFigure]) -> list[list[SourceFigure]]:
    """Figures of different sources that state the same value (point with point, bound with bound)."""
    clusters: list[list[SourceFigure]] = []
    for f in figures:
        for cl in clusters:
            head = cl[0]
            if "range" not in (head.qualifier, f.qualifier) and figures_agree(_figure_claim(head), _figure_claim(f)):
                cl.append(f)
                break
        else:
            clusters.append([f])
    return clusters


_TIMING_NOTE = {"update": "described as an increase", "earlier": "an earlier figure", "later": "a later figure", "projection": "a projection"}


def figure_sentence(group: ClaimGroup, claims: dict[str, ClaimItem]) -> SummarySentence | None:
    """One sentence stating a claim group's figures with their sources (None for a lone claim)."""
    figures = [f for f in group.figures if "vague" not in f.label]
    if not figures:
        return None
    clusters = _value_clusters(figures)
    clusters.sort(key=lambda cl: (-sum(len(f.articles) for f in cl), any(f.timing == "earlier" for f in cl)))
    # a time note is worth its words where it explains a difference: an increase or projection,
    # or a source that gives two different figures
    values_of: dict[str | None, set[float]] = defaultdict(set)
    for f in figures:
        values_of[f.source].add(f.value)
    parts = []
    for cl in clusters:
        labels = [f.label for f in cl]
        # the commonest wording; on a tie, the hedged one ("at least 3,000" over "3,000")
        label = max(set(labels), key=lambda x: (labels.count(x), x != format_value(cl[0].value), x))
        sources = list(dict.fromkeys(f.source for f in cl if f.source))
        notes = list(dict.fromkeys(
            _TIMING_NOTE[f.timing] for f in cl
            if f.timing in ("update", "projection") or (f.timing and len(values_of[f.source]) > 1)
        ))
        inside = ", ".join(sources) if sources else "unattributed"
        if notes:
            inside += "; " + ", ".join(notes)
        parts.append(f"{label} ({inside})")
    if group.verdict == "disagree":
        text = f"Figures for {group.about} differ: {_join(parts)}."
    elif group.verdict == "agree":
        text = f"Sources agree on {parts[0]} for {group.about}." if len(parts) == 1 else f"Sources agree on {group.about}: {_join(parts)}."
    else:
        text = f"{group.about[:1].upper()}{group.about[1:]}: {_join(parts)}."
    ids = [cid for f in figures for cid in f.claims]
    support = tuple(Span(claims[c].claim.article, claims[c].claim.start, claims[c].claim.end) for c in ids if c in claims)
    citations = tuple(dict.fromkeys(s.article for s in support))
    return SummarySentence(text=text, citations=citations, support=support, origin="claims")


def figure_sentences(
    groups: Sequence[ClaimGroup], claims: Sequence[ClaimItem]
) -> list[tuple[ClaimGroup, SummarySentence]]:
    """Figure sentences for the groups that more than one article reports, or that are disputed."""
    by_id = {c.id: c for c in claims}
    chosen = [g for g in groups if len(g.articles) > 1 or g.verdict == "disagree"]
    chosen.sort(key=lambda g: (-len(g.articles), -len(g.claims)))
    out = []
    for g in chosen[:MAX_FIGURE_SENTENCES]:
        s = figure_sentence(g, by_id)
        if s:
            out.append((g, s))
    return out


# --------------------------------------------------------------------------- extracted sentences


def _stands_alone(text: str, article_quotes: Sequence[QuoteItem], start: int, end: int) -> bool:
    first = text.lstrip("\"'\u201c\u2018( ")
    if not first or first[0].islower():
        return False
    if _OPENERS.match(first):
        return False
    if not _ENDS_SENTENCE.search(text):
        return False
    if not _balanced_quotes(text):
        return False
    if _BACK_REFERENCE.search(text):
        return False
    inside = [q for q in article_quotes if start <= q.quote.start < end]
    if any(q.quote.kind == "direct" and q.quote.speaker is None for q in inside):
        return False  # a quote nobody is credited with
    if _HEDGE.search(text) and not any(q.speaker_entity for q in inside):
        return False  # speculation nobody is credited with: the writer's commentary
    return True


def _candidates(
    articles: Sequence[Article],
    index: SentenceIndex,
    quotes: Sequence[QuoteItem],
    entities: Sequence[Entity],
    claims: Sequence[ClaimItem],
) -> list[_Candidate]:
    quotes_of: dict[str, list[QuoteItem]] = defaultdict(list)
    for q in quotes:
        quotes_of[q.quote.article].append(q)
    mentions_of: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for e in entities:
        for m in e.mentions:
            mentions_of[m.article].append((m.start, m.end, e.id))
    kinds = {e.id: e.type for e in entities}
    country_of = _nationality_countries(entities)
    quoted_by = {q.id: q.speaker_entity for q in quotes}
    claims_of: dict[str, list[ClaimItem]] = defaultdict(list)
    for c in claims:
        claims_of[c.claim.article].append(c)
    out: list[_Candidate] = []
    for article in articles:
        spans = index.spans(article.id)
        for rank, (s, e) in enumerate(spans):
            text = article.body[s:e].strip()
            n = word_count(text)
            if n < MIN_WORDS or n > MAX_SENTENCE_WORDS or "\n" in text:
                continue
            if not _stands_alone(text, quotes_of[article.id], s, e):
                continue
            ents = {eid for ms, me, eid in mentions_of[article.id] if s <= ms and me <= e}
            ents |= {q.speaker_entity for q in quotes_of[article.id] if q.speaker_entity and s <= q.quote.start < e}
            groups = {c.group for c in claims_of[article.id] if c.group and s <= c.claim.start < e}
            said = {q.id for q in quotes_of[article.id] if s <= q.quote.start < e}
            voices = {quoted_by[q] for q in said if quoted_by.get(q)}
            quoted = [(q.quote.start, q.quote.end) for q in quotes_of[article.id] if q.quote.kind == "direct"]
            voices |= _stance_voices(article.body, s, e, mentions_of[article.id], kinds, quoted)
            voices = {country_of.get(v, v) for v in voices}
            if not _anchored(ents, voices, groups, kinds):
                continue
            out.append(_Candidate(article.id, s, e, text, n, 1.0 / (1.0 + rank), frozenset(ents),
                                  frozenset(groups), frozenset(said), frozenset(voices)))
    return out


def _nationality_countries(entities: Sequence[Entity]) -> dict[str, str]:
    """NORP entity id -> the id of its country's entity ("North Korean" -> "North Korea"), so that
    "North Korean authorities denied" is North Korea speaking."""
    from newsdesk.nlp.gazetteer import demonym_country

    by_name = {e.name: e.id for e in entities if e.type == "GPE"}
    out = {}
    for e in entities:
        if e.type == "NORP":
            country = demonym_country(e.name)
            if country in by_name:
                out[e.id] = by_name[country]
    return out


def _anchored(ents: set[str], voices: set[str], groups: set[str], kinds: dict[str, str]) -> bool:
    """Whether a sentence reports something someone said or did, or a figure: someone speaks in
    it, it states a claim, or it names a person or organisation. Without any, it is the
    writer's own framing ("The presence of the troops adds a new layer to the conflict")."""
    if groups or voices:
        return True
    return any(kinds.get(e) in ("PERSON", "ORG") for e in ents)


# verbs by which an actor takes a position (said, warned, denied, declined …); not "added",
# "continued" or "noted", which mostly narrate
STANCE_VERBS = (
    "say tell state claim warn confirm deny reject dismiss accuse condemn criticize criticise urge "
    "announce insist admit acknowledge declare threaten vow pledge allege demand refuse decline respond "
    "reply reveal report describe emphasize emphasise stress call caution"
).split()


@lru_cache(maxsize=1)
def _stance_forms() -> frozenset[str]:
    from newsdesk.nlp.cues import inflections

    return frozenset(form for verb in STANCE_VERBS for form in inflections(verb))


_CLAUSE_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*|[,;:]")
STANCE_WINDOW = 6


def _stance_voices(body: str, start: int, end: int, mentions: Sequence[tuple[int, int, str]],
                   kinds: dict[str, str], quoted: Sequence[tuple[int, int]] = ()) -> set[str]:
    """Entities that a verb of saying follows closely in the same clause, outside quote marks
    ("North Korean authorities had denied", "Both Russia and North Korea have denied")."""
    forms = _stance_forms()
    voices = set()
    for ms, me, eid in mentions:
        if not (start <= ms and me <= end) or kinds.get(eid) not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        if any(qs <= ms < qe for qs, qe in quoted):
            continue
        for n, m in enumerate(_CLAUSE_WORD.finditer(body, me, end)):
            word = m.group()
            if n >= STANCE_WINDOW or word in ",;:":
                break
            if word.lower() in forms:
                voices.add(eid)
                break
    return voices


_TERM = re.compile(r"[^\W\d_]{3,}")


def _stem(word: str) -> str:
    """Fold the commonest English inflections so that "denied"/"deny" and "troops"/"troop" meet."""
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + repl
    return word


def _terms(text: str) -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return [_stem(w) for w in _TERM.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]


def _content_bigrams(text: str) -> set[str]:
    """Bigrams of adjacent content words, leaving out pairs of capitalised words: those are
    names and titles ("Secretary-General Mark"), which the entity concepts already count."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = [(w, w[:1].isupper()) for w in _TERM.findall(text) if w.lower() not in ENGLISH_STOP_WORDS]
    return {f"{_stem(a.lower())} {_stem(b.lower())}" for (a, ca), (b, cb) in zip(words, words[1:]) if not (ca and cb)}


def _sentence_vectors(texts: Sequence[str]):
    """L2-normalised TF-IDF rows (IDF over the story's sentences): for redundancy."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        return TfidfVectorizer(analyzer=_terms, sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no content words at all
        return None


@dataclass(frozen=True)
class Selection:
    """One chosen sentence and the candidates in other articles that say the same."""

    index: int
    duplicates: tuple[int, ...]
    score: float


class Concepts:
    """The weighted concepts of a story (see the module docstring), and those of one sentence."""

    def __init__(self, articles: Sequence[Article], entities: Sequence[Entity], quotes: Sequence[QuoteItem],
                 quote_groups_articles: dict[str, int], candidates: Sequence[_Candidate]):
        sentences = [c.text for c in candidates]
        self.n = len(articles)
        self.unigram_df: Counter[str] = Counter()
        self.bigram_df: Counter[str] = Counter()
        for a in articles:
            paragraphs = a.body.split("\n")
            self.unigram_df.update({t for p in paragraphs for t in _terms(p)})
            self.bigram_df.update({b for p in paragraphs for b in _content_bigrams(p)})
        # how many of the story's sentences use a term: a term in every other sentence is background
        self.sentence_freq: Counter[str] = Counter()
        for text in sentences:
            self.sentence_freq.update(set(_terms(text)) | _content_bigrams(text))
        self.n_sentences = max(1, len(sentences))
        self.entity_df = {e.id: len({m.article for m in e.mentions}) for e in entities}
        speaking: dict[str, set[str]] = defaultdict(set)
        for c in candidates:
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

    def _rarity(self, term: str) -> float:
        return math.log((self.n_sentences + 1) / (self.sentence_freq[term] + 1)) + 0.1

    def of_text(self, text: str) -> dict[str, float]:
        terms = _terms(text)
        out: dict[str, float] = {}
        for b in _content_bigrams(text):
            if self.bigram_df[b] >= 2:
                out["b:" + b] = BIGRAM_WEIGHT * self.bigram_df[b] * self._rarity(b)
        for t in set(terms):
            if self.unigram_df[t] >= 2:
                out["u:" + t] = UNIGRAM_WEIGHT * self.unigram_df[t] * self._rarity(t)
        return out

    def of(self, c: _Candidate) -> dict[str, float]:
        out = self.of_text(c.text)
        for e in c.entities:
            out["e:" + e] = self.entity_weight.get(e, 0.0)
        for q in c.quotes:
            if q in self.quote_weight:
                out["q:" + self.quote_key[q]] = self.quote_weight[q]
        for voice in c.voices:
            out["v:" + voice] = VOICE_WEIGHT * self.voice_df.get(voice, 1)
        return out


def select_sentences(
    candidates: Sequence[_Candidate],
    concepts: Concepts,
    budget: int,
    *,
    fixed_texts: Sequence[str] = (),
    covered_entities: frozenset[str] = frozenset(),
    stated_groups: frozenset[str] = frozenset(),
) -> list[Selection]:
    """Greedy budgeted concept coverage (see the module docstring), in the order chosen."""
    if not candidates or budget <= 0:
        return []
    matrix = _sentence_vectors([c.text for c in candidates] + list(fixed_texts))
    if matrix is None:
        return []
    sim = (matrix @ matrix.T).toarray()
    n = len(candidates)
    units = [concepts.of(c) for c in candidates]
    words = [set(_terms(c.text)) for c in candidates]
    covered: set[str] = {"e:" + e for e in covered_entities}
    said: set[str] = set()  # every content word the summary already uses
    for text in fixed_texts:
        covered |= set(concepts.of_text(text))
        said |= set(_terms(text))

    def new(key: str) -> bool:
        if key in covered:
            return False
        if key.startswith("b:"):  # a pair of words the summary already uses says nothing new
            a, b = key[2:].split(" ", 1)
            return a not in said or b not in said
        return True

    chosen: list[Selection] = []
    rows = list(range(n, n + len(fixed_texts)))  # fixed sentences count as chosen already
    stated = set(stated_groups)
    used = 0
    blocked: set[int] = set()
    while True:
        best, best_score = None, 0.0
        for i, c in enumerate(candidates):
            if i in blocked or used + c.words > budget:
                continue
            redundancy = max((sim[i][j] for j in rows), default=0.0)
            if redundancy >= REDUNDANT:
                continue
            gain = sum(w for k, w in units[i].items() if new(k)) + LEAD_WEIGHT * c.lead
            gain *= 1.0 - redundancy  # MMR: what is like the summary so far counts for less
            if c.groups and c.groups <= stated:
                gain *= STATED_FIGURES_DISCOUNT
            score = gain / math.pow(c.words, COST_EXPONENT)
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        dups = tuple(j for j in range(n) if j != best and sim[best][j] >= SAME_SENTENCE
                     and candidates[j].article != candidates[best].article)
        chosen.append(Selection(best, dups, best_score))
        rows.append(best)
        covered |= set(units[best])
        said |= words[best]
        stated |= candidates[best].groups
        used += candidates[best].words
        blocked.add(best)
        blocked.update(dups)
    return chosen


def build_summary(
    articles: Sequence[Article],
    entities: Sequence[Entity],
    claims: Sequence[ClaimItem],
    claim_groups: Sequence[ClaimGroup],
    quotes: Sequence[QuoteItem],
    quote_groups: Sequence[QuoteGroup] = (),
    *,
    index: SentenceIndex | None = None,
    max_words: int = MAX_WORDS,
) -> tuple[SummarySentence, ...]:
    """The checked summary: figure sentences first, then extracted sentences in rank order."""
    index = index or SentenceIndex(articles)
    checker = CiteChecker(articles, entities)
    figures: list[SummarySentence] = []
    stated_groups: set[str] = set()
    covered: set[str] = set()
    used = 0
    for group, s in figure_sentences(claim_groups, claims):
        result = checker.check(s.text, s.citations, strict=False)
        n = word_count(s.text)
        if result.ok and used + n <= max_words:
            figures.append(SummarySentence(s.text, s.citations, s.support, s.origin, True, ()))
            stated_groups.add(group.id)
            covered |= {el.entity for el in result.elements if el.entity}
            used += n
    candidates = _candidates(articles, index, quotes, entities, claims)
    group_size = {g.id: len(g.articles) for g in quote_groups}
    concepts = Concepts(articles, entities, quotes, group_size, candidates)
    picked = select_sentences(
        candidates, concepts, max_words - used,
        fixed_texts=[f.text for f in figures], covered_entities=frozenset(covered),
        stated_groups=frozenset(stated_groups),
    )
    extracted: list[SummarySentence] = []
    for sel in picked:
        c = candidates[sel.index]
        cites = [c.article]
        support = [Span(c.article, c.start, c.end)]
        for j in sel.duplicates:
            d = candidates[j]
            if d.article not in cites and checker.check(c.text, [d.article], strict=True).ok:
                cites.append(d.article)
                support.append(Span(d.article, d.start, d.end))
        if checker.check(c.text, cites, strict=True).ok:
            extracted.append(SummarySentence(c.text, tuple(cites), tuple(support), "extract", True, ()))
    order = {a.id: i for i, a in enumerate(articles)}

    def ordered(s: SummarySentence) -> SummarySentence:
        cites = tuple(sorted(s.citations, key=lambda a: order.get(a, len(order))))
        return SummarySentence(s.text, cites, s.support, s.origin, s.checked, s.problems)

    return tuple(ordered(s) for s in (*figures, *extracted))
