"""Replay: the seeds (round 1) and twenty more articles (rounds 2-5) arrive through `watch`; after
each round the "What changed" of every story lists exactly the new figures and the new voices of
that round. The expectations were checked by hand against the articles (tests/watch_replay.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from watch_replay import ARTICLES
from watchserver import LocalServer, page, rss

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"

# What each round adds, checked by hand against the texts (stories seen for the first time have
# nothing to compare with and list nothing: the Lindenau story in round 2). Figures are
# (kind, source, label, earlier labels of the same source); "revised" = the source's figure changed.
TRUTH = {
    2: {"figures": {("revised", "Ukraine", "11,500", ("up to 12,000",)),  # n01; the seeds' Ukraine: up to 12,000
                    ("revised", "South Korea", "13,000", ("11,000",))},  # n02; the seeds' South Korea: 11,000
        "voices": {"Ukraine's military intelligence agency", "Petro Vasylenko", "Park Min-jae",
                   "Ukraine"},  # "Ukraine says the North Korean soldiers …" (background paragraph)
        "verdicts": set()},
    3: {"figures": {("new", "Japan", "12,500", ()),  # n04
                    ("revised", "the regional fire service", "3,100", ("2,400",)),  # l03 after l01
                    ("new", "Red Cross", "450", ())},  # l04
        "voices": {"NATO", "Helen Carter", "Japan", "Kenji Morita", "Ukrainian officers", "Red Cross", "Lena Vogel"},
        "verdicts": set()},
    4: {"figures": {("new", "Mira Holt", "15,000", ()),  # n07 (a projection); n06 repeats n01's 11,500
                    ("new", "The district council", "1,200", ())},  # l05
        "voices": {"Mira Holt", "Lee Jun-ho", "A Ukrainian commander in the Kursk region", "Serhiy Bondar",
                   "The district council", "Petra Sommer"},
        # South Korea's "up to 10,000 by December" (seeds) against Mira Holt's 15,000
        "verdicts": {("North Korean troops in Russia, projected", "single", "disagree")}},
    5: {"figures": {("new", "Ukraine", "9,500", ()),  # n10
                    ("revised", "The district council", "1,500", ("1,200",)),  # l06
                    ("new", "Insurers", "5,000", ())},  # l08
        "voices": {"China", "Mei Lin", "Choi Eun-ji", "Tobias Lang", "Insurers"},
        "verdicts": {("homes in Lindenau", "single", "disagree")}},  # the brief's verdict on 1,200 vs 1,500
}
# Where the extraction stages (not the versions) fall short of the truth today. A test fails
# when a true item goes missing that is not listed here, or when an item that is neither true
# nor listed here appears; an extraction fix that finds a missed item never fails it.
KNOWN_MISSES = {
    3: {"figures": {("revised", "the regional fire service", "3,100", ("2,400",))}},  # "rose to 3,100" not read
    4: {"figures": {("new", "The district council", "1,200", ())}},  # figure read, attribution missed
    5: {"figures": {("revised", "The district council", "1,500", ("1,200",)), ("new", "Insurers", "5,000", ())}},
}
KNOWN_EXTRAS = {
    4: {"figures": {("new", None, "1,200", ())}},  # the same figures, unattributed
    5: {"figures": {("revised", None, "1,500", ("1,200",)), ("new", None, "5,000", ())},
        "voices": {"The agency"}},  # n10's "The agency said …", not resolved to the agency named before
}


def _publish(server: LocalServer, rnd: int) -> None:
    korea, lindenau = [], []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        server.set(f"/seeds/{path.name}", text, content_type="text/plain; charset=utf-8")
        korea.append({"title": path.stem, "link": server.url(f"/seeds/{path.name}")})
    for art in ARTICLES:
        if art["round"] > rnd:
            continue
        server.set(f"/news/{art['slug']}.html",
                   page(art["title"], art["paragraphs"], published=art["date"], site=art["outlet"]))
        item = {"title": art["title"], "link": server.url(f"/news/{art['slug']}.html")}
        (lindenau if art["slug"].startswith("l") else korea).append(item)
    server.set("/feeds/world.xml", rss("World desk", korea), content_type="application/rss+xml")
    server.set("/feeds/regional.xml", rss("Regional desk", lindenau), content_type="application/rss+xml")


def replay(db: Path) -> list[dict]:
    """Run the five rounds; returns, per round, {story key: StoryChanges} of the touched stories."""
    from newsdesk.cluster.persist import story_members
    from newsdesk.ingest.limits import ReadLimits
    from newsdesk.pipeline import brief_from_articles, one_story
    from newsdesk.store import open_store
    from newsdesk.versions import what_changed
    from newsdesk.watch.config import WatchConfig
    from newsdesk.watch.round import run_round
    from newsdesk.watch.state import add_source

    config = WatchConfig(min_delay=0.0, backoff_base=0.01, limits=ReadLimits(allow_private=True))
    out = []
    with LocalServer() as server, open_store(str(db)) as store:
        add_source(store, server.url("/feeds/world.xml"), every_s=0.001)
        add_source(store, server.url("/feeds/regional.xml"), every_s=0.001)
        for rnd in range(1, 6):
            _publish(server, rnd)
            report = run_round(store, config)
            changes = {}
            for sid in report.stories:
                ids = story_members(store, sid)
                articles = list(store.iter_articles(ids))
                story = brief_from_articles(articles, grouper=one_story).stories[0]
                changes[sid] = what_changed(store, sid, story, articles)
            out.append({"report": report, "changes": changes})
    return out


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> list[dict]:
    return replay(tmp_path_factory.mktemp("replay") / "watch.db")


def test_replay_rounds_store_every_article_once(rounds):
    reports = [r["report"] for r in rounds]
    assert [r.articles_added for r in reports] == [5, 4, 5, 5, 6]
    assert all(r.items_failed == 0 and r.items_fallback == 0 for r in reports)
    assert [r.items_new for r in reports] == [5, 4, 5, 5, 6]  # items seen before are never fetched again
    assert rounds[0]["changes"] and all(ch.first for ch in rounds[0]["changes"].values())


@pytest.mark.parametrize("rnd", [2, 3, 4, 5])
def test_replay_what_changed_lists_the_rounds_figures_and_voices(rounds, rnd):
    got = summary(rounds[rnd - 1]["changes"])
    for kind in ("figures", "voices", "verdicts"):
        truth = TRUTH[rnd][kind]
        misses = KNOWN_MISSES.get(rnd, {}).get(kind, set())
        extras = KNOWN_EXTRAS.get(rnd, {}).get(kind, set())
        assert truth - misses <= got[kind], f"round {rnd}: {kind} missing {sorted(truth - misses - got[kind], key=str)}"
        assert got[kind] <= truth | extras, f"round {rnd}: {kind} not expected {sorted(got[kind] - truth - extras, key=str)}"


@pytest.mark.parametrize("rnd", [2, 3, 4, 5])
def test_replay_what_changed_cites_only_the_rounds_articles(rounds, rnd):
    report = rounds[rnd - 1]["report"]
    listed = 0
    for ch in rounds[rnd - 1]["changes"].values():
        if ch.first:
            continue
        new_ids = {a.id for a in ch.articles}
        assert new_ids and all(not a.revised for a in ch.articles)
        cited = [c.article for f in ch.figures for c in f.cites] + [q.cite.article for q in ch.quotes]
        cited += [t.cite.article for t in ch.timeline] + [c.article for o in ch.outlets for c in o.cites]
        assert set(cited) <= new_ids
        listed += len(new_ids)
    # every new article of the round is listed once, except those that opened a story
    opened = sum(1 for ch in rounds[rnd - 1]["changes"].values() if ch.first)
    assert listed <= report.articles_added and (listed == report.articles_added or opened)


def summary(changes: dict) -> dict:
    """The union over the round's stories: figures (kind, source, label, old), voices, verdicts."""
    figures, voices, verdicts = set(), set(), set()
    for ch in changes.values():
        figures |= {(f.kind, f.source, f.label, f.old) for f in ch.figures}
        voices |= set(ch.new_speakers)
        verdicts |= {(v.about, v.old, v.new) for v in ch.verdicts}
    return {"figures": figures, "voices": voices, "verdicts": verdicts}


if __name__ == "__main__":  # print what the replay finds, to check it by hand
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    with tempfile.TemporaryDirectory() as tmp:
        for i, rnd in enumerate(replay(Path(tmp) / "r.db"), start=1):
            print(f"=== round {i}: {rnd['report'].line()}")
            for key, value in summary(rnd["changes"]).items():
                print(f"  {key}: {sorted(value, key=str)}")
            for sid, ch in rnd["changes"].items():
                print(f"  -- {sid} v{ch.version} first={ch.first} since={ch.since}")
                for q in ch.quotes:
                    print(f"     quote: {q.speaker}: {q.text[:100]}")
