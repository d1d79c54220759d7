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

import re
from collections.abc import Sequence
from dataclasses import replace

from newsdesk.lexicon import gazetteer
from newsdesk.lexicon.cues import cue_words, is_belief_verb, is_speech_noun, is_speech_verb
from newsdesk.nlp.persons import titles
from newsdesk.nlp.resolver import _person, _role_word, resolve_group_pronoun, resolve_pronoun, resolve_role
from newsdesk.nlp.sentences import ParsedSentence
from newsdesk.nlp.speaker_context import NO_SPEAKER, ArticleContext, Speaker
from newsdesk.records import ArticleFacts, Entity, Mention
from newsdesk.textnorm import fold

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
_CLIMB = frozenset({"advcl", "xcomp", "conj", "pcomp", "dobj", "pobj", "prep", "npadvmod", "attr", "oprd", "dative"})
_PERSONAL = frozenset({"he", "she"})
_OTHER_PRONOUNS = frozenset({"i", "we", "you", "they", "it", "this", "that", "these", "those", "one", "there",
                             "what", "whatever", "anybody", "anyone", "everybody", "everyone", "somebody",
                             "someone", "nobody", "something", "nothing"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_CUT_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl"})


# --------------------------------------------------------------------------- cues


def is_cue(tok) -> bool:
    """A reporting cue: a speech/belief verb, a speech noun, "according" (to), "per" (the
    report), "put" (it) as in "as X put it", or "went on" as in "…,” Trump went on, “…”."""
    low = tok.lower_
    if low in ("put", "puts"):
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "it"
    if low in ("went", "goes", "go"):  # "…,” Trump went on, “…”: talking on
        doc = tok.doc
        return tok.i + 2 <= len(doc) - 1 and doc[tok.i + 1].lower_ == "on" and doc[tok.i + 2].is_punct
    if low == "per":
        return tok.dep_ == "prep" and any(c.dep_ == "pobj" for c in tok.children)
    if low not in cue_words():
        return False
    if low == "according":
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
    if tok.pos_ in ("VERB", "AUX") or (not tok.pos_ and tok.dep_ in ("ROOT", "advcl", "ccomp", "conj", "xcomp")):
        return is_speech_verb(low) or is_belief_verb(low)
    if tok.pos_ == "NOUN":
        return is_speech_noun(low) or _verb_read_as_noun(tok)
    return False


def _verb_read_as_noun(tok) -> bool:
    """A speech verb the tagger read as a plural noun after a name, ending its clause
    ("…,” Conway notes.", "…,” Smith adds,")."""
    doc = tok.doc
    return (
        tok.lower_.endswith("s") and is_speech_verb(tok.lower_) and tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN"
        and (tok.i + 1 == len(doc) or doc[tok.i + 1].is_punct)
    )


def subject_of(cue):
    """The token naming who speaks through ``cue``, or None; "it" of "it was reported" included."""
    cur = stray_conjunct(cue) or cue
    for _ in range(5):
        if cur.lower_ == "per":
            return next((obj for obj in cur.children if obj.dep_ == "pobj"), None)
        if cur.lower_ == "according":
            return according_object(cur)
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
            # "Blinken, speaking in Washington, …", "a letter saying …"; not "the courts have
            # no business deciding …"
            return cur.head if _may_voice(cur.head) else None
        if cur.dep_ == "xcomp" and cur.head.i != cur.i:
            # "forced Stumpf to admit …", "urged Americans to say …": the object does it
            obj = next((c for c in cur.head.children if c.dep_ in ("dobj", "dative") and c.i < cur.i), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
                return obj
        if cur.dep_ in _CLIMB and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def stray_conjunct(cue):
    """The cue a subjectless speech verb really goes with when the parser joined it to the
    clause another cue reports ("Trump tweeted that Machado was “disgusting” and encouraged
    Americans to …": "encouraged" is Trump's, not Machado's), else None."""
    if cue.dep_ != "conj" or not is_cue(cue) or any(c.dep_ in _SUBJECTS for c in cue.children):
        return None
    clause = cue.head
    if clause.dep_ not in ("ccomp", "advcl") or not is_cue(clause.head) or is_cue(clause):
        return None
    return clause.head


def according_object(tok):
    """The X of "according to X": the object of "to", or the words the parser read as a clause
    ("according to show insiders" with "show" a verb: its object's phrase)."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is not None:
        return obj
    clause = next((c for c in to.children if c.dep_ == "pcomp"), None)
    if clause is not None:
        return next((c for c in clause.children if c.dep_ == "dobj"), clause)
    return None


# nouns that may voice what an attached participle says ("a letter saying …", "the group,
# arguing …"), besides names, role words and speech nouns
_VOICING_NOUNS = frozenset("""
letter report study poll survey filing complaint lawsuit memo ad advertisement video campaign group
party committee union company agency department ministry government administration official officials
spokesman spokeswoman spokesperson source sources aide aides people critics supporters lawmakers
""".split())


def _may_voice(tok) -> bool:
    return (
        tok.pos_ == "PROPN" or bool(tok.ent_type_) or is_speech_noun(tok.lower_)
        or tok.lower_ in titles().roles or tok.lower_ in _VOICING_NOUNS
    )


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
    if subj.pos_ in ("CCONJ", "PUNCT", "ADP", "DET", "PART"):
        return Speaker(None, status="unresolved")  # a misparse ("… and encourage …" with "and" as subject)
    s_pos = ps.start + subj.idx
    span = (s_pos, s_pos + len(subj.text))
    if low in _RELATIVE and subj.head.dep_ == "relcl":
        # "Guterres, who said …" -> Guterres, named through "who" (as a pronoun names its person)
        antecedent = subj.head.head
        if antecedent.i == subj.i or ctx.in_quote(ps.start + antecedent.idx):
            return Speaker(None, *span, status="unresolved")  # a quoted phrase "which …" stands for
        found = speaker_from_subject(ctx, ps, antecedent, history)
        if not found.attributed or (found.name or "").lower() in _RELATIVE:
            return Speaker(None, *span, status="unresolved")
        return replace(found, start=span[0], end=span[1])
    if low in _RELATIVE:
        return Speaker(None, *span, status="unresolved")  # "which" the parser made an object
    if low in _PERSONAL or (low in ("his", "her") and subj.dep_ == "poss"):  # "his prediction that …"
        return resolve_pronoun(ctx, span, history)
    if low in ("its", "their") and subj.dep_ == "poss":
        return resolve_group_pronoun(ctx, span, history)
    if low in _OTHER_PRONOUNS:
        if low in ("it", "there") and subj.dep_ in ("nsubjpass", "expl", "nsubj") and _expletive(subj):
            return Speaker(None, *span, status="expletive")
        if low in ("it", "they"):
            return resolve_group_pronoun(ctx, span, history)
        return Speaker(None, *span, status="unresolved")
    if is_speech_noun(low):  # "public statements from North Korean officials": the officials speak
        source = next((g for c in subj.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                       for g in c.children if g.dep_ == "pobj"), None)
        if source is not None:
            return speaker_from_subject(ctx, ps, source, history)
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
    if head_mention is not None and head_mention.label != "PERSON":
        name = _proper_name(ctx, ps, subj, head_mention)
        if name is not None:  # "the Express US": a name of its own around the place it holds
            return Speaker(ctx.body[name[0] : name[1]], name[0], name[1], status="named")
    if head_mention is not None and ctx.person_of(head_mention):
        return Speaker(ctx.person_of(head_mention), head_mention.start, head_mention.end, status="named", person=True)
    if head_mention is not None:
        found = gazetteer.canonical(head_mention.text)
        country = gazetteer.demonym_country(head_mention.text) if head_mention.label == "NORP" else None
        if country and head_mention.text == subj.text and subj.text.lower().endswith("s"):
            country = None  # "Mexicans often say …": the people, not their state
            found = None
        name = found[0] if found else (country or head_mention.text)
        person = country is None and _surname_like(head_mention, found)
        return Speaker(name, head_mention.start, head_mention.end, status="named", person=person)
    role = _role_word(ps.doc[np_left:np_right])
    if role:
        person = resolve_role(ctx, na, role)
        if person:
            return Speaker(person.name, na, nb, status="named", person=True)
    return Speaker(np_text, na, nb, status="nominal")


# what may stand between a name and its cue: "Flynn, a top surrogate, said", "Cummings (D-Md.) said"
_LEFT_GAP = re.compile(r"(?:\s*\([^()]{1,30}\))?(?:\s*,[^,.;:!?\"\u201c\u201d]{1,90},)?\s*")
_RIGHT_GAP = re.compile(r"\s+")  # "said Kenneth Baer"
_TITLE_GAP = re.compile(r"(?:\s+[\w.'\u2019-]+){1,6}\s+")  # "said House Speaker Paul Ryan"
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
    # "said Oversight ranking Democrat Elijah Cummings": a person after a title of a few words
    person = next((m for m in after[:3] if m.label == "PERSON"), None)
    if person is not None and _TITLE_GAP.fullmatch(ctx.body, end, person.start):
        return _named(ctx, person)
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
    person = ctx.person_of(m)
    if person:  # "Fiorina" read as an organisation beside "Carly Fiorina"
        return Speaker(person, m.start, m.end, status="named", person=True)
    found = gazetteer.canonical(m.text)
    return Speaker(found[0] if found else m.text, m.start, m.end, status="named", person=_surname_like(m, found))


def _proper_name(ctx: ArticleContext, ps: ParsedSentence, subj, mention: Mention) -> tuple[int, int] | None:
    """The span of a proper-noun subject ("Express US", "Wall Street Journal") when it runs past
    the place or organisation mention inside it, and no gazetteer knows the whole; else None."""
    run = [subj] + [c for c in subj.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    lo, hi = min(t.i for t in run), max(t.i for t in run)
    if any(ps.doc[k].pos_ != "PROPN" for k in range(lo, hi + 1)):
        return None
    a = ps.start + ps.doc[lo].idx
    b = ps.start + ps.doc[hi].idx + len(ps.doc[hi].text)
    if a >= mention.start and b <= mention.end:
        return None
    if gazetteer.canonical(ctx.body[a:b]) is not None:
        return None
    return a, b


def _surname_like(m: Mention, known) -> bool:
    """A lone capitalised word the recogniser called a place that no gazetteer knows, speaking:
    a surname ("DuVernay said"), so a later "she" may stand for it."""
    word = m.text.strip()
    return (
        m.label == "GPE" and known is None and " " not in word and word[:1].isupper()
        and not word.isupper() and gazetteer.demonym_country(word) is None
    )


def _possessors(ps: ParsedSentence, subj) -> list[int]:
    """Body offsets of the owners in a subject ("Scott's relatives", "Obama's strategist", and
    a name modifying a common noun: "the Clinton campaign", "a Trump spokesman"): named there,
    but not the ones speaking."""
    out = []
    for tok in subj.subtree:
        if tok.head.i == subj.i and (tok.dep_ == "poss" or (tok.dep_ == "compound" and subj.pos_ == "NOUN")):
            out.extend(ps.start + t.idx for t in tok.subtree)
    return out


def _expletive(tok) -> bool:
    """"It was reported that …", "it seems that …": no speaker. "…,” it added" (a speech verb in
    the active) has one: the organisation or publication the pronoun stands for."""
    head = tok.head
    if any(c.dep_ in ("auxpass",) for c in head.children):
        return True
    return not is_speech_verb(head.lower_) and any(c.dep_ == "ccomp" for c in head.children)


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
    "according_object",
    "adjacent_speaker",
    "is_cue",
    "resolve_pronoun",
    "resolve_role",
    "speaker_from_subject",
    "subject_of",
]
