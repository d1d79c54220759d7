"""`add` of one article into a store of 10k / 100k / 1M articles: time, memory, storage.

The articles are synthetic but made of real text: the sentences of the shared data sets
(PolNeAR train/dev articles, ECB+ documents, NewsQuant sentences) are recombined into articles
of realistic length. Each article retells one source article (a random, order-keeping selection
of 50-90% of its sentences) with a few sentences from other articles mixed in; source articles
are drawn with Zipf-like popularity, so some stories get many articles and some one, and
reprinted sentences give the duplicate detector real shared copy to find. Articles carry a title,
an outlet and a publication time (one every 30 seconds: 10k articles span 3.5 days).

Stores, built once and cached under ``.cache/cluster_scale/`` (git-ignored):

* 10k: built for real, through ``assign_stories`` in batches of 500 (the code path of `add`);
* 100k and 1M: the 10k store replicated 10 and 100 times straight into the store's tables,
  each copy moved 3.5 days later (a year of news at 1M), with its own article ids, story numbers
  and LSH band keys; term document frequencies are multiplied accordingly. Stories therefore
  stay the size news stories have over a few days, while posting lists, the vocabulary's
  counts and every table grow with the corpus — except the full-text index, which holds the
  10k base only (indexing the copies' text would take most of the build time; an FTS5 insert
  does not depend on the corpus size, its segments are merged). Storage is measured on the 10k
  store, built for real. A base built by an earlier version is migrated (opened with the store)
  before it is replicated; a migrated base keeps the articles' row numbers 1..10k the copies need.

Each measurement runs in a fresh process that opens the store and adds ``--probe`` new articles
(drawn after the store's own, dated after its last article), one at a time, each as its own write
transaction as `add` makes it (ids settled, article row with its FTS entry, story assignment,
duplicate and copy detection, story rows, commit); the median, 90th percentile and the process's
peak RSS are printed. The probes stay in the cached store, and a later run adds the SAME texts again
under new ids (exact duplicates skip the copy search; the 10k store's stories grow): for comparable
figures, measure on stores as built (keep a copy of ``store-*.db`` and put it back before a run).
The 100k row pays a replication artefact: its copies' stories were never touched after they were
written, so those within the time window whose corpus has doubled since are re-weighted on first
touch (a stream touches them, and re-weighs them, earlier). Storage: bytes per article of the database (and of its
largest tables) against the article body text, on the 10k store built for real.

    python bench/cluster_scale.py [--sizes 10000,100000,1000000] [--probe 200]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("NEWSDESK_SCALE_CACHE", REPO / ".cache" / "cluster_scale"))
BASE = int(os.environ.get("NEWSDESK_SCALE_BASE", 10_000))  # smaller only to try the script out
STEP_SECONDS = 30  # one article every 30 s
_SENT = re.compile(r"(?<=[.!?])\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")
OUTLETS = [f"outlet{i}" for i in range(12)]
START = datetime(2024, 1, 1)


def datasets_dir() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text) if s and len(s.split()) >= 4]


def load_sources(root: Path) -> list[list[str]]:
    """Real articles of the shared data sets, each as its list of sentences."""
    sources: list[list[str]] = []
    for folder in ("polnear-train-text", "polnear-dev/text"):
        for path in sorted((root / folder).glob("*.txt")):
            sents = _sentences(path.read_text(encoding="utf-8", errors="replace"))
            if len(sents) >= 3:
                sources.append(sents)
    from newsdesk.cluster.evaluation import load_ecbplus

    for doc in load_ecbplus(root / "ecbplus"):
        sents = [s for s in doc.text.split("\n") if len(s.split()) >= 4]
        if len(sents) >= 3:
            sources.append(sents)
    quant = json.loads((root / "newsquant" / "NewsQuant.json").read_text(encoding="utf-8"))
    pool = [q["text"] for q in quant]
    for i in range(0, len(pool) - 10, 10):  # NewsQuant sentences, ten to an article
        sources.append(pool[i:i + 10])
    if not sources:
        raise SystemExit(f"no source text under {root}")
    return sources


def synthetic_articles(sources: list[list[str]], n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` (id, body) pairs recombined from the real sentences of ``sources``."""
    rng = random.Random(seed)
    order = list(range(len(sources)))
    rng.shuffle(order)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(order))]  # Zipf-like popularity
    picks = rng.choices(order, weights=weights, k=n)
    out = []
    for i, src in enumerate(picks):
        sents = sources[src]
        keep = max(3, int(len(sents) * rng.uniform(0.5, 0.9)))
        chosen = sorted(rng.sample(range(len(sents)), min(keep, len(sents))))
        body = [sents[j] for j in chosen]
        for _ in range(rng.randint(0, 4)):
            other = sources[rng.randrange(len(sources))]
            body.insert(rng.randint(0, len(body)), other[rng.randrange(len(other))])
        out.append((f"a{i:06d}", "\n\n".join(body)))
    return out


def articles(n: int, seed: int = 1):
    """The stream's first ``n`` articles as Article records (title, outlet, time)."""
    from newsdesk.records import Article

    out = []
    for i, (aid, body) in enumerate(synthetic_articles(load_sources(datasets_dir()), n, seed)):
        title = body.split("\n", 1)[0][:90]
        out.append(Article(id=aid, source=f"{aid}.txt", body=body, title=title, outlet=OUTLETS[i % len(OUTLETS)],
                           published=START + timedelta(seconds=STEP_SECONDS * i)))
    return out


# --------------------------------------------------------------------------- building the stores


def db_path(size: int) -> Path:
    return CACHE / f"store-{size}.db"


def base_path() -> Path:
    return CACHE / f"base-{BASE}.db"


def build_base(stream) -> float:
    """The 10k store, for real; returns seconds."""
    from newsdesk.cluster.persist import assign_stories
    from newsdesk.store.sqlite import SQLiteStore

    path = base_path()
    tmp = path.with_suffix(".tmp")
    _remove(tmp)
    t0 = time.perf_counter()
    with SQLiteStore(tmp) as store:
        for k in range(0, BASE, 500):
            batch = stream[k:k + 500]
            with store.write():
                batch, keys = store.resolve_ids(batch)
                store.add_articles(batch, keys)
                assign_stories(store, batch)
            print(f"  built {k + len(batch)} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.rename(path)
    return time.perf_counter() - t0


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()


def replicate(size: int) -> float:
    """The ``size`` store: the 10k store and size/10k - 1 copies, each 3.5 days later."""
    import shutil

    copies = size // BASE
    path, tmp = db_path(size), db_path(size).with_suffix(".tmp")
    _remove(tmp)
    t0 = time.perf_counter()
    from newsdesk.store.sqlite import SQLiteStore

    with SQLiteStore(base_path()) as store:  # a base built by an earlier version: its migrations first
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(base_path(), tmp)
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    if conn.execute("SELECT min(rowid), max(rowid), count(*) FROM articles").fetchone() != (1, BASE, BASE):
        raise SystemExit(f"{base_path()} is not the base as built (article rowids 1..{BASE}): build it again")
    meta = dict(conn.execute("SELECT key, value FROM cluster_meta"))
    n_pos, n_stories = int(meta["n_positions"]), int(meta["n_stories"])
    shift = BASE * STEP_SECONDS
    n_post = int(meta["n_postings"])
    # copies are not put in the full-text index (it would take most of the time; the store writes
    # the index from Python, so a plain INSERT leaves them out); see the docstring
    # the base's rows of the tables keyed by id or term, read once (scanning the growing tables for
    # them at every copy would make the replication quadratic)
    conn.execute("PRAGMA temp_store=FILE")
    for name, table in (("p", "cluster_postings"), ("r", "article_relations"), ("e", "copy_exact"),
                        ("f", "copy_fingerprints"), ("l", "copy_lsh")):
        conn.execute(f"CREATE TEMP TABLE base_{name} AS SELECT * FROM {table}")
    for k in range(1, copies):
        suf = f"r{k:03d}~"  # a prefix: each copy's ids sort after the last copy's (appends, not scattered inserts)
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO articles (id, source, content_hash, title, byline, published, outlet, url, format, body,"
            " words, added_at, extra, source_key) SELECT ?1 || id, ?1 || source, content_hash, title, byline,"
            " strftime('%Y-%m-%dT%H:%M:%S', published, ?2), outlet, url, format, body, words, added_at, extra,"
            " ?1 || source_key FROM articles WHERE rowid <= ?3 ORDER BY rowid",
            (suf, f"+{k * shift} seconds", BASE))
        conn.execute("INSERT INTO cluster_docs (position, article_id, story, terms, extra) SELECT position + ?1,"
                     " ?2 || article_id, story + ?3, terms, extra FROM cluster_docs WHERE position < ?4",
                     (k * n_pos, suf, k * n_stories, n_pos))
        conn.execute(
            "INSERT INTO stories (seq, size, title, title_article, top_terms, first_published, last_published,"
            " norm2, epoch, next_check, central, centroid, extra, updated_at) SELECT seq + ?1, size, title,"
            " ?2 || title_article, top_terms, strftime('%Y-%m-%dT%H:%M:%S', first_published, ?3),"
            " strftime('%Y-%m-%dT%H:%M:%S', last_published, ?3), norm2, epoch + ?4, next_check, central + ?5,"
            " centroid, extra, updated_at FROM stories WHERE seq < ?6",
            (k * n_stories, suf, f"+{k * shift} seconds", k * BASE, k * n_pos, n_stories))
        conn.execute("INSERT INTO cluster_postings (term, rowid, story, gone) SELECT term, rowid + ?1, story + ?2, gone"
                     " FROM temp.base_p ORDER BY term, rowid", (k * n_post, k * n_stories))
        conn.execute("INSERT INTO article_relations SELECT doc_a + ?1, doc_b + ?1, kind, score,"
                     " span_a_start, span_a_end, span_b_start, span_b_end, passages, shared_words, credits"
                     " FROM temp.base_r ORDER BY doc_a, doc_b, kind", (k * BASE,))
        conn.execute("INSERT INTO copy_exact SELECT CAST(?1 || digest AS BLOB), ?1 || article_id FROM temp.base_e",
                     (suf,))
        conn.execute("INSERT INTO copy_fingerprints SELECT ?1 || article_id, rows, words, credits, signature"
                     " FROM temp.base_f", (suf,))
        conn.execute("INSERT INTO copy_lsh (band_key, doc) SELECT CASE WHEN band_key > 0 THEN"
                     " band_key - ?1 ELSE band_key + ?1 END, doc + ?2 FROM temp.base_l", (k * 7919, k * BASE))
        conn.execute("COMMIT")
        if k % 10 == 0 or k == copies - 1:
            print(f"  replicated {(k + 1) * BASE} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr,
                  flush=True)
    conn.execute("BEGIN")
    conn.execute("UPDATE cluster_terms SET df = df * ?", (copies,))
    conn.executemany("INSERT OR REPLACE INTO cluster_meta VALUES (?, ?)", [
        ("n_docs", str(int(meta["n_docs"]) * copies)), ("n_positions", str(n_pos * copies)),
        ("n_postings", str(n_post * copies)),
        ("n_stories", str(n_stories * copies))])
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    tmp.rename(path)
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- one measurement


def probe_file(n: int) -> Path:
    """The ``n`` articles after the stream's first BASE, written once as JSON lines (so that the
    measuring process holds only what `add` needs)."""
    path = CACHE / f"probe-{BASE}-{n}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            for a in articles(BASE + n)[BASE:]:
                out.write(json.dumps({"id": a.id, "body": a.body, "title": a.title, "outlet": a.outlet,
                                      "published": a.published.isoformat()}) + "\n")
    return path


def probe(size: int, n: int, settings: dict | None = None) -> dict:
    """In this process: add ``n`` new articles to the ``size`` store, one write each (``settings``:
    StoryConfig fields to change, e.g. ``{"embedding_weight": 0.0}``)."""
    from newsdesk.cluster import persist
    from newsdesk.cluster.persist import assign_stories
    from newsdesk.records import Article
    from newsdesk.store.sqlite import SQLiteStore

    stream = []
    for line in probe_file(n).read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        stream.append(Article(id=d["id"], source=d["id"] + ".txt", body=d["body"], title=d["title"],
                              outlet=d["outlet"], published=datetime.fromisoformat(d["published"])))
    copies = size // BASE
    later = timedelta(seconds=(copies - 1) * BASE * STEP_SECONDS)
    from dataclasses import replace

    run = f"-new{int(time.time())}"
    stream = [replace(a, id=a.id + run, source=a.id + run + ".txt", published=a.published + later) for a in stream]
    if settings:
        from newsdesk.cluster.stories import StoryClusterer, StoryConfig

        persist.StoryClusterer = lambda: StoryClusterer(StoryConfig(**settings))
    base_rss = _peak_kib()
    times, cpu = [], []
    with SQLiteStore(db_path(size)) as store:
        for article in stream:
            t0, c0 = time.perf_counter(), time.process_time()
            with store.write():
                batch, keys = store.resolve_ids([article])
                store.add_articles(batch, keys)
                assign_stories(store, batch)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    skip = min(10, len(times) // 10)
    warm = times[skip:]
    return {"size": size, "n": len(warm), "median_ms": 1000 * statistics.median(warm),
            "p90_ms": 1000 * sorted(warm)[int(0.9 * (len(warm) - 1))],
            "cpu_median_ms": 1000 * statistics.median(cpu[skip:]), "load": os.getloadavg()[0],
            "peak_mib": _peak_kib() / 1024, "start_mib": base_rss / 1024}


def _peak_kib() -> int:
    """This process's peak RSS (VmHWM: unlike ru_maxrss it does not carry the parent's over exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def storage(size: int) -> dict:
    """Bytes of the store file and of its parts (newsdesk.store.usage), beside the body text."""
    from newsdesk.store.usage import storage_usage

    usage = storage_usage(str(db_path(size)))
    return {"articles": usage.articles, "body": usage.body_bytes, "file": usage.file_bytes, "parts": usage.parts}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--probe", type=int, default=200, help="articles added (and timed) per size")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="a StoryConfig setting for the timed adds (e.g. embedding_weight=0); repeatable")
    parser.add_argument("--_probe_size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    settings = {k: json.loads(v) for k, v in (item.split("=", 1) for item in args.set)}
    if args._probe_size:
        print(json.dumps(probe(args._probe_size, args.probe, settings)))
        return
    sizes = sorted(int(x) for x in args.sizes.split(","))
    CACHE.mkdir(parents=True, exist_ok=True)
    built = {}
    if not base_path().exists():
        built[f"{BASE}-article base store (for real)"] = build_base(articles(BASE))
    for size in sizes:
        if not db_path(size).exists():
            built[f"{size}-article store (replicated)"] = replicate(size)
    probe_file(args.probe)
    rows = []
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, "--_probe_size", str(size), "--probe", str(args.probe),
                              *(f"--set={item}" for item in args.set)],
                             capture_output=True, text=True, check=True)
        rows.append({**json.loads(out.stdout.strip().splitlines()[-1]), **storage(size)})
        print(f"  measured {size}", file=sys.stderr, flush=True)
    print(f"{'articles':>9} {'ms/add med':>10} {'p90':>7} {'cpu med':>7} {'/log n':>7} {'load':>5} {'peak MiB':>8} {'DB MiB':>8} "
          f"{'B/article':>9} {'x body':>7} {'articles':>8} {'fts':>5} {'stories':>7} {'dedup':>6}")
    base = None
    for r in rows:
        per_log = r["median_ms"] / math.log(r["size"])
        base = base or per_log
        groups = r["parts"]
        body = r["body"]
        share = {g: groups.get(g, 0) / body for g in ("articles", "fts", "stories", "duplicates")}
        print(f"{r['size']:>9} {r['median_ms']:>10.1f} {r['p90_ms']:>7.1f} {r['cpu_median_ms']:>7.1f} "
              f"{per_log / base:>7.2f} {r['load']:>5.1f} "
              f"{r['peak_mib']:>8.0f} {r['file'] / 2**20:>8.0f} {r['file'] / r['articles']:>9.0f} "
              f"{r['file'] / body:>7.2f} {share['articles']:>8.2f} {share['fts']:>5.2f} {share['stories']:>7.2f} "
              f"{share['duplicates']:>6.2f}")
    for what, seconds in built.items():
        print(f"built the {what} in {seconds:.0f} s")
    print("ms/add: one article's write transaction (ids, article row and FTS entry, story assignment, duplicate "
          "and copy detection), median and 90th percentile over the timed adds (the first 10 are warm-up); "
          "cpu med: median CPU time of the adding process per add (what the machine's other load does not inflate); "
          "load: 1-minute load average at the end; /log n: median / ln(n), relative to the first row (flat: growth "
          "no worse than log n); peak MiB: peak "
          "RSS of the process that made the adds; x body: database file / article body text (UTF-8 bytes), "
          "then per part (articles table with its extras, full-text index, story state, duplicate state).")


if __name__ == "__main__":
    main()
