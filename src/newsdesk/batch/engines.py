"""The engines that run the splits of a batch job: plain local processes, or Apache Spark.

Both run :func:`newsdesk.batch.work.process_split` on each split and write its part files with
:func:`newsdesk.batch.output.write_part`; only the way splits are handed out differs, so the same
corpus gives the same rows on either engine.

* ``local``: this process (``jobs`` 1) or a pool of ``jobs`` worker processes, each loading the
  model once.
* ``spark``: a PySpark job on ``master`` (``local[*]``, ``spark://host:7077``, ``yarn``, …). The
  splits are parallelised one per partition and run with ``mapPartitions``; each Python worker
  process loads the model once and reuses it for every split it gets (Spark reuses Python workers).
  Only the per-split row counts come back to the driver; the corpus never does. The output folder
  must be one every executor can write (a local path on one machine; a shared mount on a cluster).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from newsdesk.batch.output import write_part
from newsdesk.batch.splits import Split
from newsdesk.batch.work import process_split
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import ReadLimits

Counts = dict[str, int]
OnDone = Callable[[Split, Counts], None]


class MissingExtraError(NewsdeskError):
    """An optional dependency (an extra) is not installed."""


def run_split(split: Split, out: str, limits: ReadLimits | None = None) -> Counts:
    return write_part(out, split.index, process_split(split, limits=limits))


def _warm() -> None:
    from newsdesk.nlp.model import load_model

    load_model()


def run_local(splits: Sequence[Split], out: str, *, jobs: int = 1, limits: ReadLimits | None = None,
              on_done: OnDone | None = None) -> list[Counts]:
    """Run every split here, in ``jobs`` processes."""
    results: dict[int, Counts] = {}
    if jobs <= 1 or len(splits) <= 1:
        for split in splits:
            results[split.index] = run_split(split, out, limits)
            if on_done:
                on_done(split, results[split.index])
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_warm) as pool:
            futures = {pool.submit(run_split, s, out, limits): s for s in splits}
            for future in as_completed(futures):
                split = futures[future]
                results[split.index] = future.result()
                if on_done:
                    on_done(split, results[split.index])
    return [results[s.index] for s in splits]


def spark_session(master: str, app: str = "newsdesk batch"):
    """A Spark session on ``master`` (quiet: no UI, warnings only)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingExtraError(
            "the Spark engine needs PySpark and a Java runtime: pip install 'newsdesk[spark]'"
        ) from None
    # Python workers run this interpreter (and so see its packages) unless told otherwise; PySpark
    # reads the choice from the environment when the context starts.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master(master).appName(app)
             .config("spark.ui.enabled", "false")
             .config("spark.python.worker.reuse", "true")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "8")
             .getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    return spark


def run_spark(splits: Sequence[Split], out: str, *, master: str = "local[*]",
              limits: ReadLimits | None = None, spark=None, on_done: OnDone | None = None) -> list[Counts]:
    """Run every split as a Spark task (one split per partition)."""
    own = spark is None
    spark = spark or spark_session(master)
    try:
        sc = spark.sparkContext
        rdd = sc.parallelize(list(splits), numSlices=max(1, len(splits)))

        def partition(items):
            for split in items:
                yield split.index, run_split(split, out, limits)

        results = dict(rdd.mapPartitions(partition).collect())
    finally:
        if own:
            spark.stop()
    if on_done:
        for split in splits:
            on_done(split, results[split.index])
    return [results[s.index] for s in splits]
