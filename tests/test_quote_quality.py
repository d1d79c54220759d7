"""Quote and attribution quality on PolNeAR dev (84 articles), scored by bench/quotes.py.

Floors are pinned in tests/floors/quotes.json, a little under the measured scores.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import REPO, load_floors, require


def _bench():
    name = "newsdesk_bench_quotes"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "quotes.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def results(datasets):
    bench = _bench()
    root = require(datasets / "polnear-dev")
    return bench.evaluate(root)


def test_gold_is_read(datasets):
    bench = _bench()
    docs = bench.load_polnear(require(datasets / "polnear-dev"))
    assert len(docs) == 84
    gold = [g for d in docs for g in d.gold]
    assert sum(g.direct for g in gold) > 500 and len(gold) > 2000
    for d in docs[:10]:
        for g in d.gold:
            for a, b in g.content:
                assert 0 <= a < b <= len(d.text)


@pytest.mark.slow
@pytest.mark.parametrize("gold_set", ["direct", "all"])
def test_quote_floors(results, gold_set):
    floors = load_floors("quotes")[gold_set]
    got = results[gold_set]
    for key, floor in floors.items():
        assert getattr(got, key) >= floor, f"{gold_set} {key}: {getattr(got, key):.3f} < floor {floor}"
