"""Direct quotes and reported speech of one article, with their speakers.

Direct quotes are the quoted spans of :mod:`newsdesk.nlp.quotemarks`. Each is tied to a speaker
by, in turn: a transcript turn label ("PENCE: …"), a dash signature ("” ― Sonya Herridge"), the
reporting cue in its sentence(s) — the cue the quotation depends on in the parse, else one standing
next to it —, the clause a colon ends ("McCaskill scolded him: “…”"), or the quotation it goes on
from ("adding, "…"", a quote paragraph after a quote paragraph). Short quoted phrases nobody is
reported to say are scare quotes ("a "no limits" partnership", "an "axis of evil""), and quoted
phrases in title case are names ("Face the Nation"); neither is kept.

Reported speech is a speech or belief verb with a clausal complement ("X said that …", "…, X
warned"), a naming verb whose objects hold a partial quote ("called Machado “disgusting”"), a
speech noun with a that-clause ("Trump's claim that …"), or "according to X" / "per X"; its
content is the complement.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from newsdesk.nlp import first_names
from newsdesk.lexicon.cues import BELIEF_VERBS, SPEECH_VERBS, cue_lemma, has_cue, position_forms
from newsdesk.nlp.quotemarks import QuoteSpan, quote_spans
from newsdesk.nlp.resolver import _person
from newsdesk.nlp.sentences import ParsedSentence
from newsdesk.nlp.speaking import DOCUMENT_NOUNS, can_speak, is_document
from newsdesk.nlp.speakers import (
    ArticleContext,
    Speaker,
    according_object,
    adjacent_speaker,
    stray_conjunct,
    is_cue,
    speaker_from_subject,
    subject_of,
)
from newsdesk.records import Quote

SHORT_QUOTE_WORDS = 5  # fewer words than this: a quoted phrase, speech only when attributed
_TITLE_WORDS = 12  # a quoted phrase up to this long in title case is a name (show, book, report)
_ADJACENT_CHARS = 80  # a cue unrelated in the parse must stand this close to the quote
_MIN_REPORTED_WORDS = 3
_QUOTED_SHARE = 0.7  # reported speech mostly in quotation marks is the direct quote itself
_TRAILING = " \t\n,.;:\u2014\u2013-"


def _body_pos(ps: ParsedSentence, tok) -> int:
    return ps.start + tok.idx


def _frame(ctx: ArticleContext, q: QuoteSpan) -> list[int]:
    """Sentence indices whose text frames the quote (where its cue may stand)."""
    end = q.close if q.close is not None else q.end
    para = ctx.paragraph_index(q.open)
    first, last = ctx.sentence_index(q.open), ctx.sentence_index(min(len(ctx.body) - 1, end + 3))
    while last > first and ctx.paragraph_index(ctx.sentences[last][0]) > ctx.paragraph_index(end):
        last -= 1  # never reach into the next paragraph
    idxs = [i for i in range(first, last + 1) if ctx.paragraph_index(ctx.sentences[i][0]) >= para or i == first]
    # "X said:" closing the sentence (or paragraph) before a quote that opens its own
    if first > 0 and ctx.body[ctx.sentences[first - 1][0] : ctx.sentences[first - 1][1]].rstrip().endswith(":"):
        idxs.insert(0, first - 1)
    return idxs


def _cue_candidates(ctx: ArticleContext, q: QuoteSpan, idxs: Sequence[int]):
    """Cues around a quote, ranked: 0 the quote depends on the cue ("X said …", "…," X said),
    1 the cue depends on the quote, 2 a speech verb merely standing near it."""
    end = q.close if q.close is not None else q.end
    out = []
    for si in idxs:
        ps = ctx.parsed.get(si)
        if ps is None:
            continue
        inside = [t for t in ps.doc if q.start <= _body_pos(ps, t) < q.end]
        roots = [t for t in inside if t.head.i == t.i or not (q.start <= _body_pos(ps, t.head) < q.end)]
        for tok in ps.doc:
            pos = _body_pos(ps, tok)
            if ctx.in_quote(pos):
                continue
            if not is_cue(tok):
                # a verb casting someone "as" the quoted words frames the quote ("Reid has gone
                # after Trump as a “human leech”")
                if tok.pos_ == "VERB" and _as_quoted(tok, roots):
                    out.append((0, q.open - pos if pos < q.open else max(0, pos - end), tok, ps))
                continue
            if any(tok.is_ancestor(r) for r in roots):
                rank = 0
            elif any(r.is_ancestor(tok) for r in roots):
                rank = 1
            elif tok.pos_ == "NOUN":
                continue  # "Trump's statement was "true"": a noun cue must govern the quote
            else:
                rank = 2
            dist = q.open - pos if pos < q.open else max(0, pos - end)
            if rank == 2 and dist > _ADJACENT_CHARS:
                continue
            out.append((rank, dist, tok, ps))
    out.sort(key=lambda c: (c[0], c[1]))
    return out


def _as_quoted(verb, roots) -> bool:
    """Whether a quotation depends on ``verb`` through "as" ("… Trump as a “con artist”"), the verb
    having a subject of its own."""
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "as" and any(c.is_ancestor(r) for r in roots) for c in verb.children)


_QUALITY = {"named": 0, "pronoun": 0, "label": 0, "nominal": 1, "unresolved": 2}
# a transcript turn: "PENCE: Well, look, …"
_TURN_LABEL = re.compile(r"([A-Z][A-Z.'\u2019 -]{1,40}[A-Z.]):\s")


_SIGNED_NAME = re.compile(r"[A-Z][\w'\u2019-]*\.?(?: [A-Z][\w'\u2019-]*\.?){1,3}(?=\s*(?:[.,]|$))", re.MULTILINE)
_DASH_SIGNATURE = re.compile(r"[^\S\n]*[\u2015\u2014\u2013-][^\S\n]*(?=[^\W\d_])")


def _signature(ctx: ArticleContext, pos: int) -> Speaker | None:
    """A quote signed with a dash: "”― Sonya Herridge" -> the name after the dash."""
    dash = _DASH_SIGNATURE.match(ctx.body, pos)
    if not dash:
        return None
    m = ctx.mention_at(dash.end())
    if m is not None and m.label == "PERSON":
        return _person(ctx, m)
    if m is not None and m.label in ("ORG", "GPE", "NORP"):
        return Speaker(m.text, m.start, m.end, status="named")
    name = _SIGNED_NAME.match(ctx.body, dash.end())
    if name:  # a signature the model did not read as a name
        return Speaker(name.group(), name.start(), name.end(), status="named", person=True)
    return None


def _attribute(
    ctx: ArticleContext, q: QuoteSpan, history: Sequence[Speaker], outer: Sequence[Quote] = ()
) -> tuple[Speaker, str | None, bool]:
    """(speaker, cue text, whether a cue was found) of a direct quote.

    The best-ranked cue with a subject decides; among cues of one rank a named speaker beats a
    description ("the advertisement"), which beats an unresolved pronoun, and nearer beats
    farther.
    """
    label = _TURN_LABEL.match(ctx.body, q.start)
    if label:
        return Speaker(label.group(1), label.start(1), label.end(1), status="label", person=True), None, True
    if q.close is not None:
        signed = _signature(ctx, q.outer_end)
        if signed:
            return signed, None, True
    end = q.close if q.close is not None else q.end
    options = []
    bare_cue: str | None = None
    for rank, dist, tok, ps in _cue_candidates(ctx, q, _frame(ctx, q)):
        subj = subject_of(tok)
        if subj is not None and ctx.in_quote(_body_pos(ps, subj)):
            subj = None  # quoted words ("an “axis of evil” threatening", a show's title) speak for nobody
        speaker = speaker_from_subject(ctx, ps, subj, history) if subj is not None else adjacent_speaker(ctx, ps, tok)
        if speaker is None and q.close is not None and _body_pos(ps, tok) > q.close:
            speaker = _name_after(ctx, q, _body_pos(ps, tok))
        if speaker is None:
            bare_cue = bare_cue or tok.text
            continue
        if speaker.status == "expletive":
            bare_cue = bare_cue or tok.text
            continue
        if _hypothetical(ctx, ps, tok, outer, speaker):
            continue
        # words in quotation marks are uttered: a verb of saying outranks one of believing or
        # wanting ("Mr. Obama said, a majority of Americans have come to believe "…"")
        belief = cue_lemma(tok.lower_) in BELIEF_VERBS and cue_lemma(tok.lower_) not in SPEECH_VERBS
        options.append((rank, belief, _QUALITY.get(speaker.status, 2), dist, speaker, tok.text))
    if options:
        rank = min(o[0] for o in options)
        best = min((o for o in options if o[0] == rank), key=lambda o: (o[1], o[2], o[3]))
        return best[4], best[5], True
    intro = _colon_intro(ctx, q, history)
    if intro is not None:
        return intro[0], intro[1], True
    if bare_cue is not None:
        return Speaker(None, status="none"), bare_cue, True
    return Speaker(None, status="none"), None, False


_AFTER_CLOSE = re.compile(r"[\s,]*(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?\s+)?")


def _name_after(ctx: ArticleContext, q: QuoteSpan, cue_pos: int) -> Speaker | None:
    """The name right after a quotation's closing mark, before its cue ("''…,'' Mr. Daniloff,
    now 81 and retired in Cambridge, Mass., said"), when the parse lost the cue's subject."""
    gap = _AFTER_CLOSE.match(ctx.body, q.outer_end)
    m = ctx.mention_at(gap.end()) if gap else None
    if m is None or m.start != gap.end() or m.end > cue_pos or m.label not in ("PERSON", "ORG"):
        return None
    return _person(ctx, m) if m.label == "PERSON" else Speaker(m.text, m.start, m.end, status="named")


def _colon_intro(ctx: ArticleContext, q: QuoteSpan, history: Sequence[Speaker]) -> tuple[Speaker, str] | None:
    """A quote introduced by a clause ending in a colon ("McCaskill scolded him: “…”", "Sanders
    made the following comment:" + a quote paragraph): the clause's subject speaks."""
    k = q.open - 1
    while k >= 0 and ctx.body[k].isspace():
        k -= 1
    if k < 0 or ctx.body[k] != ":":
        return None
    ps = ctx.parsed.get(ctx.sentence_index(k))
    if ps is None:
        return None
    before = [t for t in ps.doc if ps.start + t.idx < k and not t.is_punct]
    if not before:
        return None
    verb = before[-1]
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
    if subj is not None and not ctx.in_quote(_body_pos(ps, subj)):
        speaker = speaker_from_subject(ctx, ps, subj, history)
        if speaker.status != "expletive":
            return speaker, verb.text
    # a headline "Elizabeth Warren Hammers Wells Fargo CEO: ‘…’" parses badly: the name opening it
    opening = ctx.mentions_in(ps.start, k)
    if opening and opening[0].label == "PERSON" and not ctx.body[ps.start : opening[0].start].strip():
        m = opening[0]
        return _person(ctx, m), ":"
    return None


def _continues(ctx: ArticleContext, q: QuoteSpan, prev: Quote | None, prev_speaker: Speaker | None) -> bool:
    """Whether a quote with no speaker of its own goes on from the previous direct quote."""
    if prev is None or prev_speaker is None or not prev_speaker.attributed:
        return False
    if ctx.paragraph_index(q.open) - ctx.paragraph_index(prev.end) > 1:
        return False
    # nobody else named (outside quotations) between the two, apart from the words around the
    # previous speaker's own name ("said Kenneth Baer, who runs Crosscut Strategies")
    own = ctx.sentence_index(prev_speaker.start) if prev_speaker.start is not None else -1
    for m in ctx.mentions_in(prev.end, q.open):
        if m.label != "PERSON" or ctx.in_quote(m.start) or ctx.sentence_index(m.start) == own:
            continue
        if ctx.name_of(m) != prev_speaker.name:
            return False
    return True


_MINOR_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"})


def _is_title(text: str) -> bool:
    """A short quoted phrase in title case: the name of a show, book or event, not speech."""
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", text)]
    content = [w for w in words if w.lower() not in _MINOR_WORDS]
    return bool(content) and all(w[:1].isupper() for w in content) and not all(w.isupper() for w in content)


def _direct(
    ctx: ArticleContext, q: QuoteSpan, history: Sequence[Speaker], prev: tuple[Quote, Speaker] | None,
    outer: Sequence[Quote] = (),
) -> tuple[Quote, Speaker] | None:
    """The quote of a quoted span with its speaker, or None for a scare quote."""
    words = len(ctx.body[q.start : q.end].split())
    speaker, cue, has_cue = _attribute(ctx, q, history, outer)
    short = words < SHORT_QUOTE_WORDS
    if (
        not speaker.attributed
        and speaker.status == "none"
        and (has_cue or not short)
        and prev is not None
        and _continues(ctx, q, *prev)
    ):
        last = prev[1]
        speaker = Speaker(last.name, last.start, last.end, "continued", last.person)
    if words <= _TITLE_WORDS and _is_title(ctx.body[q.start : q.end]):
        return None  # a name in quotation marks ("Face the Nation", a report's title), not speech
    if short and not (speaker.attributed or (has_cue and speaker.status == "unresolved")):
        return None  # a scare quote, not speech
    quote = Quote(
        article=ctx.article,
        start=q.start,
        end=q.end,
        text=ctx.body[q.start : q.end],
        kind="direct",
        cue=cue,
        speaker=speaker.name,
        speaker_start=speaker.start if speaker.attributed else None,
        speaker_end=speaker.end if speaker.attributed else None,
    )
    return quote, speaker


def _trim(body: str, a: int, b: int) -> tuple[int, int]:
    while a < b and body[a] in _TRAILING:
        a += 1
    while b > a and body[b - 1] in _TRAILING:
        b -= 1
    return a, b


_OBJECT_DEPS = frozenset({"dobj", "oprd", "xcomp", "attr", "acomp", "dative"})
_OBJECT_PREPS = frozenset({"as", "to", "about", "of", "for"})
# a preposition that carries what is said on its own ("called for …", "warned against …",
# "complained about …"); others ("said to reporters", "spoke on Tuesday") only follow an object
_CONTENT_PREPS = frozenset({"for", "on", "against", "about", "of"})
# verbs whose object alone is a stance taken ("criticized the party's lack of …", "called for
# the ratification of …"); other speech verbs need a clause or infinitive in what they report
_STANCE_CUES = frozenset("""
criticize criticise praise condemn reject deny endorse blast slam attack defend mock decry dismiss
hail applaud laud accuse blame question call demand urge propose promise pledge vow chastise scold rebuke
""".split())
_HEDGES = frozenset({"may", "might", "could", "would", "should"})
_ADDRESSEE_CUES = frozenset({"tell", "inform", "brief", "assure", "remind"})
_PREP_CUES = frozenset({"call", "warn", "complain", "speak", "ask", "argue", "push", "urge", "question", "talk"})


_SUBORDINATORS = frozenset("when where while whenever because if unless as although though once until since before after".split())


def _complement(cue):
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    if clauses:  # two clauses (a misparse): the one after the cue ("X, who …, said she …")
        return next((c for c in clauses if c.i > cue.i), clauses[0])
    for child in cue.rights:  # "tweeted … that Machado was …" parsed as an adverbial clause
        if child.dep_ == "advcl" and child.left_edge.lower_ == "that":
            return child
        # "said after the convention he would not accept …": a clause with a subject of its own
        # and no conjunction of time, cause or condition is what was said
        if (
            child.dep_ == "advcl" and cue.pos_ == "VERB" and cue_lemma(cue.lower_) in SPEECH_VERBS
            and any(g.dep_ == "nsubj" for g in child.children)
            and not any(g.dep_ == "mark" for g in child.children)
            and not (child.left_edge.dep_ in ("advmod", "mark") and child.left_edge.lower_ in _SUBORDINATORS)
            and not _comma_between(cue, child.left_edge)
        ):
            return child
    for child in cue.children:
        if cue.pos_ == "NOUN" and child.dep_ in ("acl", "ccomp") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in child.children
        ):
            return child  # "Trump's claim that …"
    return None


def _object_content(cue) -> list:
    """The objects of a speech verb that say what was said or asked for: "urged supporters to
    monitor polling places", "called on Trump to stop …", "vowed to form a task force",
    "criticized the party's lack of …", "blasted him for not paying income tax"."""
    lemma = cue_lemma(cue.lower_)
    if lemma is None:
        return []
    speech = lemma in SPEECH_VERBS
    objects = [c for c in cue.rights if c.dep_ in _OBJECT_DEPS]
    preps = [c for c in cue.rights if c.dep_ == "prep" and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
    if not speech and _evidence(cue):
        # what a poll or a study shows or finds ("Polls show a close contest in the state"):
        # the object, and what follows it ("show Clinton with a lead …")
        objects = [c for c in objects if c.dep_ in ("dobj", "oprd", "xcomp")]
        first = min((o.i for o in objects), default=None)
        preps = [c for c in preps if first is not None and c.i > first and c.lower_ not in _SETTING_PREPS]
    elif not speech:
        # a belief or plan ("expects them to become …", "hopes to offset …"): the infinitive
        objects = [c for c in objects if c.dep_ in ("xcomp", "dobj") and any(o.dep_ == "xcomp" for o in cue.rights)]
        preps = []
    elif objects:
        if lemma in _ADDRESSEE_CUES:  # "told reporters about the plan": the object is the listener
            objects = [c for c in objects if c.dep_ not in ("dobj", "dative")]
        first = min((o.i for o in objects), default=cue.i)
        preps = [
            c for c in preps
            if (c.lower_ in _CONTENT_PREPS and lemma in _PREP_CUES)
            or (objects and c.lower_ in _OBJECT_PREPS | _CONTENT_PREPS and c.i > first)
        ]
    else:
        preps = [c for c in preps if c.lower_ in _CONTENT_PREPS and lemma in _PREP_CUES][:1]
    deps = objects + preps
    if not deps:
        return []
    deps += _infinitive_conjuncts(cue, deps)
    lo = min(c.left_edge.i for c in deps)
    hi = max(c.right_edge.i for c in deps)
    return list(cue.doc[lo : hi + 1])


_EVIDENCE_CUES = frozenset({"show", "find"})


def _evidence(cue) -> bool:
    """A verb of showing or finding whose subject is a document ("Polls show …", "the study
    found …"): it reports a finding, whatever the shape of its object."""
    if cue_lemma(cue.lower_) not in _EVIDENCE_CUES:
        return False
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.lower_ in DOCUMENT_NOUNS


def _infinitive_conjuncts(verb, deps) -> list:
    """Bare infinitives the parser joined to a finite verb instead of to its infinitive object
    ("wants to triple the program, grow the Peace Corps and create …": "grow" and "create" go on
    with "to triple"; a finite verb's own conjunct would be finite: "wanted …, grew …")."""
    xcomps = [d for d in deps if d.dep_ == "xcomp"]
    if not xcomps or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    first = min(x.i for x in xcomps)
    out = []
    for c in verb.children:
        if c.dep_ in ("conj", "dep") and c.i > first and c.tag_ == "VB" and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            out.append(c)
    return out


def _hypothetical(ctx: ArticleContext, ps: ParsedSentence, cue, outer: Sequence[Quote], speaker: Speaker) -> bool:
    """A cue in a non-finite clause inside what someone else reports: a statement that speaker
    expects or proposes, not one made ("Mook said the campaign expects Holt to insert himself
    … by calling out Trump for his “lies”": nothing Holt said)."""
    if cue.tag_ not in ("VBG", "VB") or cue.pos_ != "VERB" or cue.lower_ == "according":
        return False
    pos = _body_pos(ps, cue)
    return any(
        q.kind == "indirect" and q.speaker is not None and q.speaker != speaker.name and q.start <= pos < q.end
        for q in outer
    )


def _thing_inside_report(ps: ParsedSentence, cue, outer: Sequence[Quote], speaker: Speaker) -> bool:
    """A thing "saying" something inside what someone else reports ("…,” he told the group, adding
    that the phrase suggests a campaign has to …"): the words are the reporter's speaker's, not the
    phrase's."""
    if speaker.status != "nominal" or can_speak(speaker) or is_document(speaker):
        return False
    pos = _body_pos(ps, cue)
    return any(q.kind == "indirect" and q.speaker is not None and q.speaker != speaker.name and q.start <= pos < q.end for q in outer)


def _parenthetical(cue) -> bool:
    """A cue set into the clause it reports: "Too often, he said, the debate …", "Yet, as Mr.
    Bown observed, in the early days …"."""
    if cue.head.i == cue.i or _complement(cue) is not None:
        return False
    if cue.dep_ == "parataxis":
        return True
    return (
        cue.dep_ == "advcl" and cue.pos_ == "VERB" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
        and not any(c.dep_ in _OBJECT_DEPS or (c.dep_ == "prep" and not _comma_between(cue, c)) for c in cue.children)
    )  # not "… was emotional as she called for the ratification …": a clause of its own


def _comma_between(a, b) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.is_punct for t in a.doc[lo + 1 : hi])


def _parenthetical_content(ps: ParsedSentence, cue) -> list[list]:
    """The clause around a parenthetical cue ("Too often, Mr. Clarke said, the debate …"): the
    head clause without the cue's own words, as the parts before and after it."""
    head = cue.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head  # "The difference now, he told me, is that …": hung on the subject
    inner = set(range(cue.left_edge.i, cue.right_edge.i + 1))
    toks = [t for t in head.subtree if t.i not in inner]
    before = [t for t in toks if t.i < cue.left_edge.i]
    after = [t for t in toks if t.i > cue.right_edge.i]
    return [part for part in (before, after) if part]


def _reported_content(ctx: ArticleContext, ps: ParsedSentence, cue) -> list:
    """Tokens of what a cue reports: its clausal complement ("said (that) …"), or — for a verb
    of naming or describing with a partial quote in its objects — the objects ("called Machado
    “disgusting”", "described them as “super predators”"), or — for a speech verb — the objects
    that say what was urged, promised or criticised."""
    comp = _complement(cue)
    if comp is not None:
        toks = list(comp.subtree)
        stray = [c for c in comp.children if c.dep_ == "conj" and (stray_conjunct(c) or c).i == cue.i]
        if stray:  # "… that Machado was “disgusting” and encouraged Americans …": up to "and"
            stop = stray[0].left_edge.i
            ccs = [c.i for c in comp.children if c.dep_ == "cc" and c.i < stop]
            stop = max(ccs) if ccs and max(ccs) == stop - 1 else stop
            toks = [t for t in toks if t.i < stop]
        # "said A and B": a clause joined to the cue with a subject of its own says more
        more = [c for c in cue.rights if c.dep_ == "conj" and c.i > comp.i and c.pos_ in ("VERB", "AUX")
                and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) and not is_cue(c)]
        more += [c for c in cue.rights if c.dep_ == "ccomp" and c.i > comp.i]  # "A and B" read as two clauses
        # an adverbial clause after what is said qualifies it ("said there remains a difference,
        # when it comes to how many lawyers work …"), unless it is a cue of its own ("adding …")
        more += [c for c in cue.rights if c.dep_ == "advcl" and c.i > comp.right_edge.i and not is_cue(c)]
        more.sort(key=lambda c: c.i)
        if more:
            toks = list(cue.doc[comp.left_edge.i : more[-1].right_edge.i + 1])
        return toks[1:] if toks and (toks[0].dep_ == "mark" or toks[0].lower_ == "that") else toks
    if cue.pos_ == "NOUN":
        return []
    deps = [c for c in cue.rights if c.dep_ in _OBJECT_DEPS or (c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS)]
    if deps:
        lo = min(c.left_edge.i for c in deps)
        hi = max(c.right_edge.i for c in deps)
        toks = list(ps.doc[lo : hi + 1])
        if any(ctx.in_quote(_body_pos(ps, t)) for t in toks):
            return toks
    return _object_content(cue)


def _whole_quotations(ctx: ArticleContext, a: int, b: int) -> tuple[int, int]:
    """A report's span widened to hold whole any quotation it cuts ("… training in "artillery,
    UAVs" -> up to the quotation's closing mark): the longest faithful span, one quote."""
    spans, ordered = _near_spans(ctx, ctx.quoted, a)
    for qa, qb in spans:
        if ordered and qa >= b:  # sorted by start: no later quotation reaches the span
            break
        if qa < b <= qb - 1 and qa >= a:
            b = qb
        if qa < a < qb and qb <= b:
            a = qa
    return a, b


def _near_spans(ctx: ArticleContext, spans: Sequence[tuple[int, int]], a: int) -> tuple[Sequence[tuple[int, int]], bool]:
    """The spans from the first that may reach past ``a`` on, and whether they are sorted by start
    (then the caller stops at the first one starting past its own end). Spans starting more than
    the longest span's length before ``a`` end before it. Unsorted: all of them. Indexed once per
    list (the quotations of one article), so each look-up costs the spans near it."""
    index = ctx.cache.get(("spans", id(spans)))
    if index is None or index[0] is not spans:
        if all(x[0] <= y[0] for x, y in zip(spans, spans[1:])):
            index = (spans, [x[0] for x in spans], max((y - x for x, y in spans), default=0))
        else:
            index = (spans, None, 0)
        ctx.cache[("spans", id(spans))] = index
    _, starts, longest = index
    if starts is None:
        return spans, False
    return spans[bisect.bisect_left(starts, a - longest):], True


_DASHES = frozenset({"\u2014", "\u2013", "\u2015", "--", "-"})


def _without_gloss(toks: list) -> list:
    """What was said without the writer's gloss after a dash ("… the “suburbs of St.
    Petersburg” — a metaphor for the GOP’s abandonment of principle"): a dash followed by a
    noun phrase in apposition ends the content."""
    for k, t in enumerate(toks[:-1]):
        if t.text in _DASHES and toks[k + 1].head.dep_ == "appos" and toks[k + 1].head.left_edge.i == toks[k + 1].i:
            return toks[:k]
    return _without_tail(toks)


_RELATIVE_WORDS = frozenset({"which", "who", "whom", "whose"})


def _without_tail(toks: list) -> list:
    """What was said without what the writer appends after a comma at its end: a non-restrictive
    relative clause ("likened RT to the BBC, which receives some government funding") or the
    speaker's next report ("…, arguing that …", "…, adding …"), which is a report of its own."""
    if len(toks) < 3:
        return toks
    last = toks[-1].i if not toks[-1].is_punct else toks[-1].i - 1
    first = toks[0].i
    for k, t in enumerate(toks[1:], 1):
        if not toks[k - 1].text == ",":
            continue
        clause = t.head if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss") and t.head.dep_ == "relcl" else t
        if t.lower_ in _RELATIVE_WORDS and clause.dep_ == "relcl" and clause.left_edge.i == t.i:
            pass
        elif t.dep_ == "advcl" and t.tag_ == "VBG" and is_cue(t) and t.left_edge.i == t.i:
            clause = t
        elif t.head.dep_ == "appos" and t.head.left_edge.i == t.i and t.head.head.i < t.i:
            clause = t.head  # "… Rep. Don Beyer, a former lieutenant governor"
        else:
            continue
        if clause.right_edge.i >= last and k - 1 > 0 and toks[k - 2].i >= first:
            return toks[: k - 1]
    return toks


def _narrative(cue) -> bool:
    """A cue in the writer's framing of a conflict, not a report of what was said: "…, with
    Washington accusing Beijing of …", "amid claims of …"."""
    if cue.dep_ == "pcomp" and cue.head.lower_ in ("with", "amid", "amidst"):
        return not any(c.dep_ == "ccomp" for c in cue.children)
    return cue.pos_ == "NOUN" and cue.head.lower_ in ("amid", "amidst")


def _reported(
    ctx: ArticleContext,
    ps: ParsedSentence,
    tok,
    quoted: Sequence[tuple[int, int]],
    history: Sequence[Speaker],
    outer: Sequence[Quote] = (),
) -> tuple[Quote, Speaker] | None:
    """Reported speech introduced by the cue ``tok``: "X said (that) …", "according to X, …"."""
    pos = _body_pos(ps, tok)
    if tok.lower_ in ("according", "per"):
        clause = tok.head
        skip = set(range(tok.left_edge.i, tok.right_edge.i + 1))
        toks = [t for t in clause.subtree if t.i not in skip and not t.is_punct]
        if clause.i == tok.i:  # "According to X, the move …" parsed with "According" as the root
            obj = according_object(tok)
            if obj is None:
                return None
            # the source's own words ("X of Y"), not what the parser hung on it ("X, the move …")
            end = max([obj.i] + [c.right_edge.i for c in obj.children if c.i > obj.i and c.dep_ in ("prep", "compound")])
            toks = [t for t in tok.doc[end + 1 :] if not (t.is_punct and t.i == end + 1)]
        before = [t for t in toks if t.i < tok.left_edge.i]
        after = [t for t in toks if t.i > tok.right_edge.i or (clause.i == tok.i and t.i > tok.i)]
        toks = max(before, after, key=len)  # "…, according to X", "According to X, …"
    elif _parenthetical(tok):
        parts = _parenthetical_content(ps, tok)
        if not parts:
            return None
        # "Too often, he said, the debate …": the whole clause, the cue set in it (one span)
        words = [sum(not t.is_punct for t in part) for part in parts]
        toks = [t for part in parts for t in part] if min(words) > 1 else max(parts, key=len)
    elif _narrative(tok) or (tok.lower_ == "saying" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "without"):
        return None  # "…, with Washington accusing …"; "it goes without saying that …"
    else:
        toks = _reported_content(ctx, ps, tok)
        if not toks:
            return None
    # what a speech verb's objects hold ("urged X to …", "criticized the party's …") is speech
    # only when someone who can speak is its subject: not "The presence of troops adds a new
    # layer", not "troops are expected to engage"
    by_object = not (tok.lower_ in ("according", "per") or _parenthetical(tok) or _complement(tok) is not None)
    by_object = by_object and not any(ctx.in_quote(_body_pos(ps, t)) for t in toks)  # "called X “disgusting”"
    if by_object and (any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)):
        return None
    if by_object and any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _HEDGES) for c in tok.children):
        return None  # "Beijing may not endorse …": a stance not taken is nobody's statement
    if by_object and any(q.kind == "indirect" and q.start <= pos < q.end for q in outer):
        return None  # inside what someone else reports ("experts suggest that Beijing …")
    if by_object and cue_lemma(tok.lower_) not in _STANCE_CUES and not _evidence(tok) and not any(t.pos_ in ("VERB", "AUX") for t in toks):
        return None  # "emphasized the gravity of the situation": a topic, not a statement
    toks = _without_gloss(toks)
    if len(toks) < _MIN_REPORTED_WORDS:
        return None
    a, b = _trim(ctx.body, _body_pos(ps, toks[0]), _body_pos(ps, toks[-1]) + len(toks[-1].text))
    a, b = _whole_quotations(ctx, a, b)
    if b <= a or (a <= pos < b and not _parenthetical(tok)):
        return None
    inner = 0
    near, ordered = _near_spans(ctx, quoted, a)
    for s, e in near:
        if ordered and s >= b:
            break
        if s < b and a < e:
            inner += min(b, e) - max(a, s)
    if inner >= _QUOTED_SHARE * (b - a):
        return None  # the direct quotation is the whole of it
    subj = subject_of(tok)
    if subj is not None and ctx.in_quote(_body_pos(ps, subj)):
        subj = None
    speaker = speaker_from_subject(ctx, ps, subj, history) if subj is not None else adjacent_speaker(ctx, ps, tok)
    if speaker is None or speaker.status == "expletive":
        return None
    if _hypothetical(ctx, ps, tok, outer, speaker) or _thing_inside_report(ps, tok, outer, speaker):
        return None
    if by_object and not (can_speak(speaker) or (_evidence(tok) and is_document(speaker))):
        return None
    if tok.lower_ in ("according", "per") and not (can_speak(speaker) or is_document(speaker)):
        return None  # "overweight according to his body mass index": a measure, not a source
    if speaker.attributed and pos >= b and not by_object:
        a = _carried_back(ctx, ps, a, speaker)
    return _indirect_quote(ctx, a, b, "according to" if tok.lower_ == "according" else tok.text, speaker), speaker


def _indirect_quote(ctx: ArticleContext, a: int, b: int, cue: str, speaker: Speaker) -> Quote:
    """The indirect quote of body[a:b], credited to ``speaker`` (its span only when attributed)."""
    return Quote(
        article=ctx.article,
        start=a,
        end=b,
        text=ctx.body[a:b],
        kind="indirect",
        cue=cue,
        speaker=speaker.name,
        speaker_start=speaker.start if speaker.attributed else None,
        speaker_end=speaker.end if speaker.attributed else None,
    )


_WORDS = re.compile(r"[a-z]+")
# what a position verb holds: its object, clause or infinitive, or a preposition's object
# ("pointed to reports that …", "blamed … on the policies of …")
_POSITION_DEPS = frozenset({"dobj", "ccomp", "xcomp", "dative", "oprd", "prep"})
# prepositions of when and where a position was taken, not what it holds ("endorsed Trump during
# a prime-time speech", "supported Democrats during his time on MSNBC")
_SETTING_PREPS = frozenset({"during", "after", "before", "since", "until", "amid", "at", "throughout", "following", "in", "outside", "inside", "near"})


def _position(
    ctx: ArticleContext, ps: ParsedSentence, tok, history: Sequence[Speaker], outer: Sequence[Quote]
) -> tuple[Quote, Speaker] | None:
    """A position its subject takes or shows without words of saying (:data:`~newsdesk.lexicon.cues.
    POSITION_VERBS`: "Clinton unveiled a list of endorsements from 95 retired generals", "China had
    historically resisted such agreements"): reported, with the verb's objects as content, when the subject
    can speak, the position is not negated, hedged or passive, and it is no part of what someone
    else reports."""
    pos = _body_pos(ps, tok)
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None and tok.dep_ == "xcomp" and tok.head.pos_ == "VERB" and not is_cue(tok.head):
        subj = subject_of(tok)  # "Stumpf appeared to blame low-level workers …"
    if subj is None or ctx.in_quote(_body_pos(ps, subj)):
        return None
    if any(c.dep_ in ("neg", "auxpass") or (c.dep_ == "aux" and c.lower_ in _HEDGES) for c in tok.children):
        return None
    if any(q.kind == "indirect" and q.start <= pos < q.end for q in outer):
        return None
    deps = [c for c in tok.rights if c.dep_ in _POSITION_DEPS and not (c.dep_ == "prep" and c.lower_ in _SETTING_PREPS)]
    if not deps:
        return None
    deps += _infinitive_conjuncts(tok, deps)
    toks = _without_tail(list(ps.doc[min(c.left_edge.i for c in deps) : max(c.right_edge.i for c in deps) + 1]))
    if sum(not t.is_punct for t in toks) < _MIN_REPORTED_WORDS:
        return None
    speaker = speaker_from_subject(ctx, ps, subj, history)
    if speaker is None or speaker.status == "expletive" or not can_speak(speaker):
        return None
    surname = speaker.name.split()[-1] if speaker.person and speaker.name else None
    # the object's own name or its possessor ("Jones backed Jones's own campaign"), not a name
    # further in ("Trump retweeted a photo of Trump's wife" is Trump's)
    if surname and any(t.text == surname for d in deps if d.dep_ == "dobj" for t in _name_and_owner(d)):
        return None  # "… supported Texas Sen. Ted Cruz" credited to Cruz: a subject read wrong
    a, b = _trim(ctx.body, _body_pos(ps, toks[0]), _body_pos(ps, toks[-1]) + len(toks[-1].text))
    a, b = _whole_quotations(ctx, a, b)
    if b <= a:
        return None
    return _indirect_quote(ctx, a, b, tok.text, speaker), speaker


def _name_and_owner(noun) -> list:
    """A noun's own words: itself, the words compounded with it, and its possessor's."""
    out = [noun]
    for c in noun.children:
        if c.dep_ == "compound":
            out.append(c)
        elif c.dep_ == "poss":
            out += [c, *(g for g in c.children if g.dep_ == "compound")]
    return out


_MARKS = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb]|''")
_CARRY_SENTENCES = 3


def _carried_back(ctx: ArticleContext, ps: ParsedSentence, a: int, speaker: Speaker) -> int:
    """Where a report whose cue follows it ("…, Mr. Van Voorhis said.") begins when it opens its
    sentence: the sentences before it in the paragraph that go on with the same statement ("C2I's
    business is planting trees. The trees soak up carbon …. An acre of trees can convert 156 tons
    …, Mr. Van Voorhis said."), up to one that names the speaker (the introduction), holds a cue or
    a quotation, or opens the paragraph with a name."""
    if ctx.body[ps.start : a].strip(" \t\n\"\u201c'\u2018(["):
        return a  # the report does not open its sentence
    si = ctx.sentence_index(ps.start)
    para = ctx.paragraph_index(ps.start)
    start = a
    for k in range(si - 1, max(-1, si - 1 - _CARRY_SENTENCES), -1):
        s, e = ctx.sentences[k]
        if ctx.paragraph_index(s) != para:
            break
        text = ctx.body[s:e]
        if has_cue(text) or _MARKS.search(text) or ctx.in_quote(s):
            break
        if any(m.label == "PERSON" and ctx.name_of(m) == speaker.name for m in ctx.mentions_in(s, e)):
            break
        start = s
    return start


def find_quotes(ctx: ArticleContext) -> list[Quote]:
    """Direct quotes and reported speech of the article, in text order.

    Both are read in one pass through the text so that a pronoun can rest on the speaker of any
    quotation before it.
    """
    first_names.load()  # once per process: "he"/"she" may need first-name genders
    spans = quote_spans(ctx.body)
    ctx.quoted = sorted((q.open, q.outer_end) for q in spans)
    contents = [(q.start, q.end) for q in spans]
    events: list[tuple[int, int, object]] = [(q.open, 0, q) for q in spans]
    positions = position_forms()
    for si in sorted(ctx.parsed):
        ps = ctx.parsed[si]
        text = ctx.body[ps.start : ps.end]
        cues, held = has_cue(text), any(w in positions for w in _WORDS.findall(text.lower()))
        for tok in ps.doc if cues or held else ():
            if cues and is_cue(tok) and not ctx.in_quote(_body_pos(ps, tok)):
                events.append((_body_pos(ps, tok), 1, (ps, tok)))
            elif held and tok.lower_ in positions and tok.pos_ == "VERB" and not ctx.in_quote(_body_pos(ps, tok)):
                events.append((_body_pos(ps, tok), 2, (ps, tok)))
    events.sort(key=lambda e: (e[0], e[1]))
    quotes: list[Quote] = []
    history: list[Speaker] = []
    prev: tuple[Quote, Speaker] | None = None
    for _, kind, item in events:
        if kind == 0:
            found = _direct(ctx, item, history, prev, quotes)  # type: ignore[arg-type]
            if found:
                prev = found
        else:
            ps, tok = item  # type: ignore[misc]
            if kind == 1:
                found = _reported(ctx, ps, tok, contents, history, quotes)
            else:
                found = _position(ctx, ps, tok, history, quotes)
        if found:
            quotes.append(found[0])
            if found[1].attributed:
                history.append(found[1])
    return _once(quotes)


def _once(quotes: Sequence[Quote]) -> list[Quote]:
    """One statement, once: reported speech lying inside a longer report of the same speaker
    ("reports of troop presence as mere “rumors” inside "to dismiss reports … as mere “rumors"")
    is dropped, and so is a second quote of the same span. Direct quotes stay (the wording),
    even inside a report; the brief shows them inside it (:mod:`newsdesk.reconcile.quote_groups`)."""
    ordered = sorted(quotes, key=lambda q: (q.start, -q.end, q.kind))
    kept: list[Quote] = []
    # every kept quote starts at or before q (ordered by start), so "a kept report holds q" needs
    # only the furthest end of the kept reports: per speaker, and of those with a speaker that
    # start before q (work linear in the quotes, not quotes x quotes)
    spans: set[tuple[int, int, str]] = set()
    reach_of: dict = {}  # speaker -> furthest end of a kept report by them
    reach_before = reach_here = -1  # furthest end of kept reports with a speaker starting before q / at q
    here = None
    for q in ordered:
        if q.start != here:
            here, reach_before, reach_here = q.start, max(reach_before, reach_here), -1
        if (q.start, q.end, q.kind) in spans:
            continue
        if q.kind == "indirect" and reach_of.get(q.speaker, -1) >= q.end:
            continue
        if q.kind == "indirect" and _belief(q.cue) and reach_before >= q.end:
            continue  # "Smith said the union expected production to improve": Smith's statement
        kept.append(q)
        spans.add((q.start, q.end, q.kind))
        if q.kind == "indirect":
            reach_of[q.speaker] = max(reach_of.get(q.speaker, -1), q.end)
            if q.speaker is not None:
                reach_here = max(reach_here, q.end)
    # "…,” Rutte remarked …, according to the Associated Press" / "The Times reports Liz Cheney …,
    # saying …": the outlet is the sourcing of someone else's statement, which is the quote
    starts = [q.start for q in kept]  # kept is in start order
    kept = [q for q in kept if not _credit_only(q, kept, starts)]
    kept.sort(key=lambda q: (q.start, q.kind))
    return kept


def _belief(cue: str | None) -> bool:
    lemma = cue_lemma(cue or "")
    return lemma in BELIEF_VERBS and lemma not in SPEECH_VERBS


_CREDIT_CUES = frozenset({"according to", "per", "report", "reports", "reported", "reporting"})


def _credit_only(q: Quote, quotes: Sequence[Quote], starts: Sequence[int]) -> bool:
    """A credit ("according to …") holding another speaker's quote. ``quotes`` are in start
    order (``starts`` their starts), so only the quotes starting inside ``q`` are looked at."""
    if q.kind != "indirect" or (q.cue or "").lower() not in _CREDIT_CUES:
        return False
    for n in range(bisect.bisect_left(starts, q.start), bisect.bisect_right(starts, q.end + 2)):
        o = quotes[n]
        if o is not q and o.speaker is not None and o.speaker != q.speaker and o.end <= q.end + 2:
            return True
    return False


__all__ = ["SHORT_QUOTE_WORDS", "find_quotes"]
