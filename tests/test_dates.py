"""newsdesk.nlp.dates: date expressions resolved against the publication time."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsdesk.nlp.dates import find_dates, is_candidate
from newsdesk.records import Article

PUBLISHED = datetime(2024, 10, 29, 1, 43)  # a Tuesday


def dates(text, published=PUBLISHED):
    article = Article(id="d1", source="test", body=text, published=published)
    return find_dates(article, [(0, len(text))])


def one(text, published=PUBLISHED):
    found = dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,expr,iso,precision", [
    ("Zelenskyy claimed last Friday that troops would arrive.", "last Friday", "2024-10-25", "day"),
    ("A statement released on Sunday said so.", "Sunday", "2024-10-27", "day"),
    ("They met Thursday in Brussels.", "Thursday", "2024-10-24", "day"),
    ("The minister spoke on Tuesday.", "Tuesday", "2024-10-29", "day"),
    ("He will travel on Friday.", "Friday", "2024-11-01", "day"),
    ("They will meet next Monday.", "next Monday", "2024-11-04", "day"),
    ("Leaders met last week in Washington.", "last week", "2024-10-21", "week"),
    ("It was signed earlier this year.", "earlier this year", "2024", "year"),
    ("Sales fell last month.", "last month", "2024-09", "month"),
    ("Sales fell last year.", "last year", "2023", "year"),
    ("The ships sailed in early to mid-October.", "early to mid-October", "2024-10", "month"),
    ("Up to 10,000 troops could go by December.", "by December", "2024-12", "month"),
    ("It happened in November.", "November", "2023-11", "month"),
    ("She arrived yesterday.", "yesterday", "2024-10-28", "day"),
    ("It happened three days ago.", "three days ago", "2024-10-26", "day"),
    ("She died on September 8 in Dar es Salaam.", "September 8", "2024-09-08", "day"),
])
def test_relative_dates_resolved(text, expr, iso, precision):
    d = one(text)
    assert (d.text, d.date, d.precision, d.relative) == (expr, iso, precision, True)
    assert text[d.start:d.end] == expr


@pytest.mark.parametrize("text,expr,iso,precision", [
    ("The war erupted in February 2022.", "February 2022", "2022-02", "month"),
    ("Published October 29, 2024, 1:43 am.", "October 29, 2024", "2024-10-29", "day"),
    ("It was founded on 1 September 2019.", "1 September 2019", "2019-09-01", "day"),
    ("The plant opened in 2016.", "2016", "2016", "year"),
    ("Filed 2024-10-29 at noon.", "2024-10-29", "2024-10-29", "day"),
])
def test_absolute_dates_need_no_publication_time(text, expr, iso, precision):
    d = one(text, published=None)
    assert (d.text, d.date, d.precision, d.relative) == (expr, iso, precision, False)


def test_relative_dates_unresolved_without_publication_time():
    d = one("Zelenskyy claimed last Friday that troops would arrive.", published=None)
    assert d.date is None and d.relative and d.precision == "day"


def test_sentence_span_and_no_false_dates():
    text = "It may rain. May I ask? The 2,000 troops left in May."
    found = dates(text)
    assert [(d.text, d.date) for d in found] == [("May", "2024-05")]
    assert found[0].sentence_start == 0 and found[0].sentence_end == len(text)
    assert not is_candidate("About 8,000 troops arrived at the border.")
    assert is_candidate("They arrived last Friday.")
