"""Replay: the seeds (round 1) and twenty more articles (rounds 2-5) arrive through `watch`; after
each round the "What changed" of every story lists exactly the new figures and the new voices of
that round. The expectations were checked by hand against the articles (tests/watch_replay.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from watch_replay import ARTICLES
from watchserver import LocalServer, page, rss

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"

# What each round adds and repeats, checked by hand against the texts (tests/watch_replay.py).
# Figures by their label, voices by name (the people quoted): what must be listed as new, and
# what must not be, because an earlier round of the same story said it already. Sources of
# figures, organisations as speakers and the new/revised kind depend on the extraction and
# clustering stages (tuned separately); the diff's exactness on given facts is tested in
# tests/test_watch_versions.py. A story seen for the first time lists nothing (Lindenau, round 2).
NEW = {
    2: {"figures": {"11,500",  # n01: Ukraine's military intelligence (the seeds: up to 12,000)
                    "13,000"},  # n02: South Korea's spy agency (the seeds: 11,000)
        "voices": {"Petro Vasylenko", "Park Min-jae"}},
    3: {"figures": {"12,500",  # n04: Japan
                    "450"},  # l04: the Red Cross
        "voices": {"Helen Carter", "Kenji Morita", "Lena Vogel"}},
    4: {"figures": {"1,200"},  # l05: the district council (n07's "could send 15,000" is a forecast: the
        # figures stage decides whether forecasts make claim groups, so it is not required here)
        "voices": {"Mira Holt", "Lee Jun-ho", "Serhiy Bondar", "Petra Sommer"}},
    5: {"figures": {"9,500",  # n10: Ukraine, in Kursk
                    "1,500",  # l06: the district council again, after 1,200
                    "5,000"},  # l08: insurers
        "voices": {"Mei Lin", "Choi Eun-ji", "Tobias Lang"}},
}
REPEATED = {
    3: {"voices": {"Anna Keller"}},  # l03 quotes the fire chief of l01 again
    4: {"figures": {"11,500"},  # n06 repeats n01's figure
        "voices": {"Petro Vasylenko"}},  # … and quotes the same spokesman
    5: {"figures": {"1,200", "12,500", "13,000"}},
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
    labels = {label for _, _, label, _ in got["figures"]}
    for kind, listed in (("figures", labels), ("voices", got["voices"])):
        must = NEW[rnd].get(kind, set())
        never = REPEATED.get(rnd, {}).get(kind, set())
        assert must <= listed, f"round {rnd}: new {kind} not listed: {sorted(must - listed)}"
        assert not never & listed, f"round {rnd}: {kind} of earlier rounds listed as new: {sorted(never & listed)}"
    people = {v for v in got["voices"] if any(v in names for names in _ALL_PEOPLE.values())}
    assert people == NEW[rnd]["voices"], f"round {rnd}: people {sorted(people)}"


# every person quoted in the twenty articles (to check that no person is listed in the wrong round)
_ALL_PEOPLE = {rnd: NEW[rnd]["voices"] for rnd in NEW} | {0: {"Anna Keller", "Jonas Brandt"}}


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
