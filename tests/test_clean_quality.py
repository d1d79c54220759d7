"""Cleaning quality on real articles, with floors in tests/floors/clean.json set a little under
the measured figures (bench/ingest.py prints the same figures).

- PolNeAR training texts are already clean: the cleaner must keep nearly all of their body text.
- AEB pages: cleaning the HTML reader's text must not lower its precision, and F1 stays high.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import REPO, load_floors, require


def _bench():
    name = "newsdesk_bench_ingest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "ingest.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def floors() -> dict:
    return load_floors("clean")


def test_polnear_text_is_kept(datasets, floors):
    require(datasets / "polnear-train-text")
    ratio = _bench().polnear_kept_ratio()
    assert ratio >= floors["polnear"]["kept_ratio"], ratio


def test_aeb_cleaning_keeps_precision_and_f1(datasets, floors):
    require(datasets / "aeb" / "ground-truth.json")
    scores = _bench().aeb_before_after()
    before, after = scores["reader"], scores["reader+clean"]
    assert after.f1 >= floors["aeb"]["f1"], after
    assert after.precision - before.precision >= floors["aeb"]["precision_gain"], (before, after)
