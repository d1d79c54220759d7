"""Issue 11: the generated bad-input corpus (tests/badcorpus.py), every input through `add`.

Each input is stored whole or skipped with one human line, never a crash; articles stored before
the corpus was added are all still there, unchanged (nothing lost). bench/reliability.py prints
the same figures.
"""

from __future__ import annotations

import pytest
from badcorpus import EITHER, SKIPPED, STORED, article, write_corpus
from conftest import load_floors

from newsdesk.add import add_inputs
from newsdesk.store import open_store

INTERNALS = ("Traceback", "NoneType", "object has no attribute", "Error:", "errno", "<", ">")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    return write_corpus(root / "cases", bomb_bytes=60_000_000)


FLOORS = load_floors("reliability")


def test_corpus_has_the_kinds_the_issue_lists(corpus):
    assert len(corpus) >= FLOORS["min_corpus_kinds"]
    assert {c.expect for c in corpus} == {STORED, SKIPPED, EITHER}


def test_every_input_stored_whole_or_skipped_and_nothing_lost(corpus, tmp_path):
    with open_store(str(tmp_path / "c.db")) as store:
        keep = tmp_path / "keep"
        keep.mkdir()
        for i in range(3):
            (keep / f"k{i}.txt").write_text(article(900 + i), encoding="utf-8")
        before = add_inputs(store, [str(keep)])
        kept = {a.id: a.body for a in store.iter_articles()}
        assert len(kept) == 3 and not before.skipped
        wrong, crashed = [], []
        for case in corpus:
            try:
                report = add_inputs(store, [case.path])
            except Exception as exc:  # a crash
                crashed.append(f"{case.name}: {type(exc).__name__}: {exc}")
                continue
            stored = len(report.result.added) + len(report.result.updated) + len(report.result.unchanged)
            for skip in report.skipped:
                assert skip.reason and "\n" not in skip.reason and "\n" not in skip.source, (case.name, skip)
                assert not any(mark in skip.reason for mark in INTERNALS), (case.name, skip.reason)
            if case.expect == STORED and stored != case.articles:
                wrong.append(f"{case.name}: {stored} stored, {case.articles} expected; {report.skipped}")
            if case.expect == SKIPPED and (stored or not report.skipped):
                wrong.append(f"{case.name}: {stored} stored, {len(report.skipped)} skips")
        assert len(crashed) <= FLOORS["max_crashed"], crashed
        assert wrong == []
        after = {a.id: a.body for a in store.iter_articles() if a.id in kept}
        lost = sum(1 for k, body in kept.items() if after.get(k) != body)
        assert lost <= FLOORS["max_lost"]  # nothing stored before was lost or changed
