"""Quality floors of the figures on the development golden (tests/golden/, issue 10).

Each story is briefed from the shared data it names (neus-val clusters) and scored row by row;
the rows that pass per story and row kind (claims, claim_periods, claim_groups) must not drop
below tests/floors/figures.json. The claim-group rows of the five seeds are pinned there too.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from conftest import REPO, load_floors, require, shared_dir
from newsdesk.evaluate import score
from newsdesk.golden_stories import load_stories, materialize
from newsdesk.pipeline import one_story, run_brief

KINDS = ("claims", "claim_periods", "claim_groups")


@pytest.fixture(scope="module")
def scored() -> dict[str, dict[str, tuple[int, int]]]:
    require(shared_dir() / "datasets" / "neus-val" / "clusters.jsonl")
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for story in load_stories(REPO / "tests" / "golden"):
            paths = materialize(story, shared_dir(), Path(tmp) / story.name)
            if paths is None:  # its data set (ECB+) is not in the shared folder
                continue
            brief = run_brief([str(p) for p in paths], grouper=one_story)
            out[story.name] = score(story.annotation, brief).by_key()
    return out


def test_every_story_is_pinned(scored):
    floors = load_floors("figures")["stories"]
    assert set(scored) <= set(floors) and len(load_stories(REPO / "tests" / "golden")) == len(floors)


@pytest.mark.parametrize("kind", KINDS)
def test_figure_rows_hold_their_floor(scored, kind):
    floors = load_floors("figures")["stories"]
    low = []
    for name, by_key in scored.items():
        passed, total = by_key.get(kind, (0, 0))
        want = floors[name].get(kind, 0)
        if passed < want:
            low.append(f"{name}: {passed}/{total} < {want}")
    assert not low, f"{kind} below floor: {low}"


def test_seed_claim_groups_pinned(seed_brief):
    golden = json.loads(require(shared_dir() / "golden" / "seeds.json").read_text(encoding="utf-8"))
    rows = [r for r in score({"claim_groups": golden["claim_groups"]}, seed_brief).rows]
    want = load_floors("figures")["seeds"]["claim_groups"]
    assert sum(r.passed for r in rows) >= want, [r.line() for r in rows if not r.passed]
