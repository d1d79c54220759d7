"""The extraction stage's main cost lever, checked without a clock.

Most of extract_facts' CPU time goes to the full spaCy parse, which only sentences that can hold a
quote, reported speech or a figure receive (``needs_parse``). The share of words sent to the full
parse is deterministic, so a change that makes the prefilter let through much more text fails here
on any machine; the words-per-CPU-second figure itself is bench/nlp_speed.py's (``--check`` compares
it with the floor pinned in tests/floors/nlp_speed.json).
"""

from __future__ import annotations

import pytest
from conftest import load_floors, require


def test_share_of_words_given_the_full_parse(datasets):
    from newsdesk.nlp.extract import needs_parse
    from newsdesk.nlp.sentences import split_sentences

    paths = sorted(require(datasets / "polnear-train-text").glob("*.txt"))[:60]
    total = parsed = 0
    for path in paths:
        body = path.read_text(encoding="utf-8")
        for s, e in split_sentences(body):
            n = len(body[s:e].split())
            total += n
            parsed += n if needs_parse(body[s:e]) else 0
    share = parsed / total
    ceiling = load_floors("nlp_speed")["parsed_share_ceiling"]
    assert 0.3 < share <= ceiling, f"{share:.3f} of the words get the full parse (ceiling {ceiling})"


def test_prefilter_keeps_what_extraction_needs():
    from newsdesk.nlp.extract import needs_parse

    assert needs_parse('"We will not retreat," the minister said.')
    assert needs_parse("The storm killed 14 people in three provinces.")
    assert needs_parse("The New York Times reports:")
    assert not needs_parse("The sky over the valley was grey and quiet.")


def test_model_layers_multiply_with_numpy_on_one_blas_thread():
    """The other lever: thinc's default BLIS products took 3-4x the CPU time of NumPy's here, and a
    second BLAS thread on a busy core costs more than it saves (nlp/model.py)."""
    from thinc.api import NumpyOps

    from newsdesk.nlp.model import load_model, one_blas_thread

    nlp = load_model()
    models = [pipe.model for _, pipe in nlp.components if hasattr(getattr(pipe, "model", None), "walk")]
    nodes = [node for model in models for node in model.walk()]
    assert nodes and all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in nodes)
    threadpoolctl = pytest.importorskip("threadpoolctl")
    with one_blas_thread():
        blas = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
        assert all(i["num_threads"] == 1 for i in blas)
