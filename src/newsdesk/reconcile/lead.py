"""The summary's first sentence: the event, as the outlets' leads share it.

News put what happened — who did what, where, when — in the headline and the first sentences.
The event sentence is chosen among each article's headline and its first two sentences (already
cleaned of datelines and loaded words, see :mod:`newsdesk.reconcile.neutral`) as the one whose
content words the *other* articles' leads (headline and first three sentences) share most:

    ``score(s) = Σ_{t ∈ terms(s)} |{other articles whose lead uses t}| / words(s) ^ LENGTH_EXPONENT``

so the event every outlet leads with wins over one outlet's angle, and a short headline-like
sentence over a long one. A winning headline gives way to the best lead sentence that holds most
of its content words (the same event, with where and when) and scores nearly as well. A headline is used as written (a label before a colon dropped, a full
stop added): it is the article's own words, and the citation check reads headlines too. With a
single article, its first sentence (or headline) is the event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsdesk.reconcile.candidates import Candidate, drop_inference, word_count
from newsdesk.reconcile.sentences import SentenceIndex
from newsdesk.reconcile.textvec import terms
from newsdesk.records import Article

LENGTH_EXPONENT = 0.1
LEAD_SENTENCES = 2  # an article's sentences that may be the event sentence
LEAD_ZONE = 3  # sentences of another article read as its lead
MIN_TITLE_WORDS, MAX_TITLE_WORDS = 4, 25
SUBSUMES = 0.75  # share of a headline's content words a lead sentence must hold to stand for it
CLOSE = 0.8  # ... and the share of the headline's score it must reach

_LABEL = re.compile(r"^[^:]{1,40}:\s+")
_NOT_EVENT = re.compile(r"^(?:How|Why|What|Who|When|Where|Which|Is|Are|Can|Could|Should|Will|Would|Opinion|Analysis|Editorial|"
                        r"Watch|Live|Listen|Video|Podcast|Here's|Here is)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Lead:
    """A candidate event sentence: a pool candidate (``candidate`` set) or a headline."""

    article: str
    text: str
    candidate: int | None = None  # index into the candidate pool
    score: float = 0.0
    headline: bool = False


def headline(article: Article, neutral: Callable[..., str] = lambda t, **_: t) -> str | None:
    """The article's headline as a summary sentence, or None when it cannot be one."""
    title = (article.title or "").strip()
    if not title or article.title_generated or title.endswith("?") or title.isupper():
        return None
    m = _LABEL.match(title)
    if m and word_count(title[m.end():]) >= MIN_TITLE_WORDS + 1:
        title = title[m.end():]
        title = title[0].upper() + title[1:]
    if _NOT_EVENT.match(title):
        return None  # "How X could win …", "Why …": an angle, not what happened
    title = neutral(title, headline=True)
    if not MIN_TITLE_WORDS <= word_count(title) <= MAX_TITLE_WORDS:
        return None
    if title[-1] not in ".!\"'\u201d\u2019":
        title += "."
    title = drop_inference(title, MIN_TITLE_WORDS)
    return title


def lead_terms(articles: Sequence[Article], index: SentenceIndex) -> dict[str, set[str]]:
    """Each article's lead vocabulary: headline and first sentences."""
    out = {}
    for a in articles:
        spans = index.spans(a.id)[:LEAD_ZONE]
        text = " ".join([a.title or ""] + [a.body[s:e] for s, e in spans])
        out[a.id] = set(terms(text))
    return out


def event_candidates(articles: Sequence[Article], pool: Sequence[Candidate], index: SentenceIndex,
                     neutral: Callable[..., str]) -> list[Lead]:
    """Headlines and the pool's first sentences of every article, scored by shared support."""
    vocab = lead_terms(articles, index)
    rank_of: dict[tuple[str, int], int] = {}
    for a in articles:
        for r, (s, _) in enumerate(index.spans(a.id)):
            rank_of[(a.id, s)] = r
    options: list[Lead] = []
    titles = {}
    for i, c in enumerate(pool):
        if c.title:
            titles[c.article] = i
        elif rank_of.get((c.article, c.start), LEAD_SENTENCES) < LEAD_SENTENCES:
            options.append(Lead(c.article, c.text, i))
    for a in articles:
        if a.id in titles:
            options.append(Lead(a.id, pool[titles[a.id]].text, titles[a.id], headline=True))
        elif (text := headline(a, neutral)) is not None:
            options.append(Lead(a.id, text))
    out = []
    for o in options:
        ts = set(terms(o.text))
        support = sum(sum(1 for aid, v in vocab.items() if aid != o.article and t in v) for t in ts)
        if len(articles) == 1:
            support = len(ts)  # nothing to share with: the lead itself
        out.append(Lead(o.article, o.text, o.candidate, support / max(1, word_count(o.text)) ** LENGTH_EXPONENT,
                        o.headline or o.candidate is None))
    # best first; on a tie, a sentence of the body (it carries when and where) before a headline
    out.sort(key=lambda o: (-o.score, o.headline))
    # a headline that a lead sentence spells out gives way to that sentence (who, what, where,
    # when), which would otherwise repeat it
    if out and out[0].headline:
        head = set(terms(out[0].text))
        fuller = [o for o in out if not o.headline and o.score >= CLOSE * out[0].score
                  and head and len(head & set(terms(o.text))) >= SUBSUMES * len(head)]
        if fuller:
            out.remove(fuller[0])
            out.insert(0, fuller[0])
    return out
