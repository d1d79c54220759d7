"""The one read-and-clean loop: readers' output (``RawDocument`` or ``Skipped``) -> articles and
skips. ``add``, the one-shot ``brief`` and ``batch`` all clean through it, so a document that
cannot be cleaned becomes the same one-line skip everywhere and one bad document never stops a
batch.

What happens to two articles with one id is not decided here: ``add`` lets the store settle ids
(``store/ids.py``: both kept), a brief keeps the first (``unique_ids=True``, the later ones are
skipped with a reason), ``batch`` keeps the last of each id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from newsdesk.clean.article import build_article
from newsdesk.errors import InputError, NewsdeskError
from newsdesk.ingest.safety import one_line
from newsdesk.records import Article, RawDocument, Skipped

Cleaner = Callable[[RawDocument], Article]


def clean_documents(
    docs: Iterable[RawDocument | Skipped],
    on_item: Callable[[str], None] | None = None,
    *,
    cleaner: Cleaner = build_article,
    unique_ids: bool = False,
) -> tuple[list[Article], list[Skipped]]:
    """Clean every readable document; failures, empty results (and, with ``unique_ids``, later
    documents with an id already seen) become ``Skipped`` records with their reason, in input
    order. ``on_item(source)`` is called after each document."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for doc in docs:
        if isinstance(doc, Skipped):
            skipped.append(doc)
        else:
            try:
                article = cleaner(doc)
            except InputError as exc:
                skipped.append(Skipped(doc.source, one_line(exc.reason)))
            except NewsdeskError as exc:
                skipped.append(Skipped(doc.source, one_line(str(exc))))
            except Exception as exc:  # one broken article never stops the batch
                skipped.append(Skipped(doc.source, one_line(f"cleaning failed ({type(exc).__name__})")))
            else:
                if unique_ids and article.id in seen:
                    skipped.append(Skipped(doc.source, f"duplicate article id {article.id}"))
                elif not article.body.strip():
                    skipped.append(Skipped(doc.source, "no article text left after cleaning"))
                else:
                    seen.add(article.id)
                    articles.append(article)
        if on_item is not None:
            on_item(doc.source)
    return articles, skipped
