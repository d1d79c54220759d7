"""Who says what when outlets frame the event differently: one "X reports …, while Y …" sentence.

Two outlets frame a story differently when their headlines — the outlet's own one-line account
of the event — share little of their content (at most ``OVERLAP`` of the content words of the
shorter one) and at least one of them carries a judgement word or an epithet that the other does
not use (:mod:`newsdesk.reconcile.neutral`'s lexicons), or one negates or denies where the other
does not ("… doesn't back Democrats' panic" against "Democratic panic … reaches fever pitch"):
each tells the event its own way, and they differ in judgement or in what they affirm. A neutral summary then says who says what, in their own words, quoted:

    ``The Hill reports “Judges keep Muslim ban on hold”, while Reuters reports “Appeals court
    refuses to reinstate travel ban”.``

The quoted words are the headlines verbatim (the citation check finds each quotation in the
article it cites); the outlet is named by the article's outlet or the host of its address, else
"one outlet" / "another". The sentence cites both articles (``origin="contrast"``) and is checked
like a sentence stated from claim groups: every element in a cited article, every cited article
supporting one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from newsdesk.reconcile.candidates import word_count
from newsdesk.reconcile.cite_check import CiteChecker
from newsdesk.reconcile.lead import headline
from newsdesk.reconcile.model import SummarySentence
from newsdesk.reconcile.neutral import Neutralizer
from newsdesk.reconcile.textvec import terms
from newsdesk.records import Article

OVERLAP = 0.5  # share of the shorter headline's content words the two may share, at most
MAX_HEADLINE_WORDS = 16  # a longer headline is a summary of its own, not a framing
_NEGATION = re.compile(r"\b(?:not|no|never|nor|without|cannot|\w+n['\u2019]t|den(?:y|ies|ied)|reject(?:s|ed)?|"
                       r"refus(?:e|es|ed))\b", re.IGNORECASE)
_QUOTES = re.compile(r"[\"\u201c\u201d]")
_WORD = re.compile(r"[a-z][a-z'\u2019-]*")


def outlet_name(article: Article) -> str | None:
    """The outlet that published the article: its name, else the host of its address."""
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    if article.url:
        host = urlsplit(article.url).hostname or ""
        host = host.removeprefix("www.")
        return host or None
    return None


def _negates(title: str) -> bool:
    return bool(_NEGATION.search(title))


def _judging(title: str, neutral: Neutralizer) -> set[str]:
    """The judgement words and epithets of the lexicons in a headline (whoever else uses them)."""
    return {w for w in _WORD.findall(title.lower().replace("\u2019", "'"))
            if w in neutral.lexicon or w in neutral.epithets}


def contrast_sentence(articles: Sequence[Article], neutral: Neutralizer, checker: CiteChecker,
                      said: Sequence[str] = ()) -> SummarySentence | None:
    """The "X reports …, while Y …" sentence for the two outlets whose headlines frame the event
    most differently (see the module docstring), or None when no two do. ``said``: the summary's
    sentences so far; a headline that one of them already is does not count."""
    heads = []
    for a in articles:
        title = (a.title or "").strip()
        if headline(a) is None or _QUOTES.search(title) or word_count(title) > MAX_HEADLINE_WORDS:
            continue  # not an account of the event ("How …", a question), or too long to quote
        if any(title.rstrip(".!") in s for s in said):
            continue
        heads.append((a, title.rstrip(".!"), set(terms(title)), _judging(title, neutral)))
    best, best_overlap = None, OVERLAP
    for i, (a, ta, ca, ja) in enumerate(heads):
        for b, tb, cb, jb in heads[i + 1:]:
            if not ca or not cb or not (ja ^ jb or _negates(ta) != _negates(tb)):
                continue
            overlap = len(ca & cb) / min(len(ca), len(cb))
            if overlap < best_overlap or best is None and overlap <= OVERLAP:  # the first on a tie
                best, best_overlap = (a, ta, b, tb), overlap
    if best is None:
        return None
    a, ta, b, tb = best
    name_a, name_b = outlet_name(a), outlet_name(b)
    if name_a and name_b and name_a == name_b:
        return None  # one outlet's two reports: no contrast between outlets
    first = name_a or "One outlet"
    second = name_b or ("another" if not name_a else "another outlet")
    text = f"{first} reports \u201c{ta}\u201d, while {second} reports \u201c{tb}\u201d."
    cites = (a.id, b.id)
    if not checker.check(text, cites, strict=False).ok:
        return None
    if not (checker.check(f"\u201c{ta}\u201d", [a.id], strict=False).ok
            and checker.check(f"\u201c{tb}\u201d", [b.id], strict=False).ok):
        return None  # each quotation in the article it is credited to
    return SummarySentence(text, cites, (), "contrast", True, ())
