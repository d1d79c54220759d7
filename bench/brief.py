"""Brief timing: the five seeds cold and warm, and a 200-article story.

* **cold** — process start to report written: ``newsdesk brief examples/seeds --format html -o
  FILE`` run as a subprocess (Python start, imports, model load, pipeline, render, write);
  median of ``--repeat`` runs.
* **warm** — in one process with the models loaded (one untimed run first): read, clean,
  extract, reconcile and render the five seeds to HTML; median of ``--repeat`` runs, with the
  time per stage.
* **200 articles** — one story of 200 real articles: the five seeds plus the first 195 texts of
  the PolNeAR train split (``../shared/datasets/polnear-train-text``: political news, 2015–16;
  other events than the seeds', so it loads every stage — claims, quotes, clustering of quotes,
  coverage — with real text, but the story itself is not coherent). Extraction runs with
  ``--jobs`` worker processes (default 2, the target machine's cores).

Targets: cold ≤ 3 s, warm ≤ 0.3 s, 200 articles ≤ 20 s on 2 cores.

Run: ``.venv/bin/python -m bench.brief [--repeat 3] [--jobs 2] [--skip-large]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "examples" / "seeds"
TARGETS = {"cold": 3.0, "warm": 0.3, "large": 20.0}


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared"))


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: float
    target: float | None
    detail: str = ""


def newsdesk_command() -> list[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("newsdesk")
    return [found] if found else [sys.executable, "-m", "newsdesk.cli"]


def measure_cold(repeat: int = 3) -> Timing:
    """Median wall time of the CLI writing the seeds' HTML report, from process start."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "brief.html"
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run([*newsdesk_command(), "brief", str(SEEDS), "--format", "html", "-o", str(out), "-q"],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
            assert out.stat().st_size > 0
    return Timing("seeds, cold (CLI → html)", statistics.median(times), TARGETS["cold"],
                  f"median of {repeat}: " + ", ".join(f"{t:.2f}" for t in times))


def _stages(inputs: list[str], *, n_process: int = 1) -> dict[str, float]:
    """One full run, timed per stage."""
    from newsdesk.nlp.extract import analyse_story
    from newsdesk.pipeline import StoryInput, brief_story, read_articles
    from newsdesk.reconcile.model import Brief
    from newsdesk.render import render

    t = {}
    t0 = time.perf_counter()
    articles, skipped = read_articles(inputs)
    t["read+clean"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    facts, entities = analyse_story(articles, n_process=n_process)
    t["extract"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    story = brief_story(StoryInput(tuple(articles)), analyse=lambda arts, n_process=1: (facts, entities))
    t["reconcile"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    render(Brief(tuple(articles), (story,), tuple(skipped)), "html")
    t["render"] = time.perf_counter() - t0
    t["total"] = sum(t.values())
    t["articles"] = len(articles)
    return t


def measure_warm(repeat: int = 3) -> Timing:
    """Median in-process time for the seeds once the models are loaded."""
    _stages([str(SEEDS)])  # load models, fill caches
    runs = [_stages([str(SEEDS)]) for _ in range(repeat)]
    best = sorted(runs, key=lambda r: r["total"])[len(runs) // 2]
    detail = ", ".join(f"{k} {best[k]:.3f}" for k in ("read+clean", "extract", "reconcile", "render"))
    return Timing("seeds, warm (in-process → html)", best["total"], TARGETS["warm"], detail)


def large_inputs(n: int = 200) -> list[str]:
    polnear = shared_dir() / "datasets" / "polnear-train-text"
    texts = sorted(polnear.glob("*.txt"))
    seeds = sorted(SEEDS.glob("*.txt"))
    if len(texts) < n - len(seeds):
        raise FileNotFoundError(f"need {n - len(seeds)} texts in {polnear}")
    return [str(p) for p in seeds + texts[: n - len(seeds)]]


def measure_large(n: int = 200, *, jobs: int = 2) -> Timing:
    """One story of ``n`` real articles (seeds + PolNeAR texts), extraction on ``jobs`` processes."""
    _stages([str(SEEDS)])  # models loaded, as in a warm process
    run = _stages(large_inputs(n), n_process=jobs)
    detail = ", ".join(f"{k} {run[k]:.2f}" for k in ("read+clean", "extract", "reconcile", "render"))
    return Timing(f"{int(run['articles'])} articles, one story ({jobs} jobs)", run["total"], TARGETS["large"], detail)


def table(timings: list[Timing]) -> str:
    rows = [("run", "seconds", "target", "ok", "detail")]
    for t in timings:
        ok = "" if t.target is None else ("yes" if t.seconds <= t.target else "NO")
        rows.append((t.name, f"{t.seconds:.2f}", f"≤ {t.target:g}" if t.target else "", ok, t.detail))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for r in rows:
        lines.append("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args(argv)
    timings = [measure_cold(args.repeat), measure_warm(args.repeat)]
    if not args.skip_large:
        timings.append(measure_large(args.articles, jobs=args.jobs))
    print(f"cpus: {os.cpu_count()}  python: {sys.version.split()[0]}")
    print(table(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
