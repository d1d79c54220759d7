"""Stop-word lists, read once from the data files under ``newsdesk/data/``.

* :data:`ENGLISH_STOP_WORDS`: scikit-learn's English list (``stop_words_en.txt``, no sklearn import);
* :data:`CLUSTER_STOP_WORDS`: that list plus news boilerplate ("said", "mr", "http", …), for story
  clustering terms;
* :data:`SPACY_STOP_WORDS`: spaCy's English list (``stop_words_spacy_en.txt``, no spaCy import),
  used by extraction (names, units, the gazetteer);
* :data:`SUMMARY_STOP_WORDS`: spaCy's list plus "said", "says", "according", for the summary's
  content words.

The two base lists differ by design of their sources; swapping the summary onto the clustering
list left the seeds' brief unchanged, but the lists were tuned separately and are kept apart.
"""

from __future__ import annotations

from importlib.resources import files


def read_word_list(name: str) -> frozenset[str]:
    """The words of a data file ``newsdesk/data/<name>``: one per line, ``#`` lines are comments."""
    text = files("newsdesk").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


ENGLISH_STOP_WORDS = read_word_list("stop_words_en.txt")
CLUSTER_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | {
    "said", "says", "say", "told", "according", "also", "just", "like", "new", "year", "years",
    "time", "people", "day", "week", "mr", "mrs", "ms", "s", "t", "ll", "ve", "re", "don",
    "http", "https", "www", "com",
})
SPACY_STOP_WORDS = read_word_list("stop_words_spacy_en.txt")
SUMMARY_STOP_WORDS = SPACY_STOP_WORDS | {"said", "says", "according"}
