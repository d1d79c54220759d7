"""Metadata read from flat text: headline, byline, publication time, outlet (invented pages)."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsdesk.clean import build_article
from newsdesk.clean.byline import parse_byline
from newsdesk.clean.credits import normalise
from newsdesk.clean.resources import lexicon
from newsdesk.records import RawDocument

HEADLINE = "Estonia expands conscription as Baltic states review defence spending"
LEAD = (
    "Estonia will expand its conscription programme next year, the government said on Sunday, as the "
    "Baltic states review how much they spend on defence after months of debate over security."
)
SECOND = (
    "Defence Minister Hanno Pevkur told lawmakers that the number of conscripts would rise to 4,500 "
    "from about 3,800, and that the training period for some specialists would be extended."
)


def clean(*lines: str, source: str = "page.txt"):
    return build_article(RawDocument("t", source, "\n".join(lines), "text"))


@pytest.mark.parametrize(
    ("line", "name", "credits", "date"),
    [
        ("by Jane Doe - May 3, 2024, 4:10 pm", "Jane Doe", (), "May 3, 2024, 4:10 pm"),
        ("By ZEKE MILLER and AAMER MADHANI Associated Press", "Zeke Miller and Aamer Madhani", ("AP",), None),
        ("By Kaja Tamm, Reuters", "Kaja Tamm", ("Reuters",), None),
        ("By Jane Fox", "Jane Fox", (), None),
        ("By Jane Doe, staff writer", "Jane Doe", (), None),
        ("By Mari Saar AFP", "Mari Saar", ("AFP",), None),
        ("Written by Priya Natarajan | Politics Editor", "Priya Natarajan", (), None),
        ("BY Lars van der Berg in Brussels", "Lars van der Berg", (), None),
        ("Author: Ana Lúcia Ferreira", "Ana Lúcia Ferreira", (), None),
        ("By Reuters", None, ("Reuters",), None),
        ("By Web Desk", None, (), None),
        ("Web Desk | 12 June 2024", None, (), "12 June 2024"),
    ],
)
def test_byline_shapes(line, name, credits, date):
    info = parse_byline(line, lexicon())
    assert info is not None
    assert (info.name, info.credits, info.date) == (name, credits, date)


@pytest.mark.parametrize(
    "line",
    ["By Tuesday, the talks had stalled.", "By the end of the year the army will have 4,500 conscripts.",
     "by the way", "By 2030, Estonia plans to double its reserve.", "By Christmas Day, the troops had left",
     "By contrast, Latvia has kept its army small"],
)
def test_sentences_opening_with_by_are_no_bylines(line):
    assert parse_byline(line, lexicon()) is None


def test_byline_with_glued_date_gives_the_publication_time():
    a = clean(HEADLINE, "by Jane Doe - May 3, 2024, 4:10 pm", LEAD, SECOND)
    assert (a.byline, a.published) == ("Jane Doe", datetime(2024, 5, 3, 16, 10))
    assert {r.text: r.reason for r in a.removed}["by Jane Doe - May 3, 2024, 4:10 pm"] == "byline"


def test_date_line_next_to_the_byline_is_the_dateline():
    a = clean(HEADLINE, "By Jane Doe", "Tuesday 29 October 2024 10:12 BST", LEAD, SECOND)
    assert a.byline == "Jane Doe"
    assert a.published is not None and a.published.replace(tzinfo=None) == datetime(2024, 10, 29, 10, 12)


def test_labelled_publication_line_counts_an_update_line_does_not():
    a = clean(HEADLINE, "Published: 12 June 2024", LEAD, SECOND)
    assert a.published == datetime(2024, 6, 12)
    b = clean(HEADLINE, "Last updated: 14 June 2024", LEAD, SECOND)
    assert b.published is None
    assert {r.text: r.reason for r in b.removed}["Last updated: 14 June 2024"] == "dateline"


def test_a_page_date_beside_a_weather_widget_is_not_the_publication_date():
    a = clean("Log in", "18\u00b0 Riga,", "3 March, 2025", "News / Europe", HEADLINE, "Staff Reporter", LEAD, SECOND)
    assert a.published is None
    assert a.byline is None  # a desk or staff name is no author
    reasons = {r.text: r.reason for r in a.removed}
    assert [reasons[k] for k in ("18\u00b0 Riga,", "3 March, 2025", "Staff Reporter")] == ["widget", "widget", "byline"]
    assert a.title == HEADLINE


def test_desk_line_with_a_date_under_the_headline():
    a = clean(HEADLINE, "Newsdesk | 12 June 2024", LEAD, SECOND)
    assert (a.byline, a.published) == (None, datetime(2024, 6, 12))


def test_text_starting_with_a_byline_gets_a_generated_title():
    a = clean("By Jane Doe", LEAD, SECOND)
    assert a.title_generated and a.byline == "Jane Doe"
    assert a.title is not None and LEAD.startswith(a.title) and len(a.title.split()) <= 25
    assert a.body.startswith(LEAD)


def test_a_long_first_sentence_line_can_be_the_headline():
    headline = (
        "The government has warned that conscription could be expanded in the coming months after it emerged "
        "that the army is short of thousands of trained reservists, with more expected to leave"
    )
    a = clean(headline, LEAD, SECOND)
    assert (a.title, a.title_generated) == (headline, False)
    assert a.body.split("\n\n") == [LEAD, SECOND]


def test_a_first_paragraph_of_several_sentences_is_not_a_headline():
    para = LEAD + " " + SECOND
    a = clean(para, "It was not immediately clear how the extra costs would be covered by the budget.")
    assert a.title_generated
    assert a.body.startswith(para)


def test_a_wire_dateline_lead_is_not_a_headline():
    lead = "TALLINN, Estonia (AP) \u2014 Estonia will expand conscription next year."
    a = clean(lead, SECOND)
    assert a.title_generated and a.body.startswith(lead) and a.credits == ("AP",)


def test_a_kicker_in_capitals_does_not_make_the_headline_a_dateline():
    headline = "EXCLUSIVE \u2013 Estonia expands conscription as Baltic states review defence spending"
    a = clean(headline, LEAD, SECOND)
    assert (a.title, a.title_generated) == (headline, False)


def test_byline_at_the_foot_of_the_article():
    a = clean(HEADLINE, LEAD, SECOND, "By Jane Doe")
    assert a.byline == "Jane Doe" and a.body.split("\n\n") == [LEAD, SECOND]


def test_outlet_from_the_url_domain():
    assert clean(HEADLINE, LEAD, source="https://www.theguardian.com/world/2024/x").outlet == "theguardian.com"
    assert clean(HEADLINE, LEAD, source="https://edition.cnn.com/2024/x").outlet == "cnn.com"
    assert clean(HEADLINE, LEAD, source="https://www.bbc.co.uk/news/x").outlet == "bbc.co.uk"
    assert clean(HEADLINE, LEAD, source="/tmp/article.txt").outlet is None


def test_credit_normalisation_keeps_the_short_wire_code():
    lex = lexicon()
    assert normalise("The Associated Press", lex) == "AP"
    assert normalise("Agence France-Presse", lex) == "AFP"
    assert normalise("the Express US", lex) == "Express US"
    assert normalise("agencies", lex) is None


PLAIN_DATES = [
    "October 29, 2024, 1:43 am", "October 29, 2024 1:43 PM", "Oct. 29, 2024", "Oct 29 2024",
    "29 October 2024", "29 Oct. 2024, 13:05", "Tuesday, October 29, 2024", "Tue 29 Oct 2024 09:15",
    "2024-10-29", "2024-10-29T07:30", "2024-10-29 07:30:15", "Sept 3, 2023", "May 1, 2020, 12:00 pm",
    "12 of June, 2019", "December 31, 1999 23:59:59",
]


@pytest.mark.parametrize("text", PLAIN_DATES)
def test_quick_date_forms_agree_with_dateparser(text):
    """The direct parser of plain English dates gives what dateparser gives (it only saves
    dateparser's start-up cost)."""
    import dateparser

    from newsdesk.clean.dates import _PARSE_SETTINGS, _plain_date

    quick = _plain_date(text)
    assert quick is not None
    assert quick == dateparser.parse(text, languages=["en"], settings=_PARSE_SETTINGS)


@pytest.mark.parametrize("text", ["Oct 29, 2024 1:43 pm EST", "29.10.2024", "Smarch 3, 2024", "February 30, 2024",
                                  "2024-10-29T07:30:00Z", "0:30 am, June 3, 2024"])
def test_quick_date_parser_leaves_other_forms_to_dateparser(text):
    from newsdesk.clean.dates import _plain_date

    assert _plain_date(text) is None
