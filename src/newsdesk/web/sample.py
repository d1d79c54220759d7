"""The bundled sample: when the database is missing or empty, `newsdesk serve` stores the
articles of ``examples/seeds/`` first, so there is something to open."""

from __future__ import annotations

from pathlib import Path

import newsdesk


def sample_folder() -> Path | None:
    """examples/seeds of this checkout (or of the current folder), when there is one."""
    for root in (Path.cwd(), Path(newsdesk.__file__).resolve().parents[2]):
        folder = root / "examples" / "seeds"
        if folder.is_dir() and any(folder.iterdir()):
            return folder
    return None


def ensure_sample(db: str) -> tuple[Path, int] | None:
    """Add the sample to ``db`` when it holds no article; (folder, articles stored) or None."""
    from newsdesk.add import add_inputs
    from newsdesk.store import open_store

    with open_store(db) as store:
        if store.count():
            return None
        folder = sample_folder()
        if folder is None:
            return None
        report = add_inputs(store, [str(folder)])
    return folder, len(report.result.added) + len(report.result.updated)
