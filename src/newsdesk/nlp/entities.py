"""Entity mentions of one article, and the canonical entities of a story.

Mentions come from spaCy's NER on the text it was given (see :mod:`newsdesk.nlp.extract`: windows
around names not seen before in the article), corrected with the gazetteer
(country aliases, capitals and metonyms, organisations) and with place-suffix rules ("Kursk
region": Kursk is a place, whatever the model said), then propagated by string look-up to every
sentence, so that a name the model found once is found everywhere in the article.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from newsdesk.lexicon import gazetteer
from newsdesk.nlp.lookup import NameTable, scan, tokens
from newsdesk.nlp.persons import PersonIndex, strip_titles
from newsdesk.nlp.sentences import ParsedSentence
from newsdesk.nlp.speaker_context import shared_surname
from newsdesk.records import Article, ArticleFacts, Entity, Mention
from newsdesk.textnorm import fold

KEEP_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC"})
# labels the small model gives places it does not know (Kursk -> PRODUCT, ORG, PERSON ...)
_PLACE_MISLABELS = frozenset({"PRODUCT", "ORG", "PERSON", "NORP", "WORK_OF_ART", "FAC", "LOC", "GPE", "EVENT", "LAW"})
_PLACE_SUFFIX = re.compile(r"(?:\s+border)?\s+(?:region|oblast|province|governorate|prefecture)\b", re.IGNORECASE)
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['\u2019]s?|[\s.,;:!?\"\u201c\u201d)(\[\]-]|\s(?:and|or|of|the|for|in|on))+$")
# "Secretary of State Antony Blinken": "State" names the office, not an organisation
_OFFICE_OF = re.compile(r"\b(?:Secretary|Minister|Ministry|Department|Secretariat|Office|Chief|Chiefs)\s+of\s+(?:the\s+)?$")
_NAME_BREAK = re.compile(r"\s+[-\u2013\u2014|]\s+|\s*\d")


@lru_cache(maxsize=1)
def _gazetteer_table() -> NameTable[tuple[str, str]]:
    return NameTable.build(gazetteer.aliases().items())


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the", a possessive ending and surrounding punctuation from a span."""
    text = body[start:end]
    lead = _LEADING_THE.match(text)
    if lead:
        start += lead.end()
        text = text[lead.end():]
    tail = _TRAILING.search(text)
    if tail and tail.start() > 0:
        # keep the final dot of an acronym ("U.S.")
        if not (text[tail.start():].startswith(".") and re.search(r"(?:^|[\s.])[A-Z]$", text[: tail.start()])):
            end = start + tail.start()
        elif len(text) > tail.start() + 1:
            end = start + tail.start() + 1
    return start, end


def _correct(body: str, start: int, end: int, label: str) -> tuple[int, int, str] | None:
    """A model entity with its span tidied and its label fixed, or None to drop it."""
    start, end = _trim(body, start, end)
    if end <= start:
        return None
    text = body[start:end]
    if label == "PERSON":
        start, end = strip_titles(body, start, end)
        cut = _NAME_BREAK.search(body, start, end)
        if cut:  # "Avijit Gupta - October 29": a byline run into its date
            end = cut.start()
        text = body[start:end]
        if end <= start or not text[:1].isupper() or any(c.isdigit() for c in text):
            return None
    suffix = _PLACE_SUFFIX.search(text)
    if suffix and suffix.start() > 0 and label in _PLACE_MISLABELS:
        end = start + suffix.start()  # "the Kursk region" -> "Kursk"
        return start, end, "GPE"
    if label in _PLACE_MISLABELS and _PLACE_SUFFIX.match(body, end):
        return start, end, "GPE"
    found = gazetteer.canonical(text)
    if not found and label != "PERSON" and _OFFICE_OF.search(body, max(0, start - 40), start):
        words = text.split()
        if len(words) >= 3 and all(w[:1].isupper() for w in words):
            # "Secretary of Defense Lloyd Austin" read as ORG "Defense Lloyd Austin": the office, then the name
            return start + len(text) - len(text.split(None, 1)[1]), end, "PERSON"
        return None
    if found and label != "PERSON":
        return start, end, found[1]
    if label not in KEEP_LABELS and not found:
        return None
    if found:  # a PERSON the gazetteer knows as a place: settled against the article's names later
        return start, end, "PERSON"
    if not text[:1].isupper() and label != "NORP":
        return None
    return start, end, label


class _Taken:
    """Which characters of a body already belong to a mention."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size)

    def hit(self, start: int, end: int) -> bool:
        return any(self._mask[start:end])

    def add(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)


def find_mentions(article_id: str, body: str, parsed: Sequence[ParsedSentence]) -> list[Mention]:
    """Every named-entity mention of an article body.

    ``parsed`` holds the spans the entity recogniser ran on; names found there, and the
    gazetteer's names, are then looked up in the whole body (cheap string matching), so text the
    recogniser did not read still gets its mentions.
    """
    model: list[tuple[int, int, str]] = []
    for ps in parsed:
        for ent in ps.doc.ents:
            fixed = _correct(body, ps.start + ent.start_char, ps.start + ent.end_char, ent.label_)
            if fixed:
                model.append(fixed)
    model = _settle_people(body, model)
    gaz = [(s, e, value) for s, e, value in scan(body, _gazetteer_table())]

    spans: list[tuple[int, int, str]] = []
    taken = _Taken(len(body))
    # gazetteer matches win over model spans, except over a longer proper name that holds them
    # ("Washington Post", "State Department"): extra capitalised words mean a different name.
    for s, e, (name, typ) in gaz:
        holders = [m for m in model if m[0] <= s and e <= m[1] and (m[0], m[1]) != (s, e)]
        if any(_longer_proper_name(body, m[0], m[1], s, e) for m in holders):
            continue
        spans.append((s, e, typ))
        taken.add(s, e)
    persons_multi = {body[s:e].split()[-1] for s, e, lab in model if lab == "PERSON" and " " in body[s:e]}
    for s, e, label in model:
        if taken.hit(s, e):
            continue
        if label == "PERSON" and " " not in body[s:e] and body[s:e] not in persons_multi:
            found = gazetteer.canonical(body[s:e])
            if found:  # "Pyongyang" read as a person by the model
                label = found[1]
        spans.append((s, e, label))
        taken.add(s, e)

    # propagate: every name seen anywhere in the article is looked up in the whole body
    known: dict[str, str] = {}
    for s, e, label in spans:
        text = body[s:e]
        known.setdefault(text, label)
        if label == "PERSON":
            words = text.split()
            if len(words) > 1 and words[-1][:1].isupper():
                known.setdefault(words[-1], "PERSON")
    table = NameTable.build(known.items())
    for s, e, label in scan(body, table):
        if not taken.hit(s, e):
            spans.append((s, e, label))
            taken.add(s, e)
    spans.sort()
    return [Mention(article_id, s, e, body[s:e], label) for s, e, label in spans]


def _settle_people(body: str, model: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Make the model's labels agree with the people it found elsewhere in the article.

    "Singh" tagged GPE where "Sabrina Singh" is a person is that person, and so is a "Trump"
    tagged ORG where another "Trump" was tagged PERSON; an ORG "Defense Lloyd Austin" ends with
    the person "Lloyd Austin" and is cut to it.
    """
    full = {body[s:e] for s, e, lab in model if lab == "PERSON" and len(body[s:e].split()) > 1}
    parts = {w for name in full for w in (name.split()[0], name.split()[-1])}
    parts |= {body[s:e] for s, e, lab in model if lab == "PERSON"}  # "Trump" read once as a person
    out = []
    for s, e, label in model:
        text = body[s:e]
        if label != "PERSON" and not gazetteer.canonical(text):
            holder = next((n for n in full if text.endswith(" " + n)), None)
            if holder:
                out.append((e - len(holder), e, "PERSON"))
                continue
            if text in parts:
                label = "PERSON"
        out.append((s, e, label))
    return out


def _longer_proper_name(body: str, hs: int, he: int, s: int, e: int) -> bool:
    extra = [t for _, _, t in tokens(body, hs, s)] + [t for _, _, t in tokens(body, e, he)]
    return bool(extra) and all(t[:1].isupper() or t.lower() in {"of", "for", "and", "the"} for t in extra)


# --------------------------------------------------------------------------- story level


def _place_name(text: str) -> str:
    suffix = _PLACE_SUFFIX.search(text)
    return text[: suffix.start()] if suffix and suffix.start() > 0 else text


def entity_key(mention: Mention, persons: PersonIndex) -> tuple[str, str]:
    """(canonical name, type) a mention belongs to, given the story's person names."""
    text = mention.text
    if mention.label == "PERSON" or (persons.knows(text) and not gazetteer.canonical(text)):
        return persons.canonical(text), "PERSON"
    found = gazetteer.canonical(text)
    if found:
        return found
    if mention.label in ("GPE", "LOC"):
        return _place_name(text), mention.label
    return fold(text, lower=False), mention.label


def build_entities(articles: Sequence[Article], facts: Sequence[ArticleFacts]) -> tuple[Entity, ...]:
    """Merge the mentions of a story into canonical entities (ids "e1"… by first appearance).

    People are merged by surname and compatible first names and named by the longest full name
    seen ("Blinken", "Secretary Blinken" -> "Antony Blinken"); countries, capitals acting as
    governments and organisations through the gazetteer ("Seoul" -> "South Korea").
    """
    order = {a.id: i for i, a in enumerate(articles)}
    ordered = sorted(facts, key=lambda f: order.get(f.article, len(order)))
    mentions = [m for f in ordered for m in sorted(f.mentions, key=lambda m: (m.start, m.end))]
    persons = PersonIndex.build(m.text for m in mentions if m.label == "PERSON")
    bodies = {a.id: a.body for a in articles}
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_article[m.article].append(m)
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    labels: dict[tuple[str, str], Counter] = defaultdict(Counter)
    first: list[tuple[str, str]] = []
    key_names: dict[tuple[str, str], str] = {}
    surname_memos: dict[str, dict] = {}  # per article: shared_surname's answers
    for m in mentions:
        name, typ = entity_key(m, persons)
        if typ == "PERSON" and persons.candidates(m.text) and m.article in bodies:
            # "Cheney" among Liz, Mary and Dick Cheney: the one named nearest in its paragraph,
            # else no entity at all (never a person of its own, never a guess)
            memo = surname_memos.setdefault(m.article, {})
            resolved = shared_surname(bodies[m.article], m, by_article[m.article], persons, None, memo)
            if resolved is None:
                continue
            name = resolved
        key = (fold(name), typ if typ == "PERSON" else "")
        if key not in groups:
            first.append(key)
            key_names[key] = name
        groups[key].append(m)
        labels[key][typ] += 1
    # one entity per name: a name read as ORG once and GPE twice is the GPE
    entities = []
    for i, key in enumerate(first, start=1):
        ms = groups[key]
        typ = labels[key].most_common(1)[0][0]
        name = entity_key(ms[0], persons)[0] if not persons.candidates(ms[0].text) else key_names[key]
        if typ != "PERSON":
            gaz = gazetteer.canonical(name)
            typ = gaz[1] if gaz else typ
        aliases = tuple(dict.fromkeys(m.text for m in ms if m.text != name))
        entities.append(Entity(id=f"e{i}", name=name, type=typ, aliases=aliases, mentions=tuple(ms)))
    return tuple(entities)
