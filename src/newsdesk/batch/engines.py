"""The engines that run the splits of a batch job: plain local processes, or Apache Spark.

Both run :func:`newsdesk.batch.work.process_split` on each split and write one part file per task
(a contiguous group of splits) with :func:`newsdesk.batch.output.write_part`; only the way splits are handed out differs, so the same
corpus gives the same rows on either engine.

* ``local``: this process (``jobs`` 1) or a pool of ``jobs`` worker processes, each loading the
  model once.
* ``spark``: a PySpark job on ``master`` (``local[*]``, ``spark://host:7077``, ``yarn``, …). The
  splits are grouped (a few groups per core, in input order), one group per partition, and run
  with ``mapPartitions``; each Python worker process loads the model once and reuses it for every
  split it gets (Spark reuses Python workers). Only row counts come back to the driver; the corpus never does. The output folder
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
OnDone = Callable[[int, Counts], None]  # (splits done, their row counts)
TASKS_PER_WORKER = 4


class MissingExtraError(NewsdeskError):
    """An optional dependency (an extra) is not installed."""


def tasks_of(splits: Sequence[Split], n_tasks: int) -> list[list[Split]]:
    """Contiguous groups of splits, about ``n_tasks`` of them (input order kept: parts read in
    order give the articles in input order)."""
    n = max(1, min(n_tasks, len(splits)))
    size = -(-len(splits) // n)
    return [list(splits[i : i + size]) for i in range(0, len(splits), size)]


def run_task(index: int, splits: Sequence[Split], out: str, limits: ReadLimits | None = None) -> Counts:
    """Process a group of splits and write them as part ``index``."""
    return write_part(out, index, (rows for s in splits for rows in process_split(s, limits=limits)))


def _warm() -> None:
    from newsdesk.nlp.model import load_model

    load_model()


def run_local(splits: Sequence[Split], out: str, *, jobs: int = 1, limits: ReadLimits | None = None,
              on_done: OnDone | None = None) -> list[Counts]:
    """Run every split here, in ``jobs`` processes (a few tasks per process, for balance)."""
    tasks = tasks_of(splits, jobs * TASKS_PER_WORKER)
    results: dict[int, Counts] = {}
    if jobs <= 1 or len(tasks) <= 1:
        for i, task in enumerate(tasks):
            results[i] = run_task(i, task, out, limits)
            if on_done:
                on_done(len(task), results[i])
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_warm) as pool:
            futures = {pool.submit(run_task, i, t, out, limits): i for i, t in enumerate(tasks)}
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                if on_done:
                    on_done(len(tasks[i]), results[i])
    return [results[i] for i in range(len(tasks))]


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
    """Run the splits as Spark tasks: one partition per group of splits, ``mapPartitions`` over
    them; only row counts come back to the driver."""
    own = spark is None
    spark = spark or spark_session(master)
    try:
        sc = spark.sparkContext
        tasks = tasks_of(splits, sc.defaultParallelism * TASKS_PER_WORKER)
        rdd = sc.parallelize(list(enumerate(tasks)), numSlices=len(tasks))

        def partition(items):
            for index, task in items:
                yield index, run_task(index, task, out, limits)

        results = dict(rdd.mapPartitions(partition).collect())
    finally:
        if own:
            spark.stop()
    if on_done:
        for i, task in enumerate(tasks):
            on_done(len(task), results[i])
    return [results[i] for i in range(len(tasks))]
