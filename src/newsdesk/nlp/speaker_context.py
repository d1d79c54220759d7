"""What speaker resolution knows about one article, and what it returns.

:class:`ArticleContext` holds the article's sentences, parses, name mentions and person index,
with position look-ups; :meth:`ArticleContext.name_of` turns a person mention into its canonical
name, leaving an ambiguous surname ("Cheney" in an article naming Liz, Mary and Dick Cheney) to
the nearest unambiguous mention in the same paragraph, else to the one of them the article names
in full at least three times as often as all the others together, else to the only one named in
the previous paragraph (or the one the same surname stood for just before), else unresolved. :class:`Speaker` is the
result of attributing a cue.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsdesk.nlp.first_names import gender_of
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
    cache: dict = field(default_factory=dict)  # per-article look-ups the resolvers build once

    def __post_init__(self) -> None:
        self._sent_starts = [s for s, _ in self.sentences]
        self._mention_starts = [m.start for m in self.mentions]
        self._names: dict[tuple[int, int], str | None] = {}  # name_of, per mention
        self._surnames: dict[tuple[int, int], str | None] = {}  # shared_surname's memo
        self.genders: dict[str, str] = {}
        for m in self.mentions:
            if m.label == "PERSON":
                title = _TITLE_GENDER.search(self.body, max(0, m.start - 8), m.start)
                if title:
                    self.genders.setdefault(self.persons.canonical(m.text), "m" if title.group(1) else "f")
        if not self.paragraph_starts:
            self.paragraph_starts = paragraph_starts(self.body)

    def gender(self, name: str | None) -> str | None:
        """"m"/"f" for a canonical person name: from the title the article gives ("Mrs.
        Clinton"), else from the first name (:mod:`newsdesk.nlp.first_names`); None: unknown."""
        if not name:
            return None
        if name in self.genders:
            return self.genders[name]
        words = name.split()
        return gender_of(words[0]) if len(words) > 1 else None

    def name_of(self, mention: Mention) -> str | None:
        """Canonical name of a person mention; a surname several people of the article share
        ("Cheney") is resolved by :func:`shared_surname`, or None: unresolved, never guessed."""
        key = (mention.start, mention.end)
        if key not in self._names:
            if not self.persons.candidates(mention.text):
                self._names[key] = self.persons.canonical(mention.text)
            else:
                self._names[key] = shared_surname(
                    self.body, mention, self.mentions, self.persons, self.paragraph_starts, self._surnames
                )
        return self._names[key]

    def person_of(self, mention: Mention) -> str | None:
        """The person a mention names: a PERSON mention's canonical name, or a lone word the
        recogniser took for an organisation or place that is the surname of a person the
        article names in full ("Fiorina said" beside "Carly Fiorina")."""
        if mention.label == "PERSON":
            return self.name_of(mention)
        if mention.label not in ("ORG", "GPE") or " " in mention.text.strip() or not self.persons.knows(mention.text):
            return None
        name = self.persons.canonical(mention.text)
        return name if " " in name and not self.persons.candidates(mention.text) else None

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


def paragraph_starts(body: str) -> list[int]:
    """Offsets where the paragraphs (lines) of ``body`` begin."""
    return [0] + [m.end() for m in re.finditer(r"\n\s*", body)]


def shared_surname(
    body: str,
    mention: Mention,
    mentions: Sequence[Mention],
    persons: PersonIndex,
    starts: Sequence[int] | None = None,
    memo: dict[tuple[int, int], str | None] | None = None,
) -> str | None:
    """The person a surname several people share ("Cheney" beside Liz, Mary and Dick Cheney)
    stands for: the one whose unambiguous mention stands nearest in the same paragraph (before it
    first, then after); else the one the text names in full at least three times as often as all
    the others together (a story about Jeb Bush naming George W. Bush once: a bare surname is his,
    as wire style writes it), unless the mention's own words give the other gender; else the only
    one named in full in the previous paragraph; else the one the same surname stood for just
    before (in this or the previous paragraph: "Johnson did not identify …" ¶ "Johnson said …");
    else the one the mention's own words give by gender ("Mrs. Clinton"); else None. ``memo``
    keeps the answers per mention span (the chain looks back)."""
    options = persons.candidates(mention.text)
    if not options:
        return persons.canonical(mention.text)
    memo = {} if memo is None else memo
    index = memo.get(_INDEX)
    if index is None or index.mentions is not mentions:
        index = memo[_INDEX] = _SurnameIndex(body, mentions, persons)
    starts = list(starts) if starts is not None else index.paragraph_starts
    key = (mention.start, mention.end)
    if key not in memo:
        memo[key] = _shared_surname(body, mention, mentions, persons, starts, memo, options, index)
    return memo[key]


_INDEX = ("index",)  # where shared_surname keeps its _SurnameIndex in the article's memo


class _SurnameIndex:
    """One article's person mentions indexed once for :func:`shared_surname`, so that resolving a
    shared surname costs the few namesakes' mentions nearby instead of a pass over every mention
    of the article (quadratic in one long article). Built on the first shared surname and kept
    in the memo; ``ordered`` is False when the mentions are not in text order, and then the
    look-ups fall back to that pass."""

    def __init__(self, body: str, mentions: Sequence[Mention], persons: PersonIndex):
        self.mentions = mentions
        self.paragraph_starts = paragraph_starts(body)
        self.ordered = all(a.start <= b.start for a, b in zip(mentions, mentions[1:]))
        self.full: dict[str, list[int]] = {}  # canonical name -> starts of its unambiguous mentions
        self.counts: dict[str, int] = {}
        self.bare: dict[tuple[str, ...], list[tuple[int, int]]] = {}  # options -> (start, position)
        self.person_starts: list[int] = []
        for n, m in enumerate(mentions):
            if m.label != "PERSON":
                continue
            self.person_starts.append(m.start)
            options = persons.candidates(m.text)
            if options:
                self.bare.setdefault(options, []).append((m.start, n))
                continue
            name = persons.canonical(m.text)
            self.full.setdefault(name, []).append(m.start)
            self.counts[name] = self.counts.get(name, 0) + 1


def _surname_evidence_by_scan(mention, mentions, persons, options, lo, hi, prev_lo):
    """What the text says about the namesakes ``options`` around ``mention`` (see
    :func:`_shared_surname`), read from every mention of the article."""
    near = []
    before = set()  # namesakes named in full in the previous paragraph
    same = None  # the latest earlier bare mention of the same surname, this or the previous paragraph
    counts = dict.fromkeys(options, 0)
    for m in mentions:
        if m.label != "PERSON":
            continue
        if persons.candidates(m.text):
            if prev_lo <= m.start < mention.start and persons.candidates(m.text) == options:
                same = m
            continue
        name = persons.canonical(m.text)
        if name not in counts:
            continue
        counts[name] += 1
        if lo <= m.start < hi and m.start != mention.start:
            near.append((0 if m.start < mention.start else 1, abs(mention.start - m.start), name))
        elif prev_lo <= m.start < lo:
            before.add(name)
    return near, before, same, counts


def _surname_evidence(index: _SurnameIndex, mention, options, lo, hi, prev_lo):
    """The same as :func:`_surname_evidence_by_scan`, from the index: for each namesake only its
    mentions nearest before and after (``min(near)`` needs no others), and whether it is named
    in the previous paragraph."""
    near = []
    before = set()
    counts = dict.fromkeys(options, 0)
    for name in counts:
        starts = index.full.get(name, ())
        counts[name] = index.counts.get(name, 0)
        k = bisect.bisect_left(starts, mention.start)
        if k > 0 and lo <= starts[k - 1]:
            near.append((0, mention.start - starts[k - 1], name))
        j = bisect.bisect_right(starts, mention.start)
        if j < len(starts) and starts[j] < hi:
            near.append((1, starts[j] - mention.start, name))
        p = bisect.bisect_left(starts, prev_lo)
        if p < len(starts) and starts[p] < lo:
            before.add(name)
    bare = index.bare.get(options, ())
    k = bisect.bisect_left(bare, (mention.start, -1)) - 1
    same = index.mentions[bare[k][1]] if k >= 0 and bare[k][0] >= prev_lo else None
    return near, before, same, counts


def _shared_surname(body, mention, mentions, persons, starts, memo, options, index=None) -> str | None:
    para = max(0, bisect.bisect_right(starts, mention.start) - 1)
    lo = starts[para]
    hi = starts[para + 1] if para + 1 < len(starts) else len(body)
    prev_lo = starts[para - 1] if para > 0 else lo
    if index is not None and index.ordered:
        near, before, same, counts = _surname_evidence(index, mention, options, lo, hi, prev_lo)
    else:
        near, before, same, counts = _surname_evidence_by_scan(mention, mentions, persons, options, lo, hi, prev_lo)
    if near:
        return min(near)[2]
    hinted = _gender_hint(body, mention, mentions, index)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, rest = ranked[0][1], sum(n for _, n in ranked[1:])
    dominant = ranked[0][0] if top >= _DOMINANT * max(1, rest) else None
    if dominant is not None and (hinted is None or _name_gender(dominant) in (None, hinted)):
        return dominant  # named in full far more often than the others: the article's one (wire style)
    # a namesake of the previous paragraph counts when named there in his own right, not only as
    # an owner ("a strategist on George W. Bush's campaign")
    before = {n for n in before if re.search(re.escape(n) + r"(?!['\u2019]s\b)\b", body[prev_lo:lo])}
    if len(before) == 1 and (hinted is None or _name_gender(next(iter(before))) in (None, hinted)):
        return next(iter(before))  # "Homeland Security Secretary Jeh Johnson says …" ¶ "Johnson tells …"
    if same is not None:
        chained = shared_surname(body, same, mentions, persons, starts, memo)
        if chained is not None and (hinted is None or _name_gender(chained) in (None, hinted)):
            return chained
    if hinted:
        fitting = [n for n in options if _name_gender(n) == hinted]
        if len(fitting) == 1:  # "Mrs. Clinton", "Clinton said she …": of two Clintons, the woman
            return fitting[0]
    return None


_HINT_TITLE = re.compile(r"\b(?:(Mr|Sir|Lord)|(Mrs|Ms|Miss|Madam|Dame|Lady))\.?\s+$")
_HINT_PRONOUN = re.compile(r"\b(?:(he|him|his|himself)|(she|her|hers|herself))\b", re.IGNORECASE)


def _gender_hint(body: str, mention: Mention, mentions: Sequence[Mention], index: _SurnameIndex | None = None) -> str | None:
    """The gender a surname mention's own words give: a title before it ("Mrs. Clinton"), or the
    first personal pronoun after it in its sentence with no other person named between."""
    title = _HINT_TITLE.search(body, max(0, mention.start - 8), mention.start)
    if title:
        return "m" if title.group(1) else "f"
    end = len(body)
    for stop in (".", "\n"):
        k = body.find(stop, mention.end)
        if k != -1:
            end = min(end, k)
    if index is not None and index.ordered:  # the first person named after it, from the index
        k = bisect.bisect_left(index.person_starts, mention.end)
        if k < len(index.person_starts) and index.person_starts[k] < end:
            end = index.person_starts[k]
    else:
        for m in mentions:
            if m.label == "PERSON" and mention.end <= m.start < end:
                end = m.start
    pronoun = _HINT_PRONOUN.search(body, mention.end, end)
    if pronoun:
        return "m" if pronoun.group(1) else "f"
    return None


def _name_gender(name: str) -> str | None:
    words = name.split()
    return gender_of(words[0]) if len(words) > 1 else None
