"""Search of the SQLite store: the rank window and snippets made in Python (store/search.py)."""

from __future__ import annotations

import pytest

from newsdesk.records import Article
from newsdesk.store.search import SearchConfig, Snippets, Stemmer, query_terms
from newsdesk.store.sqlite import SQLiteStore


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as s:
        # 'vote' is in all 30 articles, as often as the article's number says (more = better rank);
        # 'rare' in three of them
        s.add_articles([Article(id=f"a{i:02d}", source=f"a{i:02d}.txt",
                                body=" ".join(["vote"] * (1 + i % 7) + ["filler words here"] * 5
                                              + (["rare"] if i in (3, 17, 28) else [])))
                        for i in range(30)])
        yield s


def _ids(store, query, window):
    return [r.id for r in store.list_articles(query, 10, config=SearchConfig(rank_window=window))]


def test_window_ranks_only_the_newest_matches_of_a_common_word(store):
    everything = _ids(store, "vote", 0)
    windowed = _ids(store, "vote", 8)
    newest = {f"a{i:02d}" for i in range(22, 30)}  # the 8 most recently added
    assert set(windowed) <= newest and len(windowed) == 8
    assert windowed != everything[:8]  # the window changed the answer here…
    assert _ids(store, "vote", 30) == everything  # …and does not when the matches fit in it
    assert _ids(store, "rare", 8) == _ids(store, "rare", 0)  # few matches: the full ranking


def test_env_sets_the_window(monkeypatch):
    monkeypatch.setenv("NEWSDESK_SEARCH_RANK_WINDOW", "123")
    assert SearchConfig.from_env().rank_window == 123
    monkeypatch.setenv("NEWSDESK_SEARCH_RANK_WINDOW", "many")
    assert SearchConfig.from_env() == SearchConfig()


def test_snippets_mark_what_the_index_matches():
    snippets = Snippets(Stemmer(), query_terms('"troops" AND Korean'), 12)
    body = ("Opening words come first here. Then more text follows. The troop movement began; "
            "North Korean troops crossed. Troopers and TROOPS waited for Koreans at the end.")
    text = snippets.snippet(body)
    assert "[Korean] [troops]" in text and text.startswith("…") and text.endswith("…")
    marked = {w.strip("[]") for w in text.split() if w.startswith("[")}
    assert "Troopers" not in marked  # porter stems 'troopers' to 'trooper', not 'troop'
    assert [w for _, _, w in snippets.hits(body)] == ["troop", "korean", "troop", "troop", "korean"]
    assert Snippets(Stemmer(), ["zzz"], 12).snippet("Hello there world.") == "Hello there world"
    assert Snippets(Stemmer(), ["zzz"], 3).snippet("One two three four.") == "One two three…"


def test_search_rows_carry_snippets(store):
    rows = store.list_articles("rare", 5)
    assert {r.id for r in rows} == {"a03", "a17", "a28"}
    assert all("[rare]" in r.snippet for r in rows)


def test_offset_continues_the_ranking(store):
    ranked = [r.id for r in store.list_articles("vote", 30)]
    assert [r.id for r in store.list_articles("vote", 7, offset=7)] == ranked[7:14]
    assert store.list_articles("vote", 5, offset=30) == []


def test_snippets_are_kept_across_adds_and_cut_again_for_a_changed_body(store):
    """A snippet is kept by article id, content hash and the query's index terms: an add does not
    void it, a new version of the body does, and another query's terms get their own."""
    first = {r.id: r.snippet for r in store.list_articles("rare", 5)}
    cache = store._snippet_cache
    kept = len(cache._items)
    assert kept == 3
    store.add_articles([Article(id="new", source="new.txt", body="nothing to see")])
    assert {r.id: r.snippet for r in store.list_articles("rare", 5)} == first
    assert len(cache._items) == kept  # the same three, not cut again
    assert {r.id: r.snippet for r in store.list_articles("rarely", 5)} == first  # same index term
    assert len(cache._items) == kept
    store.add_articles([Article(id="a17", source="a17.txt", body="rare bird seen at the harbour today")])
    again = {r.id: r.snippet for r in store.list_articles("rare", 5)}
    assert again["a17"] == "[rare] bird seen at the harbour today" and again["a03"] == first["a03"]
    assert "[filler]" in store.list_articles("filler", 1)[0].snippet  # other terms: their own snippet
