"""What changed in a story between two versions of its brief facts: immutable, each item cited."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cite:
    """``body[start:end]`` of article ``article`` (start/end None: the article as a whole)."""

    article: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class FigureChange:
    """A figure that is new in the story, or a source's figure that changed (old → new)."""

    kind: str  # "new" | "revised"
    about: str
    source: str | None  # who gives the figure (None: unattributed)
    label: str  # the new figure, "up to 12,000"
    old: tuple[str, ...] = ()  # what the same source said before (revised)
    when: str | None = None  # the figure's date, else the publication date of its article
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True)
class VerdictChange:
    about: str
    old: str  # "agree" | "disagree" | "single"
    new: str
    explanation: str
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True)
class QuoteChange:
    speaker: str | None
    text: str
    kind: str  # "direct" | "indirect"
    new_speaker: bool
    cite: Cite


@dataclass(frozen=True)
class OutletChange:
    outlet: str
    cites: tuple[Cite, ...] = ()


@dataclass(frozen=True)
class TimelineChange:
    date: str
    text: str
    cite: Cite


@dataclass(frozen=True)
class ArticleChange:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    revised: bool = False  # the article was there before and its text changed


@dataclass(frozen=True)
class StoryChanges:
    """The "What changed" of one story: from a base version (or none) to the current one."""

    story: str  # the stored story id
    version: int  # the current version
    since: str  # what the comparison is against, in words ("version 2 (…)", "2024-11-01")
    base_version: int | None = None
    base_time: str | None = None
    first: bool = False  # no earlier version to compare with
    articles: tuple[ArticleChange, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    verdicts: tuple[VerdictChange, ...] = ()
    new_speakers: tuple[str, ...] = ()
    quotes: tuple[QuoteChange, ...] = ()
    outlets: tuple[OutletChange, ...] = ()
    timeline: tuple[TimelineChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.articles or self.figures or self.verdicts or self.quotes or self.outlets or self.timeline)
