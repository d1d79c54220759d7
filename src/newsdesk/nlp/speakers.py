"""Who said it: from a reporting cue to the speaker's canonical name, never guessing.

The speaker of a cue ("said", "according to", "in a statement") is its grammatical subject,
found on the dependency parse, climbing from participles and conjuncts to the clause that has one
("…, stating: …" -> the subject of the main verb). The subject then becomes a name:

* a name mention (or a name in apposition: "the ambassador, Robert Wood") -> that name;
* a role noun ("the spokesperson") -> the person the article introduced with that role;
* a government reference ("U.S. officials") -> the country;
* "he"/"she" -> the one person the preceding context supports (same or previous sentence, or the
  speaker of the quotation just before); with none or several candidates it stays unattributed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsdesk.nlp import gazetteer
from newsdesk.nlp.cues import cue_words, is_belief_verb, is_speech_noun, is_speech_verb
from newsdesk.nlp.persons import PersonIndex, titles
from newsdesk.nlp.sentences import ParsedSentence
from newsdesk.records import ArticleFacts, Entity, Mention
from newsdesk.textnorm import fold

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
_CLIMB = frozenset({"advcl", "xcomp", "conj", "pcomp", "dobj", "pobj", "prep", "npadvmod", "attr", "oprd", "dative"})
_PERSONAL = frozenset({"he", "she"})
_OTHER_PRONOUNS = frozenset({"i", "we", "you", "they", "it", "this", "that", "these", "those", "one", "there"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_CUT_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl"})
_ROLE_WINDOW = 8  # words before/after a name searched for its role
_OPENING_WORDS = 4  # a name within the first words of a sentence is taken as its subject
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
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


# --------------------------------------------------------------------------- cues


def is_cue(tok) -> bool:
    """A reporting cue: a speech/belief verb, a speech noun, "according" (to), "per" (the
    report), or "put" (it) as in "as X put it"."""
    low = tok.lower_
    if low in ("put", "puts"):
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "it"
    if low == "per":
        return tok.dep_ == "prep" and any(c.dep_ == "pobj" for c in tok.children)
    if low not in cue_words():
        return False
    if low == "according":
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
    if tok.pos_ in ("VERB", "AUX") or (not tok.pos_ and tok.dep_ in ("ROOT", "advcl", "ccomp", "conj", "xcomp")):
        return is_speech_verb(low) or is_belief_verb(low)
    if tok.pos_ == "NOUN":
        return is_speech_noun(low)
    return False


def subject_of(cue):
    """The token naming who speaks through ``cue``, or None; "it" of "it was reported" included."""
    cur = cue
    for _ in range(5):
        if cur.lower_ == "per":
            return next((obj for obj in cur.children if obj.dep_ == "pobj"), None)
        if cur.lower_ == "according":
            for to in cur.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return obj
            return None
        for child in cur.children:
            if child.dep_ == "agent":  # "was told by X"
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        for child in cur.children:
            if child.dep_ in _SUBJECTS:
                return child
        if cur.pos_ in ("NOUN", "PROPN"):
            for child in cur.children:
                if child.dep_ == "poss":
                    return child
        if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head  # "Blinken, speaking in Washington, …"
        if cur.dep_ in _CLIMB and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


# --------------------------------------------------------------------------- subject -> speaker


def _np_span(tok) -> tuple[int, int]:
    """Token index range of a subject noun phrase without relative clauses and appositions."""
    left, right = tok.i, tok.i
    for child in tok.children:
        if child.dep_ in _CUT_DEPS:
            continue
        left = min(left, child.left_edge.i)
        right = max(right, child.right_edge.i)
    return left, right + 1


def speaker_from_subject(ctx: ArticleContext, ps: ParsedSentence, subj, history: Sequence[Speaker] = ()) -> Speaker:
    """Turn a subject token into a :class:`Speaker`."""
    low = subj.lower_
    s_pos = ps.start + subj.idx
    span = (s_pos, s_pos + len(subj.text))
    if low in _RELATIVE and subj.head.dep_ == "relcl":
        subj = subj.head.head  # "Guterres, who said …" -> Guterres
        low = subj.lower_
        s_pos = ps.start + subj.idx
        span = (s_pos, s_pos + len(subj.text))
    if low in _PERSONAL:
        return resolve_pronoun(ctx, span, history)
    if low in _OTHER_PRONOUNS:
        if low in ("it", "there") and subj.dep_ in ("nsubjpass", "expl", "nsubj") and _expletive(subj):
            return Speaker(None, *span, status="expletive")
        return Speaker(None, *span, status="unresolved")
    left, right = subj.left_edge.i, subj.right_edge.i + 1
    a = ps.start + ps.doc[left].idx
    b = ps.start + ps.doc[right - 1].idx + len(ps.doc[right - 1].text)
    head_mention = ctx.mention_at(s_pos)
    inside = [m for m in ctx.mentions_in(a, b) if not ctx.in_quote(m.start)]
    if head_mention and head_mention.label == "PERSON":
        return _person(ctx, head_mention)
    owners = _possessors(ps, subj)
    people = [m for m in inside if m.label == "PERSON" and not any(m.start <= o < m.end for o in owners)]
    if people:
        return _person(ctx, min(people, key=lambda m: abs(m.start - s_pos)))
    np_left, np_right = _np_span(subj)
    na = ps.start + ps.doc[np_left].idx
    nb = ps.start + ps.doc[np_right - 1].idx + len(ps.doc[np_right - 1].text)
    np_text = ctx.body[na:nb]
    found = gazetteer.canonical(np_text)
    if found:
        return Speaker(found[0], na, nb, status="named")
    if head_mention is not None:
        found = gazetteer.canonical(head_mention.text)
        country = gazetteer.demonym_country(head_mention.text) if head_mention.label == "NORP" else None
        name = found[0] if found else (country or head_mention.text)
        return Speaker(name, head_mention.start, head_mention.end, status="named")
    role = _role_word(ps.doc[np_left:np_right])
    if role:
        person = resolve_role(ctx, na, role)
        if person:
            return Speaker(person.name, na, nb, status="named", person=True)
    return Speaker(np_text, na, nb, status="nominal")


# what may stand between a name and its cue: "Flynn, a top surrogate, said", "Cummings (D-Md.) said"
_LEFT_GAP = re.compile(r"(?:\s*\([^()]{1,30}\))?(?:\s*,[^,.;:!?\"\u201c\u201d]{1,90},)?\s*")
_RIGHT_GAP = re.compile(r"\s+")  # "said Kenneth Baer"
# a short description between a closing quote and its cue: "…,” Obama's former strategist said"
_DESCRIPTION = re.compile(r"[\"\u201d'\u2019]\s*,?\s*([^,.;:!?\"\u201c\u201d]{3,80}?)\s*$")


def adjacent_speaker(ctx: ArticleContext, ps: ParsedSentence, cue) -> Speaker | None:
    """A name standing right before the cue (an apposition may intervene) or right after it.

    The fallback when the parse gives a speech verb no subject ("…,” Tulsa police Chief Chuck
    Jordan said" parsed with the name as an object of "Tulsa").
    """
    pos = ps.start + cue.idx
    end = pos + len(cue.text)
    before = [m for m in ctx.mentions_in(ps.start, pos) if not ctx.in_quote(m.start)]
    for m in list(reversed(before))[:3]:
        if m.label in ("PERSON", "ORG", "GPE", "NORP") and _LEFT_GAP.fullmatch(ctx.body, m.end, pos):
            return _named(ctx, m)
    after = [m for m in ctx.mentions_in(end, ps.end) if not ctx.in_quote(m.start)]
    if after and after[0].label in ("PERSON", "ORG", "GPE") and _RIGHT_GAP.fullmatch(ctx.body, end, after[0].start):
        return _named(ctx, after[0])
    described = _DESCRIPTION.search(ctx.body, max(ps.start, pos - 90), pos)
    if described and len(described.group(1).split()) <= 8:
        a, b = described.span(1)
        text = described.group(1)
        found = gazetteer.canonical(text)
        if found:
            return Speaker(found[0], a, b, status="named")
        role = next((w for w in reversed(text.lower().split()) if w in titles().roles), None)
        person = resolve_role(ctx, a, role) if role else None
        if person:
            return Speaker(person.name, a, b, status="named", person=True)
        return Speaker(text, a, b, status="nominal")
    return None


def _named(ctx: ArticleContext, m: Mention) -> Speaker:
    if m.label == "PERSON":
        return _person(ctx, m)
    found = gazetteer.canonical(m.text)
    return Speaker(found[0] if found else m.text, m.start, m.end, status="named")


def _possessors(ps: ParsedSentence, subj) -> list[int]:
    """Body offsets of the owners in a subject ("Scott's relatives", "Obama's strategist"):
    named there, but not the ones speaking."""
    out = []
    for tok in subj.subtree:
        if tok.dep_ == "poss" and tok.head.i == subj.i:
            out.extend(ps.start + t.idx for t in tok.subtree)
    return out


def _expletive(tok) -> bool:
    head = tok.head
    return any(c.dep_ in ("auxpass",) for c in head.children) or any(c.dep_ == "ccomp" for c in head.children)


def _person(ctx: ArticleContext, mention: Mention) -> Speaker:
    return Speaker(ctx.persons.canonical(mention.text), mention.start, mention.end, status="named", person=True)


def _role_word(span) -> str | None:
    roles = titles().roles
    for tok in reversed(span):
        if tok.lower_ in roles:
            return tok.lower_
    return None


def resolve_role(ctx: ArticleContext, pos: int, role: str) -> Speaker | None:
    """The most recent person introduced with ``role`` ("spokesperson Sabrina Singh") before pos."""
    people = [m for m in ctx.mentions if m.label == "PERSON" and m.end <= pos]
    for m in reversed(people[-40:]):
        sent = ctx.sentences[ctx.sentence_index(m.start)]
        before = ctx.body[sent[0] : m.start].split()[-_ROLE_WINDOW:]
        after = ctx.body[m.end : sent[1]].split()[:_ROLE_WINDOW]
        words = {fold(w).strip(",.;:()'\"") for w in before + after}
        if role in words:
            return _person(ctx, m)
    return None


def resolve_pronoun(ctx: ArticleContext, span: tuple[int, int], history: Sequence[Speaker]) -> Speaker:
    """He/she -> the single person the context supports, else unresolved (never a guess).

    The context is the previous paragraph (at most three sentences of it, always the previous
    sentence) and the current one up to the pronoun. The people named there outside quotations,
    and the people quoted there, are the candidates, less those the article itself shows to be of
    the other gender by their title ("Mrs. Clinton", "Mr. Obama"). One candidate: it.
    Several: the latest person quoted if among them, else the latest grammatical subject among
    them. None: the latest person quoted, if no more than two paragraphs back. Anything else stays
    unattributed.
    """
    pos = span[0]
    gender = _PRONOUN_GENDER.get(ctx.body[span[0] : span[1]].lower())
    si = ctx.sentence_index(pos)
    pi = ctx.paragraph_index(pos)
    window = max(ctx.paragraph_starts[max(0, pi - 1)], ctx.sentences[max(0, si - 3)][0])
    window = min(window, ctx.sentences[max(0, si - 1)][0])

    def fits(name: str | None) -> bool:
        known = ctx.genders.get(name or "")
        return gender is None or known is None or known == gender

    people = [
        (m.start, ctx.persons.canonical(m.text))
        for m in ctx.mentions_in(window, pos)
        if m.label == "PERSON" and not ctx.in_quote(m.start)
    ]
    quoted = [h for h in history if h.person and h.name and h.start is not None and h.start < pos and fits(h.name)]
    people += [(h.start, h.name) for h in quoted if h.start >= window]
    distinct = [n for n in dict.fromkeys(name for _, name in sorted(people)) if fits(n)]
    last = quoted[-1] if quoted else None
    name: str | None = None
    if len(distinct) == 1:
        name = distinct[0]
    elif distinct:
        if last is not None and last.name in distinct and last.start >= window:
            name = last.name
        else:
            subject = _latest_subject(ctx, window, pos)
            name = subject if subject is not None and fits(subject) else None
    elif last is not None and pi - ctx.paragraph_index(last.start) <= 2:
        name = last.name
    if name is None:
        return Speaker(None, *span, status="unresolved")
    return Speaker(name, *span, status="pronoun", person=True)


def _latest_subject(ctx: ArticleContext, window: int, pos: int) -> str | None:
    """The person who is the grammatical subject of the latest parsed sentence in the window that
    has one (the centre of attention a following "he said" continues)."""
    last_si = ctx.sentence_index(pos)
    for si in range(last_si, ctx.sentence_index(window) - 1, -1):
        ps = ctx.parsed.get(si)
        if ps is None:
            # not parsed: a name opening the sentence ("Mr. Obama immersed himself …") is its subject
            start, end = ctx.sentences[si]
            head = ctx.body[start:end].split()[:_OPENING_WORDS]
            first = ctx.mentions_in(start, start + len(" ".join(head)))
            if first and first[0].label == "PERSON" and first[0].end < pos and not ctx.in_quote(first[0].start):
                return ctx.persons.canonical(first[0].text)
            continue
        found = None
        for tok in ps.doc:
            at = ps.start + tok.idx
            if at >= pos:
                break
            if tok.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(at):
                if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
                    at = ps.start + tok.head.head.idx  # "Hillary Clinton — who's called for …"
                m = ctx.mention_at(at)
                if m is not None and m.label == "PERSON":
                    found = ctx.persons.canonical(m.text)
        if found:
            return found
    return None


# --------------------------------------------------------------------------- story level


def _entity_lookup(entities: Sequence[Entity]):
    by_span: dict[tuple[str, int, int], str] = {}
    by_alias: dict[str, str] = {}
    for e in entities:
        by_alias.setdefault(fold(e.name), e.name)
        for m in e.mentions:
            by_span[(m.article, m.start, m.end)] = e.name
        for alias in e.aliases:
            by_alias.setdefault(fold(alias), e.name)
    return by_span, by_alias


def canonical_name(
    article: str, name: str | None, start: int | None, end: int | None, entities: Sequence[Entity], _cache=None
) -> str | None:
    """The story-level entity name for a per-article speaker or source."""
    by_span, by_alias = _cache or _entity_lookup(entities)
    if name is None:
        return None
    if start is not None and (article, start, end) in by_span:
        return by_span[(article, start, end)]  # the speaker is exactly a mention of an entity
    found = by_alias.get(fold(name))
    if found:
        return found
    gaz = gazetteer.canonical(name)
    return gaz[0] if gaz else name


def canonicalise_speakers(facts: Sequence[ArticleFacts], entities: Sequence[Entity]) -> list[ArticleFacts]:
    """Quote speakers and claim sources renamed to the story's canonical entity names."""
    cache = _entity_lookup(entities)
    out = []
    for f in facts:
        quotes = tuple(
            replace(q, speaker=canonical_name(f.article, q.speaker, q.speaker_start, q.speaker_end, entities, cache))
            for q in f.quotes
        )
        claims = tuple(
            replace(c, source=canonical_name(f.article, c.source, c.source_start, c.source_end, entities, cache))
            for c in f.claims
        )
        out.append(replace(f, quotes=quotes, claims=claims))
    return out


__all__ = [
    "ArticleContext",
    "NO_SPEAKER",
    "Speaker",
    "canonical_name",
    "canonicalise_speakers",
    "adjacent_speaker",
    "is_cue",
    "resolve_pronoun",
    "resolve_role",
    "speaker_from_subject",
    "subject_of",
]
