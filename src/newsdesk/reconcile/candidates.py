"""Which article sentences may enter the summary, and what each one holds.

A candidate must stand alone once lifted out of its article: no pronoun or connective opening
that needs the sentence before ("He further said", "However,", "adding, …"), no demonstrative
pointing back ("these claims", "these troops"), quote marks that open and close inside it, no
quote nobody is credited with, and no unattributed speculation ("could alter the dynamics").
It must also be anchored — someone speaks in it, it states a claim, it names a person or an
organisation, or another article states much of it too — otherwise it is the writer's own framing.

*Voices* are the entities that speak in a sentence: the speakers of its quotes, and entities
that a verb of taking a position follows closely in the same clause ("North Korean authorities
had denied"). A nationality counts as its country ("North Korean" speaks for North Korea).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from newsdesk.reconcile.model import ClaimItem, QuoteItem
from newsdesk.reconcile.neutral import Neutralizer, strip_dateline
from newsdesk.reconcile.sentences import SentenceIndex
from newsdesk.reconcile.textvec import terms
from newsdesk.records import Article, Entity

MIN_WORDS, MAX_SENTENCE_WORDS = 8, 55
SHARED_TERMS, SHARED_SHARE = 3, 0.4
SHARED_MAX_POSTINGS = 100

_OPENERS = re.compile(
    r"^(?:he|she|they|it|his|her|their|its|him|them|this|that|these|those|such|which|who|"
    r"adding|and|but|or|also|both of them|the two|however|despite this|in response|as a result|"
    r"in addition|moreover|furthermore|meanwhile,? (?:he|she|they|it))\b",
    re.IGNORECASE,
)
# a reference back to what the article said before ("supported these claims", "these troops
# traveled"): a demonstrative before a common noun; times ("this week") refer to the date instead
_BACK_REFERENCE = re.compile(
    r"\b(?:[Tt]his|[Tt]hese|[Tt]hose|[Ss]uch)\s+(?!(?:year|years|week|weeks|month|months|morning|afternoon|"
    r"evening|weekend|time|summer|winter|spring|autumn|fall)\b)[a-z]+"
)
# speculation: a modal before the verb it hedges ("could alter", "may be"); not "May 2016", not
# "everything he could to …"
_HEDGE = re.compile(r"\b(?:[Cc]ould|[Mm]ight|may)\s+(?!to\b)[a-z]")
# the opening quote mark or parenthesis of the next sentence, left at the end by the splitter (also
# after a closing quote: '… "hard left." "')
_NEXT_OPENER = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d'\u2019]))\s+[\"\u201c\u2018'(]$")
_WORDS = re.compile(r"\S+")
# a sentence cut off: an ellipsis, or a last word that cannot end one ("… officials — and.")
_CUT_OFF = re.compile(r"(?:\.\s?\.\s?\.|\u2026)[\"'\u201d\u2019)]*\s*$|\b(?:and|or|but|the|a|an|of|to|with|for|even|than|whether|because|if|while|from)[.!]\s*$"
                      r"|\((?:[RDI]|[A-Z][a-z]+)-[A-Z][A-Za-z.]*\.\)\s*$",  # "… when Sen. Bernie Sanders (I-Vt.)"
                      re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!][\"'\u201d\u2019)\]]*\s*$")


# A sentence-opening prepositional phrase set off by a comma ("In a significant and alarming
# development, …", "At the same time, …"): framing that a summary can drop when it holds no name,
# number or time (deletion-based sentence compression: the words that remain are the article's).
_LEAD_PHRASE = re.compile(
    r"^(?P<lead>(?:In|At|On|Amid|Amidst|After|Before|During|Following|With|Against|Despite|Under|Within|"
    r"Throughout|Beyond|Through|Among|Across|For)\b[^,;:\"\u201c\u201d()]{0,80}?),\s+(?P<rest>\S.*)$",
    re.DOTALL,
)
_TIME_WORDS = frozenset(
    "today tonight yesterday tomorrow now recently earlier later initially previously currently then "
    "morning afternoon evening night day days week weeks month months year years weekend ago last next "
    "first since until time past hours hour minutes moment meantime wake".split()
)
MAX_LEAD_WORDS = 8


# A closing participle clause by which the writer draws a conclusion ("…, indicating their
# intended role on the frontline"): the writer's inference, not what a source said or did.
_INFERENCE_TAIL = re.compile(
    r"(?:,\s*|\s+)(?:indicating|suggesting|signall?ing|underscoring|highlighting|reflecting|showing|"
    r"illustrating|hinting|raising|sparking|stoking|fuell?ing)\b[^\"\u201c\u201d\d]*?(?P<end>[.!])$"
)


def drop_inference(text: str, min_words: int = MIN_WORDS) -> str:
    """``text`` without a closing clause of the writer's inference or of a reaction nobody is
    credited with ("…, indicating …", "…, raising concerns …"), if ``min_words`` remain."""
    m = _INFERENCE_TAIL.search(text)
    if not m or word_count(text[: m.start()]) < min_words:
        return text
    return text[: m.start()].rstrip(" ,") + m.group("end")


def compress(text: str, names: Sequence[int] = ()) -> str:
    """``text`` shortened by deletion (the words that remain are the article's, in order):

    * an opening prepositional phrase that holds no name, figure or time goes (the rest is
      capitalised), unless what is left would not stand alone; ``names`` are the offsets in
      ``text`` where a recognised name starts (one inside the phrase keeps it);
    * a closing participle clause of the writer's inference goes ("…, indicating …").
    """
    text = drop_inference(text)
    m = _LEAD_PHRASE.match(text)
    if not m or any(at < m.end("lead") for at in names):
        return text
    lead, rest = m.group("lead"), m.group("rest")
    words = lead.split()
    if len(words) > MAX_LEAD_WORDS or any(c.isdigit() for c in lead):
        return text
    if any(w[:1].isupper() for w in words[1:]) or {w.lower().strip(".'\u2019") for w in words} & _TIME_WORDS:
        return text
    if _OPENERS.match(rest) or not rest[:1].isalpha():
        return text
    return rest[0].upper() + rest[1:]


# An aside a summary can leave out (deletion-based compression): a non-restrictive relative
# clause (", who served two terms …,"), a closing participle or subordinate clause (", marking
# the start of …", ", after the White House accused …"), words set off by a pair of dashes
_ASIDES = (
    re.compile(r",\s(?:who|which|whose)\s[^,;()\"\u201c\u201d]*?(?:,(?=\s(?![^,]*,\s(?:and|or)\s))|(?=[.!]$))"),
    re.compile(r",\s(?!according\b)[a-z]+ing\s[^,;()\"\u201c\u201d]*?(?=[.!]$)"),
    re.compile(r",\s(?:after|as|while|when|because|since|amid|despite|following)\s[^,;()\"\u201c\u201d]*?(?=[.!]$)"),
    re.compile(r"\s[\u2014\u2013]\s[^\u2014\u2013()\"\u201c\u201d]*?\s[\u2014\u2013](?=\s)"),
)
_KEEP_ASIDE = re.compile(r"\d|\s[A-Z]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
                         r"twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|trillions?|half|twice|first|second|third|"
                         r"record|said|says|saying|argued|arguing|told|telling|warned|warning|stated|stating|claimed|claiming|"
                         r"insisted|insisting)\b|\b(?:[Nn]ot|[Nn]o|[Nn]ever|[Nn]or|[Ww]ithout|[Cc]annot|\w+n't|[Dd]en(?:y|ies|ied|ial)|"
                         r"[Rr]efus\w*|[Rr]eject\w*)\b")
UNSHARED = 0.5  # an aside with fewer of its content words in another article is one outlet's


def drop_unshared(text: str, shared: Callable[[str], bool]) -> str:
    """``text`` without the asides (:data:`_ASIDES`) that only its outlet reports: fewer than
    ``UNSHARED`` of their content words are ``shared`` (used by another article). An aside with
    a figure (a number word, "first", "record" too), a name (a capitalised word), a negation, a
    quotation or what someone says ("saying", "who argued") stays, and so does one
    whose deletion would leave fewer than ``MIN_WORDS``; the words that remain are the article's,
    in order."""
    for pattern in _ASIDES:
        for m in reversed(list(pattern.finditer(text))):
            aside = m.group(0)
            words = terms(aside)
            if not words or _KEEP_ASIDE.search(aside):
                continue
            if sum(map(shared, words)) >= UNSHARED * len(words):
                continue
            short = text[: m.start()] + text[m.end():]
            if word_count(short) >= MIN_WORDS:
                text = short
    return text


# where a main clause may end: a comma or a dash before a participle or a subordinate clause
_CLAUSE_BREAK = re.compile(r"(?:,|\s[\u2014\u2013]|\s--)\s+(?=(?:[a-z]+ing|which|who|while|as|after|before|including|"
                           r"according|where|when|amid|despite|following)\b)"
                           r"|\s[\u2014\u2013]\s+(?=(?:a|an|the)\s)")  # "… the Insurrection Act — a centuries-old law that"


def complete_prefix(text: str) -> str:
    """A sentence cut off mid-way (the text ends there) shortened by deletion to its main clause,
    when a comma or a dash before a participle or a subordinate clause marks where that clause
    ends ("Voters approved the amendment, ending a system that" -> "Voters approved the
    amendment."); else the text as it was (which will not pass as a sentence)."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    for at in reversed(breaks):
        head = text[:at].rstrip(" ,")
        if word_count(head) >= MIN_WORDS and _balanced_quotes(head) and head.count("(") == head.count(")"):
            return head + "."
    return text


def _balanced_quotes(text: str) -> bool:
    """Quote marks open and close inside the sentence (a quote cut by the splitter is not)."""
    if text.count('"') % 2:
        return False
    return text.count("\u201c") == text.count("\u201d")


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


@dataclass(frozen=True)
class Candidate:
    article: str
    start: int
    end: int
    text: str
    words: int
    lead: float  # 1.0 for an article's first sentence, falling off with position
    entities: frozenset[str]  # story entities mentioned (or speaking) in the sentence
    groups: frozenset[str]  # claim groups whose figures the sentence states
    quotes: frozenset[str]  # quotes (ids) that start inside the sentence
    voices: frozenset[str] = frozenset()  # entities that speak in it (quote speakers, stance verbs)
    title: bool = False  # the article's headline (no body span: ``start`` and ``end`` are 0)


# --------------------------------------------------------------------------- figure sentences


def _stands_alone(text: str, article_quotes: Sequence[QuoteItem], start: int, end: int) -> bool:
    first = text.lstrip("\"'\u201c\u2018( ")
    if not first or first[0].islower():
        return False
    if _OPENERS.match(first):
        return False
    if not _ENDS_SENTENCE.search(text) or _CUT_OFF.search(text):
        return False
    if not _balanced_quotes(text) or text.count("(") != text.count(")"):
        return False
    if _BACK_REFERENCE.search(text):
        return False
    inside = [q for q in article_quotes if start <= q.quote.start < end]
    if any(q.quote.kind == "direct" and q.quote.speaker is None for q in inside):
        return False  # a quote nobody is credited with
    return True


def _credited_speculation(text: str, article_quotes: Sequence[QuoteItem], start: int, end: int,
                          voices: set[str]) -> bool:
    """No speculation ("could alter the dynamics") unless someone is credited with it: a quote's
    speaker or an actor taking a position in the sentence ("Iran's navy chief warned … could")."""
    if not _HEDGE.search(text):
        return True
    return bool(voices) or any(q.speaker_entity for q in article_quotes if start <= q.quote.start < end)


def candidates(
    articles: Sequence[Article],
    index: SentenceIndex,
    quotes: Sequence[QuoteItem],
    entities: Sequence[Entity],
    claims: Sequence[ClaimItem],
    *,
    neutral: Neutralizer | None = None,
) -> list[Candidate]:
    quotes_of: dict[str, list[QuoteItem]] = defaultdict(list)
    for q in quotes:
        quotes_of[q.quote.article].append(q)
    mentions_of: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for e in entities:
        for m in e.mentions:
            mentions_of[m.article].append((m.start, m.end, e.id))
    kinds = {e.id: e.type for e in entities}
    country_of = _nationality_countries(entities)
    quoted_by = {q.id: q.speaker_entity for q in quotes}
    claims_of: dict[str, list[ClaimItem]] = defaultdict(list)
    for c in claims:
        if not c.claim.in_title:  # a headline's figure lies in no body sentence
            claims_of[c.claim.article].append(c)
    neutral = neutral or Neutralizer(a.body for a in articles)
    vocab = SharedIndex(articles, index)
    out: list[Candidate] = []
    for article in articles:
        spans = index.spans(article.id)
        by_start = _ByStart(mentions_of[article.id], quotes_of[article.id], claims_of[article.id])
        for rank, (s, e) in enumerate(spans):
            raw = article.body[s:e]
            if (m := _NEXT_OPENER.search(raw.rstrip())) is not None:
                e = s + m.start()
                raw = article.body[s:e]
            text = strip_dateline(raw.strip())
            if rank == len(spans) - 1 and not _ENDS_SENTENCE.search(text):
                text = complete_prefix(text)  # the article was cut off mid-sentence
            offset = s + (len(raw) - len(raw.lstrip())) + (len(raw.strip()) - len(text))  # where text starts
            n = word_count(text)
            if n < MIN_WORDS or n > MAX_SENTENCE_WORDS or "\n" in text:
                continue
            mentions_here, quotes_here, claims_here = by_start.within(s, e)  # what starts in the sentence
            if not _stands_alone(text, quotes_here, s, e):
                continue
            ents = {eid for ms, me, eid in mentions_here if s <= ms and me <= e}
            ents |= {q.speaker_entity for q in quotes_here if q.speaker_entity and s <= q.quote.start < e}
            groups = {c.group for c in claims_here if c.group and s <= c.claim.start < e}
            said = {q.id for q in quotes_here if s <= q.quote.start < e}
            voices = {quoted_by[q] for q in said if quoted_by.get(q)}
            quoted = by_start.direct_quotes_over(s, e)
            voices |= _stance_voices(article.body, s, e, mentions_here, kinds, quoted)
            voices = {country_of.get(v, v) for v in voices}
            if not _anchored(ents, voices, groups, kinds) and not vocab.shared(text, article.id):
                continue
            if not _credited_speculation(text, quotes_here, s, e, voices):
                continue
            short = compress(text, [ms - offset for ms, _, _ in mentions_here if offset <= ms < e])
            short = neutral(drop_unshared(short, lambda t, a=article.id: vocab.used_elsewhere(t, a)))
            if short != text and not _CUT_OFF.search(short) and short.count("(") == short.count(")"):
                text, n = short, word_count(short)
            out.append(Candidate(article.id, s, e, text, n, 1.0 / (1.0 + rank), frozenset(ents),
                                  frozenset(groups), frozenset(said), frozenset(voices)))
    return out


class _ByStart:
    """An article's mentions, quotes and claims sorted by start, so that each sentence takes its
    own by bisection: the candidates of a long article cost time linear in its length (a scan
    of the whole article for every sentence made one 1 MB article take minutes)."""

    def __init__(self, mentions: list, quotes: list, claims: list):
        self.mentions = sorted(mentions)
        self.quotes = sorted(quotes, key=lambda q: q.quote.start)
        self.claims = sorted(claims, key=lambda c: c.claim.start)
        self._m = [m[0] for m in self.mentions]
        self._q = [q.quote.start for q in self.quotes]
        self._c = [c.claim.start for c in self.claims]
        self.direct = [(q.quote.start, q.quote.end) for q in self.quotes if q.quote.kind == "direct"]
        self._d = [d[0] for d in self.direct]
        self._d_reach = list(accumulate((d[1] for d in self.direct), max))  # furthest end so far

    def within(self, start: int, end: int) -> tuple[list, list, list]:
        """The mentions, quotes and claims that start in ``[start, end)``."""
        return (self.mentions[bisect_left(self._m, start):bisect_left(self._m, end)],
                self.quotes[bisect_left(self._q, start):bisect_left(self._q, end)],
                self.claims[bisect_left(self._c, start):bisect_left(self._c, end)])

    def direct_quotes_over(self, start: int, end: int) -> list[tuple[int, int]]:
        """The direct quotes that overlap ``[start, end)`` (all a mention there can lie inside)."""
        out = []
        i = bisect_left(self._d, end) - 1
        while i >= 0 and self._d_reach[i] > start:
            if self.direct[i][1] > start:
                out.append(self.direct[i])
            i -= 1
        return out


def _nationality_countries(entities: Sequence[Entity]) -> dict[str, str]:
    """NORP entity id -> the id of its country's entity ("North Korean" -> "North Korea"), so that
    "North Korean authorities denied" is North Korea speaking."""
    from newsdesk.lexicon.gazetteer import demonym_country

    by_name = {e.name: e.id for e in entities if e.type == "GPE"}
    out = {}
    for e in entities:
        if e.type == "NORP":
            country = demonym_country(e.name)
            if country in by_name:
                out[e.id] = by_name[country]
    return out


class SharedIndex:
    """Which sentences of the story use each content word (an inverted index), to tell whether
    another article states much of a sentence too (:meth:`shared`) in time linear in the story."""

    def __init__(self, articles: Sequence[Article], index: SentenceIndex):
        self.postings: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.headlines: dict[str, set[str]] = defaultdict(set)  # content word -> articles whose headline uses it
        for a in articles:
            for t in terms(a.title or ""):
                self.headlines[t].add(a.id)
        for a in articles:
            for k, (s, e) in enumerate(index.spans(a.id)):
                for t in set(terms(a.body[s:e])):
                    self.postings[t].append((a.id, k))

    def used_elsewhere(self, term: str, article: str) -> bool:
        """Whether another article uses the content word (in a sentence or its headline)."""
        return any(a != article for a, _ in self.postings.get(term, ())) \
            or bool(self.headlines.get(term, set()) - {article})

    def shared(self, text: str, article: str) -> bool:
        """Whether a sentence of another article holds ``SHARED_TERMS`` of this sentence's content
        words, and ``SHARED_SHARE`` of them: a fact more than one outlet reports, not one
        writer's framing. Words in more than ``SHARED_MAX_POSTINGS`` sentences (the story's
        background) are not counted."""
        words = set(terms(text))
        need = max(SHARED_TERMS, SHARED_SHARE * len(words))
        hits: Counter[tuple[str, int]] = Counter()
        for t in words:
            posting = self.postings.get(t, ())
            if len(posting) <= SHARED_MAX_POSTINGS:
                hits.update(p for p in posting if p[0] != article)
        return bool(words) and any(n >= need for n in hits.values())


def _anchored(ents: set[str], voices: set[str], groups: set[str], kinds: dict[str, str]) -> bool:
    """Whether a sentence reports something someone said or did, or a figure: someone speaks in
    it, it states a claim, or it names a person or organisation. Without any, it is the
    writer's own framing ("The presence of the troops adds a new layer to the conflict")."""
    if groups or voices:
        return True
    return any(kinds.get(e) in ("PERSON", "ORG") for e in ents)


# verbs by which an actor takes a position (said, warned, denied, declined …); not "added",
# "continued" or "noted", which mostly narrate
STANCE_VERBS = (
    "say tell state claim warn confirm deny reject dismiss accuse condemn criticize criticise urge "
    "announce insist admit acknowledge declare threaten vow pledge allege demand refuse decline respond "
    "reply reveal report describe emphasize emphasise stress call caution"
).split()


@lru_cache(maxsize=1)
def _stance_forms() -> frozenset[str]:
    from newsdesk.lexicon.cues import inflections

    return frozenset(form for verb in STANCE_VERBS for form in inflections(verb))


_CLAUSE_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*|[,;:]")
STANCE_WINDOW = 6


def _stance_voices(body: str, start: int, end: int, mentions: Sequence[tuple[int, int, str]],
                   kinds: dict[str, str], quoted: Sequence[tuple[int, int]] = ()) -> set[str]:
    """Entities that a verb of saying follows closely in the same clause, outside quote marks
    ("North Korean authorities had denied", "Both Russia and North Korea have denied")."""
    forms = _stance_forms()
    voices = set()
    for ms, me, eid in mentions:
        if not (start <= ms and me <= end) or kinds.get(eid) not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        if any(qs <= ms < qe for qs, qe in quoted):
            continue
        for n, m in enumerate(_CLAUSE_WORD.finditer(body, me, end)):
            word = m.group()
            if n >= STANCE_WINDOW or word in ",;:":
                break
            if word.lower() in forms:
                voices.add(eid)
                break
    return voices
