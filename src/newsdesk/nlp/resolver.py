"""Speakers named by reference: "he"/"she", "they"/"it", and titled descriptions ("the
secretary", "the Vermont senator", "Mr. McKinley"), resolved inside one article like a careful
reader does, never across articles, and left unresolved (null) when two candidates fit.

* he/she -> the single person of compatible gender the preceding context supports (see
  :func:`resolve_pronoun`);
* they/it -> the single organisation or group (not a person) speaking or named as a subject in
  the current or previous paragraph (:func:`resolve_group_pronoun`);
* a role noun -> the one person the article introduced with that role before it, of the gender
  the role word implies (:func:`resolve_role`); two such people -> unresolved.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from newsdesk.nlp.persons import titles
from newsdesk.nlp.speaker_context import ArticleContext, Speaker
from newsdesk.records import Mention
from newsdesk.textnorm import fold

_ROLE_WINDOW = 8  # words before/after a name searched for its role
_OPENING_WORDS = 4  # a name within the first words of a sentence is taken as its subject
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_PREVIOUS_SENTENCES = 3  # sentences of the previous paragraph a he/she may reach back to
_PARAGRAPH_SENTENCES = 12  # and of its own paragraph (news paragraphs have 1-4; a text on one line has them all)


def _person(ctx: ArticleContext, mention: Mention) -> Speaker:
    name = ctx.name_of(mention)
    if name is None:  # a surname several people share, none of them named nearby
        return Speaker(None, mention.start, mention.end, status="unresolved", person=True)
    return Speaker(name, mention.start, mention.end, status="named", person=True)


def _role_word(span) -> str | None:
    roles = titles().roles
    for tok in reversed(span):
        if tok.lower_ in roles:
            return tok.lower_
    return None


# a title written before a name, as the role word it stands for ("Sen. Bernie Sanders")
_ROLE_OF_TITLE = {"sen.": "senator", "sen": "senator", "rep.": "representative", "gov.": "governor",
                  "gen.": "general", "adm.": "admiral", "secretary-general": "secretary-general"}
# role words that name the same office ("the congresswoman" is the "Rep." of the article)
_SAME_ROLE = {"congressman": "representative", "congresswoman": "representative", "spokeswoman": "spokesperson",
              "spokesman": "spokesperson", "chairwoman": "chair", "chairman": "chair", "lawmaker": "representative"}
_ROLE_GENDER = {"congressman": "m", "spokesman": "m", "chairman": "m", "king": "m",
                "congresswoman": "f", "spokeswoman": "f", "chairwoman": "f", "queen": "f"}
_ROLE_PARAGRAPHS = 2  # a role resolves to the one person introduced with it this many paragraphs back


def resolve_role(ctx: ArticleContext, pos: int, role: str) -> Speaker | None:
    """The person introduced with ``role`` before ``pos`` ("spokesperson Sabrina Singh", "Bernie
    Sanders, the Vermont senator", "Vermont Sen. Bernie Sanders" for "the senator").

    The candidates are the distinct people named with that role (within a few words of the name,
    same sentence) and of the gender a gendered role implies ("the congressman"). The nearest one
    before (in the current or the two previous paragraphs, else anywhere before) is it, unless
    another one was introduced in that same paragraph: two that fit equally leave it None
    (unresolved, never a guess).
    """
    gender = _ROLE_GENDER.get(role)
    para = ctx.paragraph_index(pos)
    near: list[Mention] = []
    far: list[Mention] = []
    by_role = _roles_named(ctx)
    found = sorted({*by_role.get(role, ()), *by_role.get(_SAME_ROLE.get(role), ())})  # positions in ctx.mentions
    for m in (ctx.mentions[n] for n in found if ctx.mentions[n].end <= pos):
        name = ctx.name_of(m)
        if name is None or (gender and (ctx.gender(name) or gender) != gender):
            continue
        (near if para - ctx.paragraph_index(m.start) <= _ROLE_PARAGRAPHS else far).append(m)
    for group in (near, far):
        if not group:
            continue
        latest = group[-1]
        rivals = {ctx.name_of(m) for m in group if ctx.paragraph_index(m.start) == ctx.paragraph_index(latest.start)}
        return _person(ctx, latest) if len(rivals) == 1 else None  # two fit equally: unresolved
    return None


def _roles_named(ctx: ArticleContext) -> dict[str, list[int]]:
    """Role word -> the positions in ``ctx.mentions`` of the people named with it (within a few
    words of the name, same sentence), worked out once per article: a role noun then looks at its
    own candidates, not at every person the article names."""
    found = ctx.cache.get("roles")
    if found is not None:
        return found
    found = {}
    for n, m in enumerate(ctx.mentions):
        if m.label != "PERSON":
            continue
        sent = ctx.sentences[ctx.sentence_index(m.start)]
        before = ctx.body[sent[0] : m.start].split()[-_ROLE_WINDOW:]
        after = ctx.body[m.end : sent[1]].split()[:_ROLE_WINDOW]
        words = {fold(w).strip(",.;:()'\"") for w in before + after}
        words |= {_ROLE_OF_TITLE[w] for w in (fold(x) for x in before[-2:]) if w in _ROLE_OF_TITLE}
        words |= {_SAME_ROLE[w] for w in list(words) if w in _SAME_ROLE}
        for word in words:
            found.setdefault(word, []).append(n)
    ctx.cache["roles"] = found
    return found


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
    # the current paragraph up to the pronoun and the last sentences of the previous one (a
    # quotation's sentences in between do not push the previous paragraph out of reach)
    last_prev = ctx.sentence_index(ctx.paragraph_starts[pi] - 1) if pi > 0 else 0
    window = max(ctx.paragraph_starts[max(0, pi - 1)], ctx.sentences[max(0, last_prev - _PREVIOUS_SENTENCES + 1)][0])
    window = min(window, ctx.paragraph_starts[pi], ctx.sentences[max(0, si - 1)][0])
    reach = ctx.sentences[max(0, si - _PARAGRAPH_SENTENCES)][0]
    if reach > ctx.paragraph_starts[pi]:  # a paragraph of many sentences (one line of a whole text)
        window = reach

    def fits(name: str | None) -> bool:
        known = ctx.gender(name)
        return gender is None or known is None or known == gender

    people = [
        (m.start, _named_as(ctx, m, gender))
        for m in ctx.mentions_in(window, pos)
        if not ctx.in_quote(m.start) and _named_as(ctx, m, gender) and not _modifier(ctx.body, m)
    ]

    def quoted_here(h: Speaker) -> bool:
        return bool(h.person and h.name and h.start is not None and h.start < pos and fits(h.name))

    # the people quoted in the window, and the latest one quoted before the pronoun (history is
    # the article's speakers so far: looked up by position, not read whole for every pronoun)
    people += [(h.start, h.name) for h in _spoken_between(ctx, history, window, pos) if quoted_here(h)]
    last = _latest_quoted(ctx, history, pos, gender)
    distinct = [n for n in dict.fromkeys(name for _, name in sorted(people)) if fits(n)]
    sentence_start = ctx.sentences[si][0]
    own = {name for at, name in people if at >= sentence_start and fits(name)}
    name: str | None = None
    if len(distinct) == 1:
        name = distinct[0]
    elif len(own) == 1:
        # the one person of the pronoun's own sentence before it ("Oz's advice earned him the
        # attention of Congress, where he appeared …"): nearer than an earlier speaker
        name = next(iter(own))
    elif distinct:
        para_start = ctx.paragraph_starts[pi]
        # a new paragraph that brings in its own subject ("Raynard Jackson, a consultant, is a
        # Virginia resident who … “…,” he said"): that person, not one quoted a paragraph before
        here = _latest_subject(ctx, max(window, para_start), pos) if last is None or last.start < para_start else None
        if here is not None and here in distinct:
            name = here
        elif last is not None and last.name in distinct and last.start >= window:
            name = last.name
        else:
            subject = _latest_subject(ctx, window, pos)
            name = subject if subject is not None and fits(subject) else None
    elif last is not None and pi - ctx.paragraph_index(last.start) <= 2:
        name = last.name
    if name is None:
        return Speaker(None, *span, status="unresolved")
    return Speaker(name, *span, status="pronoun", person=True)


def _spoken_between(ctx: ArticleContext, history: Sequence[Speaker], lo: int, hi: int) -> list[Speaker]:
    """The speakers of ``history`` whose mention starts in [lo, hi), in history order. ``history``
    only grows (one speaker per quote found), so its positions are indexed as it grows."""
    index = ctx.cache.get("history")
    if index is None or index[0] is not history or index[2] > len(history):
        index = (history, [], 0)
    _, keys, seen = index
    for n in range(seen, len(history)):
        if history[n].start is not None:
            bisect.insort(keys, (history[n].start, n))
    ctx.cache["history"] = (history, keys, len(history))
    a, b = bisect.bisect_left(keys, (lo, -1)), bisect.bisect_left(keys, (hi, -1))
    return [history[n] for n in sorted(n for _, n in keys[a:b])]


def _latest_quoted(ctx: ArticleContext, history: Sequence[Speaker], pos: int, gender: str | None) -> Speaker | None:
    """The latest speaker of ``history`` (in history order) who is a named person quoted before
    ``pos`` and may be of ``gender``: what a backward pass over ``history`` finds first. The
    speakers are kept by known gender as ``history`` grows, so a "she" in a text of men looks
    only at the women and the people of unknown gender, not at every speaker so far."""
    index = ctx.cache.get("quoted")
    if index is None or index[0] is not history or index[2] > len(history):
        index = (history, {}, 0)
    _, by_gender, seen = index
    for n in range(seen, len(history)):
        h = history[n]
        if h.person and h.name and h.start is not None:
            by_gender.setdefault(ctx.gender(h.name), []).append(n)
    ctx.cache["quoted"] = (history, by_gender, len(history))
    best = -1
    for known, indices in by_gender.items():
        if gender is not None and known is not None and known != gender:
            continue
        for n in reversed(indices):  # history is in text order but for a few late finds
            if n <= best:
                break
            if history[n].start < pos:
                best = n
                break
    return history[best] if best >= 0 else None


def _named_as(ctx: ArticleContext, m: Mention, gender: str | None) -> str | None:
    """The person a mention names, for a pronoun of ``gender``: its name; for a surname several
    people share that no rule resolved ("Cheney" beside Liz and Dick Cheney), the one of them
    whose known gender is the pronoun's, if only one ("…,” Cheney said. ¶ “…,” she said")."""
    if not _WORD2.search(m.text):
        return None  # initials only ("O.K." read as a name)
    name = ctx.person_of(m)
    if name or m.label != "PERSON" or gender is None:
        return name
    fitting = [n for n in ctx.persons.candidates(m.text) if ctx.gender(n) == gender]
    return fitting[0] if len(fitting) == 1 else None


_WORD2 = re.compile(r"[^\W\d_]{2,}")
_MODIFIER = re.compile(r"(?:^|\W)(?:the|a|an)\s+$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+[a-z]")


def _modifier(body: str, m: Mention) -> bool:
    """A name modifying a common noun ("the Clinton campaign", "a Trump rally"): not a person
    a pronoun may stand for."""
    return bool(_MODIFIER.search(body, max(0, m.start - 5), m.start) and _NEXT_WORD.match(body, m.end))


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
                return ctx.name_of(first[0])
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
                    found = ctx.name_of(m)
                    if any(_is_person(ctx, ps, c) for c in tok.children if c.dep_ == "conj"):
                        return None  # "Kirby and Austin met …": two subjects fit equally
        if found:
            return found
    return None


def _is_person(ctx: ArticleContext, ps, tok) -> bool:
    m = ctx.mention_at(ps.start + tok.idx)
    return m is not None and m.label == "PERSON"


_PLURAL_NOUNS = ("s",)


def resolve_group_pronoun(ctx: ArticleContext, span: tuple[int, int], history: Sequence[Speaker]) -> Speaker:
    """"they"/"it" as a speaker -> the one organisation or group that spoke in the current
    paragraph, else in the previous one ("The Times wrote … it added", "Regulators warned … they
    said"), never a person; none or several: unresolved."""
    word = ctx.body[span[0] : span[1]].lower()
    word = {"its": "it", "their": "they"}.get(word, word)
    pi = ctx.paragraph_index(span[0])
    found = []
    for h in history:
        if h.person or not h.name or h.start is None or h.start >= span[0]:
            continue
        if pi - ctx.paragraph_index(h.start) > 1:
            continue
        if word == "it" and h.status == "nominal" and h.name.lower().endswith(_PLURAL_NOUNS):
            continue  # "it" is not "the experts"
        if word == "it" and h.status == "pronoun":
            continue
        found.append((pi - ctx.paragraph_index(h.start), h.name))
    for distance in (0, 1):
        names = list(dict.fromkeys(name for d, name in found if d == distance))
        if len(names) == 1:
            return Speaker(names[0], *span, status="pronoun")
        if names:
            break  # two groups spoke in the nearest paragraph: either may be meant
    return Speaker(None, *span, status="unresolved")
