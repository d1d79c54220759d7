"""Issue 11: a kill -9 at any moment of `add`, and concurrent `add`s on one database.

After a crash, the next `add` completes the batch: SQLite's integrity check passes, every article
is stored exactly once with a story, and the stories are those of an uninterrupted run. Two and
four `add` processes started together all succeed and store every article with a story (the
write lock makes them wait their turn). bench/reliability.py runs 20 random kills.
"""

from __future__ import annotations

import pytest
from conftest import load_floors
from crashkit import concurrent_adds, kill_trial, random_moments, reference, write_batch

KILLS = load_floors("reliability")["min_kill_trials_suite"]


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    write_batch(root / "batch", 12)
    write_batch(root / "follow", 2, start=40)
    return root, reference(root, root / "batch", root / "follow")


@pytest.mark.parametrize("fault", ["after_pending", "after_articles", "after_stories"])
def test_death_at_each_point_of_add_is_completed_by_the_next_add(work, fault):
    root, ref = work
    assert ref.full.integrity == "ok" and not ref.full.without_story and len(ref.full.stories) > 1
    problems, outcome = kill_trial(root, root / "batch", root / "follow", ref, fault=fault)
    assert "died" in outcome
    assert problems == [], problems


@pytest.mark.parametrize("seed, share", list(enumerate(random_moments(KILLS, 1.0, seed=3))))
def test_kill_9_at_a_random_moment(work, seed, share):
    root, ref = work
    problems, _ = kill_trial(root, root / "batch", root / "follow", ref, at=share * ref.seconds, seed=seed)
    assert problems == [], problems


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_adds_all_succeed(tmp_path, writers):
    batches = [tmp_path / f"batch{i}" for i in range(writers)]
    for i, batch in enumerate(batches):
        write_batch(batch, 4, start=100 + 10 * i)
    problems, _ = concurrent_adds(tmp_path, batches, name=f"w{writers}")
    assert problems == [], problems
