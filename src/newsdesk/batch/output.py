"""Batch output: one folder per table, one Parquet part file per task, then ``_SUCCESS``.

Each task (a group of splits) writes ``<out>/<table>/part-<task>.parquet`` through a temporary name and a rename,
so that a retried task (a Spark task re-run, a worker killed and started again) replaces its own
part and never leaves half a file; a run first clears the table folders it owns (overwrite
semantics: running the same job twice gives the same output). The layout is what Spark, DuckDB,
pandas and pyarrow read as one dataset per folder.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsdesk.batch.rows import TABLES, Rows, schema, sort_key
from newsdesk.errors import NewsdeskError

SUCCESS = "_SUCCESS"


class BatchOutputError(NewsdeskError):
    """The output folder cannot be written or read."""


def prepare(out: str | Path) -> Path:
    """Create ``out`` with an empty folder per table (old parts and markers removed)."""
    root = Path(out)
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / SUCCESS).unlink(missing_ok=True)
        for table in TABLES:
            shutil.rmtree(root / table, ignore_errors=True)
            (root / table).mkdir()
    except OSError as exc:
        raise BatchOutputError(f"cannot write the output folder {out}: {exc.strerror or exc}") from None
    return root


def write_part(out: str | Path, index: int, batches: Iterable[Rows]) -> dict[str, int]:
    """Write the rows of one task as part files; returns the row count of each table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(out)
    name = f"part-{index:05d}.parquet"
    tmp = f".{name}.{os.getpid()}.tmp"
    writers = {t: pq.ParquetWriter(str(root / t / tmp), schema(t), compression="zstd") for t in TABLES}
    counts = dict.fromkeys(TABLES, 0)
    try:
        for rows in batches:
            for table, items in rows.items():
                if items:
                    writers[table].write_table(pa.Table.from_pylist(items, schema=schema(table)))
                    counts[table] += len(items)
    finally:
        for w in writers.values():
            w.close()
    for table in TABLES:
        os.replace(root / table / tmp, root / table / name)
    return counts


def finish(out: str | Path, manifest: dict[str, Any]) -> None:
    (Path(out) / SUCCESS).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_table(out: str | Path, table: str, *, sort: bool = True) -> list[dict[str, Any]]:
    """Every row of ``table`` in a finished output folder (sorted into the canonical order)."""
    import pyarrow.parquet as pq

    root = Path(out)
    if not (root / SUCCESS).exists():
        raise BatchOutputError(f"{out} holds no finished batch output (no {SUCCESS} marker)")
    rows: list[dict[str, Any]] = []
    for part in sorted((root / table).glob("part-*.parquet")):
        rows.extend(pq.read_table(part).to_pylist())
    return sorted(rows, key=sort_key(table)) if sort else rows
