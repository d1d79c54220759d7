"""Time and peak memory of duplicate detection + incremental story clustering at 10k-100k articles.

The articles are synthetic but made of real text: the sentences of the shared data sets
(PolNeAR train/dev articles, ECB+ documents, NewsQuant sentences) are recombined into articles
of realistic length. Each article retells one source article (a random, order-keeping selection
of 50-90% of its sentences) with a few sentences from other articles mixed in; source articles
are drawn with Zipf-like popularity, so some stories get many articles and some one, and
reprinted sentences give the duplicate detector real shared copy to find.

One stream of articles is fed one at a time; the table is taken when the stream reaches each
size (the first 10k, 50k, 100k articles): cumulative time, time per article, the ratio of the
total time to n log n (1.00 at the smallest size; flat or falling means growth no worse than
n log n), and the process's peak memory so far.

    python bench/cluster_scale.py [--sizes 10000,50000,100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_SENT = re.compile(r"(?<=[.!?])\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")


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


def run(sizes: list[int], seed: int) -> list[dict]:
    """Feed one stream of max(sizes) synthetic articles through duplicate detection and story
    clustering, one article at a time, and record the figures when the stream reaches each size."""
    from newsdesk.cluster.dedup import CopyDoc, DuplicateDetector
    from newsdesk.cluster.stories import ClusterDoc, StoryClusterer

    articles = synthetic_articles(load_sources(datasets_dir()), max(sizes), seed)
    bodies = dict(articles)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    clusterer = StoryClusterer()
    detector = DuplicateDetector(body_of=bodies.__getitem__)
    t_cluster = t_dedup = 0.0
    words = 0
    relations = {"exact": 0, "near": 0, "shared_copy": 0}
    rows = []
    checkpoints = set(sizes)
    for i, (doc_id, body) in enumerate(articles, 1):
        t0 = time.perf_counter()
        sid = clusterer.add(ClusterDoc(doc_id, body))
        t1 = time.perf_counter()
        members = clusterer.recent_members(sid, detector.config.max_related + 1)
        for rel in detector.add(CopyDoc(doc_id, body), related=members):
            relations[rel.kind] += 1
        t2 = time.perf_counter()
        t_cluster += t1 - t0
        t_dedup += t2 - t1
        words += len(body.split())
        if i in checkpoints:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            sizes_now = sorted((s.size for s in clusterer.all_stories()), reverse=True)
            rows.append({
                "n": i, "words_per_article": words / i, "cluster_s": t_cluster, "dedup_s": t_dedup,
                "peak_mib": peak / 1024, "added_mib": (peak - base_rss) / 1024,
                "stories": len(sizes_now), "largest": sizes_now[0], **relations,
            })
            print(f"  reached {i} articles after {t_cluster + t_dedup:.0f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = run(sorted(int(x) for x in args.sizes.split(",")), args.seed)
    print(f"{'articles':>9} {'words/art':>9} {'cluster s':>9} {'dedup s':>8} {'total s':>8} "
          f"{'ms/art':>7} {'/nlogn':>7} {'cl':>5} {'dd':>5} {'peak MiB':>8} {'+MiB':>6} {'stories':>8} "
          f"{'largest':>7} {'exact':>6} {'near':>6} {'copy':>7} {'rel/art':>7}")
    base = None
    for r in rows:
        total = r["cluster_s"] + r["dedup_s"]
        nlogn = r["n"] * math.log(r["n"])
        base = base or (total / nlogn, r["cluster_s"] / nlogn, r["dedup_s"] / nlogn)
        found = r["exact"] + r["near"] + r["shared_copy"]
        print(f"{r['n']:>9} {r['words_per_article']:>9.0f} {r['cluster_s']:>9.1f} {r['dedup_s']:>8.1f} "
              f"{total:>8.1f} {1000 * total / r['n']:>7.2f} {total / nlogn / base[0]:>7.2f} "
              f"{r['cluster_s'] / nlogn / base[1]:>5.2f} {r['dedup_s'] / nlogn / base[2]:>5.2f} "
              f"{r['peak_mib']:>8.0f} {r['added_mib']:>6.0f} {r['stories']:>8} {r['largest']:>7} "
              f"{r['exact']:>6} {r['near']:>6} {r['shared_copy']:>7} {found / r['n']:>7.2f}")
    print("time: cumulative over the stream up to that size; /nlogn: total time / (n ln n), relative "
          "to the first row (cl: clustering alone, dd: duplicate and copy detection alone); peak MiB: "
          "the process's peak RSS so far, +MiB: above the peak after the corpus was built (the "
          "detector and the clusterer, not the articles themselves); rel/art: relations found per "
          "article so far (copy checks per article are capped by DedupConfig.max_related and "
          "max_lsh_candidates, so dedup time per article rises with it only up to that cap).")


if __name__ == "__main__":
    main()
