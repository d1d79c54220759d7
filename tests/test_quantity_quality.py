"""Quality floor of the quantity extractor on NewsQuant (scored as bench/quantities.py does)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import REPO, load_floors, require


def _bench():
    spec = importlib.util.spec_from_file_location("bench_quantities", REPO / "bench" / "quantities.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_newsquant_floors(datasets):
    require(datasets / "newsquant" / "NewsQuant.json")
    bench = _bench()
    records = bench.load_records(datasets.parent)
    result = bench.score(records, bench.newsdesk_extractor())
    floors = load_floors("quantities")
    for metric in ("value", "value+unit"):
        s = result[metric]
        got = {"p": s.p, "r": s.r, "f1": s.f1}
        for key, floor in floors[metric].items():
            assert got[key] >= floor, f"{metric} {key} {got[key]:.3f} < floor {floor}"
    # money and percentages, value and unit found (issue 10: they must not drop while claims grow)
    for kind, floor in floors["recall_by_kind"].items():
        found, gold = result["by_kind"][kind]
        assert found / gold >= floor, f"{kind} recall {found}/{gold} < floor {floor}"


def test_gold_kinds():
    bench = _bench()
    assert bench.gold_kind("percentage") == "percent"
    assert bench.gold_kind("dollar") == bench.gold_kind("japanese yen") == bench.gold_kind("euro") == "money"
    assert bench.gold_kind("mile per hour") == bench.gold_kind("year of age") == "other"


def test_scoring_matches_ranges_and_units():
    bench = _bench()
    assert bench.gold_value("252.0-287.0") == (252.0, 287.0)
    assert bench.gold_value("-1.3") == -1.3
    assert bench.values_match((1.0, 2.0), (1.0, 2.0)) and not bench.values_match(1.0, (1.0, 2.0))
    s = bench._fscores(8, 10, 16)
    assert (s.p, s.r) == (0.8, 0.5) and s.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
