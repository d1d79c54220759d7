"""Throughput of reading + cleaning (``RawDocument`` -> ``Article``), and what cleaning keeps.

Throughput: plain text over PolNeAR's 840 training articles (``polnear-train-text/*.txt``) and HTML
over the 181 AEB pages (``aeb/html/*.html.gz``), each with 1 worker process and with 2 (the
2-core figure), through a ProcessPoolExecutor whose workers are warmed up (imports, first
dateparser call) before the clock starts; each row is the fastest of a few runs (the machine is
shared), except HTML read+clean (one run: trafilatura dominates it). "read+clean" reads each file with newsdesk's readers
(``newsdesk.ingest``) and cleans it; "clean" cleans documents read beforehand. Peak memory is the
largest resident set size (``getrusage(RUSAGE_SELF).ru_maxrss``) any worker reached. "art/CPU-s"
divides by the CPU time the workers used: one core's throughput, which stays meaningful when
other jobs share the machine (articles/s is wall-clock).

Quality: the share of the body text that cleaning keeps on PolNeAR (clean articles: little
should go beyond the headline), and the AEB shingle P/R/F1 of the HTML reader's text before and
after cleaning (scored with bench/extraction.py's metric).

Run: ``.venv/bin/python -m bench.ingest [--limit N] [--no-quality]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def datasets_dir() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets"


def text_files(root: Path | None = None) -> list[Path]:
    return sorted(((root or datasets_dir()) / "polnear-train-text").glob("*.txt"))


def html_jobs(root: Path | None = None) -> list[tuple[str, str | None]]:
    """(path, page URL) for every AEB page; the URL comes from the ground truth file."""
    aeb = (root or datasets_dir()) / "aeb"
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    return [(str(aeb / "html" / f"{key}.html.gz"), truth[key].get("url")) for key in sorted(truth)]


# --------------------------------------------------------------------------- work items


def read_text_doc(path: str):
    from newsdesk.ingest import read_sources
    from newsdesk.records import RawDocument

    return next(d for d in read_sources([path]) if isinstance(d, RawDocument))


def read_html_doc(job: tuple[str, str | None]):
    from newsdesk.ingest.htmlpage import read_html_bytes
    from newsdesk.ingest.limits import ReadLimits

    path, url = job
    data = gzip.decompress(Path(path).read_bytes())
    return read_html_bytes(data, doc_id=Path(path).name.split(".")[0], source=path, limits=ReadLimits(), url=url)


def _clean(raw) -> int:
    from newsdesk.clean import build_article

    return len(build_article(raw).body)


def read_clean_text(path: str) -> int:
    return _clean(read_text_doc(path))


def read_clean_html(job: tuple[str, str | None]) -> int:
    from newsdesk.errors import InputError

    try:
        raw = read_html_doc(job)
    except InputError:
        return 0
    return _clean(raw)


def _warm() -> None:
    """Worker initializer: imports and the first (slow) dateparser call happen off the clock."""
    from newsdesk.clean import build_article
    from newsdesk.records import RawDocument

    build_article(RawDocument("warm", "warm", "Title here\nBy Jane Doe - May 1, 2024, 1:00 pm\nBody text.", "text"))


def _batch(func: Callable, items: Sequence) -> tuple[int, int, float]:
    """Run one chunk in a worker: (items done, the worker's peak RSS in KiB, its CPU seconds)."""
    cpu = time.process_time()
    for item in items:
        func(item)
    return len(items), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.process_time() - cpu


def _sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


@dataclass(frozen=True)
class Row:
    stage: str
    kind: str
    workers: int
    articles: int
    seconds: float
    peak_rss_mib: float
    cpu_seconds: float = 0.0  # CPU time the workers spent, summed

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def rate_per_cpu(self) -> float:
        """Articles per CPU-second: one core's throughput, whatever else runs on the machine."""
        return self.articles / self.cpu_seconds if self.cpu_seconds else 0.0


def measure(
    stage: str, kind: str, func: Callable, items: Sequence, workers: int, *, batch: int = 10, repeat: int = 3
) -> Row:
    """Run ``func`` over ``items`` in a pool of ``workers`` warmed-up processes, ``repeat`` times;
    the fastest run is reported (the machine is shared, the others measure the neighbours)."""
    chunks = [items[i : i + batch] for i in range(0, len(items), batch)]
    best = best_cpu = float("inf")
    done = peak_kib = 0
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        pids = set(pool.map(_sleep, [0.5] * (workers * 2)))  # start every worker before timing
        assert len(pids) == workers, pids
        for _ in range(repeat):
            started = time.perf_counter()
            results = list(pool.map(_batch, [func] * len(chunks), chunks))
            best = min(best, time.perf_counter() - started)
            best_cpu = min(best_cpu, sum(cpu for _, _, cpu in results))
            done = sum(n for n, _, _ in results)
            peak_kib = max([peak_kib, *(rss for _, rss, _ in results)])
    return Row(stage, kind, workers, done, best, peak_kib / 1024, best_cpu)


def throughput(limit: int | None = None, worker_counts: Sequence[int] = (1, 2), repeat: int = 3) -> list[Row]:
    texts = [str(p) for p in text_files()][:limit]
    pages = html_jobs()[:limit]
    text_docs = [read_text_doc(p) for p in texts]
    html_docs = []
    for job in pages:
        try:
            html_docs.append(read_html_doc(job))
        except Exception:  # a page the reader refuses is left out of the clean-only run
            continue
    rows = []
    for workers in worker_counts:
        rows.append(measure("read+clean", "text", read_clean_text, texts, workers, repeat=repeat))
        rows.append(measure("clean", "text", _clean, text_docs, workers, repeat=repeat))
        rows.append(measure("read+clean", "html", read_clean_html, pages, workers, batch=4, repeat=1))
        rows.append(measure("clean", "html", _clean, html_docs, workers, repeat=repeat))
    return rows


# --------------------------------------------------------------------------- quality


def polnear_kept_ratio(limit: int | None = None) -> float:
    """Share of PolNeAR body characters (all but the headline line) the cleaner keeps."""
    from newsdesk.clean import build_article

    total = kept = 0
    for path in text_files()[:limit]:
        article = build_article(read_text_doc(str(path)))
        headline = sum(r.end - r.start for r in article.removed if r.reason == "title")
        total += len(article.original.replace("\n", "")) - headline
        kept += len(article.body.replace("\n\n", ""))
    return kept / total if total else 0.0


def aeb_before_after(limit: int | None = None) -> dict:
    """AEB P/R/F1 of the HTML reader's text, and of the body after cleaning it."""
    sys.path.insert(0, str(REPO))
    from bench.extraction import evaluate

    from newsdesk.clean import build_article
    from newsdesk.errors import InputError

    jobs = html_jobs()[:limit]
    truth_all = json.loads((datasets_dir() / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    truth, before, after = {}, {}, {}
    for path, url in jobs:
        key = Path(path).name.split(".")[0]
        truth[key] = truth_all[key]
        try:
            raw = read_html_doc((path, url))
        except InputError:
            before[key] = after[key] = {"articleBody": ""}
            continue
        before[key] = {"articleBody": raw.text}
        after[key] = {"articleBody": build_article(raw).body}
    return {
        "reader": evaluate(truth, before, n_bootstrap=0),
        "reader+clean": evaluate(truth, after, n_bootstrap=0),
    }


# --------------------------------------------------------------------------- report


def table(rows: list[Row]) -> str:
    out = [
        f"{'stage':<11} {'input':<5} {'workers':>7} {'articles':>8} {'seconds':>8} {'articles/s':>10} "
        f"{'art/CPU-s':>9} {'peak RSS MiB':>12}"
    ]
    for r in rows:
        out.append(
            f"{r.stage:<11} {r.kind:<5} {r.workers:>7} {r.articles:>8} {r.seconds:>8.2f} {r.rate:>10.1f} "
            f"{r.rate_per_cpu:>9.1f} {r.peak_rss_mib:>12.1f}"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="newsdesk read+clean throughput")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N files of each set")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per row (the fastest is shown)")
    parser.add_argument("--no-quality", action="store_true", help="skip the quality figures")
    args = parser.parse_args(argv)
    if not text_files() or not (datasets_dir() / "aeb" / "ground-truth.json").exists():
        print(f"data sets not found under {datasets_dir()}", file=sys.stderr)
        return 2
    print(f"read+clean throughput (os.cpu_count()={os.cpu_count()}, load average {os.getloadavg()[0]:.1f}; "
          f"PolNeAR text, AEB HTML; fastest of {args.repeat} runs, HTML read+clean 1 run)")
    print(table(throughput(args.limit, repeat=args.repeat)))
    if not args.no_quality:
        print(f"\nPolNeAR: cleaning keeps {polnear_kept_ratio(args.limit):.4f} of the body characters")
        for name, s in aeb_before_after(args.limit).items():
            print(f"AEB {name:<13} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
