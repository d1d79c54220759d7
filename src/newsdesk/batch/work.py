"""The work of one split: read → clean → extract, in bounded batches of rows.

This is what every engine runs (a local worker process or a Spark executor): the same function
on the same split gives the same rows. The model is loaded once per process
(:func:`newsdesk.nlp.model.load_model` is cached), not per record.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.batch.rows import Rows, empty_rows, fact_rows, skip_rows
from newsdesk.batch.splits import Split, read_split
from newsdesk.clean import clean_documents
from newsdesk.ingest import ReadLimits
from newsdesk.records import Article, Skipped

ARTICLES_PER_BATCH = 96


def process_split(split: Split, *, limits: ReadLimits | None = None,
                  batch: int = ARTICLES_PER_BATCH) -> Iterator[Rows]:
    """Rows of every document of ``split``, ``batch`` articles at a time; what cannot be read,
    cleaned or extracted becomes a ``skipped`` row, never an error."""
    articles, skipped = clean_documents(read_split(split, limits=limits))
    articles = _last_of_each_id(articles)
    out = empty_rows()
    skip_rows(skipped, out)
    for i in range(0, len(articles), batch):
        _extract_into(articles[i : i + batch], out)
        yield out
        out = empty_rows()
    if any(out.values()):
        yield out


def _last_of_each_id(articles: list[Article]) -> list[Article]:
    by_id: dict[str, Article] = {}
    for article in articles:
        by_id.pop(article.id, None)
        by_id[article.id] = article
    return list(by_id.values())


def _extract_into(articles: list[Article], out: Rows) -> None:
    from newsdesk.nlp.extract import extract_facts

    try:
        facts = extract_facts(articles)
    except Exception:  # one bad article must not lose the batch: retry them one by one
        for article in articles:
            _extract_one(article, out)
        return
    for article, f in zip(articles, facts):
        _article_rows(article, f, out)


def _extract_one(article: Article, out: Rows) -> None:
    from newsdesk.nlp.extract import extract_facts

    try:
        (f,) = extract_facts([article])
    except Exception as exc:
        message = str(exc).strip().split("\n", 1)[0][:160]
        skip_rows([Skipped(article.source, f"extraction failed ({type(exc).__name__}: {message})")], out)
        return
    _article_rows(article, f, out)


def _article_rows(article: Article, facts, out: Rows) -> None:
    from newsdesk.nlp.entities import build_entities
    from newsdesk.nlp.speakers import canonicalise_speakers

    entities = build_entities([article], [facts])
    (named,) = canonicalise_speakers([facts], entities)
    fact_rows(article, named, entities, out)
