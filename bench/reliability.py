"""Reliability: bad inputs, a hostile server, kill -9, concurrent writers, and brief time by size.

* **inputs** — the generated bad-input corpus (tests/badcorpus.py: 50 kinds) plus ``--random``
  seeded random inputs (random bytes, hostile Unicode with surrogates and control characters,
  random truncations and byte flips of valid text, HTML, JSON, JSONL, feed and WARC files), each
  given to ``add_inputs`` on one database that already holds three articles. Printed: inputs
  tried / stored whole / skipped with a one-line reason / crashed (an exception out of ``add``;
  must be 0) / stored articles lost (the three earlier articles missing or changed; must be 0).
* **server** — a slow and hostile HTTP server on 127.0.0.1 (tests/evil_server.py): each fetch,
  its limit, the time it took and how it ended.
* **kill -9** — `newsdesk add` of a 12-article batch killed with SIGKILL at ``--kills`` random
  moments (plus death at the three points of the write, by fault hook), then another `add`:
  SQLite integrity, every article once, each with a story, stories equal to an uninterrupted run.
* **concurrent** — 2 and 4 `newsdesk add` processes at once on one database.
* **brief by size** — bench/brief_size.py: `brief` (warm) of one single-line article of 0.1 / 1 /
  3 MB (the seed articles flattened to one line and repeated), CPU seconds per stage; the ratio
  is the CPU time per MB relative to the smallest article (1.0 = linear). Each size runs in a
  child process stopped after ``--brief-timeout`` seconds, so the bench always ends.

Run: ``.venv/bin/python bench/reliability.py [--kills 20] [--random 300] [--sizes 0.1,1,3]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the corpus, server and crash kit live with the tests
sys.path.insert(0, str(REPO))  # bench.brief_size

from badcorpus import EITHER, SKIPPED, STORED, _feed, _warc, article, write_corpus  # noqa: E402
from bench.brief_size import table as _table  # noqa: E402  (one table printer for both benches)

INTERNALS = ("Traceback", "NoneType", "object has no attribute", "Error:")


# ----------------------------------------------------------------------------- inputs

def _random_inputs(folder: Path, n: int, seed: int = 11) -> list[Path]:
    rng = random.Random(seed)
    valid = {
        "txt": article(1).encode(),
        "html": f"<html><head><title>T</title></head><body><article><p>{article(2)}</p></article></body></html>".encode(),
        "json": json.dumps([{"title": "A", "text": article(3)}, {"title": "B", "text": article(4)}]).encode(),
        "jsonl": b"\n".join(json.dumps({"title": str(i), "text": article(i)}).encode() for i in range(3)),
        "rss": _feed("".join(f"<item><title>T{i}</title><description>{article(i)}</description></item>" for i in range(2))).encode(),
        "warc.gz": _warc([(f"http://example.com/{i}", f"<html><body><p>{article(i)}</p></body></html>".encode()) for i in range(2)]),
        "warc": _warc([(f"http://example.com/p{i}", f"<html><body><p>{article(i)}</p></body></html>".encode()) for i in range(2)], gz=False),
    }
    hostile = "\ud800\udfff\x00\x1b[31m\u202e[/]<script>&amp;\r\n“”€"
    paths = []
    folder.mkdir(parents=True)
    for i in range(n):
        ext = rng.choice(sorted(valid))
        data = bytearray(valid[ext])
        how = rng.choice(["truncate", "flip", "bytes", "unicode", "splice"])
        if how == "truncate":
            data = data[: rng.randrange(len(data) + 1)]
        elif how == "flip":
            for _ in range(rng.randrange(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == "bytes":
            data = bytearray(rng.randbytes(rng.randrange(1, 4000)))
        elif how == "unicode":
            text = "".join(rng.choice(hostile + "abc de\n") for _ in range(rng.randrange(1, 3000)))
            data = bytearray(text.encode("utf-8", "surrogatepass"))
        else:
            cut = rng.randrange(len(data) + 1)
            data = data[:cut] + hostile.encode("utf-8", "surrogatepass") + data[cut:]
        path = folder / f"r{i:04d}_{how}.{ext}"
        path.write_bytes(bytes(data))
        paths.append(path)
    return paths


def bench_inputs(work: Path, n_random: int) -> dict:
    from newsdesk.add import add_inputs
    from newsdesk.store import open_store

    cases = write_corpus(work / "corpus")
    randoms = _random_inputs(work / "random", n_random)
    inputs = [(c.path, c.expect, c.articles) for c in cases] + [(str(p), EITHER, 0) for p in randoms]
    counts = {"tried": 0, "stored whole": 0, "skipped with reason": 0, "crashed": 0, "lost": 0, "unexpected": 0}
    problems: list[str] = []
    started = time.monotonic()
    with open_store(str(work / "inputs.db")) as store:
        keep = work / "keep"
        keep.mkdir()
        for i in range(3):
            (keep / f"k{i}.txt").write_text(article(900 + i), encoding="utf-8")
        add_inputs(store, [str(keep)])
        kept = {a.id: a.body for a in store.iter_articles()}
        for path, expect, n_articles in inputs:
            counts["tried"] += 1
            try:
                report = add_inputs(store, [path])
            except Exception as exc:  # a crash: what the bench is here to find
                counts["crashed"] += 1
                problems.append(f"CRASH {path}: {type(exc).__name__}: {exc}"[:300])
                continue
            stored = len(report.result.added) + len(report.result.updated) + len(report.result.unchanged)
            bad_reason = [s for s in report.skipped if "\n" in s.reason or "\n" in s.source or not s.reason
                          or any(m in s.reason for m in INTERNALS)]
            if bad_reason:
                counts["crashed"] += 1  # a leaked internal error is a crash that was caught late
                problems.append(f"BAD REASON {path}: {bad_reason[0].reason[:200]}")
            if stored:
                counts["stored whole"] += 1
            else:
                counts["skipped with reason"] += 1
            if (expect == STORED and stored != n_articles) or (expect == SKIPPED and stored):
                counts["unexpected"] += 1
                problems.append(f"UNEXPECTED {Path(path).name}: expected {expect}, {stored} stored")
        after = {a.id: a.body for a in store.iter_articles() if a.id in kept}
        counts["lost"] = sum(1 for k, body in kept.items() if after.get(k) != body)
    counts["seconds"] = round(time.monotonic() - started, 1)
    counts["corpus kinds"] = len(cases)
    return {"counts": counts, "problems": problems}


# ----------------------------------------------------------------------------- server

def bench_server() -> list[list]:
    from evil_server import serve

    from newsdesk.ingest import ReadLimits, read_sources
    from newsdesk.records import RawDocument

    limits = ReadLimits(url_connect_timeout=2, url_read_timeout=5, url_total_timeout=5, allow_private=True)
    refuse = ReadLimits(url_connect_timeout=2, url_read_timeout=5, url_total_timeout=5, allowed_hosts=("127.0.0.1",))
    rows = []
    import tracemalloc

    from evil_server import _bomb, _other_bomb

    _bomb()  # built before the clock starts
    _other_bomb("deflate")
    try:
        _other_bomb("br")
        br = [("br bomb (200 B to 64 MB)", "/br-bomb", limits)]
    except ImportError:
        br = []
    with serve(drip=0.5) as base:
        port = base.rsplit(":", 1)[1]
        cases = [
            ("good page", "/ok", limits), ("drip headers", "/drip-headers", limits), ("drip body", "/drip-body", limits),
            ("endless body", "/endless", limits), ("gzip bomb (64 KB to 64 MB)", "/gzip-bomb", limits),
            ("deflate bomb (64 KB to 64 MB)", "/deflate-bomb", limits), *br, ("zstd-encoded page", "/zstd", limits),
            ("3 redirects", "/redirect/3", limits), ("9 redirects", "/redirect/9", limits), ("redirect loop", "/loop", limits),
            ("redirect to loopback", f"/to-loopback?to=http://localhost:{port}/secret", refuse),
            ("redirect to metadata", "/to-loopback?to=http://169.254.169.254/latest/meta-data/", refuse),
            ("loopback, library default", "/ok", ReadLimits(url_total_timeout=5)),
        ]
        for name, path, lim in cases:
            tracemalloc.start()
            started = time.monotonic()
            items = list(read_sources([base + path], limits=lim))
            took = time.monotonic() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            item = items[0]
            outcome = "stored" if isinstance(item, RawDocument) else f"skipped: {item.reason}"
            rows.append([name, f"{lim.url_total_timeout:g} s / {lim.max_bytes // 1_000_000} MB", f"{took:.2f}",
                         f"{peak / 1e6:.1f}", outcome[:95]])
    return rows


# ----------------------------------------------------------------------------- kill -9 and concurrency

def bench_kills(work: Path, kills: int) -> dict:
    from crashkit import kill_trial, random_moments, reference, write_batch

    write_batch(work / "batch", 12)
    write_batch(work / "follow", 2, start=40)
    ref = reference(work, work / "batch", work / "follow")
    results = []
    for fault in ("after_pending", "after_articles", "after_stories"):
        results.append((f"fault {fault}",) + kill_trial(work, work / "batch", work / "follow", ref, fault=fault))
    for seed, share in enumerate(random_moments(kills, 1.0, seed=20)):
        results.append((f"kill {seed}",) + kill_trial(work, work / "batch", work / "follow", ref,
                                                       at=share * ref.seconds, seed=seed))
    return {"reference_seconds": ref.seconds, "stories": len(ref.full.stories), "results": results}


def bench_concurrent(work: Path) -> list[list]:
    from crashkit import concurrent_adds, write_batch

    rows = []
    for writers in (2, 4):
        batches = [work / f"c{writers}_{i}" for i in range(writers)]
        for i, batch in enumerate(batches):
            write_batch(batch, 6, start=100 + 10 * i)
        problems, took = concurrent_adds(work, batches, name=f"concurrent{writers}")
        rows.append([writers, writers * 6, f"{took:.1f}", "ok" if not problems else "; ".join(problems)[:120]])
    return rows


# ----------------------------------------------------------------------------- brief by size
# bench/brief_size.py measures it (CPU time per stage, wall time, peak memory); its table is printed here


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=20, help="random kill -9 trials (default 20)")
    parser.add_argument("--random", type=int, default=300, help="random inputs besides the corpus (default 300)")
    parser.add_argument("--sizes", default="0.1,1,3", help="brief article sizes in MB (default 0.1,1,3)")
    parser.add_argument("--brief-timeout", type=float, default=600, help="seconds allowed per brief size (default 600)")
    parser.add_argument("--skip", default="", help="comma-separated sections to skip: inputs,server,kills,concurrent,brief")
    args = parser.parse_args()
    floors = json.loads((REPO / "tests" / "floors" / "reliability.json").read_text(encoding="utf-8"))
    if args.kills < floors["min_kill_trials_bench"]:
        print(f"note: {args.kills} kill trials, fewer than the {floors['min_kill_trials_bench']} the floor asks for")
    skip = set(filter(None, args.skip.split(",")))
    failed = False
    with tempfile.TemporaryDirectory(prefix="newsdesk-reliability-") as tmp:
        work = Path(tmp)
        if "inputs" not in skip:
            got = bench_inputs(work / "inputs", args.random)
            c = got["counts"]
            _table("bad inputs through add", ["corpus kinds", "inputs tried", "stored whole", "skipped with reason",
                                                "crashed (must be 0)", "stored articles lost (must be 0)", "unexpected", "s"],
                   [[c["corpus kinds"], c["tried"], c["stored whole"], c["skipped with reason"], c["crashed"], c["lost"],
                     c["unexpected"], c["seconds"]]])
            for line in got["problems"][:20]:
                print("  ", line)
            failed |= c["crashed"] > floors["max_crashed"] or c["lost"] > floors["max_lost"]
        if "server" not in skip:
            _table("hostile HTTP server on 127.0.0.1", ["fetch", "limit (time / size)", "s", "peak MB held (Python)", "outcome"],
                   bench_server())
        if "kills" not in skip:
            got = bench_kills(work / "kills", args.kills)
            bad = [r for r in got["results"] if r[1]]
            before = sum("before it recorded" in r[2] for r in got["results"])
            _table("kill -9 during add, then the next add", ["trials", "ok", "failed", "killed before recording",
                                                             "uninterrupted add s", "stories"],
                   [[len(got["results"]), len(got["results"]) - len(bad), len(bad), before,
                     f"{got['reference_seconds']:.1f}", got["stories"]]])
            for name, problems, outcome in bad:
                print("  ", name, outcome, problems)
            failed |= bool(bad)
        if "concurrent" not in skip:
            rows = bench_concurrent(work / "concurrent")
            _table("concurrent adds on one database", ["writers", "articles", "s", "result"], rows)
            failed |= any(r[3] != "ok" for r in rows)
        if "brief" not in skip:
            from bench import brief_size

            sizes = [float(x) for x in args.sizes.split(",")]
            _table("brief of one single-line article", brief_size.HEADER, brief_size.rows(sizes, args.brief_timeout))
            _table("the default per-article cap", ["input", "time", "outcome"], [brief_size.default_cap_row()])
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
