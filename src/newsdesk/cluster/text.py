"""Cheap text features for duplicate detection and story clustering.

Everything here is a pure function of the text, fast enough for 100k articles in pure Python:
folded word tokens with character offsets (``lexicon.copytext.copy_tokens``), a light English suffix
normaliser (a small S-stemmer plus -ed/-ing folding; no spaCy), and the clustering terms
(:func:`story_terms`: content words, entity-ish names from capitalised words, numbers, with the
lead's terms optionally counted more).
"""

from __future__ import annotations

import re

from newsdesk.lexicon.copytext import copy_tokens
from newsdesk.lexicon.stem import stem
from newsdesk.lexicon.stopwords import CLUSTER_STOP_WORDS as STOP_WORDS

_SENTENCE_END = re.compile(r"[.!?]['\"\u2019\u201d)]*\s+|\n+")

# Capitalised words that are not names even in mid-sentence (days, months, titles, pronoun I).
_NOT_ENTITIES = frozenset({
    "i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "mr", "mrs", "ms", "dr", "sir", "the", "a", "an",
})


def _title_case_spans(text: str, words: list[str], spans: list[tuple[int, int]],
                      starts: set[int]) -> list[tuple[int, int]]:
    """Spans of the sentences written in Title Case (headline style), where a capital marks no name.

    A sentence is Title Case when at least three of its content words are and at least 70% of
    them open with a capital.
    """
    bounds = sorted(starts | {len(text)})
    out: list[tuple[int, int]] = []
    i = 0
    for a, b in zip(bounds, bounds[1:]):
        caps = total = 0
        while i < len(words) and spans[i][0] < b:
            w = words[i]
            if spans[i][0] >= a and len(w) > 3 and w.isalpha() and w not in STOP_WORDS:
                total += 1
                caps += text[spans[i][0]].isupper()
            i += 1
        if total >= 3 and caps >= 0.7 * total:
            out.append((a, b))
    return out


def story_terms(text: str, lead_sentences: int = 0,
                lead_boost: int = 0) -> tuple[list[str], list[str], list[str]]:
    """Terms of ``text`` for story clustering: (content terms, entity terms, number terms).

    Content terms are stemmed content words; entity terms are capitalised words that do not open
    a sentence (almost always part of a name), lower-cased, plus the joined runs of them
    ("north_korea", which keeps "North Korea" apart from "South Korea"); number terms are the
    words holding a digit (counts, ages, years, dates), which tell apart two similar events.
    The terms of the first ``lead_sentences`` sentences (the lead, which names the event) are
    counted ``1 + lead_boost`` times. Uses the same (cached) tokens as :func:`copy_tokens`.
    """
    words, spans = copy_tokens(text)
    starts = {m.end() for m in _SENTENCE_END.finditer(text)}
    starts.add(0)
    lead_end = 0  # the lead is the text before the (lead_sentences + 1)-th sentence start
    if lead_sentences > 0 and lead_boost > 0:
        ordered = sorted(starts)
        lead_end = ordered[lead_sentences] if len(ordered) > lead_sentences else len(text)
    content: list[str] = []
    entities: list[str] = []
    numbers: list[str] = []
    run: list[str] = []
    stop = STOP_WORDS
    not_entity = _NOT_ENTITIES
    lead_reps = 1 + lead_boost
    reps = 1
    title_case = _title_case_spans(text, words, spans, starts)
    for low, (start, _) in zip(words, spans):
        reps = lead_reps if start < lead_end else 1
        if low[-2:] == "'s":
            low = low[:-2]
        if text[start].isupper() and len(low) > 1 and start not in starts \
                and low not in not_entity and low not in stop \
                and not any(a <= start < b for a, b in title_case):
            entities.extend([low] * reps)
            run.append(low)
        elif run:
            if len(run) > 1:
                entities.extend(["_".join(run)] * reps)
            run = []
        if len(low) < 2 or low in stop:
            continue
        if low.isalpha():
            content.extend([stem(low)] * reps)
        else:
            content.extend([low] * reps)
            if any(c.isdigit() for c in low):
                numbers.extend([low] * reps)
    if len(run) > 1:
        entities.extend(["_".join(run)] * reps)
    return content, entities, numbers
