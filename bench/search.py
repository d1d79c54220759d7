"""Full-text search speed and what the rank window changes (``newsdesk.store.search``).

    python bench/search.py [--db FILE] [--queries 400] [--windows 0,500,1000,2000,4000] [--common]

Runs the same queries as ``bench/serve.py`` draws for its search API (one or two words of the
story titles, longer than three letters) against a store — by default a copy of the serve bench's
cached 10k store (``out/bench-serve/``, converted to the current schema on first use; without it,
a store of PolNeAR train made here) — once per
rank window (0 = rank every match, the ranking before the window), and prints per window: CPU ms
per search (p50 / p95 / max, each search answered with 50 rows and their snippets, cut afresh), and how much
of the full ranking's top 10 and top 50 it returns (mean overlap over all queries, and over the
queries the window changes: those with more matches than the window). ``--common`` asks instead
the 100 title words with the most matches, one word a query (the searches the window is for).
Then the CPU of one page as the web app asks it (20 rows), with its snippets cut, and kept.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def default_db() -> Path:
    """A copy of the serve bench's 10k store when it has been built, else a store of PolNeAR
    train (840 real articles) made here with `newsdesk add` (about a minute)."""
    cached = REPO / "out" / "bench-serve" / "store-10000-seed1.db"
    copy = REPO / "out" / "bench-search" / "store-10000.db"
    if copy.exists():
        return copy
    copy.parent.mkdir(parents=True, exist_ok=True)
    if cached.exists():
        shutil.copyfile(cached, copy)
        return copy
    small = copy.with_name("polnear-train.db")
    if not small.exists():
        texts = REPO.parent / "shared" / "datasets" / "polnear-train-text"
        if not texts.exists():
            raise SystemExit(f"no store: give --db, or build {cached} with `python bench/serve.py --build-only`")
        subprocess.run([sys.executable, "-c", "from newsdesk.cli import main; main()", "add", str(texts),
                        "--db", str(small), "-q"], check=True)
    return small


def queries(conn, n: int, seed: int, common: bool = False) -> list[str]:
    titles = [r[0] or "" for r in conn.execute("SELECT title FROM stories")]
    vocab = sorted({w.lower().strip(".,:;'\"()") for t in titles for w in t.split() if w.isalpha() and len(w) > 3})
    if common:
        count = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
        ranked = sorted(vocab, key=lambda w: -conn.execute(count, (f'"{w}"',)).fetchone()[0])
        return [f'"{w}"' for w in ranked[:100]]
    rng = random.Random(seed)
    return [" ".join(f'"{w}"' for w in rng.sample(vocab, rng.choice((1, 1, 2)))) for _ in range(n)]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main(argv: list[str] | None = None) -> None:
    from newsdesk.store.search import SearchConfig
    from newsdesk.store.sqlite import SQLiteStore

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--windows", default="0,500,1000,2000,4000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--common", action="store_true", help="the 100 most frequent title words instead")
    args = parser.parse_args(argv)
    db = args.db or default_db()
    store = SQLiteStore(db)  # converts an older store in place (timed on first use)
    qs = queries(store.conn, args.queries, args.seed, args.common)
    counts = {q: store.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (q,)).fetchone()[0]
              for q in qs}
    print(f"store: {db} ({store.count()} articles); {len(qs)} queries, median {statistics.median(counts.values())}"
          f" matches, max {max(counts.values())}")
    full: dict[str, list[str]] = {}
    print(f"{'window':>7} {'cpu p50':>8} {'cpu p95':>8} {'cpu max':>8} {'changed':>8} {'top10 all':>10}"
          f" {'top50 all':>10} {'top10 chg':>10} {'top50 chg':>10}")
    for window in [int(w) for w in args.windows.split(",")]:
        config = SearchConfig(rank_window=window)
        for q in qs[:20]:  # warm the page cache
            store.list_articles(q, 50, config=config)
        cpu, o10, o50, c10, c50 = [], [], [], [], []
        for q in qs:
            forget_snippets(store)  # each search cuts its snippets, as the first time
            c0 = time.process_time()
            ids = [r.id for r in store.list_articles(q, 50, config=config)]
            cpu.append(1000 * (time.process_time() - c0))
            if window == 0:
                full[q] = ids
            ref = full.get(q)
            if not ref:  # no match at all: nothing to compare
                continue
            a10 = len(set(ids[:10]) & set(ref[:10])) / max(1, min(10, len(ref)))
            a50 = len(set(ids) & set(ref)) / max(1, len(ref))
            o10.append(a10)
            o50.append(a50)
            if window and counts[q] > window:
                c10.append(a10)
                c50.append(a50)
        mean = (lambda xs: f"{statistics.mean(xs):.3f}" if xs else "-")
        print(f"{window:>7} {pct(cpu, .5):8.2f} {pct(cpu, .95):8.2f} {max(cpu):8.2f} {len(c10):>8}"
              f" {mean(o10):>10} {mean(o50):>10} {mean(c10):>10} {mean(c50):>10}")
    # one page as the web app asks it (20 results and one more, to know whether a next page has any),
    # its snippets cut the first time, then kept (the same search again after an add)
    print(f"one page of the web app (21 rows, default window): {'':>4} {'cpu mean':>8} {'p50':>6} {'p95':>6}")
    cut, kept = [], []
    for q in qs:
        forget_snippets(store)
        for times in (cut, kept):
            c0 = time.process_time()
            store.list_articles(q, 21)
            times.append(1000 * (time.process_time() - c0))
    for label, cpu in (("snippets cut", cut), ("snippets kept (the same search again)", kept)):
        print(f"  {label:<48} {statistics.mean(cpu):8.2f} {pct(cpu, .5):6.2f} {pct(cpu, .95):6.2f}")
    store.close()


def forget_snippets(store) -> None:
    cache = getattr(store, "_snippet_cache", None)
    if cache is not None:
        cache.clear()


if __name__ == "__main__":
    main()
