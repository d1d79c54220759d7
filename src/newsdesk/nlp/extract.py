"""The extraction stage: entities, quotes, numeric claims and dates of every article.

Speed comes from parsing only what must be parsed. Every body is split into sentences by rules;
only sentences that can hold a quote (quotation marks, a reporting cue) or a numeric claim go
through the statistical pipeline, batched. Names found there are then looked up in the whole body
by string matching (:func:`newsdesk.nlp.entities.find_mentions`), and dates are read from every
sentence by the rule-based date finder. With ``n_process`` > 1 the articles are shared, in
chunks, among worker processes that each load the model once.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.nlp import claims as claims_mod
from newsdesk.nlp import gazetteer
from newsdesk.nlp import dates as dates_mod
from newsdesk.nlp.cues import has_cue
from newsdesk.nlp.entities import build_entities, find_mentions
from newsdesk.nlp.model import load_model, tag_to_pos
from newsdesk.nlp.lookup import tokens
from newsdesk.nlp.persons import PersonIndex, titles
from newsdesk.nlp.quotes import find_quotes
from newsdesk.nlp.sentences import ParsedSentence, split_sentences
from newsdesk.nlp.speakers import ArticleContext, canonicalise_speakers
from newsdesk.records import Article, ArticleFacts, Entity, Mention

_QUOTE_MARK = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018]|(?<![^\\W\\d_])'|'(?![^\\W\\d_])")
BATCH_SIZE = 256
PARSE_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler"]  # all but "ner"
CHUNK_ARTICLES = 12  # articles per task handed to a worker process


def needs_parse(text: str) -> bool:
    """Whether a sentence can hold a quote, reported speech or a numeric claim."""
    return bool(_QUOTE_MARK.search(text) or has_cue(text) or claims_mod.is_candidate(text))


@dataclass(frozen=True)
class _Plan:
    article: Article
    sentences: list[tuple[int, int]]
    parse: list[int]  # indices of the sentences to parse


def _plan(article: Article) -> _Plan:
    body = article.body
    sentences = split_sentences(body)
    parse = [i for i, (s, e) in enumerate(sentences) if needs_parse(body[s:e])]
    return _Plan(article, sentences, parse)


@lru_cache(maxsize=1)
def _common_capitalised() -> frozenset[str]:
    """Capitalised words that are no reason to look for a new name: function words (capitalised
    at the start of a sentence), calendar words, titles, and every word of the gazetteer's names
    (those are found by look-up)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = {w for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr) if w}
    words |= {w for seq in titles().titles for w in seq}
    for alias in gazetteer.aliases():
        words.update(t for _, _, t in tokens(alias))
    words |= set(STOP_WORDS)
    return frozenset(w.lower() for w in words)


def _new_names(text: str, seen: set[str]) -> set[str]:
    """Capitalised words of a sentence that no earlier sentence sent to the recogniser held."""
    common = _common_capitalised()
    return {tok for _, _, tok in tokens(text) if tok[:1].isupper() and tok not in seen and tok.lower() not in common}


def _ner_plan(plan: _Plan) -> list[int]:
    """Sentences the entity recogniser reads: each one that brings a capitalised word no earlier
    chosen sentence of the article had. What it finds there is then looked up everywhere."""
    seen: set[str] = set()
    chosen = []
    body = plan.article.body
    for i, (s, e) in enumerate(plan.sentences):
        new = _new_names(body[s:e], seen)
        if new:
            chosen.append(i)
            seen |= new
    return chosen


def _annotate(parsed: dict[int, ParsedSentence], mentions: Sequence[Mention]) -> None:
    """Give the parsed sentences the article's entity mentions as ``doc.ents`` (the recogniser
    did not run on all of them), so later readers of a parse see every name."""
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    for ps in parsed.values():
        lo = bisect.bisect_left(starts, ps.start)
        spans = []
        for m in by_start[lo:]:
            if m.start >= ps.end:
                break
            span = ps.doc.char_span(m.start - ps.start, m.end - ps.start, label=m.label, alignment_mode="contract")
            if span is not None and len(span) and (not spans or span.start >= spans[-1].end):
                spans.append(span)
        ps.doc.ents = spans


def _facts(plan: _Plan, parsed: dict[int, ParsedSentence], named: dict[int, ParsedSentence]) -> ArticleFacts:
    article = plan.article
    ordered = [parsed[i] for i in sorted(parsed)]
    mentions = find_mentions(article.id, article.body, [named[i] for i in sorted(named)])
    _annotate(parsed, mentions)
    persons = PersonIndex.build(m.text for m in mentions if m.label == "PERSON")
    ctx = ArticleContext(article.id, article.body, plan.sentences, parsed, mentions, persons)
    quotes = find_quotes(ctx)
    claims = claims_mod.find_claims(article, ordered, mentions)
    dates = dates_mod.find_dates(article, plan.sentences)
    return ArticleFacts(
        article=article.id,
        mentions=tuple(mentions),
        quotes=tuple(quotes),
        claims=tuple(claims),
        dates=tuple(dates),
    )


def _run(nlp, plans: list[_Plan], jobs: list[tuple[int, int]], **kwargs) -> list[dict[int, ParsedSentence]]:
    out: list[dict[int, ParsedSentence]] = [{} for _ in plans]
    texts = (plans[k].article.body[slice(*plans[k].sentences[i])] for k, i in jobs)
    for (k, i), doc in zip(jobs, nlp.pipe(texts, batch_size=BATCH_SIZE, **kwargs)):
        start, end = plans[k].sentences[i]
        out[k][i] = ParsedSentence(start, end, doc)
    return out


def _extract_serial(articles: Sequence[Article]) -> list[ArticleFacts]:
    nlp = load_model()
    plans = [_plan(a) for a in articles]
    # the parse (tagger, parser) where a quote, reported speech or a claim can be …
    parsed = _run(nlp, plans, [(k, i) for k, p in enumerate(plans) for i in p.parse], disable=["ner", "attribute_ruler"])
    pos = tag_to_pos()  # the attribute ruler's part-of-speech table, without its matcher's cost
    for per_article in parsed:
        for ps in per_article.values():
            pos(ps.doc)
    # … and the entity recogniser where a new name appears
    named = _run(nlp, plans, [(k, i) for k, p in enumerate(plans) for i in _ner_plan(p)], disable=PARSE_PIPES)
    return [_facts(p, parsed[k], named[k]) for k, p in enumerate(plans)]


def _warm() -> None:
    load_model()
    tag_to_pos()


def extract_facts(articles: Sequence[Article], *, n_process: int = 1) -> list[ArticleFacts]:
    """Mentions, quotes, claims and dates of each article, in the order given."""
    articles = list(articles)
    if n_process <= 1 or len(articles) <= 1:
        return _extract_serial(articles)
    size = max(1, min(CHUNK_ARTICLES, -(-len(articles) // n_process)))
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
    with ProcessPoolExecutor(max_workers=n_process, initializer=_warm) as pool:
        return [facts for part in pool.map(_extract_serial, chunks) for facts in part]


def analyse_story(articles: Sequence[Article], *, n_process: int = 1) -> tuple[list[ArticleFacts], tuple[Entity, ...]]:
    """Extract every article, merge the story's entities, and name speakers and sources by them."""
    articles = list(articles)
    facts = extract_facts(articles, n_process=n_process)
    entities = build_entities(articles, facts)
    return canonicalise_speakers(facts, entities), entities
