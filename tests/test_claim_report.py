"""Running tallies dated by the report they come from (issue 10): a toll rising across reports of
different days is a series, reports of one day that differ disagree, and other events' tolls stay
apart."""

from __future__ import annotations

from datetime import datetime

from newsdesk.reconcile.claim_groups import group_claims
from newsdesk.records import Article, ArticleFacts, Claim


def _report(aid: str, day: int | None, *figures):
    """An article published on ``day`` of July 2013 (None: no date) with (value, qualifier[, when]) tolls."""
    body = "The quake killed people in the province, officials said. " * 3
    published = datetime(2013, 7, day, 12, 0) if day else None
    claims = []
    for n, fig in enumerate(figures):
        value, qualifier, *rest = fig
        start = 10 + 50 * n
        claims.append(Claim(aid, start, start + 2, str(value), float(value), qualifier, unit="deaths",
                            what="deaths", when=rest[0] if rest else None, period=rest[1] if len(rest) > 1 else None,
                            sentence_start=50 * n, sentence_end=50 * n + 49))
    return Article(id=aid, source=aid, body=body, published=published), ArticleFacts(aid, claims=tuple(claims))


def _groups(*reports):
    articles = [a for a, _ in reports]
    facts = [f for _, f in reports]
    return group_claims(articles, facts)[1]


def test_toll_rising_over_days_is_a_series_in_report_order():
    groups = _groups(_report("a", 2, (1, "at_least")), _report("b", 2, (3, "at_least")),
                     _report("c", 3, (24, "exact")), _report("d", 3, (24, "at_least")))
    assert len(groups) == 1
    g = groups[0]
    assert g.verdict == "series"
    assert [p.when for p in g.periods] == ["2013-07-02", "2013-07-03"]
    assert [p.verdict for p in g.periods] == ["agree", "agree"]
    assert "reports of July 2 2013" in g.explanation


def test_reports_of_one_day_that_differ_disagree():
    groups = _groups(_report("a", 2, (10, "exact")), _report("b", 3, (80, "exact")), _report("c", 3, (50, "exact")))
    assert groups[0].verdict == "disagree"


def test_a_toll_that_falls_is_no_series():
    groups = _groups(_report("a", 2, (30, "exact")), _report("b", 3, (12, "exact")))
    assert groups[0].verdict == "disagree"


def test_same_toll_on_several_days_agrees_and_breakdowns_are_not_rival_tolls():
    # an article's smaller figures of the toll are its breakdown (12 in one district, 10 in another)
    groups = _groups(_report("a", 2, (24, "exact"), (12, "exact"), (10, "exact")), _report("b", 3, (24, "exact")))
    assert [g.verdict for g in groups] == ["agree"]
    # over several days the breakdown is listed apart from the tolls
    groups = _groups(_report("a", 2, (3, "at_least")), _report("b", 3, (24, "exact"), (12, "exact")))
    assert groups[0].verdict == "series" and "in part: 12" in groups[0].explanation


def test_without_report_dates_nothing_is_dated():
    # with no dates the reports' tolls are compared directly: a lower bound holds for a higher
    # toll ("at least 12 injured" / "15 injured"), two different tolls, or a toll under a bound, differ
    groups = _groups(_report("a", None, (3, "at_least")), _report("b", None, (24, "exact")))
    assert groups[0].verdict == "agree"
    assert len(groups[0].periods) == 1
    groups = _groups(_report("a", None, (3, "exact")), _report("b", None, (24, "exact")))
    assert groups[0].verdict == "disagree" and len(groups[0].periods) == 1
    groups = _groups(_report("a", None, (30, "at_least")), _report("b", None, (24, "exact")))
    assert groups[0].verdict == "disagree"


def test_the_event_day_is_the_story_s_own_and_another_year_is_another_event():
    # "killed at least one person on Tuesday" (the quake's day) is this event's toll;
    # the 2004 tsunami's toll stays a group of its own
    groups = _groups(_report("a", 2, (1, "at_least", "2013-07-02"), (230000, "exact", "2004")),
                     _report("b", 3, (24, "exact"), (230000, "exact", "2004")))
    by_values = {frozenset(f.value for f in g.figures): g for g in groups}
    assert by_values[frozenset({1.0, 24.0})].verdict == "series"
    assert by_values[frozenset({230000.0})].verdict == "agree"


def test_a_toll_of_this_week_is_the_story_s_own_event():
    # "the plane that crashed earlier this week, killing all 176": not another event's toll
    groups = _groups(_report("a", None, (176, "exact")), _report("b", None, (176, "exact", None, "earlier this week")))
    assert len(groups) == 1 and groups[0].verdict == "agree"
