"""The `add` job: read inputs, clean them, store them; one bad input never stops the batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from newsdesk.errors import NewsdeskError
from newsdesk.ingest.limits import ReadLimits
from newsdesk.records import Article, RawDocument, Skipped
from newsdesk.store.base import AddResult, Store


@dataclass(frozen=True)
class AddReport:
    """What an `add` run did."""

    result: AddResult
    skipped: tuple[Skipped, ...] = ()
    stories: dict = field(default_factory=dict)  # article id -> story id, when clustering ran


def clean_documents(
    docs: Iterable[RawDocument | Skipped],
    on_item: Callable[[str], None] | None = None,
) -> tuple[list[Article], list[Skipped]]:
    """Clean every readable document; turn failures into Skipped records with their reason."""
    from newsdesk.clean import build_article

    articles: list[Article] = []
    skipped: list[Skipped] = []
    for doc in docs:
        if isinstance(doc, Skipped):
            skipped.append(doc)
        else:
            try:
                article = build_article(doc)
            except NewsdeskError as exc:
                skipped.append(Skipped(doc.source, str(exc)))
            except Exception as exc:  # one broken article never stops the batch
                skipped.append(Skipped(doc.source, f"cleaning failed: {type(exc).__name__}: {exc}"))
            else:
                if article.body.strip():
                    articles.append(article)
                else:
                    skipped.append(Skipped(doc.source, "no article text left after cleaning"))
        if on_item is not None:
            on_item(doc.source)
    return articles, skipped


def add_inputs(
    store: Store,
    inputs: Sequence[str],
    *,
    on_item: Callable[[str], None] | None = None,
    assign_stories: bool = True,
    limits: ReadLimits | None = None,
) -> AddReport:
    """Read, clean and store ``inputs``; record every skip in the store; assign stories.
    ``limits`` bounds the reading (sizes, time, URL policy); None means ``ReadLimits()``."""
    from newsdesk.ingest import read_sources

    articles, skipped = clean_documents(read_sources(inputs, limits=limits), on_item=on_item)
    result = store.add_articles(_unique(articles))
    if skipped:
        store.record_skips(skipped)
    stories: dict = {}
    if assign_stories and articles:
        from newsdesk.cluster.persist import assign_stories as assign

        stories = assign(store, articles)
    return AddReport(result, tuple(skipped), stories)


def _unique(articles: list[Article]) -> list[Article]:
    """The last version of each id within one batch."""
    by_id: dict[str, Article] = {}
    for article in articles:
        by_id[article.id] = article
    return list(by_id.values())
