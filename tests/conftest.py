"""Shared pytest fixtures: where the shared data lives, the golden file, the seeds."""

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
