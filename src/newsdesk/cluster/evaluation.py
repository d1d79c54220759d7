"""Scoring story clusterings: BCubed against gold labels, the ECB+ corpus reader, and a batch baseline.

Shared by ``bench/clustering.py`` (prints the table) and the test that pins the floor, so both
measure the same thing the same way.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as ET

from newsdesk.errors import InputError


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    f1: float
    clusters: int


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> BCubed:
    """BCubed precision, recall and F1 (Bagga & Baldwin 1998) of ``predicted`` against ``gold``.

    Both map item id -> cluster label; items missing from ``predicted`` are an error. Per item,
    precision is the share of its predicted cluster that shares its gold label and recall the
    share of its gold cluster that it shares a predicted cluster with; both are averaged over
    items. ``clusters`` is the number of predicted clusters.
    """
    missing = set(gold) - set(predicted)
    if missing:
        raise ValueError(f"{len(missing)} items have no predicted cluster, e.g. {sorted(missing)[:3]}")
    if not gold:
        raise ValueError("nothing to score")
    pair = Counter((predicted[i], gold[i]) for i in gold)
    pred_size = Counter(predicted[i] for i in gold)
    gold_size = Counter(gold.values())
    p = r = 0.0
    for (pl, gl), n in pair.items():
        p += n * n / pred_size[pl]
        r += n * n / gold_size[gl]
    p /= len(gold)
    r /= len(gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BCubed(p, r, f, len(pred_size))


# --------------------------------------------------------------------------- ECB+


@dataclass(frozen=True)
class EcbDocument:
    id: str  # file name without .xml, e.g. "1_10ecbplus"
    topic: str  # "1"
    subtopic: str  # "1/ecb" or "1/ecbplus"
    text: str  # sentences joined by newlines, tokens by single spaces
    url: str | None = None  # the leading URL line of ECB+ ("ecbplus") documents, kept out of text


_TOKEN = re.compile(r"^\s*http\s*:\s*/\s*/", re.I)
_QUOTE_TOKENS = {"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")"}


def load_ecbplus(root: Path) -> list[EcbDocument]:
    """Read the ECB+ corpus (``<topic>/<topic>_<n>ecb.xml`` and ``..ecbplus.xml``).

    Each document becomes its tokens joined by spaces, one sentence a line. The first line of
    the ECB+ half of the corpus is the page URL (whose slug repeats the headline); it is page
    metadata, not article text, so it goes to ``url`` and the text starts after it.
    """
    root = Path(root)
    files = sorted(root.glob("*/*.xml"))
    if not files:
        raise InputError(str(root), "no ECB+ documents (<topic>/*.xml) found")
    docs = []
    for path in files:
        name = path.stem
        if not (name.endswith("ecb") or name.endswith("ecbplus")):
            continue
        topic = path.parent.name
        sub = "ecbplus" if name.endswith("ecbplus") else "ecb"
        try:
            tree = ET.parse(path)
        except ET.ParseError as exc:  # pragma: no cover - the corpus parses
            raise InputError(str(path), f"bad XML: {exc}") from exc
        sentences: dict[int, list[str]] = defaultdict(list)
        for tok in tree.getroot().iter("token"):
            word = tok.text or ""
            sentences[int(tok.get("sentence", "0"))].append(_QUOTE_TOKENS.get(word, word))
        lines = [" ".join(sentences[k]) for k in sorted(sentences)]
        url = None
        if lines and _TOKEN.match(lines[0]):
            url = lines[0].replace(" ", "")
            lines = lines[1:]
        docs.append(EcbDocument(name, topic, f"{topic}/{sub}", "\n".join(lines), url))
    return docs


def shuffled(items: Sequence, seed: int) -> list:
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def split_topics(docs: Iterable[EcbDocument], fold: int) -> tuple[list[EcbDocument], list[EcbDocument]]:
    """Split by topic parity: ``fold`` 0 tunes on even topic numbers and holds out odd ones, 1 the reverse."""
    tune, held = [], []
    for d in docs:
        (tune if int(d.topic) % 2 == fold else held).append(d)
    return tune, held


def score_both(predicted: Mapping[str, Hashable], docs: Iterable[EcbDocument]) -> dict[str, BCubed]:
    """BCubed against the gold sub-topics and the gold topics."""
    docs = list(docs)
    return {
        "subtopic": bcubed(predicted, {d.id: d.subtopic for d in docs}),
        "topic": bcubed(predicted, {d.id: d.topic for d in docs}),
    }


def run_incremental(docs: Sequence[EcbDocument], seed: int,
                    make_clusterer: Callable[[], object], embeddings: Mapping | None = None) -> dict[str, str]:
    """Feed ``docs`` one at a time, in a shuffled order without dates, to a fresh clusterer;
    the stories the documents are in at the end. ``embeddings`` (id -> vector) saves encoding
    each document again in every order."""
    from newsdesk.cluster.stories import ClusterDoc

    clusterer = make_clusterer()
    for d in shuffled(docs, seed):
        clusterer.add(ClusterDoc(id=d.id, text=d.text, embedding=embeddings.get(d.id) if embeddings else None))
    return clusterer.assignments()  # each document's story now (splits and merges move some)


def embed_documents(docs: Sequence[EcbDocument], config=None) -> dict | None:
    """Sentence embeddings of ECB+ documents, computed once in batches; None when ``config`` uses
    none or no encoder is installed."""
    from newsdesk.cluster.embed import load_encoder
    from newsdesk.cluster.stories import ClusterDoc, StoryConfig

    config = config or StoryConfig()
    encoder = load_encoder(config.embedding_tokens) if config.embedding_weight > 0 else None
    if encoder is None:
        return None
    docs = [c for c in (ClusterDoc(id=d.id, text=d.text) for d in docs) if config.needs_embedding(c)]
    rows = encoder.encode_many([d.embedding_text() for d in docs])
    return {d.id: row for d, row in zip(docs, rows)}


def batch_baseline(docs: Sequence[EcbDocument], n_clusters: int, min_df: int = 1) -> dict[str, int]:
    """Batch TF-IDF + average-linkage agglomerative clustering told the true number of clusters.

    scikit-learn's ``TfidfVectorizer`` with its English stop words and sublinear tf (otherwise
    its defaults), cosine average linkage. ``min_df=2`` (drop words seen in one document only) is
    the stronger variant on ECB+; the bench reports both.
    """
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=min_df)
    matrix = vectorizer.fit_transform(d.text for d in docs)
    model = AgglomerativeClustering(n_clusters=n_clusters, metric="cosine", linkage="average")
    labels = model.fit_predict(matrix.toarray())
    return {d.id: int(label) for d, label in zip(docs, labels)}


@dataclass(frozen=True)
class IncrementalScore:
    """BCubed of the incremental clusterer over several shuffled orders."""

    subtopic: tuple[BCubed, ...]
    topic: tuple[BCubed, ...]

    @staticmethod
    def _mean(scores: tuple[BCubed, ...]) -> BCubed:
        n = len(scores)
        return BCubed(sum(s.precision for s in scores) / n, sum(s.recall for s in scores) / n,
                      sum(s.f1 for s in scores) / n, round(sum(s.clusters for s in scores) / n))

    @property
    def subtopic_mean(self) -> BCubed:
        return self._mean(self.subtopic)

    @property
    def topic_mean(self) -> BCubed:
        return self._mean(self.topic)

    @property
    def subtopic_min_f1(self) -> float:
        return min(s.f1 for s in self.subtopic)


def evaluate_incremental(docs: Sequence[EcbDocument], seeds: Iterable[int], config=None,
                         embeddings: Mapping | None = None) -> IncrementalScore:
    """Cluster ``docs`` once per seed (shuffled, date-free, one at a time) and score each run.

    The documents' sentence embeddings are computed once (or given) for all seeds."""
    from newsdesk.cluster.stories import StoryClusterer

    if embeddings is None:
        embeddings = embed_documents(docs, config)
    sub, top = [], []
    for seed in seeds:
        scores = score_both(run_incremental(docs, seed, lambda: StoryClusterer(config), embeddings), docs)
        sub.append(scores["subtopic"])
        top.append(scores["topic"])
    return IncrementalScore(tuple(sub), tuple(top))


def tune(docs: Sequence[EcbDocument], seeds: Iterable[int], grid: Mapping[str, Sequence]):
    """The StoryConfig, among the ``grid`` combinations, with the best mean sub-topic F1 on ``docs``."""
    import itertools

    from newsdesk.cluster.stories import StoryConfig

    seeds = list(seeds)
    best = None
    embeddings = embed_documents(docs, StoryConfig())
    for values in itertools.product(*grid.values()):
        config = StoryConfig(**dict(zip(grid, values)))
        f1 = evaluate_incremental(docs, seeds, config, embeddings if config.embedding_weight > 0 else None
                                  ).subtopic_mean.f1
        if best is None or f1 > best[0]:
            best = (f1, config)
    return best[1]
