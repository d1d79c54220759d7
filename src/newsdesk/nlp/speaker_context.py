"""What speaker resolution knows about one article, and what it returns.

:class:`ArticleContext` holds the article's sentences, parses, name mentions and person index,
with position look-ups; :meth:`ArticleContext.name_of` turns a person mention into its canonical
name, leaving an ambiguous surname ("Cheney" in an article naming Liz, Mary and Dick Cheney) to
the nearest unambiguous mention in the same paragraph, else to the one of them the article names
in full at least three times as often as all the others together, else unresolved. :class:`Speaker` is the
result of attributing a cue.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsdesk.nlp.persons import PersonIndex
from newsdesk.nlp.sentences import ParsedSentence
from newsdesk.records import Mention

_DOMINANT = 3  # full-name mentions a person needs, per mention of the others, to own a shared surname
_TITLE_GENDER = re.compile(r"\b(?:(Mr|Sir|Lord)|(Mrs|Ms|Miss|Madam|Dame|Lady))\.?\s+$")


@dataclass(frozen=True)
class Speaker:
    """The result of attributing a cue. ``status`` says how (or why not)."""

    name: str | None
    start: int | None = None
    end: int | None = None
    status: str = "none"  # named | nominal | pronoun | unresolved | expletive | none
    person: bool = False

    @property
    def attributed(self) -> bool:
        return self.name is not None


NO_SPEAKER = Speaker(None)


@dataclass
class ArticleContext:
    """What speaker resolution needs to know about one article."""

    article: str
    body: str
    sentences: Sequence[tuple[int, int]]
    parsed: dict[int, ParsedSentence]  # sentence index -> parse
    mentions: Sequence[Mention]
    persons: PersonIndex
    paragraph_starts: list[int] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)  # spans of direct quotes, marks included

    def __post_init__(self) -> None:
        self._sent_starts = [s for s, _ in self.sentences]
        self._mention_starts = [m.start for m in self.mentions]
        self.genders: dict[str, str] = {}
        for m in self.mentions:
            if m.label == "PERSON":
                title = _TITLE_GENDER.search(self.body, max(0, m.start - 8), m.start)
                if title:
                    self.genders.setdefault(self.persons.canonical(m.text), "m" if title.group(1) else "f")
        if not self.paragraph_starts:
            self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*", self.body)]

    def name_of(self, mention: Mention) -> str | None:
        """Canonical name of a person mention; a surname several people of the article share
        ("Cheney") is the person whose unambiguous mention stands nearest in the same paragraph
        (before it first, then after), else the dominant one (:meth:`_dominant`), else None:
        unresolved, never guessed."""
        options = self.persons.candidates(mention.text)
        if not options:
            return self.persons.canonical(mention.text)
        para = self.paragraph_index(mention.start)
        lo = self.paragraph_starts[para]
        hi = self.paragraph_starts[para + 1] if para + 1 < len(self.paragraph_starts) else len(self.body)
        near = []
        for m in self.mentions_in(lo, hi):
            if m.label != "PERSON" or m.start == mention.start or self.persons.candidates(m.text):
                continue
            name = self.persons.canonical(m.text)
            if name in options:
                before = m.start < mention.start
                near.append((0 if before else 1, abs(mention.start - m.start), name))
        if near:
            return min(near)[2]
        return self._dominant(options)

    def _dominant(self, options: tuple[str, ...]) -> str | None:
        """The one of several people sharing a surname whom the article names in full far more
        often than all the others together (a story about Hillary Clinton that names Bill Clinton
        once): a bare surname there is that person, as wire style writes it. Otherwise None."""
        counts = dict.fromkeys(options, 0)
        for m in self.mentions:
            if m.label == "PERSON" and not self.persons.candidates(m.text):
                name = self.persons.canonical(m.text)
                if name in counts:
                    counts[name] += 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        top, rest = ranked[0][1], sum(n for _, n in ranked[1:])
        return ranked[0][0] if top >= _DOMINANT * max(1, rest) else None

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sent_starts, pos) - 1)

    def paragraph_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quoted, (pos, float("inf"))) - 1
        return i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._mention_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def mention_at(self, pos: int) -> Mention | None:
        i = bisect.bisect_right(self._mention_starts, pos) - 1
        if i >= 0 and self.mentions[i].start <= pos < self.mentions[i].end:
            return self.mentions[i]
        return None
