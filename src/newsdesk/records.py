"""Immutable, typed records passed between the pipeline stages.

Every fact newsdesk reports carries its provenance: the id of the article it came from and the
character span ``[start, end)`` in that article's cleaned ``body`` (Python string indices), so
that ``article.body[start:end]`` is the text the fact stands on.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime


# --------------------------------------------------------------------------- ingest / clean


@dataclass(frozen=True)
class RawDocument:
    """What a reader produced from one input, before cleaning.

    ``text`` is decoded flat text. For HTML, feeds and structured records it is the main text
    found by the reader, and the metadata fields hold what the source stated explicitly; for
    plain-text files the metadata is still inside ``text`` and ``has_metadata`` is False.
    """

    id: str
    source: str
    text: str
    format: str  # "text" | "html" | "json" | "feed" | "warc" | "url"
    title: str | None = None
    byline: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    has_metadata: bool = False


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, and why (one clear line)."""

    source: str
    reason: str


@dataclass(frozen=True)
class RemovedLine:
    """A line of the original text that the cleaner dropped, with its reason and position."""

    text: str
    reason: str  # chrome | promo | counter | tags | repeated | credit | byline | title | dateline | empty ...
    start: int  # offsets into RawDocument.text
    end: int


@dataclass(frozen=True)
class Heading:
    """A section heading; ``position`` is the body offset of the paragraph it stands above."""

    text: str
    position: int


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in the cleaned body back to offsets in the original text.

    ``segments`` holds ``(body_start, original_start, length)`` triples, sorted by body_start, for
    each run of body text copied verbatim from the original. Characters the cleaner inserted (a
    space that rejoins a broken line, paragraph breaks) belong to no segment and map to the
    original position of the next copied character.
    """

    segments: tuple[tuple[int, int, int], ...] = ()

    def to_original(self, pos: int) -> int:
        if not self.segments:
            return pos
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return self.segments[0][1]
        body_start, orig_start, length = self.segments[i]
        if pos < body_start + length:
            return orig_start + (pos - body_start)
        if i + 1 < len(self.segments):
            return self.segments[i + 1][1]
        return orig_start + length


SHORT_WORDS = 100  # a body of at most this many words is a short item


def is_short(words: int) -> bool:
    """Whether a body of ``words`` words is a short item (a headline, or a headline and a summary)."""
    return words <= SHORT_WORDS


@dataclass(frozen=True)
class Article:
    """A cleaned article: trustworthy metadata, a clean body and the way back to the original."""

    id: str
    source: str
    body: str
    title: str | None = None
    title_generated: bool = False
    byline: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    url: str | None = None
    credits: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    offsets: OffsetMap = field(default_factory=OffsetMap)
    original: str = ""
    format: str = "text"

    def span(self, start: int, end: int) -> str:
        return self.body[start:end]

    @property
    def short(self) -> bool:
        """A short item: a headline alone, or with a summary of a few sentences (feed items)."""
        return is_short(len(self.body.split()))


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class Mention:
    """One mention of a named entity in an article body."""

    article: str
    start: int
    end: int
    text: str
    label: str  # spaCy-style label after correction: PERSON, GPE, ORG, NORP, LOC, ...


@dataclass(frozen=True)
class Entity:
    """A canonical entity of a story with every mention merged into it."""

    id: str
    name: str
    type: str  # PERSON | GPE | ORG | LOC | NORP | ...
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Quote:
    """Something a speaker said. ``start``/``end`` span the quoted content in the body."""

    article: str
    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect"
    cue: str | None = None
    speaker: str | None = None  # canonical name; None = unattributed (never guessed)
    speaker_start: int | None = None  # span of the speaker mention the attribution rests on
    speaker_end: int | None = None


@dataclass(frozen=True)
class Claim:
    """A numeric claim: a count of something, attributed to a source, at a time."""

    article: str
    start: int  # span of the number expression ("approximately 10,000 troops")
    end: int
    text: str
    value: float
    qualifier: str  # approximately | at_least | up_to | exact | more_than | fewer_than | range
    value_high: float | None = None
    vague: bool = False  # "thousands", "dozens": kept, but not a precise figure
    unit: str | None = None  # counted noun, e.g. "troops"
    what: str | None = None  # e.g. "North Korean troops"
    where: str | None = None  # canonical place, e.g. "Russia" or "Kursk"
    when: str | None = None  # ISO date (or partial) the figure refers to / was stated
    source: str | None = None  # canonical entity the figure is attributed to
    source_start: int | None = None
    source_end: int | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    where_scope: str | None = None  # wider scope of ``where``: "Russia-Ukraine border" for a
    # region the article says borders Ukraine; the country for a region in it; = where otherwise
    kind: str = "count"  # count | money | percent | points (percentage points) | rate | measure | duration
    currency: str | None = None  # ISO 4217 code of a money figure ("USD"), where known
    period: str | None = None  # the period the figure is for, as written ("July", "last week")
    forecast: bool = False  # an expectation or forecast ("economists expected 870,000")
    aspect: str | None = None  # "total" (cumulative: "since May 2020") | "revision" | "baseline" | "each" (per item)
    in_title: bool = False  # a figure of the headline: ``text`` as written there, an empty span (0, 0) in the body


@dataclass(frozen=True)
class DatedEvent:
    """A date expression in the text, resolved against the publication time when there is one."""

    article: str
    start: int
    end: int
    text: str  # the date expression as written ("last Friday")
    date: str | None  # ISO date, e.g. "2024-10-25" ("2024-10" for month precision); None: unresolved
    precision: str  # "day" | "month" | "year"
    sentence_start: int = 0
    sentence_end: int = 0
    relative: bool = False


@dataclass(frozen=True)
class ArticleFacts:
    """Everything the extraction stage found in one article."""

    article: str
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    dates: tuple[DatedEvent, ...] = ()
    # sentence spans (start, end) of the body as extraction split it; reconcile reuses them
    sentences: tuple[tuple[int, int], ...] = ()
