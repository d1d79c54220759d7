"""The storage interface every backend implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Protocol

from newsdesk.records import Article, Skipped


@dataclass(frozen=True)
class AddResult:
    """What one `add` did: ids newly stored, changed in place, and already stored unchanged."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleRow:
    """A one-line listing of a stored article."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    source: str
    words: int
    snippet: str | None = None


class Store(Protocol):
    """Where articles live. Writes are transactional; re-adding the same article is idempotent."""

    def add_articles(self, articles: Iterable[Article]) -> AddResult: ...

    def record_skips(self, skips: Iterable[Skipped]) -> None: ...

    def get_article(self, article_id: str) -> Article: ...

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]: ...

    def list_articles(self, search: str | None = None, limit: int = 50, *, offset: int = 0) -> list[ArticleRow]: ...

    def list_skips(self, limit: int = 100) -> list[tuple[str, str, str]]: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


def open_store(url: str) -> Store:
    """Open a store from a path (SQLite file) or a URL (``sqlite:///path``; ``postgresql://…``)."""
    if url.startswith(("postgresql://", "postgres://")):
        from newsdesk.store.postgres import PostgresStore  # the postgres extra, imported when asked for

        return PostgresStore(url)
    path = url.removeprefix("sqlite:///")
    from newsdesk.store.sqlite import SQLiteStore

    return SQLiteStore(path)
