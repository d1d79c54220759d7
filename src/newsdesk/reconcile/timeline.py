"""The story's timeline: every resolved date expression, with the sentence it dates, cited.

Entries are ordered by date (a month sorts before the days inside it, a year before its months),
then by article order. The same event dated the same way by several articles (same date, sentences
sharing most of their content words) is one entry that lists the other articles in ``also_in``.
Unresolved dates (no publication time to resolve "last Friday" against) are left out: newsdesk
never guesses a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.reconcile.model import Span, TimelineEntry
from newsdesk.reconcile.sentences import SentenceIndex
from newsdesk.records import Article, ArticleFacts
from newsdesk.textnorm import fold

_WORD = re.compile(r"[^\W\d_]{4,}")
SAME_EVENT = 0.5


def _content(text: str) -> set[str]:
    return set(_WORD.findall(fold(text)))


def _same_event(a: str, b: str) -> bool:
    wa, wb = _content(a), _content(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= SAME_EVENT


def build_timeline(
    articles: Sequence[Article], facts: Sequence[ArticleFacts], *, index: SentenceIndex | None = None
) -> tuple[TimelineEntry, ...]:
    index = index or SentenceIndex(articles)
    order = {a.id: i for i, a in enumerate(articles)}
    raw: list[tuple[tuple, TimelineEntry]] = []
    for fact in facts:
        if fact.article not in order:
            continue
        body = index.body(fact.article)
        for ev in fact.dates:
            if not ev.date:
                continue
            if ev.sentence_end > ev.sentence_start:
                s, e = ev.sentence_start, ev.sentence_end
            else:
                s, e = index.containing(fact.article, ev.start)
            while s < e and body[s].isspace():
                s += 1
            while e > s and body[e - 1].isspace():
                e -= 1
            entry = TimelineEntry(
                date=ev.date,
                precision=ev.precision,
                text=body[s:e],
                article=fact.article,
                start=s,
                end=e,
                expression=ev.text,
                expression_start=ev.start,
                expression_end=ev.end,
            )
            raw.append(((ev.date, order[fact.article], ev.start), entry))
    raw.sort(key=lambda x: x[0])
    merged: list[TimelineEntry] = []
    for _, entry in raw:
        for k, kept in enumerate(merged):
            if kept.date == entry.date and kept.article != entry.article and _same_event(kept.text, entry.text):
                if all(sp.article != entry.article for sp in kept.also_in):
                    merged[k] = TimelineEntry(
                        kept.date, kept.precision, kept.text, kept.article, kept.start, kept.end,
                        kept.expression, kept.expression_start, kept.expression_end,
                        kept.also_in + (Span(entry.article, entry.start, entry.end),),
                    )
                break
            if kept.date == entry.date and kept.article == entry.article and kept.start == entry.start:
                break  # two date expressions in one sentence naming the same date
        else:
            merged.append(entry)
    return tuple(merged)
