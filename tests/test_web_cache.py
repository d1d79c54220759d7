"""The web app's kept answers (web/cache.py): each is valid for one version of what it was made
from, so an add invalidates exactly the answers made from what it changed; the writer runs
below the server's CPU priority; the server's heap is frozen out of full collections."""

from __future__ import annotations

import gc
import os
import time
import weakref

import pytest
from web_support import SEEDS, build_store, client_for, seed_story

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_memo_answers_only_for_the_version_they_were_made_from():
    from newsdesk.web.cache import Memo

    memo = Memo(2)
    made = []
    assert memo.answer("a", 1, lambda: made.append(1) or b"one") == b"one"
    assert memo.answer("a", 1, lambda: made.append(2) or b"two") == b"one"  # same version: kept
    assert memo.answer("a", 2, lambda: made.append(3) or b"three") == b"three"  # new version: made again
    assert memo.get("a", 1) is None  # the old version's answer is gone
    memo.put("b", 1, b"b")
    memo.get("a", 2)  # "a" used last: "b" goes first
    memo.put("c", 1, b"c")
    assert len(memo) == 2 and memo.get("b", 1) is None and memo.get("a", 2) == b"three"
    assert made == [1, 3]


def test_an_add_invalidates_exactly_the_answers_it_changed(tmp_path):
    db = build_store(tmp_path)
    with client_for(db) as c:
        state = c.app_state
        story = seed_story(c)
        others = [s["id"] for s in c.get("/api/stories").json()["stories"] if s["id"] != story["id"]]
        assert others, "the sample store has a second story (the hostile article)"
        listing = c.get("/api/stories").json()
        page = c.get("/").text
        details = {sid: c.get(f"/api/stories/{sid}").content for sid in [story["id"], *others]}
        infos = dict(state.snapshot().by_id)
        assert c.get("/api/search", params={"q": "zanzibarite"}).json()["results"] == []
        assert "Nothing found" in c.get("/search", params={"q": "zanzibarite"}).text
        hits = state.answers.hits
        assert c.get("/api/stories").json() == listing  # kept: nothing changed
        assert c.get("/api/stories/" + others[0]).content == details[others[0]]
        assert state.answers.hits == hits + 2

        member = c.get(f"/api/stories/{story['id']}").json()["articles"][0]["id"]
        text = (SEEDS / f"{member}.txt").read_text(encoding="utf-8") + (
            "\n\nOfficials added on Wednesday that a zanzibarite sample was found near the border.\n")
        r = c.post("/api/articles", params={"wait": 60}, data={"csrf_token": state.csrf},
                   files=[("files", ("update.txt", text.encode("utf-8"), "text/plain"))])
        assert r.status_code == 200, r.text
        [art] = r.json()["job"]["result"]["articles"]
        joined = art["story"]

        after = c.get("/api/stories").json()  # the store changed: made again
        assert after["articles_stored"] == listing["articles_stored"] + 1
        assert c.get("/").text != page
        found = c.get("/api/search", params={"q": "zanzibarite"}).json()["results"]
        assert [a["id"] for g in found for a in g["articles"]] == [art["id"]]
        assert found[0]["story"]["id"] == joined
        assert "Nothing found" not in c.get("/search", params={"q": "zanzibarite"}).text
        snap = state.snapshot()
        assert art["id"] in [a["id"] for a in c.get(f"/api/stories/{joined}").json()["articles"]]
        unchanged = [sid for sid in details if snap.by_id.get(sid) == infos[sid]]  # same row, members, content
        assert unchanged and joined not in unchanged
        hits = state.answers.hits
        for sid in unchanged:  # a story the add did not change answers as before, from the memo
            assert c.get(f"/api/stories/{sid}").content == details[sid]
        assert state.answers.hits == hits + len(unchanged)


def test_the_writer_process_runs_below_the_server(tmp_path):
    from newsdesk.web.jobs import Writer

    db = build_store(tmp_path)
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    writer = Writer(str(db), "process", lambda job, snap: None, nice=5)
    writer.start()
    try:
        deadline = time.monotonic() + 60  # the worker renices itself as it starts
        while os.getpriority(os.PRIO_PROCESS, writer._proc.pid) < min(19, mine + 5) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert os.getpriority(os.PRIO_PROCESS, writer._proc.pid) == min(19, mine + 5)
        assert os.getpriority(os.PRIO_PROCESS, 0) == mine  # the server's own priority is kept
    finally:
        writer.stop()


class _Node:
    pass


def test_settler_freezes_the_heap_and_collects_in_full_now_and_then():
    from newsdesk.web.cache import Settler

    settle = Settler(full_every=3)
    try:
        gc.unfreeze()
        settle()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        node = _Node()
        node.me = node  # a cycle, alive now: frozen by the next settle
        ref = weakref.ref(node)
        kept = [[] for _ in range(1000)]  # new objects: in the collector's generations
        assert id(kept[0]) in {id(o) for o in gc.get_objects()}
        settle()
        assert not {id(kept[0]), id(kept[-1])} & {id(o) for o in gc.get_objects()}  # frozen now
        del node  # now garbage in a cycle
        gc.collect()
        assert ref() is not None  # garbage frozen while it was alive: no collection sees it
        settle()  # the third: unfreezes, collects in full, freezes again
        assert ref() is None and settle.settled == 3 and gc.get_freeze_count() > 0
        del kept
    finally:
        gc.unfreeze()


def test_searches_in_the_search_worker_process_answer_as_in_the_server(tmp_path):
    """`newsdesk serve` ranks searches not in the cache in a worker process: the same answers as
    ranked in the server's own process (thread mode), and a new article found once added."""
    db = build_store(tmp_path)
    queries = ["Kursk", "troops", '"North Korean"', "harbour quay", "nothingmatchesthis"]
    with client_for(db) as c:
        expected = {q: c.get("/api/search", params={"q": q}).json() for q in queries}
    with client_for(db, workers="process", search_workers=2) as c:
        state = c.app_state
        for q in queries:
            assert c.get("/api/search", params={"q": q}).json() == expected[q]
        assert state._searcher is not None  # they went through the worker
        assert c.get("/api/search", params={"q": "!!!"}).status_code == 400
        r = c.post("/api/articles", params={"wait": 120}, data={"csrf_token": state.csrf},
                   files=[("files", ("new.txt", b"Quay inspectors found a zanzibarite crack on Friday.\n\n"
                                     b"The zanzibarite crack runs along the eastern quay, inspectors said.", "text/plain"))])
        assert r.json()["job"]["state"] == "done", r.text
        [art] = r.json()["job"]["result"]["articles"]
        found = c.get("/api/search", params={"q": "zanzibarite"}).json()["results"]
        assert [a["id"] for g in found for a in g["articles"]] == [art["id"]]
        assert "zanzibarite" in c.get("/search", params={"q": "zanzibarite"}).text
        workers = list(state._searcher._processes.values())
    assert workers and not any(p.is_alive() for p in workers)  # ended with the server
