"""Batch jobs over a corpus: read → clean → extract, written as Parquet tables.

``run_batch`` plans the input splits (:mod:`newsdesk.batch.splits`), runs them on an engine
(:mod:`newsdesk.batch.engines`: local processes or Apache Spark), writes one folder per table
(:mod:`newsdesk.batch.output`) and then assigns stories over the ``articles`` table
(:mod:`newsdesk.batch.stories`). The rows follow the brief's JSON contract
(:mod:`newsdesk.batch.rows`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from newsdesk.batch.engines import OnDone, run_local, run_spark
from newsdesk.batch.output import finish, prepare
from newsdesk.batch.rows import TABLES
from newsdesk.batch.splits import DEFAULT_SPLIT_BYTES, Split, plan_splits
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import ReadLimits

ENGINES = ("local", "spark")


@dataclass(frozen=True)
class BatchReport:
    out: str
    engine: str
    splits: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    stories: int | None = None


def run_batch(inputs: Sequence[str], out: str | Path, *, engine: str = "local", jobs: int = 1,
              master: str = "local[*]", split_bytes: int = DEFAULT_SPLIT_BYTES,
              limits: ReadLimits | None = None, stories: bool = True, spark=None,
              on_plan=None, on_done: OnDone | None = None) -> BatchReport:
    """Run the batch job over ``inputs`` and write its tables under ``out``."""
    if engine not in ENGINES:
        raise NewsdeskError(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    started = time.perf_counter()
    splits: list[Split] = plan_splits(inputs, split_bytes=split_bytes)
    if not splits:
        raise NewsdeskError("no inputs to read")
    if on_plan:
        on_plan(splits)
    root = prepare(out)
    if engine == "local":
        counts = run_local(splits, str(root), jobs=jobs, limits=limits, on_done=on_done)
    else:
        counts = run_spark(splits, str(root), master=master, limits=limits, spark=spark, on_done=on_done)
    totals = {t: sum(c.get(t, 0) for c in counts) for t in TABLES}
    manifest = {"engine": engine, "splits": len(splits), "rows": totals,
                "inputs": [s.path for s in splits if s.start == 0 or s.kind == "parquet"]}
    n_stories = None
    if stories:
        from newsdesk.batch.stories import write_stories

        n_stories = write_stories(root, engine=engine, master=master, spark=spark)
        manifest["stories"] = n_stories
    finish(root, manifest)
    return BatchReport(str(root), engine, len(splits), totals, time.perf_counter() - started, n_stories)
