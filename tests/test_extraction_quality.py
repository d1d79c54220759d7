"""HTML extraction quality on the article-extraction-benchmark (AEB), scored with its own metric.

The floors in tests/floors/extraction.json sit a little under newsdesk's measured scores.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import REPO, load_floors, require


def _bench():
    name = "newsdesk_bench_extraction"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "extraction.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def aeb(datasets):
    return require(datasets / "aeb")


def test_metric_edge_cases():
    bench = _bench()
    assert bench.tokenize("It's 3:15 — naïve café") == ["It", "s", "3", "15", "naïve", "café"]
    assert bench.shingle_matching("a b c", "a b c") == (1.0, 0.0, 0.0)  # < 4 tokens: one shingle
    assert bench.shingle_matching("one two three four five", "") == (0.0, 0.0, 1.0)
    assert bench.shingle_matching("", "") == (0.0, 0.0, 0.0)
    tp, fp, fn = bench.shingle_matching("w x y z q", "w x y z r")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # An empty prediction counts against recall but is left out of the precision average.
    truth = {"a": {"articleBody": "one two three four five"}, "b": {"articleBody": "six seven eight nine"}}
    pred = {"a": {"articleBody": "one two three four five"}, "b": {"articleBody": None}}
    score = bench.evaluate(truth, pred, n_bootstrap=0)
    assert (score.precision, score.recall, score.accuracy) == (1.0, 0.5, 0.5)
    with pytest.raises(ValueError):
        bench.evaluate(truth, {"a": pred["a"]}, n_bootstrap=0)


def test_metric_reproduces_published_aeb_scores(aeb):
    """The AEB README's published P/R/F1 for outputs that did not change since (v1.0 table)."""
    published = {
        "AutoExtract": (0.984, 0.956, 0.970),
        "Diffbot": (0.958, 0.944, 0.951),
        "boilerpipe": (0.850, 0.870, 0.860),
        "dragnet": (0.925, 0.889, 0.907),
        "readability": (0.913, 0.931, 0.922),
    }
    bench = _bench()
    truth = bench.load_json(aeb / "ground-truth.json")
    for name, expected in published.items():
        score = bench.evaluate(truth, bench.load_peer(aeb / "peer-outputs" / f"{name}.json"), n_bootstrap=0)
        assert (round(score.precision, 3), round(score.recall, 3), round(score.f1, 3)) == expected, name


@pytest.mark.slow
def test_newsdesk_extraction_floor(aeb):
    floors = load_floors("extraction")["aeb"]
    score = _bench().score_aeb(aeb, peers=False)["newsdesk"]
    assert score.f1 >= floors["f1"], score
    assert score.precision >= floors["precision"], score
    assert score.recall >= floors["recall"], score
