"""Readers for the shared story-clustering sets beyond ECB+, as gold-labelled documents.

* ``uci-news-6k/headlines.csv``: 6,366 Google News headlines (10-12 March 2014) in 87 stories,
  with publisher and timestamp; :func:`load_uci_news` returns them in timestamp order (the order
  a stream brings them), each a headline-only item.
* ``neus-val/clusters.jsonl``: 307 events, each three short articles (title and the first ~65
  words) from a left, a centre and a right outlet; no dates.
* ``neus-titles``: the same 921 articles as headline-only items (the title is the whole text).
  Headlines like uci-news-6k's, but with event-level gold: a change that helps uci-news-6k only by
  joining headlines of one broad topic (Google News's stories are topics: all Xbox One news of
  two days is one) shows here as a loss.

Shared by ``bench/clustering.py`` and the tests that pin the floors.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from newsdesk.errors import InputError


@dataclass(frozen=True)
class LabeledDoc:
    """One document of a clustering set and its gold cluster."""

    id: str
    label: str
    text: str
    title: str | None = None
    published: datetime | None = None
    outlet: str | None = None


def load_uci_news(path: Path) -> list[LabeledDoc]:
    """The UCI News Aggregator headlines (``headlines.csv``), in timestamp order (ties: by ID).

    Each item is what a feed gives: the headline is the whole text (and the title), with its
    publisher and publication time.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "headlines.csv"
    if not path.is_file():
        raise InputError(str(path), "no headlines.csv found")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows.sort(key=lambda r: (int(r["TIMESTAMP"]), int(r["ID"])))
    docs = []
    for r in rows:
        when = datetime.fromtimestamp(int(r["TIMESTAMP"]) / 1000.0, tz=timezone.utc)
        docs.append(LabeledDoc(f"uci-{r['ID']}", r["STORY"], r["TITLE"], r["TITLE"], when,
                               r["PUBLISHER"] or None))
    return docs


def load_neus(path: Path) -> list[LabeledDoc]:
    """The NeuS validation clusters: one gold event per line, three short articles each."""
    path = Path(path)
    if path.is_dir():
        path = path / "clusters.jsonl"
    if not path.is_file():
        raise InputError(str(path), "no clusters.jsonl found")
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cluster = json.loads(line)
        for i, art in enumerate(cluster["articles"]):
            docs.append(LabeledDoc(f"{cluster['id']}-{i}", cluster["id"], art.get("text") or "",
                                   art.get("title") or None))
    return docs


def ecb_documents(root: Path) -> list[LabeledDoc]:
    """ECB+ as labelled documents: gold label the sub-topic, no title, no date."""
    from newsdesk.cluster.evaluation import load_ecbplus

    return [LabeledDoc(d.id, d.subtopic, d.text) for d in load_ecbplus(root)]


@dataclass(frozen=True)
class ClusteringSet:
    """A shared clustering set and how to stream it: in its order (dated streams) or shuffled."""

    name: str
    docs: tuple[LabeledDoc, ...]
    ordered: bool  # True: stream in the given (timestamp) order, once; False: shuffled, per seed

    def orders(self, seeds) -> list[list[LabeledDoc]]:
        from newsdesk.cluster.evaluation import shuffled

        if self.ordered:
            return [list(self.docs)]
        return [shuffled(self.docs, seed) for seed in seeds]

    @property
    def gold(self) -> dict[str, str]:
        return {d.id: d.label for d in self.docs}


def load_neus_titles(path: Path) -> list[LabeledDoc]:
    """The NeuS validation articles as headline-only items: each title is the whole text."""
    return [LabeledDoc(d.id, d.label, d.title or d.text, d.title or d.text) for d in load_neus(path)]


SET_NAMES = ("ecbplus", "uci-news-6k", "neus-val", "neus-titles")


def shared_sets(datasets: Path, names=SET_NAMES) -> list[ClusteringSet]:
    """The shared story-clustering sets found under ``datasets`` (a missing one is left out)."""
    readers = {"ecbplus": ("ecbplus", ecb_documents, False), "uci-news-6k": ("uci-news-6k", load_uci_news, True),
               "neus-val": ("neus-val", load_neus, False), "neus-titles": ("neus-val", load_neus_titles, False)}
    out = []
    for name in names:
        folder, reader, ordered = readers[name]
        if (Path(datasets) / folder).is_dir():
            out.append(ClusteringSet(name, tuple(reader(Path(datasets) / folder)), ordered))
    return out


def cluster_doc(d: LabeledDoc, embedding=None):
    from newsdesk.cluster.stories import ClusterDoc

    return ClusterDoc(d.id, d.text, d.title, d.published, d.outlet, embedding=embedding)


def set_embeddings(cset: ClusteringSet, config=None) -> dict | None:
    """Sentence embeddings of the set's documents, computed once in batches (they do not depend on
    the order the documents come in); None when the config uses none or no encoder is installed."""
    from newsdesk.cluster.embed import load_encoder
    from newsdesk.cluster.stories import StoryConfig

    config = config or StoryConfig()
    if config.embedding_weight <= 0:
        return None
    encoder = load_encoder(config.embedding_tokens)
    if encoder is None:
        return None
    docs = [cluster_doc(d) for d in cset.docs]
    docs = [d for d in docs if config.needs_embedding(d)]  # long texts are not encoded
    rows = encoder.encode_many([d.embedding_text() for d in docs])
    return {d.id: row for d, row in zip(docs, rows)}


def stream(docs, config=None, embeddings: dict | None = None) -> dict[str, str]:
    """Feed ``docs`` one at a time to a fresh StoryClusterer; each document's final story.

    ``embeddings`` (id -> vector, from :func:`set_embeddings`) saves encoding each document again.
    """
    from newsdesk.cluster.stories import StoryClusterer

    clusterer = StoryClusterer(config)
    for d in docs:
        clusterer.add(cluster_doc(d, embeddings.get(d.id) if embeddings else None))
    return clusterer.assignments()


def score_set(cset: ClusteringSet, seeds, config=None, embeddings: dict | None = None) -> list:
    """BCubed of the incremental clusterer on ``cset``, one score per order (see ``orders``).

    The documents' sentence embeddings are computed once for all orders (or given)."""
    from newsdesk.cluster.evaluation import bcubed

    if embeddings is None:
        embeddings = set_embeddings(cset, config)
    return [bcubed(stream(order, config, embeddings), cset.gold) for order in cset.orders(seeds)]


def baseline_text(d: LabeledDoc) -> str:
    return d.text if not d.title or d.text.startswith(d.title) else f"{d.title}\n{d.text}"


def batch_baselines(cset: ClusteringSet, thresholds=None) -> dict[str, object]:
    """Batch TF-IDF + cosine average-linkage over the whole set (it sees every document at once).

    scikit-learn's ``TfidfVectorizer`` (English stop words, sublinear tf) and SciPy's average
    linkage, cut at the best of ``thresholds`` (cosine distance; chosen on the gold labels, so an
    upper bound for a fixed threshold) and at the true number of clusters (oracle k). Returns
    ``{"best": (BCubed, threshold), "oracle_k": BCubed}``.
    """
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    from newsdesk.cluster.evaluation import bcubed

    docs = cset.docs
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        baseline_text(d) for d in docs)
    distance = 1.0 - (matrix @ matrix.T).toarray()  # rows are unit length: cosine distances
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(np.clip(distance, 0.0, 1.0), checks=False), method="average")
    gold = cset.gold
    ids = [d.id for d in docs]
    best = None
    for t in thresholds or [x / 100 for x in range(50, 100, 2)]:
        score = bcubed(dict(zip(ids, fcluster(tree, t, criterion="distance"))), gold)
        if best is None or score.f1 > best[0].f1:
            best = (score, t)
    k = len(set(gold.values()))
    oracle = bcubed(dict(zip(ids, fcluster(tree, k, criterion="maxclust"))), gold)
    return {"best": best, "oracle_k": oracle}
