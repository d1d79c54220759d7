"""The ground-floor lexicon: stemmers, stop-word lists, calendar and number words."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from newsdesk.lexicon.calendar import MONTH_NAMES, MONTH_RE, MONTHS, WEEKDAYS
from newsdesk.lexicon.numbers import words_to_number
from newsdesk.lexicon.stem import light_stem, singular, stem
from newsdesk.lexicon.stopwords import (
    CLUSTER_STOP_WORDS, ENGLISH_STOP_WORDS, SPACY_STOP_WORDS, SUMMARY_STOP_WORDS,
)

SRC = Path(__file__).resolve().parent.parent / "src" / "newsdesk"


def test_stemmer_folds_inflections():
    assert stem("killings") == stem("killing") == stem("kill")
    assert stem("deployed") == stem("deploys") == stem("deploying")
    assert stem("stopped") == stem("stop")
    assert stem("falls") == stem("fall")  # no undoubling of -ll


def test_light_stemmer_is_the_summarys_variant():
    assert light_stem("denied") == light_stem("denies") == "deni"
    assert light_stem("countries") == "country"
    assert light_stem("troops") == "troop"
    assert light_stem("boss") == "boss" and light_stem("kills") == "kill"
    # the two rule sets differ on purpose (measured in lexicon/stem.py's docstring)
    assert stem("killings") == "kill" and light_stem("killings") == "killing"


def test_singular_keeps_case():
    assert singular("Troops") == "troop" and singular("Dollars") == "Dollar" and singular("crises") == "crisis"


def _list_file(package: str, *parts: str, name: str) -> frozenset[str]:
    """A stop-word list as its package ships it: the module file run on its own (it imports
    nothing), so that the test does not pay for importing scikit-learn or spaCy (2-4 s each)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"{package} is not installed")
    path = Path(spec.submodule_search_locations[0], *parts)
    namespace: dict = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return frozenset(namespace[name])


def test_stop_words_match_scikit_learn():
    """The bundled stop-word file is scikit-learn's list (read from a file so that clustering
    does not pay for importing scikit-learn)."""
    assert ENGLISH_STOP_WORDS == _list_file("sklearn", "feature_extraction", "_stop_words.py", name="ENGLISH_STOP_WORDS")


def test_stop_words_match_spacy():
    """The bundled spaCy list is spaCy's English stop words (no spaCy import to read it)."""
    assert SPACY_STOP_WORDS == _list_file("spacy", "lang", "en", "stop_words.py", name="STOP_WORDS")


def test_named_lists_extend_their_bases():
    assert ENGLISH_STOP_WORDS < CLUSTER_STOP_WORDS and {"said", "mr", "http"} <= CLUSTER_STOP_WORDS
    assert SUMMARY_STOP_WORDS - SPACY_STOP_WORDS == {"said", "says", "according"} - SPACY_STOP_WORDS


def test_calendar_tables():
    assert [MONTHS[m] for m in MONTH_NAMES] == list(range(1, 13))
    assert MONTHS["sept"] == 9 and WEEKDAYS[0] == "monday"
    import re

    assert re.fullmatch(MONTH_RE, "Sept.") and not re.fullmatch(MONTH_RE, "Mayday")


def test_number_words():
    assert words_to_number(["twenty-eight", "thousand", "six", "hundred"]) == 28600
    assert words_to_number(["a", "dozen"]) == 12
    assert words_to_number(["several"]) is None


def test_lexicon_imports_nothing_from_the_stages():
    """The lexicon is the ground floor: stages import it, it imports no stage (only text folding,
    ``textnorm``, which imports nothing of newsdesk)."""
    for path in [*(SRC / "lexicon").glob("*.py"), SRC / "textnorm.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsdesk."):
                assert node.module.startswith("newsdesk.lexicon") or (
                    node.module == "newsdesk.textnorm" and path.parent.name == "lexicon"), f"{path.name} imports {node.module}"
