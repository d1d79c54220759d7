"""Immutable records of the story brief: what the reconcile stage hands to the renderers.

Every statement keeps its provenance: an article id and a ``[start, end)`` span into that
article's cleaned body (see :mod:`newsdesk.records`). Ids inside a story are short and stable
for one run: ``q1`` (quotes), ``c1`` (claims), ``g1`` (claim groups), ``qg1`` (quote groups);
entity ids are the extraction stage's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk.records import Article, Claim, Entity, Quote, Skipped


@dataclass(frozen=True)
class Span:
    """``body[start:end]`` of article ``article``: the text a statement stands on."""

    article: str
    start: int
    end: int


@dataclass(frozen=True)
class QuoteItem:
    """A quote of the story with its brief id, its speaker's entity and its quote group."""

    id: str
    quote: Quote
    speaker_entity: str | None = None
    group: str | None = None
    within: str | None = None  # the longer quote of the same article and speaker holding this one


@dataclass(frozen=True)
class ClaimItem:
    """A numeric claim of the story with its brief id, its source's entity and its group."""

    id: str
    claim: Claim
    source_entity: str | None = None
    group: str | None = None
    projection: bool = False  # a forecast ("could send up to 10,000 by December"), not a count


@dataclass(frozen=True)
class SourceFigure:
    """One figure a source gives for a group's quantity, with the claims that state it."""

    source: str | None
    qualifier: str
    value: float
    value_high: float | None
    claims: tuple[str, ...]  # claim ids
    articles: tuple[str, ...]
    label: str  # "about 10,000", "up to 12,000"
    when: str | None = None  # ISO date (or partial) the figure is dated to, where known
    timing: str | None = None  # "earlier" | "later" | "update" | "projection": only when supported


@dataclass(frozen=True)
class ClaimGroup:
    """Claims about one quantity (same counted thing, same scope) across the story's articles."""

    id: str
    about: str  # "North Korean troops in Russia"
    claims: tuple[str, ...]  # claim ids
    verdict: str  # "agree" | "disagree" | "single" | "series" (one measure at several periods)
    explanation: str
    what: str
    scope: str  # normalised scope key ("Russia", "border:russia|ukraine")
    figures: tuple[SourceFigure, ...] = ()
    articles: tuple[str, ...] = ()
    periods: tuple["PeriodSlot", ...] = ()  # oldest first; more than one: a series over time


@dataclass(frozen=True)
class PeriodSlot:
    """The figures of a claim group for one period ("July"), with their own verdict."""

    label: str | None  # as written ("July", "last week"); None: no period stated
    when: str | None  # ISO (or "--MM"), where known
    claims: tuple[str, ...]  # claim ids
    verdict: str  # "agree" | "disagree" | "single"


@dataclass(frozen=True)
class QuoteGroup:
    """The same quotation as carried by several quotes (several outlets, or repeated)."""

    id: str
    quotes: tuple[str, ...]  # quote ids
    speakers_differ: bool
    text: str  # the longest member's text
    speakers: tuple[str | None, ...] = ()  # distinct attributions, None = unattributed
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """A dated event of the story; ``start``/``end`` span the sentence that dates it."""

    date: str  # ISO date or partial date ("2024-10")
    precision: str  # "day" | "month" | "year"
    text: str  # the sentence
    article: str
    start: int
    end: int
    expression: str = ""  # the date as written ("last Friday")
    expression_start: int | None = None
    expression_end: int | None = None
    also_in: tuple[Span, ...] = ()  # the same dated event as reported by other articles


@dataclass(frozen=True)
class ArticleCoverage:
    """What one article covers, and what only it reports (ids of groups, quotes, claims)."""

    article: str
    claim_groups: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    quote_groups: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    only_here: tuple[str, ...] = ()


@dataclass(frozen=True)
class SharedCopy:
    """Articles that share copy: long common passages or the same wire credit."""

    articles: tuple[str, ...]
    reason: str  # "passage" | "wire"
    detail: str = ""
    passages: tuple[tuple[Span, Span], ...] = ()


@dataclass(frozen=True)
class Coverage:
    by_article: tuple[ArticleCoverage, ...] = ()
    shared_copy: tuple[SharedCopy, ...] = ()
    method: str = ""  # which copy detector ran


@dataclass(frozen=True)
class SummarySentence:
    """One summary sentence, the articles it cites and the spans that support it."""

    text: str
    citations: tuple[str, ...]
    support: tuple[Span, ...] = ()
    origin: str = "extract"  # "extract" (an article sentence) | "title" (a headline) | "claims" (from claim groups)
    # | "contrast" (two outlets' headlines quoted: "X reports “…”, while Y reports “…”")
    checked: bool = False  # cite_check passed
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryBrief:
    """The brief of one story."""

    id: str
    title: str
    articles: tuple[str, ...]
    entities: tuple[Entity, ...] = ()
    quotes: tuple[QuoteItem, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()
    claims: tuple[ClaimItem, ...] = ()
    claim_groups: tuple[ClaimGroup, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)
    summary: tuple[SummarySentence, ...] = ()
    summary_words: int = 0  # the length the summary was asked to fit (words)


@dataclass(frozen=True)
class Brief:
    """The whole document: the articles read, their stories, and the inputs that were skipped."""

    articles: tuple[Article, ...]
    stories: tuple[StoryBrief, ...]
    skipped: tuple[Skipped, ...] = ()
    schema_version: str = "1"
    # story brief id -> newsdesk.versions.model.StoryChanges ("What changed"; stored stories only)
    changes: dict = field(default_factory=dict)
