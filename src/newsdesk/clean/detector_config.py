"""The line detectors' tuned limits, in one place: the typed detectors (clean/detectors.py) and
the byline, credit and date readers they call (clean/byline.py, credits.py, dates.py), which
cannot import clean/detectors.py themselves (it imports them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DetectorConfig:
    """The detectors' line-shape limits (characters and words), for every class of line they
    recognise: chrome (clean/detectors.py), bylines, credit lines and lone dates. Set by hand on the
    pages of the ingest benchmark (AEB, PolNeAR; ``bench/ingest.py``) and the seeds' golden header
    rows, whose scores ``tests/floors/clean.json`` pins; they are the values the code had before
    they moved here."""

    max_line_chars: int = 300  # a longer line is prose: no detector looks at it
    key_max_chars: int = 60  # the vocabulary key is read for lines up to this long ...
    share_line_max_chars: int = 200  # ... and for lines up to this long that open with a share verb
    chrome_max_chars: int = 2  # a line this short is chrome
    counter_max_chars: int = 40  # "12 comments", "3 min read"
    weather_max_words: int = 8  # "London 12°C"
    promo_rest_max_chars: int = 250  # "Read more: <other headline>"
    section_promo_max_words: int = 6  # "More from Politics", "Most read in World"
    section_promo_max_chars: int = 60
    more_from_max_words: int = 5  # "more from / in / on / about ..." lines
    share_max_words: int = 20  # a share prompt ("Share this on Facebook") is short
    tags_header_max_chars: int = 30  # a lone "Tags" / "Topics" header
    item_max_words: int = 5  # an entry of a tag list
    item_max_chars: int = 40  # an entry of a tag or menu list
    nav_item_max_words: int = 4  # an entry of a menu ("Home | World | Politics")
    nav_min_items: int = 3  # a menu has this many entries, or two of at most ...
    nav_pair_max_words: int = 2  # ... this many words each
    breadcrumb_max_chars: int = 100  # "Home > World > Europe"
    crumb_max_words: int = 4  # one step of a breadcrumb
    crumb_max_chars: int = 30
    date_meta_max_chars: int = 80  # a short line holding a date ("Updated 3 May 2024, 10:02")
    date_meta_max_words: int = 9
    date_meta_other_words: int = 5  # words besides the date on such a line
    # byline lines (clean/byline.py)
    byline_max_chars: int = 160  # a longer line is no byline ...
    byline_sentence_words: int = 8  # ... nor a "By ..." line this long ending like a sentence
    desk_line_max_chars: int = 80  # a desk line ("Web Desk | 3 May 2024") is short
    desk_max_words: int = 4  # a desk name ending in a desk word ("Politics Desk")
    person_max_tokens: int = 5  # one author's name ("Jean-Luc de la Tour Smith")
    person_max_chars: int = 50
    caps_name_min_letters: int = 4  # a name in capitals this long is title-cased ("ZEKE MILLER"; not "AP")
    # credit lines (clean/credits.py)
    credit_line_max_chars: int = 200  # a longer line is no credit line
    inputs_max_words: int = 12  # "With inputs from Reuters, AP and ..." names
    source_max_words: int = 8  # "Source: ..." names
    credit_name_max_words: int = 5  # one credited name ("Press Trust of India")
    rights_line_max_chars: int = 160  # "All rights reserved" lines
    outlet_line_max_words: int = 4  # a line that is only an outlet's name ("The Associated Press")
    # date lines (clean/dates.py)
    lone_date_max_chars: int = 90  # a line that is only a (labelled) date


DETECTORS = DetectorConfig()
