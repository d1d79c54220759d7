"""Story clustering on ECB+: newsdesk's incremental clusterer against a batch baseline (BCubed).

ECB+ (../shared/datasets/ecbplus): 982 news documents in 43 topics, each topic two sub-topics
(two similar but different events; files ``*ecb.xml`` and ``*ecbplus.xml``), 86 in all.

* newsdesk: ``StoryClusterer`` with its shipped settings, fed the documents one at a time in a
  shuffled order without dates, told nothing about the number of clusters; several seeds.
* baseline: batch TF-IDF (scikit-learn ``TfidfVectorizer``, English stop words, sublinear tf) +
  cosine average-linkage agglomerative clustering given the true number of clusters (86 for
  sub-topics, 43 for topics), computed in the same run; also with ``min_df=2``, the stronger
  variant on ECB+.
* held-out: the clusterer's join threshold, split threshold and lead boost re-tuned on the
  even-numbered topics and scored on the odd ones, and the reverse; the baselines on the same
  halves are given their true cluster count. (The shipped settings were chosen on the even
  topics: the "odd" rows are the honest ones for them; the "all" rows include the topics they
  were chosen on.)

    python bench/clustering.py [--seeds 5] [--no-heldout]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TUNING_GRID = {"threshold": [0.22, 0.24, 0.26, 0.28], "split_threshold": [0.5, 0.55, 0.6],
               "lead_boost": [1, 2, 3]}


def ecbplus_dir() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets" / "ecbplus"


def _row(name: str, level: str, score, extra: str = "") -> str:
    return (f"{name:<62} {level:<9} {score.precision:>6.3f} {score.recall:>6.3f} {score.f1:>6.3f} "
            f"{score.clusters:>8} {extra}")


def main(argv: list[str] | None = None) -> None:
    from newsdesk.cluster.evaluation import (
        batch_baseline, evaluate_incremental, load_ecbplus, score_both, split_topics, tune,
    )
    from newsdesk.cluster.stories import StoryConfig

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="shuffled orders to average over")
    parser.add_argument("--no-heldout", action="store_true", help="skip the re-tuning folds")
    args = parser.parse_args(argv)
    seeds = list(range(args.seeds))

    docs = load_ecbplus(ecbplus_dir())
    n_sub = len({d.subtopic for d in docs})
    n_top = len({d.topic for d in docs})
    print(f"ECB+: {len(docs)} documents, {n_sub} sub-topics, {n_top} topics; seeds {seeds}")
    print(f"{'clustering':<62} {'gold':<9} {'P':>6} {'R':>6} {'F1':>6} {'clusters':>8}")

    t0 = time.perf_counter()
    ours = evaluate_incremental(docs, seeds, StoryConfig())
    t_ours = (time.perf_counter() - t0) / len(seeds)
    min_f1 = f"min F1 {ours.subtopic_min_f1:.3f}"
    print(_row("newsdesk incremental (mean over seeds)", "subtopic", ours.subtopic_mean, min_f1))
    print(_row("newsdesk incremental (mean over seeds)", "topic", ours.topic_mean,
               f"min F1 {min(s.f1 for s in ours.topic):.3f}"))
    t0 = time.perf_counter()
    for min_df in (1, 2):
        name = "batch TF-IDF avg-link" + (f" min_df={min_df}" if min_df > 1 else "")
        base_sub = score_both(batch_baseline(docs, n_sub, min_df), docs)
        base_top = score_both(batch_baseline(docs, n_top, min_df), docs)
        print(_row(f"{name}, k={n_sub}", "subtopic", base_sub["subtopic"]))
        print(_row(f"{name}, k={n_sub}", "topic", base_sub["topic"]))
        print(_row(f"{name}, k={n_top}", "subtopic", base_top["subtopic"]))
        print(_row(f"{name}, k={n_top}", "topic", base_top["topic"]))
    t_base = time.perf_counter() - t0
    print(f"per-seed sub-topic F1: {', '.join(f'{s.f1:.3f}' for s in ours.subtopic)}; "
          f"incremental {t_ours:.1f} s per pass, baselines {t_base:.1f} s")

    if args.no_heldout:
        return
    print("\nheld-out (thresholds tuned on one half of the topics, scored on the other):")
    print(f"{'clustering':<62} {'gold':<9} {'P':>6} {'R':>6} {'F1':>6} {'clusters':>8}")
    for fold, (tuned_on, held_name) in enumerate((("even", "odd"), ("odd", "even"))):
        tune_docs, held_docs = split_topics(docs, fold)
        config = tune(tune_docs, seeds, TUNING_GRID)
        held = evaluate_incremental(held_docs, seeds, config)
        k = len({d.subtopic for d in held_docs})
        label = (f"tuned on {tuned_on} (thr {config.threshold}, split {config.split_threshold},"
                 f" lead x{1 + config.lead_boost})")
        print(_row(f"newsdesk {label}", f"{held_name}-sub", held.subtopic_mean,
                   f"min F1 {held.subtopic_min_f1:.3f}"))
        print(_row(f"newsdesk {label}", f"{held_name}-top", held.topic_mean))
        shipped = evaluate_incremental(held_docs, seeds, StoryConfig())
        print(_row("newsdesk shipped settings", f"{held_name}-sub", shipped.subtopic_mean,
                   f"min F1 {shipped.subtopic_min_f1:.3f}"))
        for min_df in (1, 2):
            base = score_both(batch_baseline(held_docs, k, min_df), held_docs)
            name = "batch TF-IDF avg-link" + (f" min_df={min_df}" if min_df > 1 else "")
            print(_row(f"{name}, k={k}", f"{held_name}-sub", base["subtopic"]))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
