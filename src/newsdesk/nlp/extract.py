"""The extraction stage: entities, quotes, numeric claims and dates of every article.

Speed comes from running the statistical model only where it is needed:

* every body is split into sentences by rules; only sentences that can hold a quote (quotation
  marks, a reporting cue, a colon before a quotation) or a numeric claim get the parse (tagger,
  parser; part of speech from the attribute ruler's own table, :func:`~newsdesk.nlp.model.tag_to_pos`);
* the entity recogniser reads short windows of words around each capitalised word that no earlier
  window of the article held; every name it finds is then looked up in the whole body by string
  matching with the gazetteer (:func:`newsdesk.nlp.entities.find_mentions`), and the mentions are
  written back onto the parsed sentences;
* dates are read from every sentence by the rule-based date finder.

With ``n_process`` > 1 the articles are shared, in chunks, among worker processes that each load
the model once.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.lexicon.stopwords import SPACY_STOP_WORDS
from newsdesk.nlp import claims as claims_mod
from newsdesk.lexicon import gazetteer
from newsdesk.nlp import dates as dates_mod
from newsdesk.lexicon.cues import cue_words, has_cue, has_stance_past
from newsdesk.nlp.entities import build_entities, find_mentions
from newsdesk.nlp.model import load_model, one_blas_thread, tag_to_pos
from newsdesk.nlp.lookup import tokens
from newsdesk.nlp.persons import PersonIndex, titles
from newsdesk.nlp.quotes import find_quotes
from newsdesk.nlp.sentences import ParsedSentence, split_sentences
from newsdesk.nlp.speakers import ArticleContext, canonicalise_speakers
from newsdesk.records import Article, ArticleFacts, Entity, Mention

_QUOTE_MARK = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018]|(?<![^\\W\\d_])'|'(?![^\\W\\d_])")
BATCH_SIZE = 256
PARSE_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler"]  # all but "ner"
NER_WINDOW = 6  # words of context on each side of a new name given to the entity recogniser
CHUNK_ARTICLES = 12  # articles per task handed to a worker process
SERIAL_CHUNK = 48  # articles parsed together in one process


def needs_parse(text: str) -> bool:
    """Whether a sentence can hold a quote, reported speech, a stance reported in the past tense
    ("Clinton derided the deal"), or a numeric claim, or introduces a quotation with a colon ("The
    New York Times reports:")."""
    return bool(
        _QUOTE_MARK.search(text)
        or text.rstrip().endswith(":")
        or has_cue(text, strong=True)
        or claims_mod.is_candidate(text)
        or has_stance_past(text)
    )


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
    at the start of a sentence), calendar words, titles, demonyms, and every word of the
    gazetteer's names (those are found by look-up)."""
    words = {w for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr) if w}
    words |= {w for seq in titles().titles for w in seq}
    for alias in gazetteer.aliases():
        words.update(t for _, _, t in tokens(alias))
    for demonym in gazetteer.demonyms():
        words |= {demonym, demonym + "s"}
    words |= set(SPACY_STOP_WORDS)
    return frozenset(w.lower() for w in words)


def _new_names(toks: list[str], seen: set[str], inner: set[str]) -> list[int]:
    """Positions of capitalised words of a sentence that no earlier window sent to the
    recogniser held.

    A capitalised word opening the sentence may be any first word ("Asked about …"): it counts
    when it is capitalised inside some sentence of the article too (``inner``), comes with a
    second capitalised word, or is followed by a reporting verb ("McLenney said …").
    """
    common = _common_capitalised()
    new = []
    for k, tok in enumerate(toks):
        if not tok[:1].isupper() or tok in seen or tok.lower().replace("\u2019", "'") in common:
            continue
        if k == 0 and tok not in inner:
            nxt = toks[1] if len(toks) > 1 else ""
            if not (nxt[:1].isupper() or nxt.lower() in cue_words()):
                continue
        new.append(k)
    return new


def _ner_plan(plan: _Plan) -> list[tuple[int, int]]:
    """Body spans the entity recogniser reads: a window of words around each capitalised word
    that no earlier window of the article held (whole capitalised runs kept together). What it
    finds there is then looked up in the whole body."""
    body = plan.article.body
    seen: set[str] = set()
    inner: set[str] = set()
    per_sentence = []
    for s, e in plan.sentences:
        toks = tokens(body, s, e)
        per_sentence.append(toks)
        inner.update(t for _, _, t in toks[1:] if t[:1].isupper())
    windows: list[tuple[int, int]] = []
    for toks in per_sentence:
        words = [t for _, _, t in toks]
        new = _new_names(words, seen, inner)
        if not new:
            continue
        seen.update(words[k] for k in new)
        ranges: list[list[int]] = []
        for k in new:
            lo, hi = max(0, k - NER_WINDOW), min(len(toks) - 1, k + NER_WINDOW)
            while lo > 0 and words[lo][:1].isupper():
                lo -= 1
            while hi < len(toks) - 1 and words[hi][:1].isupper():
                hi += 1
            if ranges and lo <= ranges[-1][1] + 1:
                ranges[-1][1] = max(ranges[-1][1], hi)
            else:
                ranges.append([lo, hi])
        windows.extend((toks[lo][0], toks[hi][1]) for lo, hi in ranges)
    return windows


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


def _facts(plan: _Plan, parsed: dict[int, ParsedSentence], named: list[ParsedSentence]) -> ArticleFacts:
    article = plan.article
    ordered = [parsed[i] for i in sorted(parsed)]
    mentions = find_mentions(article.id, article.body, named)
    _annotate(parsed, mentions)
    persons = PersonIndex.build(m.text for m in mentions if m.label == "PERSON")
    ctx = ArticleContext(article.id, article.body, plan.sentences, parsed, mentions, persons)
    quotes = find_quotes(ctx)
    claims = claims_mod.find_claims(article, ordered, mentions) + claims_mod.find_title_claims(article, load_model())
    dates = dates_mod.find_dates(article, plan.sentences)
    return ArticleFacts(
        article=article.id,
        mentions=tuple(mentions),
        quotes=tuple(quotes),
        claims=tuple(claims),
        dates=tuple(dates),
        sentences=tuple(plan.sentences),
    )


def _run(nlp, plans: list[_Plan], jobs: list[tuple[int, int]], **kwargs) -> list[dict[int, ParsedSentence]]:
    out: list[dict[int, ParsedSentence]] = [{} for _ in plans]
    # a no-break space (common in pasted web text) parses as a word of its own: read it as a space
    # (one character for one, so offsets are unchanged)
    texts = [plans[k].article.body[slice(*plans[k].sentences[i])].replace("\xa0", " ") for k, i in jobs]
    for (k, i), text, doc in zip(jobs, texts, nlp.pipe(texts, batch_size=BATCH_SIZE, **kwargs)):
        start, end = plans[k].sentences[i]
        out[k][i] = ParsedSentence(start, end, doc, text)
    return out


def _extract_serial(articles: Sequence[Article]) -> list[ArticleFacts]:
    """Extract in this process, a chunk at a time (the parses of a chunk are held in memory)."""
    out: list[ArticleFacts] = []
    for i in range(0, len(articles), SERIAL_CHUNK):
        out.extend(_extract_chunk(articles[i : i + SERIAL_CHUNK]))
    return out


def _extract_chunk(articles: Sequence[Article]) -> list[ArticleFacts]:
    with one_blas_thread():
        return _extract_chunk_parsed(articles)


def _extract_chunk_parsed(articles: Sequence[Article]) -> list[ArticleFacts]:
    nlp = load_model()
    plans = [_plan(a) for a in articles]
    # the parse (tagger, parser) where a quote, reported speech or a claim can be …
    parsed = _run(nlp, plans, [(k, i) for k, p in enumerate(plans) for i in p.parse], disable=["ner", "attribute_ruler"])
    pos = tag_to_pos()  # the attribute ruler's part-of-speech table, without its matcher's cost
    for per_article in parsed:
        for ps in per_article.values():
            pos(ps.doc)
    # … and the entity recogniser where a new name appears
    windows = [(k, span) for k, p in enumerate(plans) for span in _ner_plan(p)]
    named: list[list[ParsedSentence]] = [[] for _ in plans]
    texts = [plans[k].article.body[a:b].replace("\xa0", " ") for k, (a, b) in windows]
    for (k, (a, b)), text, doc in zip(windows, texts, nlp.pipe(texts, batch_size=BATCH_SIZE, disable=PARSE_PIPES)):
        named[k].append(ParsedSentence(a, b, doc, text))
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
