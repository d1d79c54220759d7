"""Stories over a batch output, and the way back from Parquet to a store or a brief.

Story assignment is the incremental algorithm of ``newsdesk add`` replayed over the ``articles``
table in input order (split by split, row by row): the articles are streamed from the Parquet
parts, a few hundred at a time, into a working store and assigned exactly as ``add`` assigns them,
so a batch job and ``newsdesk add`` of the same articles in the same order give the same stories
and relations. The extraction before it is the parallel part; this replay is sequential by design
(each article's story depends on the stories before it) and costs a few milliseconds per article
(see ``docs/scale.md``). The result is written as the ``stories`` and ``relations`` tables.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from newsdesk.batch.output import BatchOutputError, SUCCESS
from newsdesk.batch.rows import article_from_row
from newsdesk.records import Article

STREAM_BATCH = 256


def iter_articles(out: str | Path, *, batch: int = STREAM_BATCH) -> Iterator[list[Article]]:
    """The articles of an output folder in input order, ``batch`` at a time (never all at once)."""
    import pyarrow.parquet as pq

    parts = sorted((Path(out) / "articles").glob("part-*.parquet"))
    if not parts and not (Path(out) / "articles").is_dir():
        raise BatchOutputError(f"{out} holds no articles table")
    for part in parts:
        for record_batch in pq.ParquetFile(part).iter_batches(batch_size=batch):
            yield [article_from_row(r) for r in record_batch.to_pylist()]


def load_into(store, out: str | Path, *, on_batch=None) -> int:
    """Add every article of a batch output to ``store`` and assign stories, as ``add`` does."""
    from newsdesk.add import store_articles

    n = 0
    for articles in iter_articles(out):
        store_articles(store, articles)
        n += len(articles)
        if on_batch:
            on_batch(n)
    return n


def write_stories(out: str | Path, *, engine: str = "local", master: str = "local[*]", spark=None) -> int:
    """Assign stories over the ``articles`` table and write ``stories`` and ``relations``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsdesk.cluster.persist import list_stories, relations_of, story_members
    from newsdesk.store.base import open_store

    root = Path(out)
    work = root / "_work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    store = open_store(str(work / "stories.db"))
    try:
        load_into(store, root)
        stories = [
            {"id": s.id, "title": s.title, "size": s.size, "articles": story_members(store, s.id),
             "outlets": list(s.outlets), "first_published": s.first_published,
             "last_published": s.last_published, "top_terms": list(s.top_terms)}
            for s in list_stories(store)
        ]
        relations = [
            {"article_a": r.article_a, "article_b": r.article_b, "kind": r.kind, "score": float(r.score)}
            for r in relations_of(store)
        ]
    finally:
        store.close()
        shutil.rmtree(work, ignore_errors=True)
    s, i, f = pa.string(), pa.int64(), pa.float64()
    story_schema = pa.schema([("id", s), ("title", s), ("size", i), ("articles", pa.list_(s)),
                              ("outlets", pa.list_(s)), ("first_published", s), ("last_published", s),
                              ("top_terms", pa.list_(s))])
    relation_schema = pa.schema([("article_a", s), ("article_b", s), ("kind", s), ("score", f)])
    for name, rows, schema in (("stories", stories, story_schema), ("relations", relations, relation_schema)):
        shutil.rmtree(root / name, ignore_errors=True)
        (root / name).mkdir()
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), root / name / "part-00000.parquet")
    return len(stories)


def story_articles(out: str | Path, story_id: str) -> tuple[str | None, list[Article]]:
    """The title and articles of one story of a finished batch output."""
    import pyarrow.parquet as pq

    from newsdesk.errors import NotFoundError

    root = Path(out)
    if not (root / SUCCESS).exists() or not (root / "stories").is_dir():
        raise BatchOutputError(f"{out} holds no finished batch output with stories")
    stories = pq.read_table(root / "stories").to_pylist()
    story = next((s for s in stories if s["id"] == story_id), None)
    if story is None:
        raise NotFoundError(f"no story {story_id} in {out}")
    wanted = list(story["articles"])
    found: dict[str, Article] = {}
    for part in sorted((root / "articles").glob("part-*.parquet")):
        table = pq.read_table(part, filters=[("id", "in", wanted)])
        for row in table.to_pylist():
            found[row["id"]] = article_from_row(row)
    return story["title"], [found[a] for a in wanted if a in found]
