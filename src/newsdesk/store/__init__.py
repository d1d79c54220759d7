"""Storage of articles behind a small interface; SQLite is built in, other backends are extras."""

from newsdesk.store.base import AddResult, ArticleRow, Store, open_store

__all__ = ["AddResult", "ArticleRow", "Store", "open_store"]
