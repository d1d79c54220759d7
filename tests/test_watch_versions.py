"""Story versions: the diff of two fact snapshots, --since parsing, durations, canonical URLs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsdesk.errors import NewsdeskError
from newsdesk.versions.diff import diff_facts
from newsdesk.versions.facts import merge, restrict
from newsdesk.versions.history import parse_since
from newsdesk.watch.config import parse_duration
from newsdesk.watch.discover import canonical_url
from newsdesk.watch.http import retry_after


def _figure(group, source, label, value, articles, **kw):
    return {"group": group, "about": group.split("|")[0], "source": source, "label": label, "value": value,
            "value_high": None, "qualifier": "exact", "when": None, "timing": None, "vague": False,
            "articles": articles, "cites": [[a, 0, 5] for a in articles], **kw}


OLD = {
    "articles": {"a1": {"title": "One", "outlet": "Alpha", "published": "2024-11-01T08:00:00"}},
    "groups": [{"key": "troops|Russia", "about": "troops in Russia", "verdict": "single", "explanation": "",
                "articles": ["a1"]}],
    "figures": [_figure("troops|Russia", "Ukraine", "12,000", 12000, ["a1"])],
    "quotes": [{"speaker": "Anna", "text": "We are ready.", "kind": "direct", "article": "a1", "start": 0, "end": 5}],
    "timeline": [{"date": "2024-10-30", "text": "They crossed.", "article": "a1", "start": 0, "end": 5, "also_in": []}],
}
NEW = {
    "articles": {**OLD["articles"], "a2": {"title": "Two", "outlet": "Beta", "published": "2024-11-02T09:00:00"}},
    "groups": [{"key": "troops|Russia", "about": "troops in Russia", "verdict": "disagree", "explanation": "differ",
                "articles": ["a1", "a2"]},
               {"key": "shells|Russia", "about": "shells in Russia", "verdict": "single", "explanation": "",
                "articles": ["a1"]}],
    "figures": [_figure("troops|Russia", "Ukraine", "12,000", 12000, ["a1"]),
                _figure("troops|Russia", "Ukraine", "11,500", 11500, ["a2"]),
                _figure("troops|Russia", "Japan", "12,500", 12500, ["a2"]),
                _figure("troops|Russia", "Japan", "about 12,500", 12500, ["a2"]),  # same value: listed once
                _figure("troops|Russia", None, "thousands", 1000, ["a2"], vague=True),
                _figure("shells|Russia", "Ukraine", "3,000", 3000, ["a1"])],  # a regrouping of a1: not news
    "quotes": OLD["quotes"] + [
        {"speaker": "Anna", "text": "We are still ready.", "kind": "direct", "article": "a2", "start": 1, "end": 9},
        {"speaker": "Kenji", "text": "We watch closely.", "kind": "direct", "article": "a2", "start": 10, "end": 20},
        {"speaker": "Kenji", "text": "A second remark.", "kind": "indirect", "article": "a2", "start": 30, "end": 40}],
    "timeline": OLD["timeline"] + [
        {"date": "2024-11-01", "text": "They arrived.", "article": "a2", "start": 2, "end": 8, "also_in": []}],
}


def test_diff_lists_what_the_new_articles_add():
    ch = diff_facts(OLD, NEW, story="story-1", version=2, since="version 1", base_version=1,
                    old_signature={"a1": "x"}, new_signature={"a1": "x", "a2": "y"})
    assert [(a.id, a.outlet, a.revised) for a in ch.articles] == [("a2", "Beta", False)]
    assert [(f.kind, f.source, f.label, f.old, f.when) for f in ch.figures] == [
        ("revised", "Ukraine", "11,500", ("12,000",), "2024-11-02"),
        ("new", "Japan", "12,500", (), "2024-11-02")]
    assert all(c.article == "a2" for f in ch.figures for c in f.cites)
    assert [(v.about, v.old, v.new) for v in ch.verdicts] == [("troops in Russia", "single", "disagree")]
    assert ch.new_speakers == ("Kenji",)
    assert [(q.speaker, q.new_speaker) for q in ch.quotes] == [("Anna", False), ("Kenji", True), ("Kenji", True)]
    assert [o.outlet for o in ch.outlets] == ["Beta"]
    assert [(t.date, t.cite.article) for t in ch.timeline] == [("2024-11-01", "a2")]
    assert not ch.empty and not ch.first


def test_revised_article_is_listed_and_nothing_else_when_facts_stay():
    ch = diff_facts(OLD, OLD, story="s", version=2, since="v1", old_signature={"a1": "x"}, new_signature={"a1": "z"})
    assert [(a.id, a.revised) for a in ch.articles] == [("a1", True)]
    assert not (ch.figures or ch.quotes or ch.timeline or ch.verdicts or ch.outlets)


def test_an_earlier_figure_is_new_not_a_revision():
    new = {**NEW, "figures": NEW["figures"] + [_figure("troops|Russia", "Ukraine", "3,000", 3000, ["a2"],
                                                        timing="earlier")]}
    ch = diff_facts(OLD, new, story="s", version=2, since="v1")
    assert ("new", "Ukraine", "3,000", ()) in {(f.kind, f.source, f.label, f.old) for f in ch.figures}


def test_restrict_and_merge_keep_what_the_articles_state():
    part = restrict(NEW, {"a2"})
    assert set(part["articles"]) == {"a2"} and all(q["article"] == "a2" for q in part["quotes"])
    assert all(f["articles"] == ["a2"] for f in part["figures"])
    assert [g["key"] for g in part["groups"]] == ["troops|Russia"]
    both = merge([restrict(NEW, {"a1"}), part])
    assert set(both["articles"]) == {"a1", "a2"} and len(both["quotes"]) == len(NEW["quotes"])


def test_parse_since():
    now = datetime(2024, 11, 5, 12, 0, tzinfo=timezone.utc)
    assert parse_since("3", now) == (3, None) and parse_since("v12", now) == (12, None)
    assert parse_since("2024-11-01", now) == (None, "2024-11-01T00:00:00.000Z")
    assert parse_since("2024-11-01T10:30+01:00", now) == (None, "2024-11-01T09:30:00.000Z")
    assert parse_since("2h", now) == (None, "2024-11-05T10:00:00.000Z")
    with pytest.raises(NewsdeskError):
        parse_since("last tuesday", now)


def test_durations_urls_and_retry_after():
    assert [parse_duration(x) for x in ("30s", "15m", "2h", "1d", "250ms", "5")] == [30, 900, 7200, 86400, 0.25, 5]
    with pytest.raises(NewsdeskError):
        parse_duration("soon")
    assert canonical_url("HTTPS://News.Example:443/a/b?utm_source=rss&id=3#top") == "https://news.example/a/b?id=3"
    assert canonical_url("http://news.example:8080") == "http://news.example:8080/"
    assert retry_after("120") == 120
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after("soon") is None and retry_after(None) is None
