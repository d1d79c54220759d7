"""Exports of stored articles: JSONL, CSV and Parquet."""

from __future__ import annotations

import csv
import json
from typing import Iterable

from newsdesk.errors import NewsdeskError
from newsdesk.records import Article
from newsdesk.serialize import article_to_dict

COLUMNS = ("id", "source", "title", "title_generated", "byline", "published", "outlet", "url",
           "credits", "tags", "headings", "body")


def _flat(article: Article) -> dict:
    data = article_to_dict(article, full=False)
    return {k: data[k] for k in COLUMNS}


def export_articles(articles: Iterable[Article], fmt: str, path: str) -> int:
    rows = [_flat(a) for a in articles]
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()})
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(rows, schema=pa.schema([
            ("id", pa.string()), ("source", pa.string()), ("title", pa.string()),
            ("title_generated", pa.bool_()), ("byline", pa.string()), ("published", pa.string()),
            ("outlet", pa.string()), ("url", pa.string()), ("credits", pa.list_(pa.string())),
            ("tags", pa.list_(pa.string())), ("headings", pa.list_(pa.string())), ("body", pa.string()),
        ]))
        pq.write_table(table, path)
    else:
        raise NewsdeskError(f"unknown export format {fmt!r}")
    return len(rows)
