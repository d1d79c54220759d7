"""Quote groups: one quotation as carried by several articles (or repeated in one).

Two quotes are the same quotation when their folded word sequences overlap enough: the shorter
one's tokens are contained in the longer one (token containment >= 0.8, order kept through a
longest common run of at least 4 tokens), which catches different quote marks, trimming, a quote
cut short, or one quote embedded in a longer one; or they share a verbatim run of at least 6
tokens that makes up at least half of the shorter quote (two outlets quoting overlapping parts
of one statement). Short quotes (fewer than 6 tokens: "in the coming days") and reported
speech (whose wording is the reporter's) only match a near-identical quote, so that a common
phrase does not tie unrelated statements together; fewer than 3 tokens must match exactly.
Quotes of one article are never grouped together (nested direct/indirect spans of one
statement). Groups are the connected components;
a quote held inside a longer quote of the same article and speaker (the direct words of a
reported sentence, "would become “legitimate targets” for Ukraine") is marked ``within`` that one,
which the brief shows instead, and which joins the inner quote's group;
``speakers_differ`` flags a group whose members are attributed to different speakers (an
unattributed member counts as a different attribution).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

from newsdesk.reconcile.model import QuoteGroup, QuoteItem
from newsdesk.records import Entity, Quote
from newsdesk.textnorm import fold

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
MIN_CONTAINMENT = 0.8
MIN_RUN = 4
SUBSTANTIAL = 6
OVERLAP_RUN = 6
OVERLAP_SHARE = 0.5
SHORT = 3
_CLOSING = " .,;:!?\"'\u201d\u2019"


def quote_tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def same_quotation(a: Sequence[str], b: Sequence[str], *, paraphrase: bool = False) -> bool:
    """Token-level near-identity / containment of two quotes (see the module docstring).

    ``paraphrase``: one of the two is reported speech, whose wording is the reporter's; then
    only near-identity counts (matched tokens cover most of the longer one too).
    """
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < SHORT:
        return list(short) == list(long_)
    matcher = SequenceMatcher(None, short, long_, autojunk=False)
    blocks = matcher.get_matching_blocks()
    matched = sum(block.size for block in blocks)
    longest = max((block.size for block in blocks), default=0)
    if paraphrase or len(short) < SUBSTANTIAL:
        # a short quote ("in the coming days") is a phrase many texts share: only the same
        # quote, not one contained in a longer one, counts
        return matched / len(long_) >= MIN_CONTAINMENT and longest >= min(MIN_RUN, len(short))
    if matched / len(short) >= MIN_CONTAINMENT and longest >= MIN_RUN:
        return True
    return longest >= OVERLAP_RUN and longest >= OVERLAP_SHARE * len(short)


def _entity_lookup(entities: Sequence[Entity]) -> dict[str, str]:
    table: dict[str, str] = {}
    for e in entities:
        for name in (e.name, *e.aliases):
            table.setdefault(fold(name), e.id)
    return table


def group_quotes(
    quotes: Sequence[Quote], entities: Sequence[Entity] = (), *, article_order: Sequence[str] = ()
) -> tuple[tuple[QuoteItem, ...], tuple[QuoteGroup, ...]]:
    """Number the quotes (q1…) and link the ones that carry the same quotation (qg1…).

    Only groups with members from more than one place (two articles, or two spans) are kept.
    """
    order = {a: i for i, a in enumerate(article_order)}
    quotes = sorted(quotes, key=lambda q: (order.get(q.article, len(order)), q.start, q.end))
    tokens = [quote_tokens(q.text) for q in quotes]
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # candidate pairs share a rare-ish token 3-gram (or are short and equal): avoid all-pairs work
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, toks in enumerate(tokens):
        grams = {tuple(toks[k:k + 3]) for k in range(max(1, len(toks) - 2))} if toks else set()
        for g in grams:
            index[g].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > 50:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                candidates.add((i, j))
    for i, j in sorted(candidates):
        if quotes[i].article == quotes[j].article:
            continue  # one article reports a statement once (nested direct/indirect spans)
        paraphrase = "indirect" in (quotes[i].kind, quotes[j].kind)
        if same_quotation(tokens[i], tokens[j], paraphrase=paraphrase):
            parent[find(i)] = find(j)

    # one statement, once: a quote inside a longer one of the same article and speaker (the
    # direct words inside the reported sentence) is shown through the longer one, which joins
    # the inner one's group of other outlets' quotes
    within = _nesting(quotes)
    sizes: dict[int, int] = defaultdict(int)
    for i in range(len(quotes)):
        sizes[find(i)] += 1
    for inner, outer in within.items():
        if sizes[find(inner)] > 1:
            parent[find(outer)] = find(inner)

    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quotes)):
        components[find(i)].append(i)
    entity_of = _entity_lookup(entities)
    ids = {i: f"q{i + 1}" for i in range(len(quotes))}
    groups: list[QuoteGroup] = []
    group_of: dict[int, str] = {}
    for members in sorted(components.values(), key=min):
        if len(members) < 2:
            continue
        gid = f"qg{len(groups) + 1}"
        speakers = tuple(dict.fromkeys(quotes[i].speaker for i in members))
        longest = max(members, key=lambda i: len(quotes[i].text))
        groups.append(QuoteGroup(
            id=gid,
            quotes=tuple(ids[i] for i in members),
            speakers_differ=len(speakers) > 1,
            text=quotes[longest].text,
            speakers=speakers,
            articles=tuple(dict.fromkeys(quotes[i].article for i in members)),
        ))
        for i in members:
            group_of[i] = gid
    items = tuple(
        QuoteItem(
            id=ids[i],
            quote=q,
            speaker_entity=entity_of.get(fold(q.speaker)) if q.speaker else None,
            group=group_of.get(i),
            within=ids[within[i]] if i in within else None,
        )
        for i, q in enumerate(quotes)
    )
    return items, tuple(groups)


def _nesting(quotes: Sequence[Quote]) -> dict[int, int]:
    """inner index -> index of the longest quote of the same article and speaker that holds it."""
    out: dict[int, int] = {}
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(quotes):
        by_article[q.article].append(i)
    for members in by_article.values():
        for i in members:
            q = quotes[i]
            end = q.start + len(q.text.rstrip(_CLOSING))  # "rumors." inside "… as mere “rumors"
            holders = [
                j for j in members
                if j != i and quotes[j].speaker == q.speaker and quotes[j].start <= q.start and end <= quotes[j].end
                and (quotes[j].end - quotes[j].start) > (q.end - q.start)
            ]
            if holders:
                out[i] = max(holders, key=lambda j: quotes[j].end - quotes[j].start)
    return out
