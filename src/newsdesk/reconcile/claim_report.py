"""Running tallies dated by the report they come from.

A death toll, a count of the injured or of the missing grows while reports come in: "at least
one" (first report, 2 July), "at least three" (later that day), "24 dead" (3 July). Such a figure
is stated for no period of its own; what it is *for* is the moment of its report. A careful reader
dates it by the report's publication day and reads the tolls of different days as one figure
changing over time, not as sources that disagree.

* :func:`current_event`: an event measure (a toll, a magnitude) stated for a day at most a week
  before its report ("killed at least one person on Tuesday") is the event of the story, not
  another event's: its period is the event's own time, so it is read as undated (the 2004
  tsunami's toll keeps its period and stays apart).
* :func:`report_slots`: each report's toll is its highest figure (the smaller ones are its
  breakdown by place); a tally group whose tolls do not all agree, from reports of at least
  two publication days, is split into one period per report day (oldest first); figures of a
  report without a date join the day they agree with. Within one day a lower bound holds for any
  later, higher figure ("at least one", "at least three", "24": the toll only rises), and each
  report's toll is its highest figure (the smaller ones are its breakdown by place). The verdict
  is ``series`` when each day's figures agree and the toll does not fall from day to day,
  ``disagree`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from newsdesk.reconcile.claim_periods import PeriodKey, figures_agree, when_label
from newsdesk.records import Article, Claim

TALLY_HEADS = frozenset({"deaths", "injured", "casualties", "missing"})
EVENT_DAYS = 7  # a stated day at most this long before the report is the story's own event
_LOWER = ("at_least", "more_than")


def _report_day(article: Article | None) -> date | None:
    if article is None or article.published is None:
        return None
    return article.published.date()


def _is_event(r) -> bool:
    return r.claim.unit == "magnitude" or r.what.head in TALLY_HEADS


def current_event(readings: Sequence, articles: Mapping[str, Article]) -> list:
    """Readings whose event-measure period is the story's own time lose that period."""
    out = []
    for r in readings:
        key = r.period
        day = _report_day(articles.get(r.claim.article))
        if key is not None and _is_event(r) and key.frame == "week" and key.key[0] == 0:
            r = r.but(period=None)  # "the plane that crashed earlier this week, killing all 176": this event
        elif key is not None and day is not None and _is_event(r) and key.frame == "abs" and len(key.key) == 3:
            try:
                stated = date(*key.key)
            except ValueError:
                stated = None
            if stated is not None and 0 <= (day - stated).days <= EVENT_DAYS:
                r = r.but(period=None)
        out.append(r)
    return out


def tally_agree(a: Claim, b: Claim) -> bool:
    """Figures of one report day of a running tally: a lower bound holds for any figure at or
    above it, however much higher (the toll only rises); otherwise as :func:`figures_agree`."""
    if a.qualifier in _LOWER and b.qualifier in _LOWER:
        return True
    if a.qualifier in _LOWER and b.qualifier in ("exact", "approximately"):
        return b.value >= a.value
    if b.qualifier in _LOWER and a.qualifier in ("exact", "approximately"):
        return a.value >= b.value
    return figures_agree(a, b)


def _day_label(day: date) -> str:
    return f"reports of {when_label(day.strftime('%Y-%m-%d'))}"


def headline(rs: Sequence) -> list:
    """Each article's own toll: its highest precise figure(s). The smaller figures of the same
    tally in one report are its breakdown ("12 killed in Bener Meriah, 10 in Central Aceh")."""
    top: dict[str, float] = {}
    for r in rs:
        if not r.claim.vague:
            top[r.claim.article] = max(top.get(r.claim.article, r.claim.value), r.claim.value)
    return [r for r in rs if not r.claim.vague and r.claim.value == top[r.claim.article]]


def tally_slot_agrees(rs: Sequence) -> bool:
    precise = [r.claim for r in headline(rs)]
    return all(tally_agree(a, b) for i, a in enumerate(precise) for b in precise[i + 1:])


def report_slots(members: Sequence, articles: Mapping[str, Article], all_agree) -> tuple[list, str] | None:
    """(slots oldest first, verdict) for a running tally reported over several days; None when
    the group is no such tally (see the module docstring). ``all_agree`` is the group's own
    agreement test over readings."""
    if not members or members[0].what.head not in TALLY_HEADS or any(r.period is not None for r in members):
        return None
    days = {r.claim.article: _report_day(articles.get(r.claim.article)) for r in members}
    whole = [(None, list(members))]
    if all_agree(headline(members)):
        return whole, ("agree" if len(days) > 1 else "single")
    if len({d for d in days.values() if d is not None}) < 2:
        # no dates tell the reports apart: their tolls agree when each lower bound holds for the
        # higher figures ("at least 12 injured" / 15), else they differ
        return whole, ("agree" if tally_slot_agrees(members) else "disagree")
    by_day: dict[date, list] = {}
    undated = []
    for r in members:
        day = days[r.claim.article]
        if day is None:
            undated.append(r)
        else:
            by_day.setdefault(day, []).append(r)
    ordered = sorted(by_day.items())
    for r in undated:
        fits = [rs for _, rs in ordered if tally_slot_agrees([r, *rs])]
        (fits[-1] if fits else ordered[-1][1]).append(r)
    slots = []
    for day, rs in ordered:
        key = PeriodKey("abs", (day.year, day.month, day.day), _day_label(day))
        slots.append((key, [r.but(period=key) for r in rs]))
    if not all(tally_slot_agrees(rs) for _, rs in slots):
        return slots, "disagree"
    levels = [max((r.claim.value for r in headline(rs)), default=None) for _, rs in slots]
    known = [v for v in levels if v is not None]
    rising = all(x <= y for x, y in zip(known, known[1:]))
    return slots, ("series" if rising else "disagree")
