"""Shared pytest fixtures: where the shared data lives, the golden file, the seeds and their briefs
(shared helpers live here or in helper modules such as seed_facts.py, never in another test module)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The shared data folder: $NEWSDESK_SHARED, else ../shared beside the checkout."""
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared"))


def require(path: Path) -> Path:
    """Skip the test, saying why, when a shared data set is absent."""
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (set NEWSDESK_SHARED)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    return require(shared_dir())


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five sample articles bundled with the project."""
    return REPO / "examples" / "seeds"


@pytest.fixture(scope="session")
def seed_story():
    """(articles, facts, entities) of the hand-built seed story (tests/seed_facts.py), built once."""
    from seed_facts import build_seed_story

    return build_seed_story()


@pytest.fixture(scope="session")
def seed_brief(seeds_dir):
    """The real pipeline's brief of the five seeds (one story), computed once per session."""
    from newsdesk.pipeline import run_brief

    return run_brief([str(seeds_dir)])


@pytest.fixture(scope="session")
def golden() -> dict:
    path = require(shared_dir() / "golden" / "seeds.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def datasets() -> Path:
    return require(shared_dir() / "datasets")


def load_floors(area: str) -> dict:
    """Score floors pinned in tests/floors/<area>.json."""
    return json.loads((REPO / "tests" / "floors" / f"{area}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the session (see tests/pgserver.py); skips when none can
    be had here."""
    import pgserver

    why = pgserver.available()
    if why:
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    with pgserver.server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server):
    """The URL of a new, empty database on the session's PostgreSQL server."""
    import pgserver

    return pgserver.fresh_database(pg_server)


# Tests that take many seconds (quality gates over the shared data sets, fault trials that start
# processes, servers and Spark). They run in `make test` (everything) and are left out of
# `make test-fast` (-m "not slow"), the inner loop while working. Listed here, in one place, by
# module or by module::test.
SLOW_TESTS = frozenset({
    "test_cluster_ecbplus.py", "test_clean_quality.py", "test_extraction_quality.py", "test_quote_quality.py",
    "test_quantity_quality.py", "test_dedup.py::test_ecbplus_relations_stay_within_sub_topics",
    "test_cluster_persist.py::test_two_batches_assign_exactly_as_one", "test_cluster_persist.py::test_readding_is_idempotent",
    "test_add_atomic.py", "test_reliability_crash.py", "test_fuzz_readers.py", "test_store_postgres.py",
    "test_watch_replay.py", "test_batch.py::test_stories_match_newsdesk_add",
    # equivalence and scaling checks over ECB+ stories or line traces (15-55 s each on a loaded machine)
    "test_cluster_persist.py::test_store_backed_clustering_equals_the_in_memory_clusterer",
    "test_cluster_persist.py::test_postings_of_an_older_store_are_converted",
    "test_cluster_persist.py::test_splits_and_merges_of_stored_stories_are_in_the_history",
    "test_cluster_persist.py::test_a_long_running_writer_assigns_as_fresh_ones",
    "test_cluster_persist.py::test_headlines_with_embeddings_in_batches_assign_exactly_as_in_memory",
    "test_cluster_persist.py::test_copy_state_of_an_older_store_is_converted",  # 10 s CPU, 60-76 s loaded
    "test_web_index.py::test_incremental_snapshot_on_real_stories",
    "test_reliability_scaling.py::test_every_stage_of_a_brief_grows_linearly",
    # a 150-article add under 32 readers (16 s idle) and a line trace of speaker resolution (7.5 s idle)
    "test_web_safety.py::test_one_writer_at_a_time_and_reads_keep_answering",
    "test_reliability_scaling.py::test_speaker_resolution_grows_linearly",
    # the figure floors of the development golden: a brief of every golden story (33 stories; 33 s of
    # a loaded fast run, growing with each annotated batch) — the seeds' own rows stay fast
    "test_golden_figures.py::test_every_story_is_pinned", "test_golden_figures.py::test_figure_rows_hold_their_floor",
    # line traces of a he/she with no fitting speaker and of credits (8-30 s loaded)
    "test_reliability_scaling.py::test_a_pronoun_with_no_fitting_speaker_costs_linear_work",
    "test_reliability_scaling.py::test_credits_in_a_text_of_many_quotes_cost_linear_work",
})


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.path.name
        name = item.originalname if hasattr(item, "originalname") else item.name
        if module in SLOW_TESTS or f"{module}::{name}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
