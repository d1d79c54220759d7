"""Who a figure is attributed to, where the counted things are, and whose they are.

Everything here reads one spaCy parse (a :class:`~newsdesk.nlp.sentences.ParsedSentence`) and the
article's named-entity mentions; names are made canonical with :mod:`newsdesk.lexicon.gazetteer`.
Nothing is guessed: a figure whose sentence names no source has ``source=None``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.lexicon import gazetteer
from newsdesk.lexicon.cues import BELIEF_VERBS, SPEECH_VERBS, inflections
from newsdesk.records import Mention

# verbs that report a figure besides the speech and belief verbs of newsdesk.lexicon.cues
_FIGURE_VERBS = ("put place cite indicate count tally record publish quote number total release "
                 "say estimate assess calculate reckon project forecast predict believe expect "
                 "anticipate look announce report unveil show").split()
_PERSON_TITLES = frozenset("""
president secretary minister mr mrs ms dr general gen. prime deputy ambassador spokesperson
spokesman spokeswoman chancellor king queen senator sen. rep. governor gov. chief director
commander admiral colonel col. lieutenant lt. major maj. envoy leader premier mayor judge
""".split())
_REGION_NOUNS = frozenset("region province oblast area district state city town territory county "
                          "republic zone".split())
_BORDER_NOUNS = frozenset({"border", "borders", "frontier", "boundary", "border area",
                           "border region", "borderlands"})
_LOC_PREPS = frozenset("in at near on inside into to across along within throughout towards toward "
                       "around outside".split())
_SUPPORT_VERBS = frozenset(inflections("support") | inflections("join") | inflections("help")
                           | inflections("assist") | inflections("reinforce") | inflections("aid")
                           | inflections("back") | inflections("bolster"))
_SEND_VERBS = frozenset({"sent", "sending", "sends", "send"} | {
    w for v in "deploy dispatch station transfer move commit mobilize mobilise supply provide "
               "contribute train".split() for w in inflections(v)})
_PLACE_LABELS = ("GPE", "LOC", "FAC")


@lru_cache(maxsize=1)
def _FIGURE_VERB_FORMS() -> frozenset[str]:  # noqa: N802 - a constant, built once
    """Verbs whose object may be the figure they report ("estimated 10,000", "put it at")."""
    words: set[str] = set()
    for verb in _FIGURE_VERBS:
        if verb not in ("say",):
            words |= inflections(verb)
    return frozenset(words)


@lru_cache(maxsize=1)
def _EXPECT_FORMS() -> frozenset[str]:  # noqa: N802 - a constant, built once
    words: set[str] = set()
    for verb in "expect anticipate look forecast predict project".split():
        words |= inflections(verb)
    return frozenset(words)


_DOCUMENT_NOUNS = frozenset("report data survey figures statement study analysis tally count estimate "
                            "estimates release records results numbers statistics tracker database "
                            "dashboard poll".split())
_BACK_NOUNS = frozenset("company firm drugmaker automaker carrier maker group agency department ministry "
                        "bureau".split())
_SURVEYORS = frozenset("economists analysts forecasters experts strategists traders investors "
                       "respondents".split())


# verbs of intention: their subject is who acts ("the United States was planning to share 2.5
# million doses"), not who states the figure; the statement is found further up ("…, Psaki said")
_INTENT_VERBS = frozenset("want plan intend decide seek hope".split())
_NOT_REPORTING = frozenset(inflections("continue"))  # "the U.S. continues to lead …": no report


@lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    words: set[str] = set()
    for verb in (*SPEECH_VERBS, *(BELIEF_VERBS - _INTENT_VERBS), *_FIGURE_VERBS):
        words |= inflections(verb)
    return frozenset(words - _NOT_REPORTING)


class MentionIndex:
    """The article's mentions, indexed once so that each look-up costs O(log n + hits).

    Looking a claim's span up by scanning every mention made attribution quadratic in article
    size (every claim times every mention); this index makes the claims of an article linear.
    It iterates like the plain sequence it wraps.
    """

    def __init__(self, mentions: Sequence[Mention]):
        self._all = list(mentions)
        self._by_start = sorted(self._all, key=lambda m: m.start)
        self._starts = [m.start for m in self._by_start]
        self._max_len = max((m.end - m.start for m in self._all), default=0)
        self._texts: frozenset[str] | None = None
        self._persons: dict[str, list[Mention]] = {}
        seen: set[str] = set()  # the first mention of each text: a repeat never makes a name fuller
        for m in self._all:
            if m.label == "PERSON" and m.text not in seen:
                seen.add(m.text)
                words = _strip_titles(re.sub(r"['’]s$", "", m.text).split())
                if words:
                    self._persons.setdefault(words[-1].lower(), []).append(m)

    def __iter__(self):
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def overlapping(self, start: int, end: int) -> list[Mention]:
        lo = bisect_left(self._starts, start - self._max_len)
        hi = bisect_left(self._starts, end)
        return [m for m in self._by_start[lo:hi] if m.end > start]

    def named(self, text: str) -> bool:
        """Whether some mention of the article is written exactly ``text``."""
        if self._texts is None:
            self._texts = frozenset(m.text for m in self._all)
        return text in self._texts

    def last_before(self, at: int, label: str) -> Mention | None:
        """The last mention with ``label`` ending before body offset ``at``."""
        hi = bisect_left(self._starts, at)
        for m in reversed(self._by_start[max(0, hi - 400):hi]):
            if m.label == label and m.end <= at:
                return m
        return None

    def persons_named(self, last: str) -> list[Mention]:
        return self._persons.get(last.lower(), [])


def index_mentions(mentions: Sequence[Mention]) -> MentionIndex:
    return mentions if isinstance(mentions, MentionIndex) else MentionIndex(mentions)


@dataclass(frozen=True)
class Source:
    name: str
    start: int  # body offsets of the mention the attribution rests on
    end: int


def _body_span(ps, tokens) -> tuple[int, int]:
    first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    return ps.body_span(first, last + 1)


def _np(tok) -> list:
    """The noun phrase of ``tok`` without relative clauses, appositions or conjuncts."""
    out = [tok]
    for child in tok.children:
        if child.i < tok.i and child.dep_ in ("compound", "amod", "nmod", "poss", "det", "case",
                                              "nummod", "punct"):
            out.extend(child.subtree)
        elif child.i > tok.i and child.dep_ in ("compound",):
            out.extend(child.subtree)
    return sorted(out, key=lambda t: t.i)


def fullest_person(name: str, mentions: Sequence[Mention]) -> str:
    """The fullest form of a person's name written in the article: "Blinken" -> "Antony Blinken"."""
    words = _strip_titles(name.split())
    if not words:
        return name
    last = words[-1].lower()
    best = " ".join(words)
    pool = mentions.persons_named(last) if isinstance(mentions, MentionIndex) else mentions
    for m in pool:
        if m.label != "PERSON":
            continue
        cand = _strip_titles(re.sub(r"['’]s$", "", m.text).split())
        if cand and cand[-1].lower() == last and len(" ".join(cand)) > len(best) and \
                all(w.lower() in (c.lower() for c in cand) for w in words):
            best = " ".join(cand)
    return best


def _strip_titles(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1 and words[i].lower().rstrip(",") in _PERSON_TITLES | {"of", "state",
                                                                                   "defense", "u.s.",
                                                                                   "us"}:
        i += 1
    return [w.strip(",") for w in words[i:]]


def _mention_at(mentions: Sequence[Mention], start: int, end: int, labels) -> Mention | None:
    best = None
    pool = mentions.overlapping(start, end) if isinstance(mentions, MentionIndex) else mentions
    for m in pool:
        if m.label in labels and m.start < end and start < m.end:
            if best is None or (m.end - m.start) > (best.end - best.start):
                best = m
    return best


def resolve_entity(ps, tok, mentions: Sequence[Mention]) -> Source | None:
    """The canonical entity a noun phrase headed by ``tok`` names, if any."""
    if tok.pos_ == "PRON":
        return None
    if tok.lower_ in _SURVEYORS:  # "economists surveyed by Dow Jones": the survey's owner
        for child in tok.children:
            if child.dep_ == "acl":
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                if pobj is not None:
                    return resolve_entity(ps, pobj, mentions)
        return None
    if tok.lower_ in _DOCUMENT_NOUNS:  # "the Labor Department's monthly jobs report": its author
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None:
            return resolve_entity(ps, owner, mentions)
        for child in tok.children:  # "results released by the company"
            if child.dep_ == "acl":
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                if pobj is not None:
                    return resolve_entity(ps, pobj, mentions)
        names = [c for c in tok.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
        if names:  # "new Customs and Border Protection figures"
            last = max(n.right_edge.i for n in names)
            start, end = ps.body_span(names[0].left_edge.i, last + 1)
            org = _mention_at(mentions, start, end, ("ORG", "GPE", "NORP"))
            if org is not None:
                named = ps.doc[names[0].i:last + 1]
                whole = named.text if len(named.text) > len(org.text) and all(
                    t.pos_ == "PROPN" or t.lower_ in ("and", "of", "&") for t in named) else None
                if whole:  # the whole name when the recogniser caught only its first word ("Customs")
                    return Source(whole, *ps.body_span(names[0].i, last + 1))
                return _resolve(ps, names[-1], mentions) or Source(org.text, org.start, org.end)
    if tok.lower_ in _BACK_NOUNS and isinstance(mentions, MentionIndex) and \
            any(c.lower_ == "the" for c in tok.children) and \
            not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children):
        # "the company": the organisation the article named last before it
        at = ps.body_span(tok.i, tok.i + 1)[0]
        org = mentions.last_before(at, "ORG")
        if org is not None:
            return Source(re.sub(r"^the\s+", "", org.text, flags=re.I), org.start, org.end)
    found = _resolve(ps, tok, mentions)
    if found is None and tok.lower_ in ("government", "administration") and not any(
            c.dep_ in ("amod", "compound", "poss") for c in tok.children):
        start, end = ps.body_span(tok.i, tok.i + 1)
        return Source(tok.lower_, start, end)  # "the government said": a source, no entity
    if found is None and tok.lower_ in _STATE_OUTLETS and any(
            c.dep_ in ("amod", "compound") and c.lower_ == "state" for c in tok.children):
        start, end = ps.body_span(tok.i - 1, tok.i + 1)
        return Source(f"state {_STATE_OUTLETS[tok.lower_]}", start, end)  # ", state media said"
    if found is not None:
        found = Source(plain_name(found.name), found.start, found.end)
    if found is None and tok.pos_ == "PROPN":
        # a name the tagger did not label ("the department's Bureau of Labor Statistics")
        toks = [t for t in tok.subtree if t.i >= tok.i and (t.pos_ == "PROPN" or (
            t.lower_ in ("of", "and", "&") and t.i + 1 < len(ps.doc) and ps.doc[t.i + 1].pos_ == "PROPN"))]
        span = [tok]
        for t in toks[1:]:
            if t.i == span[-1].i + 1:
                span.append(t)
        first = tok  # "Customs and Border Protection": proper nouns joined by and/of/& to the left
        doc = ps.doc
        while first.i > 0 and (doc[first.i - 1].pos_ == "PROPN" or (
                doc[first.i - 1].lower_ in ("and", "of", "&") and first.i > 1 and doc[first.i - 2].pos_ == "PROPN")):
            first = doc[first.i - 1] if doc[first.i - 1].pos_ == "PROPN" else doc[first.i - 2]
        if span[-1].i > first.i or (tok.text.isupper() and len(tok.text) >= 2):
            start, end = ps.body_span(first.i, span[-1].i + 1)
            found = Source(plain_name(ps.doc[first.i:span[-1].i + 1].text), start, end)
    return found


_STATE_OUTLETS = {"media": "media", "television": "television", "tv": "television", "radio": "radio"}
# a descriptor written before a name ("Drugmaker Pfizer") or after it ("the IRNA news agency")
_DESCRIPTOR_BEFORE = re.compile(r"^(?:drugmaker|automaker|carmaker|chipmaker|retailer|insurer|airline|"
                                r"broadcaster|regulator|lender|"
                                r"pharmaceutical\s+company)\s+(?=(?-i:[A-Z]))", re.I)
_DESCRIPTOR_AFTER = re.compile(r"\s+(?:news\s+agency|newspaper|broadcaster)$", re.I)


# a person's title or honorific written before the name ("President Trump", "Sen. Joe Manchin",
# "Secretary of State Antony Blinken", "Attorney General Merrick Garland"): a word that only
# ever titles a person opens the run; words that only continue a title may follow it
_NAME_TITLES = frozenset("""
president secretary minister senator sen. sens. rep. reps. representative congressman congresswoman
governor gov. mayor mr mr. mrs mrs. ms ms. dr dr. judge justice ambassador spokesman spokeswoman
spokesperson chancellor premier speaker commissioner attorney lt. gen. col. sgt. capt. adm. prof.
professor rev. pope king queen prince princess sheikh sir dame lord lady
""".split())
_TITLE_CONTINUED = frozenset("""
vice prime deputy general state of defense foreign interior health treasury homeland security
house senate majority minority leader chief justice u.s. us former then acting
""".split()) | _NAME_TITLES
# words of an organisation's name, never of a person's ("President Biden's administration")
_BODY_WORDS = frozenset("""
department ministry office house council committee administration government campaign party
university college foundation institute agency service commission bureau court
""".split())


def strip_title(name: str) -> str:
    """A person's name without the title before it: "President Trump" -> "Trump", "Sen. Joe
    Manchin" -> "Joe Manchin"; a name with no such title, or what would leave no person's name
    ("Prime Minister's Office", "General Motors"), is returned as it is."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and words[i].lower().strip(",") in _TITLE_CONTINUED:
        i += 1
    if not any(w.lower().strip(",") in _NAME_TITLES | {"leader"} for w in words[:i]):
        return name
    rest = [w.strip(",") for w in words[i:]]
    if len(rest) > 4 or rest[-1].lower() in _TITLE_CONTINUED or any(
            not w[:1].isupper() or "'" in w or "’" in w or w.lower() in _BODY_WORDS for w in rest):
        return name
    return " ".join(rest)


def plain_name(name: str) -> str:
    """A source's name without a descriptor or a person's title: "Drugmaker Pfizer" -> "Pfizer",
    "IRNA news agency" -> "IRNA", "President Trump" -> "Trump"."""
    plain = _DESCRIPTOR_AFTER.sub("", _DESCRIPTOR_BEFORE.sub("", name))
    plain = strip_title(re.sub(r"^[^()]*\)\s*", "", plain))  # "(CNN)The United States": a dateline's tail
    plain = re.sub(r"(?<=\w)['’]s$", "", plain)  # "the Interior Ministry's estimate": the ministry
    return plain if plain.strip() else name


def _resolve(ps, tok, mentions: Sequence[Mention]) -> Source | None:
    head = tok
    np = _np(head)
    start, end = _body_span(ps, np)
    head_span = ps.body_span(head.i, head.i + 1)
    person = _mention_at(mentions, *head_span, ("PERSON",))
    ent_person = head.ent_type_ == "PERSON"
    if person is None and not ent_person:
        found = gazetteer.canonical(ps.doc[np[0].i:np[-1].i + 1].text)
        if found:  # "the Biden administration": the head is no person
            return Source(found[0], start, end)
    if person is not None or ent_person:
        text = person.text if person is not None else " ".join(
            t.text for t in np if t.ent_type_ == "PERSON")
        if person is not None:
            start, end = person.start, person.end
        return Source(fullest_person(text, mentions), start, end)
    text = ps.doc[np[0].i:np[-1].i + 1].text
    for candidate in (text, head.text):
        found = gazetteer.canonical(candidate)
        if found:
            return Source(found[0], start, end)
    org = _mention_at(mentions, start, end, ("ORG", "GPE", "NORP"))
    if org is not None:
        found = gazetteer.canonical(org.text)
        if found:
            return Source(found[0], org.start, org.end)
        if org.label == "NORP":
            country = gazetteer.demonym_country(org.text)
            if country:
                return Source(country, org.start, org.end)
        elif org.label in ("ORG", "GPE") and org.start <= ps.body_span(head.i, head.i + 1)[0] < org.end:
            # an organisation, or a state or city that reports ("Florida on Sunday reported ...")
            return Source(re.sub(r"^the\s+", "", org.text, flags=re.I), org.start, org.end)
    for t in np:
        if t.ent_type_ == "NORP" or t.dep_ in ("amod", "compound"):
            country = gazetteer.demonym_country(t.text)
            if country:
                return Source(country, start, end)
    return None


def _according_to(ps, mentions) -> Source | None:
    for tok in ps.doc:
        if tok.lower_ == "according" and tok.i + 1 < len(ps.doc) and ps.doc[tok.i + 1].lower_ == "to":
            pobj = next((c for c in ps.doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return resolve_entity(ps, pobj, mentions)
    return None


def _subject(verb):
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.dep_ == "nsubjpass":
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        return pobj
    return subj


def find_source(ps, anchor, mentions: Sequence[Mention]) -> Source | None:
    """The source of the figure at token ``anchor``: "according to X", else the subject of the
    nearest reporting verb that governs the figure and names an entity ("Seoul assessed that
    ...", "the Pentagon has announced that ...", "..., the Biden administration said")."""
    found = _according_to(ps, mentions)
    if found:
        return found
    verbs = reporting_verbs()
    found = _passive_agent(ps, anchor, verbs, mentions)
    if found:
        return found
    node = anchor
    seen = 0
    clauses = 0  # verbs passed on the way up (conjuncts and open complements not counted)
    while node.head.i != node.i and seen < 30:
        child, node = node, node.head
        seen += 1
        if child.pos_ in ("VERB", "AUX") and child.dep_ not in ("conj", "xcomp"):
            clauses += 1
        if node.pos_ not in ("VERB", "AUX") or node.lower_ not in verbs:
            continue
        if node.lower_ in _EXPECT_FORMS() and clauses > 1:
            continue  # "expected X to fall 12.3% after March's reported 8.3% dive": not the 8.3%
        if child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "npadvmod") and \
                node.lower_ not in _FIGURE_VERB_FORMS():
            continue  # "the economy added 943,000 jobs": the figure is what is added, not said
        if node.lower_ in inflections("put") | inflections("place") and not _puts_figure(node):
            continue
        if node.lower_ in inflections("look") and not any(c.lower_ == "for" for c in node.children):
            continue  # "looking for 845,000 new jobs" reports a figure; "looks set" does not
        if node.lower_ not in _FIGURE_VERB_FORMS() and child.dep_ != "ccomp" and \
                any(c.dep_ == "dobj" for c in node.children):
            continue  # "added 943,000 jobs", "added a line": no report of the figure ("told reporters
            # that 40 people were killed" reports the clause it governs)
        subj = _subject(node)
        up = node
        while subj is None and up.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp") and \
                up.head.i != up.i:
            up = up.head  # "..., stating that": the subject of the verb it hangs on
            subj = _subject(up)
        if subj is None:
            continue
        source = resolve_entity(ps, subj, mentions)
        if source is not None:
            return source
    return _tail_attribution(ps, anchor, mentions)


def _passive_agent(ps, anchor, verbs: frozenset[str], mentions: Sequence[Mention]) -> Source | None:
    """A figure, or the noun it counts, followed by a reporting participle and its agent: "the
    5,200 announced by the Defense Department", "2,000 deaths reported by health officials",
    "a loss estimated by analysts at $3 billion" (the agent of a reporting verb, not of any verb:
    "troops deployed by the Pentagon" are sent, not reported)."""
    nodes = [anchor]
    if anchor.dep_ in ("nummod", "quantmod", "compound") and anchor.head.pos_ in ("NOUN", "PROPN", "NUM"):
        nodes.append(anchor.head)
    # "the Pentagon's estimate of 5,000 troops": the figure of a document its owner wrote
    top = nodes[-1]
    if top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.lower_ in _DOCUMENT_NOUNS:
        owner = next((c for c in top.head.head.children if c.dep_ == "poss"), None)
        if owner is not None:
            found = resolve_entity(ps, owner, mentions)
            if found is not None:
                return found
    for node in nodes:
        for child in node.children:
            if child.dep_ != "acl" or child.tag_ != "VBN" or child.lower_ not in verbs:
                continue
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            if pobj is not None:
                return resolve_entity(ps, pobj, mentions)
    return None


def _tail_attribution(ps, anchor, mentions: Sequence[Mention]) -> Source | None:
    """", the Bureau of Labor Statistics reported Friday." after the figure: a reporting verb
    with no object of its own that hangs on the main clause covers the whole sentence."""
    verbs = reporting_verbs()
    for tok in ps.doc[anchor.i + 1:]:
        if tok.pos_ not in ("VERB", "AUX") or tok.lower_ not in verbs:
            continue
        if tok.dep_ not in ("ROOT", "advcl", "parataxis", "conj", "ccomp") or \
                any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > tok.i for c in tok.children):
            continue
        if any(c.dep_ in ("npadvmod", "dobj", "attr") and any(t.like_num for t in c.subtree) for c in tok.children):
            continue  # "the Nasdaq Composite declined 4.6%": a move of its own, not a report
        subj = _subject(tok)
        if subj is None:  # ", Customs and Border Protection (CBP) announced Friday": a misparsed name
            k = tok.i - 1
            if k >= 0 and ps.doc[k].text == ")":
                while k >= 0 and ps.doc[k].text != "(":
                    k -= 1
                k -= 1
            subj = ps.doc[k] if k > anchor.i and ps.doc[k].pos_ == "PROPN" else None
        if subj is None or subj.i < anchor.i:
            continue
        source = resolve_entity(ps, subj, mentions)
        if source is not None:
            return source
    return None


def _puts_figure(verb) -> bool:
    """"put the figure at 12,000", "placed the number at ...": a figure, not "put pressure on"."""
    return any(c.dep_ == "dobj" and c.lower_ in ("figure", "number", "total", "toll", "it", "tally",
                                                  "count", "estimate", "magnitude")
               for c in verb.children)


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    name: str  # canonical place or border scope ("Kursk", "Russia", "Russia-Ukraine border")
    kind: str  # "border" | "region" | "country"
    borders: str | None = None  # a region said to border this country ("which borders Ukraine")


def border_name(a: str, b: str) -> str:
    x, y = sorted([a, b])
    return f"{x}-{y} border"


def _country_of(ps, tok, mentions) -> str | None:
    np = _np(tok)
    start, end = _body_span(ps, np)
    text = ps.doc[np[0].i:np[-1].i + 1].text
    found = gazetteer.canonical(text) or gazetteer.canonical(tok.text)
    if found and found[1] == "GPE":
        return found[0]
    country = gazetteer.demonym_country(tok.text)
    if country:
        return country
    m = _mention_at(mentions, start, end, _PLACE_LABELS)
    if m is not None:
        found = gazetteer.canonical(m.text)
        if found and found[1] == "GPE":
            return found[0]
    return None


def place_of(ps, tok, mentions: Sequence[Mention]) -> Place | None:
    """The place a prepositional object names: a country, a region, or a border."""
    low = tok.lower_
    if low in _BORDER_NOUNS:
        countries: list[str] = []
        for child in tok.subtree:
            if child.i == tok.i or child.pos_ not in ("PROPN", "NOUN", "ADJ"):
                continue
            country = _country_of(ps, child, mentions)
            if country and country not in countries:
                countries.append(country)
        return Place("border" if not countries else "|".join(countries), "border")
    if tok.pos_ not in ("PROPN", "NOUN"):
        return None
    np = _np(tok)
    start, end = _body_span(ps, np)
    if low in _REGION_NOUNS:
        names = [t for t in np if t.pos_ == "PROPN" and t.i != tok.i]
        if names:
            name = " ".join(t.text for t in names)
            found = gazetteer.canonical(name)
            kind = "country" if found and found[1] == "GPE" else "region"
            borders = _borders_clause(ps, tok, mentions)
            return Place(found[0] if found else name, kind, borders)
        return None
    country = _country_of(ps, tok, mentions)
    if country:
        return Place(country, "country")
    m = _mention_at(mentions, start, end, _PLACE_LABELS)
    if m is not None or tok.ent_type_ in _PLACE_LABELS:
        name = m.text if m is not None else tok.text
        name = re.sub(r"^the\s+", "", name, flags=re.I)
        name = re.sub(r"\s+(?:region|province|oblast|area|district)$", "", name, flags=re.I)
        return Place(name, "region", _borders_clause(ps, tok, mentions))
    return None


def _borders_clause(ps, tok, mentions) -> str | None:
    """"the Kursk region, which borders Ukraine" -> "Ukraine"."""
    for child in tok.children:
        if child.dep_ in ("relcl", "acl") and child.lower_ in ("borders", "bordering", "borders,"):
            obj = next((c for c in child.children if c.dep_ in ("dobj", "pobj", "attr")), None)
            if obj is not None:
                return _country_of(ps, obj, mentions)
    return None


def _loc_children(tok) -> list:
    out = []
    for child in tok.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in _LOC_PREPS:
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("acl", "relcl", "conj") and child.pos_ == "VERB":
            out.extend(_loc_children(child))
        elif child.dep_ == "prep" and child.lower_ == "with":
            # "with about 8,000 of them located in the Kursk region" belongs to another figure
            continue
    # "in Russia near Ukraine's border": a place inside a place
    nested = []
    for p in out:
        for child in p.children:
            if child.dep_ == "prep" and child.lower_ in _LOC_PREPS:
                nested.extend(c for c in child.children if c.dep_ == "pobj")
    return out + nested


def _clause_verb(tok):
    node = tok
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def find_place(ps, counted, anchor, mentions: Sequence[Mention]) -> Place | None:
    """Where the counted things are: a place attached to the counted noun or its clause."""
    verb = _clause_verb(anchor if counted is None else counted)
    candidates = _loc_children(counted) if counted is not None else []
    candidates += [p for p in _loc_children(verb) if p not in candidates]
    if anchor is not counted:
        candidates += [p for p in _loc_children(anchor) if p not in candidates]
    places = [pl for pl in (place_of(ps, p, mentions) for p in candidates) if pl is not None]
    countries = [pl.name for pl in places if pl.kind == "country"]
    if any(pl.kind == "border" and pl.name == "border" for pl in places):
        # "massed on the border with Belarus": the neighbour hangs on the verb
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "between"):
                for obj in prep.subtree:
                    country = _country_of(ps, obj, mentions) if obj.pos_ == "PROPN" else None
                    if country:
                        places = [Place(country, "border") if pl.name == "border" else pl
                                  for pl in places]
                        break
    for pl in places:
        if pl.kind == "border":
            named = [c for c in pl.name.split("|") if c and c != "border"]
            others = [c for c in countries if c not in named]
            if len(named) >= 2:
                return Place(border_name(named[0], named[1]), "border")
            if len(named) == 1 and others:
                return Place(border_name(others[0], named[0]), "border")
            if len(named) == 1:
                return Place(named[0] + " border", "border")
            return Place("border", "border")
    for pl in places:
        if pl.kind == "region":
            if pl.borders and countries and pl.borders != countries[0]:
                return Place(pl.name, "region", border_name(countries[0], pl.borders))
            return pl
    if places:
        return places[0]
    # "sending 10,000 troops to support Russian operations": whose side they join
    for tok in verb.subtree:
        if tok.lower_ in _SUPPORT_VERBS and tok.pos_ == "VERB":
            for obj in tok.children:
                if obj.dep_ in ("dobj", "pobj"):
                    for mod in obj.children:
                        if mod.dep_ in ("amod", "compound", "poss"):
                            country = gazetteer.demonym_country(mod.text) or (
                                (gazetteer.canonical(mod.text) or (None, None))[0])
                            if country:
                                return Place(country, "country")
    return None


def sender_country(ps, counted, mentions: Sequence[Mention]) -> str | None:
    """"North Korea has sent 10,000 troops": the subject of a sending verb whose object is counted."""
    node = counted
    for _ in range(3):
        if node.head.i == node.i:
            break
        if node.dep_ in ("dobj", "nsubjpass", "pobj") and node.head.lower_ in _SEND_VERBS:
            subj = next((c for c in node.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return _country_of(ps, subj, mentions)
            return None
        if node.dep_ == "pobj" and node.head.lower_ == "of":
            node = node.head.head  # "a total of 10,000 troops"
            continue
        break
    return None
