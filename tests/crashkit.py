"""Kill -9 and concurrent-writer trials of `newsdesk add`, shared by the fault tests and
bench/reliability.py.

A trial runs the real command line in a child process, kills it with SIGKILL at a random moment
(or lets a fault hook end it at a chosen point), then runs the next `add` and checks the
database: SQLite's integrity check passes, every article of the batch is stored exactly once,
every stored article has a story, and the stories (as sets of article ids) are those of an
uninterrupted run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from badcorpus import article

NEWSDESK = [str(Path(sys.executable).with_name("newsdesk"))]  # the installed command line


def write_batch(folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` article files (eight kinds of event, so that stories hold several articles)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"story_{i:03d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths


def add(db: Path, *inputs: Path | str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*NEWSDESK, "add", *map(str, inputs), "--db", str(db), "-q"], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, check=False)


def start_add(db: Path, *inputs: Path | str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([*NEWSDESK, "add", *map(str, inputs), "--db", str(db), "-q"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})


@dataclass(frozen=True)
class State:
    integrity: str
    article_ids: tuple[str, ...]  # one entry per stored row (duplicates would show)
    stories: frozenset[frozenset[str]]  # each story as the set of its article ids
    without_story: tuple[str, ...]


def state(db: Path) -> State:
    from newsdesk.cluster.persist import list_stories, story_members
    from newsdesk.store import open_store

    with sqlite3.connect(db) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    with open_store(str(db)) as store:
        ids = tuple(sorted(a.id for a in store.iter_articles()))
        stories = frozenset(frozenset(story_members(store, row.id)) for row in list_stories(store))
    in_story = set().union(*stories) if stories else set()
    return State(integrity, ids, stories, tuple(i for i in ids if i not in in_story))


def check(got: State, want: State) -> list[str]:
    """What is wrong with ``got`` compared with the uninterrupted ``want`` (empty when nothing)."""
    problems = []
    if got.integrity != "ok":
        problems.append(f"integrity_check: {got.integrity}")
    if len(set(got.article_ids)) != len(got.article_ids):
        problems.append("an article is stored twice")
    if set(got.article_ids) != set(want.article_ids):
        missing = set(want.article_ids) - set(got.article_ids)
        problems.append(f"{len(missing)} articles lost, {len(set(got.article_ids) - set(want.article_ids))} unexpected")
    if got.without_story:
        problems.append(f"{len(got.without_story)} articles without a story")
    if got.stories != want.stories:
        problems.append("stories differ from an uninterrupted run")
    return problems


@dataclass(frozen=True)
class Reference:
    full: State  # after an uninterrupted `add batch` then `add follow_up`
    follow_only: State  # after `add follow_up` alone: a run killed before it recorded its batch
    seconds: float  # how long the uninterrupted `add batch` took


def reference(workdir: Path, batch: Path, follow_up: Path) -> Reference:
    db = workdir / "reference.db"
    started = time.monotonic()
    done = add(db, batch)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    done = add(db, follow_up)
    assert done.returncode == 0, done.stderr
    alone = workdir / "reference_follow_only.db"
    done = add(alone, follow_up)
    assert done.returncode == 0, done.stderr
    return Reference(state(db), state(alone), seconds)


def _began(db: Path) -> bool:
    """Whether a killed `add` got as far as recording its batch (a pending record or articles)."""
    if not db.exists():
        return False
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        pending = conn.execute("SELECT count(*) FROM pending_adds").fetchone()[0] if "pending_adds" in tables else 0
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0] if "articles" in tables else 0
    return bool(pending or stored)


def kill_trial(workdir: Path, batch: Path, follow_up: Path, ref: Reference, *, at: float | None = None,
               fault: str | None = None, seed: int = 0) -> tuple[list[str], str]:
    """One crash: `add batch` killed (SIGKILL after ``at`` seconds, or by a fault hook), then
    `add follow_up`; returns the problems found and what happened to the killed run. A run
    killed before it recorded anything (still starting up) never began: the next add is then
    compared with `add follow_up` alone, and the outcome says so."""
    db = workdir / f"trial_{seed}_{fault or 'kill'}.db"
    env = {"NEWSDESK_FAULT": fault} if fault else None
    proc = start_add(db, batch, env=env)
    outcome = "finished before the kill"
    if fault is None:
        try:
            proc.wait(timeout=at)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            outcome = f"killed at {at:.2f} s"
    else:
        proc.wait(timeout=300)
        outcome = f"died at {fault} (exit 137)" if proc.returncode == 137 else f"fault hook {fault} did not fire"
    proc.stdout.close()
    proc.stderr.close()
    want = ref.full
    if not _began(db):
        want = ref.follow_only
        outcome += ", before it recorded its batch"
    follow = add(db, follow_up)
    problems = [] if follow.returncode == 0 else [f"next add failed: {follow.stderr.strip()[-300:]}"]
    return problems + check(state(db), want), outcome


def random_moments(n: int, span: float, seed: int = 11) -> list[float]:
    rng = random.Random(seed)
    return [rng.uniform(0.05, span) for _ in range(n)]


def concurrent_adds(workdir: Path, batches: list[Path], *, name: str) -> tuple[list[str], float]:
    """Start one `add` per batch at once on one database; the problems found and the wall time."""
    db = workdir / f"{name}.db"
    started = time.monotonic()
    procs = [start_add(db, batch) for batch in batches]
    problems = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            problems.append(f"an add failed (exit {proc.returncode}): {err.strip()[-300:]}")
    took = time.monotonic() - started
    got = state(db)
    expected = sum(len(list(batch.glob("*.txt"))) for batch in batches)
    if got.integrity != "ok":
        problems.append(f"integrity_check: {got.integrity}")
    if len(got.article_ids) != expected or len(set(got.article_ids)) != expected:
        problems.append(f"{len(set(got.article_ids))} articles stored, {expected} expected")
    if got.without_story:
        problems.append(f"{len(got.without_story)} articles without a story")
    return problems, took
