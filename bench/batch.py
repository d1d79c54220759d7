"""Batch throughput: `newsdesk batch` on the local engine and on Spark, same corpus, same cores.

Each configuration runs in a fresh Python process over the same inputs (default: the 840 PolNeAR
train texts) with story assignment off (timed apart, once, at the end), and reports articles/s
and words/s. For Spark, session start-up (JVM, context) is timed apart from the job; the job time
includes starting the Python workers and loading the model in each. Ratios printed:

* Spark local[2] / Spark local[1] (target ≥ 1.7 on 2 cores);
* Spark overhead vs the local engine on the same cores: 1 - (spark rate / local rate) after
  start-up (target ≤ 15 %).

Peak memory is the largest resident set of the process that ran the local engine or of one of its
worker processes (one worker's share: what an executor's Python worker needs); Spark's Python
workers are children of the JVM and are not measured here.

A synthetic corpus of N articles (``--synthetic N``) is built from the same texts (each repeated
with a distinct id) as one JSONL file, so that it is read in byte-range splits.

    python bench/batch.py [--limit N] [--synthetic N] [--configs local1 local2 spark1 spark2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIGS = {"local1": ("local", 1), "local2": ("local", 2), "spark1": ("spark", 1), "spark2": ("spark", 2)}


def default_corpus() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets" / "polnear-train-text"


def _child(args: argparse.Namespace) -> None:
    """Run one configuration; print a JSON line of its timings."""
    from newsdesk.batch import run_batch
    from newsdesk.batch.engines import spark_session
    from newsdesk.nlp.model import load_model

    engine, cores = CONFIGS[args.child]
    spark = None
    startup = 0.0
    t0 = time.perf_counter()
    if engine == "spark":
        spark = spark_session(f"local[{cores}]")
        spark.sparkContext.parallelize([0], 1).count()  # the JVM and a first task are up
    else:
        load_model()  # the driver of the local engine with 1 job extracts in this process
    startup = time.perf_counter() - t0
    inputs = json.loads(args.inputs)
    t1 = time.perf_counter()
    report = run_batch(inputs, args.out, engine=engine, jobs=cores, spark=spark, stories=False,
                       split_bytes=args.split_mb * 1024 * 1024)
    seconds = time.perf_counter() - t1
    if spark is not None:
        spark.stop()
    import pyarrow.parquet as pq

    words = sum(pq.read_table(Path(args.out) / "articles", columns=["words"]).column("words").to_pylist())
    import resource

    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024  # MiB (Linux: KiB)
    print(json.dumps({"config": args.child, "articles": report.rows["articles"], "words": words,
                      "seconds": seconds, "startup": startup, "skipped": report.rows["skipped"],
                      "peak_mib": peak if engine == "local" else None}))


def _synthetic(texts: list[Path], n: int, folder: Path) -> Path:
    path = folder / f"synthetic-{n}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            src = texts[i % len(texts)]
            fh.write(json.dumps({"id": f"syn{i:07d}", "title": src.stem.replace("-", " "),
                                 "text": src.read_text(encoding="utf-8")}) + "\n")
    return path


def _run(config: str, inputs: list[str], out: Path, split_mb: int) -> dict:
    cmd = [sys.executable, __file__, "--child", config, "--inputs", json.dumps(inputs), "--out", str(out),
           "--split-mb", str(split_mb)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"{config} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=default_corpus())
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts")
    parser.add_argument("--synthetic", type=int, default=0, help="also a synthetic JSONL corpus of N articles")
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--split-mb", type=int, default=4)
    parser.add_argument("--child")
    parser.add_argument("--inputs")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    if not args.corpus.is_dir():
        raise SystemExit(f"corpus not found: {args.corpus} (set NEWSDESK_SHARED)")
    texts = sorted(args.corpus.glob("*.txt"))[: args.limit or None]
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-batch-") as tmp:
        corpora = [(f"{len(texts)} texts", [str(p) for p in texts])]
        if args.synthetic:
            corpora.append((f"{args.synthetic} synthetic (JSONL)", [str(_synthetic(texts, args.synthetic, Path(tmp)))]))
        print(f"{'corpus':<26} {'config':<8} {'articles':>8} {'words':>9} {'start s':>8} {'job s':>8} "
              f"{'art/s':>7} {'words/s':>8} {'peak MiB':>9}")
        for name, inputs in corpora:
            rates = {}
            for config in args.configs:
                r = _run(config, inputs, Path(tmp) / config, args.split_mb)
                rates[config] = r["words"] / r["seconds"]
                peak = f"{r['peak_mib']:.0f}" if r["peak_mib"] else "-"
                print(f"{name:<26} {config:<8} {r['articles']:>8} {r['words']:>9} {r['startup']:>8.1f} "
                      f"{r['seconds']:>8.1f} {r['articles'] / r['seconds']:>7.1f} {rates[config]:>8.0f} {peak:>9}",
                      flush=True)
            from newsdesk.batch.output import read_table
            from newsdesk.batch.rows import TABLES

            first = Path(tmp) / args.configs[0]
            for config in args.configs[1:]:
                same = all(read_table(first, t) == read_table(Path(tmp) / config, t) for t in TABLES)
                print(f"{name}: rows of {config} identical to {args.configs[0]}: {'yes' if same else 'NO'}")
            if "spark1" in rates and "spark2" in rates:
                print(f"{name}: Spark local[2] / local[1] = {rates['spark2'] / rates['spark1']:.2f} (target >= 1.7)")
            for cores in (1, 2):
                a, b = rates.get(f"local{cores}"), rates.get(f"spark{cores}")
                if a and b:
                    print(f"{name}: Spark overhead vs local engine, {cores} core(s): {1 - b / a:+.1%} (target <= 15%)")
        from newsdesk.batch.stories import write_stories

        out = Path(tmp) / args.configs[-1]
        t = time.perf_counter()
        n = write_stories(out)
        print(f"story assignment (replay, sequential) over the last output: {n} stories, "
              f"{time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
