"""What a money, percentage or bare figure measures, for which period, and in what respect.

* :func:`measured` reads the thing a figure measures from its parse: "$60bn *of American goods*",
  "*the unemployment rate* dropped to 5.4%", "*Nonfarm payrolls* increased by 943,000", "*retail
  sales* fell 16.4 percent", "*vaccine* ... more than 90% *effective*", "10 percent *tariffs*".
* :func:`period_of` reads the period the figure is for — not the day it was stated: "in July",
  "June's reading", "in the week ended April 4", "last week", "the prior week", "since May 2020".
  Weekdays after a reporting verb ("the Labor Department said Friday") are the day of the
  statement and are skipped. A date expression belongs to the nearest figure of its sentence.
* :func:`is_forecast`: the figure is what someone expected ("economists expected 870,000",
  "had forecast a 150,000 increase", "expected ... to fall 12.3%").
* :func:`aspect_of`: "total" (a running total: "since", "so far this year", "three-week total"),
  "revision" ("revised higher by 88,000"), "baseline" (an undated "from 5.9%"), else None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.lexicon.calendar import MONTH_NAMES as _MONTHS
from newsdesk.nlp.dates import dates_in

_MONTH_RE = "|".join(m.capitalize() for m in _MONTHS)
_FORECAST_LEMMAS = frozenset(
    "expect expected expecting expects forecast forecasts forecasting forecasted predict predicted "
    "predicting predicts anticipate anticipated anticipating project projected projecting "
    "look looking looked".split())
_CHANGE_NOUNS = frozenset(
    "increase increases rise rises gain gains jump jumps drop drops fall falls decline declines dive "
    "plunge plunges slump cut cuts hike hikes growth contraction loss losses".split())
_LEVEL_NOUNS = frozenset("low high record level peak rate pace".split())
_PEOPLE_WHO_STATE = frozenset("economists analysts forecasters experts strategists traders investors "
                              "officials respondents it that this".split())
_SKIP_NP = frozenset({"det", "poss", "case", "punct", "nummod", "quantmod", "predet", "advmod"})
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|say|reported|reports|announced|announces|released|showed|shows|told|stated|"
    r"estimated|added|noted|confirmed|claimed|claims|warned|revealed|wrote|tweeted|disclosed|"
    r"declared|insisted|argued)\s+(?:on\s+|last\s+|this\s+|late\s+|early\s+)?$", re.I)
_WEEK = re.compile(
    r"\b(?P<last>last|past)\s+week\b|\bthis\s+week\b|\b(?P<prior>prior|previous|preceding)\s+week\b|"
    r"\bthe\s+week\s+before\b|\bweek\s+(?:ended|ending)\s+(?P<ended>(?:" + _MONTH_RE + r")\s+\d{1,2})\b",
    re.I)
CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\b|;")
_TOTAL = re.compile(r"\btotal\s+number\b|\bso\s+far\b|\bto\s+date\b|\bcumulative\b|\b\w+[-\s]week\s+total\b|"
                    r"\bfiscal\s+year\b|\bthis\s+year\b|\brunning\s+total\b|\bthe\s+total\s+of\b|\btally\b", re.I)
_REVISION = re.compile(r"\brevis\w*\b[^.;]{0,30}\bby\s+(?:a\s+combined\s+|a\s+total\s+of\s+)?$", re.I)
_FROM_BEFORE = re.compile(r"\b(?:up|down)?\s*from\s+(?:the\s+|a\s+|an\s+)?(?:revised\s+|then-\w+\s+|previous\s+|prior\s+)?$", re.I)
_BARE_MONTH = re.compile(  # capitalised: "may" is a verb, "May" a month
    r"\b(?P<month>" + _MONTH_RE + r")(?P<poss>['’]s)?\b(?!\s*\d)")
_WHEN_CLAUSE = re.compile(r"^\s*(?:last\s+year\s*)?,\s*when\b", re.I)
_RECORD_SINCE = re.compile(
    r"\b(?:lowest|highest|biggest|largest|best|worst|most|least|fastest|slowest|strongest|weakest|"
    r"first\s+time)\b[^.;]{0,40}\bsince\s+(?:[^.;,]{0,80}\b(?:in|on)\s+)?$", re.I)  # "the highest number
# since the agency began keeping track in 2000": a record's start, not the figure's period
_NEAR = 80  # a date expression farther than this from every figure is no figure's period
_WEEKDAY = re.compile(r"(?:(?:last|this|next|on)\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", re.I)
_FISCAL = re.compile(r"\bfiscal\s+year\s+(?:\(FY\)\s+)?(?P<year>(?:19|20)\d\d)\b|\bFY\s?(?P<fy>(?:19|20)\d\d)\b", re.I)
_FOR_THE_MONTH = re.compile(r"^\s*(?:for|over|in)\s+the\s+(?P<unit>month|week|quarter|year)\b", re.I)


@dataclass(frozen=True)
class Period:
    when: str | None  # ISO ("2021-07", "2000-03", "2020-04-04"), "--07" for a month of unknown year
    label: str  # as written: "July", "last week", "since May 2020"


def _top(doc, start: int, end: int):
    """The token of the figure's span whose head lies outside the span (its syntactic top)."""
    toks = [t for t in doc if start <= t.idx < end]
    if not toks:
        return None
    ids = {t.i for t in toks}
    tops = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    return tops[-1] if tops else toks[-1]


def np_text(tok) -> str:
    """The noun phrase of ``tok``: compounds, adjectives and "of"/"for" complements, no determiners."""
    keep = [tok]
    for child in tok.children:
        if child.i < tok.i and child.dep_ in ("compound", "amod", "nmod", "npadvmod") and not child.like_num:
            keep.extend(t for t in child.subtree if t.dep_ not in _SKIP_NP and not t.like_num)
        elif child.i > tok.i and child.dep_ == "prep" and child.lower_ in ("of", "for") and tok.lower_ in (
                "total", "number", "count", "reading", "rate", "share", "tally", "value", "level"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and not pobj.like_num and pobj.lower_ not in ("%", "percent", "$") and \
                    not any(t.like_num for t in pobj.subtree):
                keep.extend([child] + [t for t in pobj.subtree if t.dep_ not in _SKIP_NP and not t.like_num])
    keep = sorted(set(keep), key=lambda t: t.i)
    text = " ".join(t.text for t in keep if t.text not in ("%", "$", "’s", "'s"))
    return re.sub(r"\s+", " ", text).strip()


def _subject(verb):
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    return None


def _verb_of(tok, hops: int = 4):
    node = tok
    for _ in range(hops):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return node if node.pos_ in ("VERB", "AUX") else None


def _subject_np(verb) -> str | None:
    subj = _subject(verb)
    up = verb
    while subj is None and up.dep_ in ("xcomp", "conj", "advcl", "ccomp") and up.head.i != up.i:
        up = up.head
        if up.dep_ == "conj" or verb.dep_ == "xcomp":
            subj = _subject(up)
        else:
            break
    if subj is None and verb.dep_ in ("xcomp", "ccomp", "oprd", "advcl", "conj"):
        subj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if subj is None or subj.pos_ == "PRON" or subj.lower_ in _PEOPLE_WHO_STATE:
        return None
    if subj.ent_type_ in ("PERSON", "GPE", "NORP") or (subj.ent_type_ == "ORG" and verb.lower_ not in _MOVE_VERBS):
        return None  # "Seoul assessed that …": who states it; "the Dow fell 1,420 points": what moved
    return np_text(subj)


_FIGURE_NOUNS = frozenset("toll tally total number figure count estimate".split())
_MOVE_VERBS = frozenset(
    "fell fall falls falling dropped drop drops dropping declined decline declines declining rose rise rises "
    "rising climbed climb climbs climbing jumped jump jumps jumping gained gain gains gaining lost lose loses "
    "losing slid slide slides sliding tumbled tumble tumbles tumbling sank sink sinks sinking plunged plunge "
    "plunges plunging soared soar soars soaring surged surge surges surging closed close closes closing "
    "ended end ends ending finished finish finishes slumped slump slumps rallied rally rallies".split())


def measured(doc, start: int, end: int, kind: str) -> str | None:
    """What the figure at char span [start, end) of ``doc`` measures (None when unreadable)."""
    top = _top(doc, start, end)
    if top is None or top.dep_ == "appos":  # "The minister, 65, ...": an age, not a measure
        return None
    # "$60bn of American goods", "$34 billion in Chinese goods", "42% of whom"
    for tok in (top, *[t for t in doc if start <= t.idx < end and t is not top]):
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "worth") and child.i > top.i:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None and child.lower_ == "worth":
                    inner = next((c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                    pobj = next((c for c in inner.children if c.dep_ == "pobj"), None) if inner else None
                if pobj is not None and pobj.lower_ in ("whom", "which", "them", "those"):
                    ante = top.head if top.head.pos_ in ("NOUN", "PROPN") else None
                    if ante is None:
                        rel = next((a for a in top.ancestors if a.dep_ in ("relcl", "advcl")), None)
                        ante = rel.head if rel is not None and rel.head.pos_ in ("NOUN", "PROPN") else None
                    if ante is None:  # ", 42% of whom had ...": the nearest noun before the figure
                        ante = next((t for t in reversed(doc[:top.i]) if t.pos_ in ("NOUN", "PROPN")), None)
                    return f"share of {np_text(ante)}" if ante is not None else None
                if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and (
                        kind == "money" or (kind == "measure" and child.lower_ == "of")):
                    return np_text(pobj)  # "$34 billion in goods", "one ounce of cannabis"
                if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and child.lower_ == "of" \
                        and kind == "percent":
                    return f"share of {np_text(pobj)}"
        if tok.dep_ == "npadvmod" and tok.head.lower_ == "worth":
            prep = next((c for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
            if pobj is not None:
                return np_text(pobj)
    head = top.head
    if top.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and \
            head.head.lower_ not in _LEVEL_NOUNS and kind in ("measure", "money", "count"):
        return np_text(head.head)  # "a depth of just 10km", "a budget of $5bn", "a population of 120,000"
    if head.lower_ == "worth":  # "$60 billion worth of U.S. products"
        prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if pobj is not None:
            return np_text(pobj)
    # "90% effective": what the adjective says of its subject
    if top.dep_ == "npadvmod" and head.pos_ == "ADJ":
        verb = _verb_of(head)
        subj = _subject_np(verb) if verb is not None else None
        return f"{subj} {head.lower_}" if subj else head.lower_
    # "10 percent tariffs", "a 12.5% plunge", "a $1.9 trillion relief plan"
    if top.dep_ in ("compound", "nmod", "amod", "nummod") and head.pos_ in ("NOUN", "PROPN") and head.i > top.i:
        if head.lower_ in _CHANGE_NOUNS:
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "in")), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None:
                return f"{np_text(pobj)} {head.lower_}"
            verb = _verb_of(head)
            subj = _subject_np(verb) if verb is not None and head.dep_ not in ("dobj", "nsubj") else None
            return f"{subj} {head.lower_}" if subj else head.lower_
        return np_text(head)
    # "a fresh five-decade low of 3.5%": climb to the verb
    if top.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _LEVEL_NOUNS:
        level = head.head
        if any(c.dep_ in ("compound", "amod") and c.pos_ == "NOUN" for c in level.children):
            return np_text(level)  # "a headline unemployment rate of 5.7%"
        top = level
    prep = head if top.dep_ == "pobj" else (top if top.dep_ == "prep" else None)
    if prep is not None and prep.lower_ in ("at", "to", "above", "past", "over", "beyond", "below", "near") \
            and prep.head.pos_ == "VERB":
        # "put the death toll of the shelling at 40", "pushing the death toll above 680": the object
        obj = next((c for c in prep.head.children if c.dep_ == "dobj" and c.lower_ in _FIGURE_NOUNS), None)
        if obj is not None:
            return np_text(obj)
    verb = _verb_of(top)
    if verb is not None:
        subj = _subject_np(verb)
        if subj:
            return subj
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN" and verb.lower_ in _MOVE_VERBS:
            return np_text(verb.head)  # "with cases of the virus soaring above 200,000"
        if top.dep_ == "pobj" and top.head.lower_ == "to":  # "bringing the total number of X to N"
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                return np_text(obj)
    return None


def is_forecast(doc, start: int, end: int) -> bool:
    """The figure is governed by an expecting/forecasting verb (its object or clause), or a noun
    it counts is the subject of one ("the 870,000 economists had expected")."""
    top = _top(doc, start, end)
    if top is None:
        return False
    node = top
    verbs = 0
    for _ in range(5):
        if node.head.i == node.i:
            break
        if node.pos_ in ("VERB", "AUX") and node.lower_ not in _FORECAST_LEMMAS and \
                node.dep_ not in ("conj", "xcomp"):
            verbs += 1
            if verbs > 1:
                return False  # the forecast verb governs another clause, not this figure's
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.lower_ in _FORECAST_LEMMAS:
            # "the 870,000 economists had expected": the figure is what they expected
            return node.lower_ in _PEOPLE_WHO_STATE  # "8,000 troops are expected to engage": the troops are expected, not the figure
        node = node.head
        if node.lower_ in _FORECAST_LEMMAS and node.pos_ in ("VERB", "AUX"):
            if node.lower_.startswith("look") and not any(c.lower_ == "for" for c in node.children):
                return False
            return True
    for child in top.children:  # "the 870,000 economists had expected"
        if child.dep_ == "relcl" and child.lower_ in _FORECAST_LEMMAS:
            return True
    return False


def aspect_of(text: str, start: int, end: int, clause: str) -> str | None:
    if re.match(r"\s*(?:each|apiece)\b", text[end:end + 12], re.I):
        return "each"  # "100 million doses each from Pfizer and Moderna": a figure per item, not the sum
    before = text[max(0, start - 45):start]
    if _REVISION.search(before):
        return "revision"
    if _TOTAL.search(clause):
        return "total"
    before_fig = text[max(0, start - 60):start]
    after_fig = text[end:end + 40]
    if re.search(r"\bfrom\s+(?:%s)\.?\s+\d{1,2}\s+(?:to|through|until|and)\s+(?:%s)\.?\s+\d{1,2}\b" % (_MONTH_RE, _MONTH_RE),
                 before_fig, re.I):
        return "total"  # "From March 15 to April 18, 26.5 million have been laid off": over a span
    since = re.search(r"\bsince\b[^—–;:()]*$", before_fig, re.I)
    if since and not _RECORD_SINCE.search(before_fig[:since.start()] + "since "):
        return "total"  # "Since May 2020, America has added back 16.7 million jobs"
    if re.match(r"[^—–;:(),.]*?\bsince\b", after_fig, re.I):
        return "total"  # "nearly 17 million since the pandemic shut down the economy"
    return None


def _month_only(iso: str | None, label: str) -> str | None:
    if iso:
        return iso
    m = re.fullmatch(r"(" + _MONTH_RE + r")", label.strip(), re.I)
    if m:
        return f"--{_MONTHS.index(m.group(1).lower()) + 1:02d}"
    return None


def date_spans(text: str, ref) -> list[tuple[int, int, str, str | None]]:
    """(start, end, label, when) of each period expression in ``text`` (statement days skipped)."""
    out = []
    for start, end, label, iso, _precision, _rel in dates_in(text, ref):
        if _REPORTED_BEFORE.search(text[max(0, start - 30):start]) and re.fullmatch(
                r"(?:(?:on|last|this)\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|yesterday",
                label, re.I):
            continue
        after = text[end:end + 12]
        if re.match(r"\s+last\s+year\b", after) and re.fullmatch(_MONTH_RE, label, re.I):
            month = _MONTHS.index(label.lower()) + 1
            year = (int(ref.year) - 1) if ref is not None else None
            out.append((start, end + len(re.match(r"\s+last\s+year", after).group(0)),
                        f"{label} last year", f"{year}-{month:02d}" if year else f"--{month:02d}"))
            continue
        if any(s <= start < e for s, e, _, _ in out):
            continue
        day = re.fullmatch(r"(?:on\s+)?(" + _MONTH_RE + r")\s+(\d{1,2})", label, re.I)
        if iso is None and day:  # "September 6" with no year known
            iso = f"--{_MONTHS.index(day.group(1).lower()) + 1:02d}-{int(day.group(2)):02d}"
        out.append((start, end, label, _month_only(iso, label)))
    for m in _BARE_MONTH.finditer(text):
        if any(s <= m.start() < e for s, e, _, _ in out):
            continue
        name = m.group("month")
        if name.lower() == "may" and not m.group("poss") and m.start() == 0:
            continue
        month = _MONTHS.index(name.lower()) + 1
        iso = f"{ref.year}-{month:02d}" if ref else f"--{month:02d}"
        out.append((m.start("month"), m.end("month"), name, iso))
    for m in _FISCAL.finditer(text):
        year = m.group("year") or m.group("fy")
        out = [sp for sp in out if not (m.start() <= sp[0] < m.end())]
        out.append((m.start(), m.end(), f"fiscal year {year}", year))
    for m in _WEEK.finditer(text):
        if any(s <= m.start() < e for s, e, _, _ in out):
            continue
        label = m.group(0)
        if m.group("ended"):
            day = re.match(r"(\w+)\s+(\d+)", m.group("ended"))
            month = _MONTHS.index(day.group(1).lower()) + 1
            iso = f"{ref.year}-{month:02d}-{int(day.group(2)):02d}" if ref else f"--{month:02d}-{int(day.group(2)):02d}"
        else:
            iso = None
        out.append((m.start(), m.end(), label, iso))
    out.sort()
    return out


_EVENT_DAY_AFTER = re.compile(r"\s+(?:that|which|when)\s+(?!(?:said|says|told|announced|reported)\b)\w+", re.I)


def _event_day(text: str, span) -> bool:
    """A weekday right after a noun and before the relative clause telling what happened that day
    ("plunged Texas into an icy emergency Monday that knocked out power to …")."""
    return _EVENT_DAY_AFTER.match(text, span[1]) is not None and \
        re.search(r"[a-z]\s+$", text[max(0, span[0] - 3):span[0]]) is not None


def period_of(text: str, fig_start: int, fig_end: int, figures: list[tuple[int, int]], ref,
              prev_text: str = "", total: bool = False) -> Period | None:
    """The period of the figure at [fig_start, fig_end) of sentence ``text``.

    ``figures`` are the spans of every figure of the sentence: a date expression belongs to the
    nearest one (a figure introduced by "from" is a baseline and lends its period to no other).
    ``prev_text`` is the article text before the sentence ("for the month" looks back in it).
    """
    spans = [sp for sp in date_spans(text, ref) if not _WEEKDAY.fullmatch(sp[2]) or re.search(
        r"\bon\s+$", text[max(0, sp[0] - 4):sp[0]], re.I) or any(
        0 <= sp[0] - f1 <= 2 for _, f1 in figures) or _event_day(text, sp)]
    # a bare weekday is the day a thing was said, unless it follows a figure ("279 deaths Sunday")
    # or an event that a clause with the figure tells of ("an emergency Monday that knocked out
    # power to more than 2 million")
    if total:
        spans = [sp for sp in spans if sp[1] > fig_start - 80 and sp[0] < fig_end + 80]

    def dist(span, fig) -> int:
        s, e = span[0], span[1]
        f0, f1 = fig
        if s >= f1 and re.match(r"['’]s\b", text[e:e + 2]):
            return 10 ** 6  # "after March's reported 8.3% dive": the possessive names what follows
        gap = s - f1 if s >= f1 else (f0 - e if e <= f0 else 0)
        between = text[f1:s] if s >= f1 else text[e:f0]
        if CLAUSE_BREAK.search(between):
            gap += 1000  # "killed 31,000 in Bam in 2003, and 600 were killed": each clause its own date
        return gap

    mine = []
    for sp in spans:  # "since August last year, when more than 1 million ...": that date
        if sp[1] <= fig_start and _WHEN_CLAUSE.match(text[sp[1]:fig_start]) and not any(
                sp[1] <= f[0] < fig_start for f in figures if f != (fig_start, fig_end)):
            return Period(sp[3], sp[2])
    spans = [sp for sp in spans if not _record_start(text, sp)]
    # "a 36% increase from February", "flat from the revised March numbers": the month a change is
    # measured from is not the figure's
    spans = [sp for sp in spans if not _FROM_BEFORE.search(text[max(0, sp[0] - 30):sp[0]])]
    for sp in spans:
        best = min(figures, key=lambda f: (dist(sp, f), f[0] > sp[0]))
        if best == (fig_start, fig_end) and dist(sp, best) <= _NEAR:
            mine.append(sp)
    if mine:  # the nearest, a resolvable one first ("two weeks ago on August 24")
        sp = min(mine, key=lambda s: (s[3] is None and any(x[3] for x in mine), dist(s, (fig_start, fig_end))))
        label = sp[2]
        between = text[sp[1]:fig_start] if sp[1] <= fig_start else ""
        if re.search(r"\bsince\s+$", text[max(0, sp[0] - 7):sp[0]], re.I) and not re.search(
                r",\s*when\b", between):
            return Period(None, f"since {label}")
        return Period(sp[3], label)
    # the sentence's only date expression, when the other figure holding it is no baseline
    if len(spans) == 1 and not total and not _FROM_BEFORE.search(text[max(0, fig_start - 20):fig_start]) and \
            not re.search(r"\bsince\b[^,;]{0,40}$", text[max(0, spans[0][0] - 48):spans[0][0]], re.I) and \
            not spans[0][2].lower().startswith("since") and \
            not CLAUSE_BREAK.search(text[fig_end:spans[0][0]] if spans[0][0] >= fig_end else text[spans[0][1]:fig_start]):
        # (a date after "since … " starts a running total's count: it is no period of the others;
        # nor is a date of another clause: "tumbled 6.3%, while Treasuries … in 2008")
        owner = min(figures, key=lambda f: dist(spans[0], f))
        possessive = re.match(r"['’]s\b", text[spans[0][1]:spans[0][1] + 2])
        if (fig_start >= spans[0][1]) if possessive else not _FROM_BEFORE.search(
                text[max(0, owner[0] - 20):owner[0]]):
            sp = spans[0]
            return Period(sp[3], sp[2])
    # "increased by 943,000 for the month while the rate dropped to 5.4%": the month named before
    m = any(_FOR_THE_MONTH.match(text[f1:f1 + 30]) for _, f1 in figures) and not spans
    if m and prev_text:
        back = [s for s in date_spans(prev_text[-400:], ref)]
        if back:
            return Period(back[-1][3], back[-1][2])
    return None


def _record_start(text: str, span, reach: int = 110) -> bool:
    """The date starts a record ("the biggest jump since 2008", "the highest since … began in 2000")."""
    before = text[max(0, span[0] - reach):span[0]]
    if span[2].lower().startswith("since"):
        before += "since "
    return bool(_RECORD_SINCE.search(before))


def carried_period(prev_text: str, ref) -> Period | None:
    """The period a figure with none of its own takes from the sentence before it, in the same
    paragraph, when that sentence names exactly one period ("Job openings soared to a record at the
    end of April. … The number rose by 1 million to 9.3 million": April). Statement days ("said
    Tuesday"), records' starts ("since … 2000") and the months changes are measured from are no
    period; two periods there leave the figure undated."""
    if "\n\n" in prev_text:
        prev_text = prev_text.rsplit("\n\n", 1)[1]
    pieces = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])", prev_text.strip()) if s.strip()]
    if not pieces:
        return None
    sentence = pieces[-1]
    spans = [sp for sp in date_spans(sentence, ref) if not _WEEKDAY.fullmatch(sp[2])
             and not _record_start(sentence, sp, 140)
             and not _FROM_BEFORE.search(sentence[max(0, sp[0] - 30):sp[0]])
             and not re.search(r"\bsince\s+$", sentence[max(0, sp[0] - 7):sp[0]], re.I)]
    months = []
    for _, _, label, iso in spans:
        named = re.search(r"\b(" + _MONTH_RE + r")\b", label)
        if iso is None and named and re.fullmatch(r"(?:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+)?\w+", label, re.I):
            iso = f"--{_MONTHS.index(named.group(1).lower()) + 1:02d}"  # "the end of April"
        if re.fullmatch(r"\d{4}", iso or "") and not named:
            continue  # a year ("fiscal year 2021"): a total's span, not the month the news is for
        if not re.fullmatch(r"(?:\d{4}-\d\d|--\d\d)", iso or ""):
            return None  # a day, a week: not carried
        months.append((iso, label))
    if len({iso for iso, _ in months}) != 1:
        return None
    return Period(months[0][0], months[0][1])

