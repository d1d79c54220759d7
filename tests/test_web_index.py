"""The web app's story index is updated incrementally after an add: only the stories that changed
are read again, and the result equals a full rebuild (so briefs cached by digest stay correct)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from newsdesk.cluster.persist import assign_stories
from newsdesk.records import Article
from newsdesk.store.sqlite import SQLiteStore
from newsdesk.web.index import build_snapshot

TOPICS = {
    "quake": "earthquake magnitude epicentre tremor rescue rubble aftershock seismic",
    "vote": "parliament election ballot voters candidate coalition turnout polling",
    "storm": "hurricane landfall flooding evacuation rainfall coastal winds shelters",
    "court": "verdict judge jury trial appeal sentence prosecutors defendant",
    "match": "championship final goal striker referee penalty stadium trophy",
}


def _article(topic: str, k: int, when: datetime, words: str | None = None) -> Article:
    base = (words or TOPICS[topic]).split()
    body = " ".join(f"{w} {base[(i * 3 + k) % len(base)]}" for i, w in enumerate(base * 4)) + f" item{k}."
    return Article(id=f"{topic}-{k}", source=f"{topic}-{k}.txt", body=body, title=f"{topic.title()} report {k}",
                   outlet=f"outlet{k % 3}", published=when)


def _add(store, articles, changed=()):
    with store.write():
        result = store.add_articles(articles)
        assign_stories(store, articles, changed=result.updated)
    return result


def _same(a, b) -> None:
    assert a.stories == b.stories
    assert a.by_id == b.by_id and a.story_of == b.story_of
    assert (a.outlets, a.articles, a.mark, a.seqs) == (b.outlets, b.articles, b.mark, b.seqs)


def test_incremental_snapshot_equals_a_full_rebuild(tmp_path):
    start = datetime(2024, 5, 1)
    with SQLiteStore(tmp_path / "i.db") as store:
        _add(store, [_article(t, k, start + timedelta(hours=k)) for t in ("quake", "vote", "storm") for k in range(3)])
        first = build_snapshot(store, ("s", 0))
        assert first.articles == 9 and len(first.stories) >= 3
        # a later add: one story grows, a new story starts, the others are untouched
        result = _add(store, [_article("quake", 7, start + timedelta(days=1)),
                              _article("court", 1, start + timedelta(days=1))])
        second = build_snapshot(store, ("s", 1), first, touched=result.added)
        _same(second, build_snapshot(store, ("s", 1)))
        grown = second.by_id[second.story_of["quake-7"]]
        assert grown.digest != first.by_id.get(grown.id, grown).digest or grown.id not in first.by_id
        untouched = first.story_of["vote-0"]
        # an article's text changes: it leaves its story for another one
        moved = replace(_article("storm", 1, start + timedelta(hours=1), TOPICS["match"]))
        result = _add(store, [moved])
        assert result.updated == ("storm-1",)
        third = build_snapshot(store, ("s", 2), second, touched=result.updated)
        _same(third, build_snapshot(store, ("s", 2)))
        assert third.by_id[third.story_of["storm-0"]].digest != second.by_id[second.story_of["storm-0"]].digest
        # kept, not read again (the second snapshot may have re-read it: a story saved in the same
        # millisecond as the newest one a snapshot saw is read again, to be safe)
        assert third.by_id[untouched] is second.by_id[untouched]
        assert third.by_id[untouched].digest == first.by_id[untouched].digest


def test_incremental_snapshot_on_real_stories(tmp_path, datasets):
    from newsdesk.cluster.evaluation import load_ecbplus, shuffled

    docs = [d for d in load_ecbplus(datasets / "ecbplus") if int(d.topic) in range(1, 6)]
    start = datetime(2024, 1, 1)
    articles = [Article(id=d.id, source=f"{d.id}.xml", body=d.text, title=d.text.split("\n")[0][:80],
                        outlet=f"outlet{i % 4}", published=start + timedelta(hours=i))
                for i, d in enumerate(shuffled(docs, 3))]
    with SQLiteStore(tmp_path / "r.db") as store:
        snap = None
        for i in range(0, len(articles), 25):  # batches: joins, new stories, splits and merges as they come
            result = _add(store, articles[i:i + 25])
            snap = build_snapshot(store, ("s", i), snap, touched=result.added)
            _same(snap, build_snapshot(store, ("s", i)))
        assert snap.articles == len(articles)
