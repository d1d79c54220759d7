"""Relative and partial dates a careful reader resolves: the hand-checked corpus in
tests/data/dates_corpus.json (publication date, sentence, expression, date, whether the text
points ahead). Also scored beside dateparser by bench/dates.py."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from newsdesk.nlp.dates import find_dates
from newsdesk.records import Article

ROWS = json.loads((Path(__file__).parent / "data" / "dates_corpus.json").read_text(encoding="utf-8"))["rows"]


def after(iso: str, published: date) -> bool:
    """Whether a resolved date (day, month or year) begins after the publication day."""
    parts = [int(p) for p in iso.split("-")]
    start = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return start > published


def resolve(row: dict):
    published = datetime.fromisoformat(row["published"])
    article = Article(id="c", source="corpus", body=row["text"], published=published)
    at = row["text"].index(row["expr"])
    hits = [e for e in find_dates(article, [(0, len(row["text"]))]) if e.start < at + len(row["expr"]) and at < e.end]
    return hits


def test_corpus_is_large_and_varied():
    assert len(ROWS) >= 60
    assert sum(r["future"] for r in ROWS) >= 15 and sum(not r["future"] for r in ROWS) >= 40
    assert len({r["published"] for r in ROWS}) >= 4


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['published']}:{r['expr']}" for r in ROWS])
def test_resolved_as_a_careful_reader_would(row):
    hits = resolve(row)
    assert hits, f"{row['expr']!r} not found in {row['text']!r}"
    assert hits[0].date == row["date"], f"{row['text']!r}: {hits[0].text!r} -> {hits[0].date}, want {row['date']}"


def test_no_date_after_publication_unless_the_text_points_ahead():
    late = []
    for row in ROWS:
        for e in resolve(row):
            if e.date and after(e.date, date.fromisoformat(row["published"])) and not row["future"]:
                late.append((row["text"], e.text, e.date))
    assert late == []


def test_future_rows_do_lie_ahead():
    # the corpus is not trivially "everything in the past": the future rows resolve after publication
    ahead = [r for r in ROWS if r["future"] and after(r["date"], date.fromisoformat(r["published"]))]
    assert len(ahead) >= 10


def test_real_news_puts_no_date_after_publication_unless_it_points_ahead(datasets):
    """PolNeAR texts carry their publication date in the file name: no relative date newsdesk
    resolves there lies after it unless the expression or its clause points ahead."""
    import importlib.util
    import sys

    from conftest import REPO, require

    root = require(datasets / "polnear-dev") / "text"
    spec = importlib.util.spec_from_file_location("newsdesk_bench_dates", REPO / "bench" / "dates.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    counts = bench.polnear_late(root, 84)
    assert counts["texts"] == 84 and counts["relative dates"] > 300
    assert counts["after publication, otherwise"] == 0


def test_corpus_floor():
    from conftest import load_floors

    floors = load_floors("dates")
    rows = [(row, resolve(row)) for row in ROWS]
    right = sum(bool(hits) and hits[0].date == row["date"] for row, hits in rows)
    late = sum(
        1 for row, hits in rows for e in hits
        if e.date and not row["future"] and after(e.date, date.fromisoformat(row["published"]))
    )
    assert right / len(ROWS) >= floors["corpus_accuracy"]
    assert late <= floors["late_without_forward_cue"]
