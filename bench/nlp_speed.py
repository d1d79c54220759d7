"""Throughput of the extraction stage (entities, quotes, claims, dates) on PolNeAR train texts.

Each configuration runs in a fresh Python process so that its peak memory is its own: the model is
loaded first (not timed), then ``extract_facts`` runs over every article and is timed from call to
return — worker start-up included for ``n_process`` > 1. Words are white-space separated tokens of
the raw texts. Peak memory is the largest resident set of the process plus, for worker pools, the
largest resident set among its workers. CPU seconds (user + system, workers included) show the
work done, apart from what other programs on the machine take: words/CPU-s times the cores is what
the stage reaches with those cores to itself.

Run: ``.venv/bin/python -m bench.nlp_speed [DATASET_DIR] [--processes 1 2] [--limit N] [--check]``
(default ``../shared/datasets/polnear-train-text``). ``--check`` also measures the first 60 texts in
one process, three passes in one fresh interpreter, and exits 1 when the best pass reads under the
floor pinned in tests/floors/nlp_speed.json (speed is a benchmark's figure, never a test's).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SpeedResult:
    n_process: int
    articles: int
    words: int
    seconds: float
    words_per_s: float
    articles_per_s: float
    peak_mib_main: float
    peak_mib_worker: float
    parsed_share: float  # share of words in sentences that went through the full pipeline
    cpu_seconds: float  # user + system time of the process and its workers during the run
    words_per_cpu_s: float


def default_dataset() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets" / "polnear-train-text"


def load_articles(root: Path, limit: int | None = None):
    from newsdesk.records import Article

    paths = sorted(root.glob("*.txt"))[: limit or None]
    return [Article(id=p.stem, source=str(p), body=p.read_text(encoding="utf-8")) for p in paths]


def parsed_share(articles) -> float:
    from newsdesk.nlp.extract import needs_parse
    from newsdesk.nlp.sentences import split_sentences

    total = parsed = 0
    for a in articles:
        for s, e in split_sentences(a.body):
            n = len(a.body[s:e].split())
            total += n
            parsed += n if needs_parse(a.body[s:e]) else 0
    return parsed / total if total else 0.0


def measure(root: Path, n_process: int, limit: int | None = None) -> SpeedResult:
    """Time extract_facts in this process (call it in a fresh process for a clean peak memory)."""
    from newsdesk.nlp.extract import extract_facts
    from newsdesk.nlp.model import load_model

    articles = load_articles(root, limit)
    words = sum(len(a.body.split()) for a in articles)
    load_model()
    extract_facts(articles[:1])  # warm caches (gazetteer, cue tables) outside the timing
    cpu0 = _cpu()
    t0 = time.perf_counter()
    facts = extract_facts(articles, n_process=n_process)
    seconds = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    assert len(facts) == len(articles)
    main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if n_process > 1 else 0.0
    return SpeedResult(
        n_process=n_process,
        articles=len(articles),
        words=words,
        seconds=seconds,
        words_per_s=words / seconds,
        articles_per_s=len(articles) / seconds,
        peak_mib_main=main,
        peak_mib_worker=worker,
        parsed_share=parsed_share(articles),
        cpu_seconds=cpu,
        words_per_cpu_s=words / cpu if cpu else 0.0,
    )


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure_fresh(root: Path, n_process: int, limit: int | None = None) -> SpeedResult:
    """:func:`measure` in a new interpreter."""
    cmd = [sys.executable, "-m", "bench.nlp_speed", str(root), "--one", str(n_process)]
    if limit:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True).stdout
    return SpeedResult(**json.loads(out.strip().splitlines()[-1]))


def format_table(results: Sequence[SpeedResult]) -> str:
    head = (
        f"{'processes':>9}{'articles':>10}{'words':>10}{'seconds':>9}{'words/s':>10}{'articles/s':>12}"
        f"{'CPU s':>8}{'words/CPU-s':>13}{'peak MiB main':>15}{'peak MiB worker':>17}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.n_process:>9}{r.articles:>10}{r.words:>10}{r.seconds:>9.1f}{r.words_per_s:>10.0f}"
            f"{r.articles_per_s:>12.1f}{r.cpu_seconds:>8.1f}{r.words_per_cpu_s:>13.0f}"
            f"{r.peak_mib_main:>15.0f}{r.peak_mib_worker:>17.0f}"
        )
    if results:
        lines.append(f"share of words in sentences given the full parse: {results[0].parsed_share:.2f}")
        lines.append(f"load average while measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=None)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--check", action="store_true", help="compare one-process words/CPU-s with the pinned floor")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--passes", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.dataset or default_dataset()
    if not root.exists():
        print(f"dataset not found: {root}", file=sys.stderr)
        return 2
    if args.one is not None:
        best = max((measure(root, args.one, args.limit) for _ in range(args.passes)), key=lambda r: r.words_per_cpu_s)
        print(json.dumps(asdict(best)))
        return 0
    results = [measure_fresh(root, n, args.limit) for n in args.processes]
    print(f"extract_facts on {root} ({os.cpu_count()} CPUs seen)")
    print(format_table(results))
    if args.check:
        return check_floor(root)
    return 0


def check_floor(root: Path) -> int:
    """Best of three one-process passes over the first 60 texts against the pinned floor."""
    floor = json.loads((REPO / "tests" / "floors" / "nlp_speed.json").read_text(encoding="utf-8"))
    floor = floor["serial_words_per_cpu_second"]
    cmd = [sys.executable, "-m", "bench.nlp_speed", str(root), "--one", "1", "--limit", "60", "--passes", "3"]
    out = subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True).stdout
    rate = json.loads(out.strip().splitlines()[-1])["words_per_cpu_s"]
    verdict = "ok" if rate >= floor else "UNDER THE FLOOR"
    print(f"one process, first 60 texts, best of 3: {rate:.0f} words/CPU-s; floor {floor}: {verdict}")
    return 0 if rate >= floor else 1


if __name__ == "__main__":
    raise SystemExit(main())
