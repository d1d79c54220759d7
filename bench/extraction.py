"""HTML main-text extraction benchmark: newsdesk beside saved peer outputs on the
scrapinghub article-extraction-benchmark (AEB) pages, scored with the benchmark's own metric.

The metric reproduces AEB's ``evaluate.py``: text is tokenised with ``\\w+``; each page gives
TP/FP/FN counts over 4-token shingles (multiset matching; a text with fewer than four tokens is one
shingle, an empty text none), normalised to sum to 1 so long pages do not weigh more; precision
is averaged over pages with a non-empty prediction, recall over pages with non-empty truth, and
F1 is the harmonic mean of those two averages. Accuracy is the share of pages whose token lists
match exactly. The ± columns are bootstrap standard deviations (seeded, so runs repeat).

Run: ``.venv/bin/python -m bench.extraction [DATASET_DIR]`` (default ``../shared/datasets/aeb``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NGRAM_N = 4
_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)

TpFpFn = tuple[float, float, float]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    accuracy: float
    precision_std: float = 0.0
    recall_std: float = 0.0
    f1_std: float = 0.0


def default_dataset() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets" / "aeb"


# --------------------------------------------------------------------------- AEB metric


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def _ngrams(text: str | None, n: int = NGRAM_N) -> list[tuple[str, ...]]:
    tokens = tokenize(text)
    result = []
    for i in range(0, max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            result.append(shingle)
    return result


def shingle_matching(true: str | None, pred: str | None, n: int = NGRAM_N) -> TpFpFn:
    """Normalised TP/FP/FN over the shingles of one page."""
    true_shingles, pred_shingles = Counter(_ngrams(true, n)), Counter(_ngrams(pred, n))
    tp = fp = fn = 0.0
    for key in set(true_shingles) | set(pred_shingles):
        t, p = true_shingles.get(key, 0), pred_shingles.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total > 0 else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(tp_fp_fns: list[TpFpFn]) -> tuple[float, float, float]:
    """(precision, recall, F1) the AEB way."""
    precision = statistics.mean([_precision(*x) for x in tp_fp_fns if x[0] + x[1] > 0])
    recall = statistics.mean([_recall(*x) for x in tp_fp_fns if x[0] + x[2] > 0])
    return precision, recall, 2 * precision * recall / (precision + recall)


def evaluate(ground_truth: dict, prediction: dict, *, n_bootstrap: int = 1000, seed: int = 0) -> Score:
    """Score one system's ``{id: {"articleBody": ...}}`` against the ground truth."""
    if ground_truth.keys() != prediction.keys():
        raise ValueError("prediction keys do not match ground truth")
    counts, exact = [], []
    for key in ground_truth:
        true = ground_truth[key].get("articleBody", "")
        pred = prediction[key].get("articleBody", "")
        counts.append(shingle_matching(true, pred))
        exact.append(float(tokenize(true) == tokenize(pred)))
    precision, recall, f1 = metrics(counts)
    stds = [0.0, 0.0, 0.0]
    if n_bootstrap > 1:
        rng = random.Random(seed)
        samples = []
        for _ in range(n_bootstrap):
            picks = [rng.randrange(len(counts)) for _ in counts]
            samples.append(metrics([counts[i] for i in picks]))
        stds = [statistics.stdev(s[j] for s in samples) for j in range(3)]
    return Score(precision, recall, f1, statistics.mean(exact), *stds)


# --------------------------------------------------------------------------- outputs


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def load_peer(path: Path) -> dict:
    """A saved peer output: ``{id: {...}}`` or the newer ``{"version", "output": {id: {...}}}``."""
    data = load_json(path)
    if isinstance(data.get("output"), dict) and "version" in data:
        return data["output"]
    return data


def newsdesk_outputs(dataset: Path, ground_truth: dict) -> dict:
    """newsdesk's main text for every page, read through its HTML reader with the page URL."""
    from newsdesk.errors import InputError
    from newsdesk.ingest.htmlpage import read_html_bytes
    from newsdesk.ingest.limits import ReadLimits

    limits = ReadLimits()
    out = {}
    for key, truth in ground_truth.items():
        data = gzip.decompress((dataset / "html" / f"{key}.html.gz").read_bytes())
        try:
            doc = read_html_bytes(data, doc_id=key, source=key, limits=limits, url=truth.get("url"))
            out[key] = {"articleBody": doc.text}
        except InputError:
            out[key] = {"articleBody": ""}
    return out


def score_aeb(
    dataset_dir: Path | str | None = None,
    *,
    peers: bool = True,
    n_bootstrap: int = 0,
    extract: Callable[[Path, dict], dict] = newsdesk_outputs,
) -> dict[str, Score]:
    """Scores by system name: ``"newsdesk"`` (extracted now) and each ``peer-outputs/*.json``."""
    dataset = Path(dataset_dir) if dataset_dir else default_dataset()
    ground_truth = load_json(dataset / "ground-truth.json")
    results = {"newsdesk": evaluate(ground_truth, extract(dataset, ground_truth), n_bootstrap=n_bootstrap)}
    if peers:
        for path in sorted((dataset / "peer-outputs").glob("*.json")):
            results[path.stem] = evaluate(ground_truth, load_peer(path), n_bootstrap=n_bootstrap)
    return results


def table(results: dict[str, Score]) -> str:
    lines = [f"{'system':<16} {'precision':>15} {'recall':>15} {'F1':>15} {'accuracy':>9}"]
    for name, s in sorted(results.items(), key=lambda kv: -kv[1].f1):
        lines.append(
            f"{name:<16} {s.precision:>7.3f} ± {s.precision_std:.3f} {s.recall:>7.3f} ± {s.recall_std:.3f} "
            f"{s.f1:>7.3f} ± {s.f1_std:.3f} {s.accuracy:>9.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=None)
    parser.add_argument("--n-bootstrap", type=int, default=1000)
    args = parser.parse_args(argv)
    dataset = args.dataset or default_dataset()
    if not (dataset / "ground-truth.json").exists():
        print(f"AEB data not found at {dataset}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = score_aeb(dataset, n_bootstrap=args.n_bootstrap)
    print(f"AEB article-body extraction, {len(load_json(dataset / 'ground-truth.json'))} pages "
          f"(4-gram shingle P/R/F1, ± bootstrap std over {args.n_bootstrap} resamples)")
    print(table(results))
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
