"""Tuned numbers live in the stages' config dataclasses (``newsdesk config`` lists them) and the
code reads them from there: changing a field changes what the stage does."""

from __future__ import annotations

import dataclasses

from newsdesk.clean import build_article
from newsdesk.clean.detectors import DETECTORS, DetectorConfig, detect
from newsdesk.clean.lines import features
from newsdesk.clean.resources import lexicon
from newsdesk.records import RawDocument
from newsdesk.settings import effective_settings


def _detect(text: str, cfg: DetectorConfig = DETECTORS):
    lex = lexicon()
    return detect(text, features(text, lex), lex, cfg)


def test_detector_limits_come_from_the_config():
    assert _detect("12 comments").kind == "counter"
    assert _detect("12 comments", dataclasses.replace(DETECTORS, counter_max_chars=5)) is None
    crumbs = "Home > World > Europe"
    assert _detect(crumbs).kind == "breadcrumb"
    assert _detect(crumbs, dataclasses.replace(DETECTORS, breadcrumb_max_chars=10)) is None


def test_build_article_takes_the_detector_config():
    text = ("Storm closes schools\n\n12 comments\n\nThe storm closed every school in the county on "
            "Monday, officials said, and the roads stayed shut until the evening.\n")
    raw = RawDocument(id="a", source="a.txt", text=text, format="text")
    assert "12 comments" not in build_article(raw).body
    loose = dataclasses.replace(DETECTORS, counter_max_chars=0)
    assert build_article(raw, detectors=loose).removed != build_article(raw).removed


def test_newsdesk_config_lists_the_cleaning_settings():
    settings = effective_settings()
    assert settings["clean.detectors"] == dataclasses.asdict(DETECTORS)
    assert "length_low" in settings["clean.classify"]


def test_line_classifier_rules_come_from_its_params():
    from newsdesk.clean.classify import NEAR, SHORT, Params, initial_class

    line = "He declined to comment on the report."
    f = features(line, lexicon())
    assert initial_class(f, Params()) == NEAR
    assert initial_class(f, dataclasses.replace(Params(), sentence_min_words=10)) == SHORT


def test_header_windows_come_from_the_config():
    from newsdesk.clean.metadata import HEADER

    text = "Politics\n\nStorm closes every school in the county\n\nBy Jane Doe\n\n" + (
        "The storm closed every school in the county on Monday, officials said, and the roads stayed shut. " * 3)
    raw = RawDocument(id="a", source="a.txt", text=text, format="text")
    assert build_article(raw).title == "Storm closes every school in the county"
    blind = dataclasses.replace(HEADER, lead_window=0)
    assert build_article(raw, header_config=blind).title != "Storm closes every school in the county"
    assert effective_settings()["clean.header"]["lead_window"] == HEADER.lead_window


def test_repeat_rules_come_from_the_config():
    from newsdesk.clean.paragraphs import REPEATS

    para = "The ferry company changed its timetable on Monday after the repairs on the eastern quay."
    text = f"Ferry timetable changes\n\n{para}\n\nPassengers were told to check the new times.\n\n{para}\n"
    raw = RawDocument(id="a", source="a.txt", text=text, format="text")
    assert build_article(raw).body.count("eastern quay") == 1
    keep_all = dataclasses.replace(REPEATS, min_words=100)
    assert build_article(raw, repeats=keep_all).body.count("eastern quay") == 2


def test_byline_credit_and_date_line_limits_come_from_the_detector_config():
    assert _detect("By ZEKE MILLER Associated Press").byline.name == "Zeke Miller"
    caps = dataclasses.replace(DETECTORS, caps_name_min_letters=20)
    assert _detect("By ZEKE MILLER Associated Press", caps).byline.name == "ZEKE MILLER"
    assert _detect("By Jane Doe", dataclasses.replace(DETECTORS, person_max_chars=5)) is None
    assert _detect("With inputs from Reuters and AP").credits == ("Reuters", "AP")
    assert _detect("With inputs from Reuters and AP", dataclasses.replace(DETECTORS, credit_line_max_chars=10)) is None
    assert _detect("Updated: 3 May 2024, 10:02").kind == "date"
    assert _detect("Updated: 3 May 2024, 10:02", dataclasses.replace(DETECTORS, lone_date_max_chars=10)).kind != "date"


def test_inline_credits_and_made_up_titles_follow_the_configs():
    from newsdesk.clean.credits import inline_credits
    from newsdesk.clean.metadata import HEADER, generate_title

    sentence = "Prices rose, according to the Daily Kyiv Evening Post."
    assert inline_credits(sentence, lexicon()) == ("Daily Kyiv Evening Post",)
    assert inline_credits(sentence, lexicon(), dataclasses.replace(DETECTORS, credit_name_max_words=3)) == ()
    lead = ("The storm that crossed the county on Monday night, the worst in a decade, closed every school and "
            "most roads for two days while crews cleared fallen trees and restored power to the last homes.")
    assert generate_title(lead) == "The storm that crossed the county on Monday night"
    assert generate_title(lead, dataclasses.replace(HEADER, title_clause_min_words=12)).startswith(
        "The storm that crossed the county on Monday night, the worst in a decade")
    assert effective_settings()["clean.header"]["title_max_words"] == HEADER.title_max_words
