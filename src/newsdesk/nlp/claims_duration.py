"""Durations that carry the news: "a 35-day shutdown", "went unpaid for three weeks", "improvements
within the next 30 days", "vaccinate 100 million Americans in 100 days", "the tremor lasted 30
seconds".

:func:`newsdesk.nlp.numbers.find_quantities` finds every duration; most are no news (ages, "two
days after Election Day", "in the past 10 years", "a 50-year low"). :func:`duration_what` says
what a duration measures when it is a figure a reader would compare across reports, else None:

* a duration written as a modifier of a noun ("a 35-day shutdown", "a 130-day window") measures
  that noun, unless the noun makes it a record or an age ("a 21-year high", "year-old");
* any other duration measures what its clause names (the subject the parse gives), unless it only
  places a moment in time: followed by "after", "before", "ago", "later", "earlier", "since", or
  preceded by "past", "last", "previous", "recent" ("in the past 10 years" is a period, not a
  figure), or closing a record ("for the first time in over two months", "the busiest month in
  21 years"); when the parse names no subject, the verb or noun the duration hangs on.
"""

from __future__ import annotations

import re

from newsdesk.nlp.claims_measure import measured

TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})
_RELATIVE_AFTER = re.compile(r"\s*(?:after|before|ago|later|earlier|since|old|from\s+now)\b", re.I)
_PERIOD_BEFORE = re.compile(r"\b(?:past|last|previous|recent|prior|preceding)\s+$", re.I)
# "for the first time in over two months", "the busiest month in 21 years": a record, not a figure
_RECORD_BEFORE = re.compile(
    r"\b(?:first|highest|lowest|most|least|biggest|largest|busiest|smallest|best|worst|fastest|slowest|"
    r"longest|shortest|sharpest|steepest|strongest|weakest|deadliest)\b[^,.;]*\b(?:in|since)\s+(?:over\s+|"
    r"more\s+than\s+|nearly\s+|almost\s+|about\s+|the\s+)?$", re.I)
_RECORD_NOUNS = frozenset(
    "high highs low lows record records peak peaks best worst old average anniversary".split())


def is_duration(unit: str | None) -> bool:
    return (unit or "") in TIME_UNITS


def duration_what(doc, text: str, q) -> str | None:
    """What the duration ``q`` of sentence ``text`` (parsed as ``doc``) measures, else None."""
    if q.unit not in TIME_UNITS:
        return None
    written = text[q.num_start:q.end]
    after = re.match(r"[\s-]*(?:year|month|week|day)?s?[\s-]*([A-Za-z]+)", text[q.end:q.end + 24])
    if after and after.group(1).lower() in _RECORD_NOUNS:
        return None  # "a three year low", "3-year low": a record, with or without the hyphen
    if "-" in written and q.end < len(text):  # "35-day shutdown": the noun it modifies
        following = [t for t in doc if t.idx >= q.end and not t.is_punct][:1]
        if not following or following[0].pos_ not in ("NOUN", "PROPN"):
            return None
        noun = following[0]
        if noun.lower_ in _RECORD_NOUNS:
            return None
        return noun.text.lower()
    if _RELATIVE_AFTER.match(text, q.end) or _PERIOD_BEFORE.search(text[max(0, q.start - 20):q.start]) \
            or _RECORD_BEFORE.search(text[max(0, q.start - 80):q.start]):
        return None
    return measured(doc, q.start, q.end, "measure") or _governor(doc, q)


def _governor(doc, q) -> str | None:
    """What the duration belongs to when the parse names no subject: the verb or noun its phrase
    hangs on ("vaccinate … in 100 days" -> "vaccinate"; "lasted 30 seconds" -> "last")."""
    unit = next((t for t in doc if q.start <= t.idx < q.end and t.pos_ == "NOUN"), None)
    if unit is None:
        return None
    node = unit.head
    if node.dep_ == "prep" or node.pos_ == "ADP":
        node = node.head
    if node is unit or node.pos_ not in ("VERB", "NOUN", "AUX"):
        return None
    return (node.lemma_ or node.text).lower() if node.pos_ != "NOUN" else node.text.lower()
