"""The brief's summary against expert-written neutral summaries (NeuS validation split).

``../shared/datasets/neus-val/clusters.jsonl``: 307 clusters of three short articles (a left, a
centre and a right outlet) about one event, each with an expert summary. Every cluster is written
as one JSONL file and briefed the way a user would (read, clean, extract, reconcile), either with
story splitting (the default of ``newsdesk brief``: the summaries of every story, in story order)
or with ``--one-story``. Beside it, on the same clusters and scored the same way:

* **first sentences** — the first sentence of each article (the project's sentence splitter);
* **LexRank** — sumy's LexRank over the three texts, as many sentences as it takes to reach the
  default summary's average length (the same budget), the project's splitter and sumy's stemmer.

Scores: ROUGE-1/2/L F1 ×100 (``rouge-score``, Porter stemming) against ``summary_title`` +
``summary`` (as the dataset README measures its baselines); average words; and counts of empty
summaries, summaries citing a single outlet (of clusters with two or more), near-duplicate
sentence pairs (two sentences sharing 60 % or more of the shorter one's stemmed content words)
and datelines or wire credits inside a summary sentence ("WASHINGTON (AP) —").

Cross-check: ``--half dev`` scores the even-numbered clusters (where the summary was developed),
``--half held`` the odd ones (never looked at), ``--half all`` both. One configuration.

Run: ``.venv/bin/python -m bench.summary [--half all|dev|held] [--limit N] [--no-baselines]``
(needs the ``bench`` extra: ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"rouge1_one_story": 45.0, "empty": 0, "datelines": 0, "two_outlets_share": 0.95}
NEAR_DUPLICATE = 0.6

# a dateline opens a sentence (or follows the end of one, where copy was run together): capitalised
# place words, an optional wire credit, a dash; a wire credit in parentheses counts anywhere
_DATELINE = re.compile(
    r"(?:^|[.!?][\"\u201d']?\s+)[\"\u201c]?[A-Z][A-Z.'\u2019]+(?:\s[A-Z][A-Z.'\u2019]+){0,3}"
    r"(?:,\s*(?:[A-Z][A-Za-z.'\u2019]*\s*){1,3})?"
    r"(?:\s*\((?:AP|Reuters|AFP|UPI|CNN|dpa)\))?\s*[\u2014\u2013-]{1,2}\s"
    r"|\((?:AP|Reuters|AFP|UPI|dpa)\)"
)


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared"))


def load_clusters(path: Path | None = None) -> list[dict]:
    path = path or shared_dir() / "datasets" / "neus-val" / "clusters.jsonl"
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def select_half(clusters: Sequence[dict], half: str) -> list[dict]:
    if half == "dev":
        return [c for i, c in enumerate(clusters) if i % 2 == 0]
    if half == "held":
        return [c for i, c in enumerate(clusters) if i % 2 == 1]
    return list(clusters)


def reference(cluster: dict) -> str:
    return f"{cluster['summary_title']} {cluster['summary']}"


@dataclass
class Output:
    """One system's summary of one cluster: its sentences and the articles each cites."""

    sentences: list[str]
    citations: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


# --------------------------------------------------------------------------- systems


def brief_cluster(cluster: dict, *, one_story: bool, summary_words: int | None = None) -> Output:
    """The summary newsdesk writes for the cluster's articles, read from a JSONL file."""
    from newsdesk.pipeline import brief_from_articles, cluster_stories, one_story as single, read_articles

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{cluster['id']}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for a in cluster["articles"]:
                fh.write(json.dumps({"title": a["title"], "text": a["text"]}, ensure_ascii=False) + "\n")
        articles, _ = read_articles([str(path)])
    if not articles:
        return Output([])
    kwargs = {} if summary_words is None else {"summary_words": summary_words}
    brief = brief_from_articles(articles, grouper=single if one_story else cluster_stories, **kwargs)
    out = Output([])
    for story in brief.stories:
        for s in story.summary:
            out.sentences.append(s.text)
            out.citations.append(tuple(s.citations))
    return out


def _splitter() -> Callable[[str], list[str]]:
    from newsdesk.nlp.sentences import split_sentences

    return lambda text: [text[s:e].strip() for s, e in split_sentences(text) if text[s:e].strip()]


def first_sentences(cluster: dict) -> Output:
    split = _splitter()
    out = Output([])
    for i, a in enumerate(cluster["articles"]):
        sents = split(a["text"])
        if sents:
            out.sentences.append(sents[0])
            out.citations.append((str(i),))
    return out


class _Tokenizer:
    """sumy's tokenizer interface over the project's sentence splitter (no NLTK data needed)."""

    language = "english"

    def __init__(self):
        self._split = _splitter()

    def to_sentences(self, text: str) -> list[str]:
        return self._split(text)

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[\w'\u2019-]+", sentence)


def lexrank(cluster: dict, words: float) -> Output:
    """sumy LexRank: its top k sentences (in document order, as sumy gives them), the smallest k
    whose length reaches ``words``."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    text = "\n\n".join(a["text"] for a in cluster["articles"])
    parser = PlaintextParser.from_string(text, _Tokenizer())
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    n = len(parser.document.sentences)
    chosen: list[str] = []
    for k in range(1, n + 1):
        chosen = [str(s) for s in summarizer(parser.document, k)]
        if sum(len(s.split()) for s in chosen) >= words:
            break
    return Output(chosen)


# --------------------------------------------------------------------------- scores


def _content(sentence: str) -> set[str]:
    from newsdesk.reconcile.textvec import terms

    return set(terms(sentence))


def near_duplicate_pairs(sentences: Sequence[str]) -> int:
    sets = [_content(s) for s in sentences]
    n = 0
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            a, b = sets[i], sets[j]
            if a and b and len(a & b) / min(len(a), len(b)) >= NEAR_DUPLICATE:
                n += 1
    return n


def has_dateline(sentence: str) -> bool:
    return bool(_DATELINE.search(sentence))


@dataclass
class Row:
    name: str
    rouge1: float
    rouge2: float
    rougeL: float
    words: float
    empty: int
    single_outlet: int | None
    near_dup: int
    datelines: int
    n: int
    seconds: float = 0.0


def score_outputs(name: str, clusters: Sequence[dict], outputs: Sequence[Output], seconds: float = 0.0,
                  cited: bool = True) -> Row:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    r1, r2, rl = [], [], []
    single = 0
    for c, o in zip(clusters, outputs):
        s = scorer.score(reference(c), o.text)
        r1.append(s["rouge1"].fmeasure)
        r2.append(s["rouge2"].fmeasure)
        rl.append(s["rougeL"].fmeasure)
        if cited and len(c["articles"]) >= 2 and len({a for cs in o.citations for a in cs}) < 2:
            single += 1
    return Row(
        name,
        100 * statistics.mean(r1), 100 * statistics.mean(r2), 100 * statistics.mean(rl),
        statistics.mean(len(o.text.split()) for o in outputs),
        sum(1 for o in outputs if not o.sentences),
        single if cited else None,
        sum(1 for o in outputs if near_duplicate_pairs(o.sentences)),
        sum(1 for o in outputs if any(has_dateline(s) for s in o.sentences)),
        len(outputs),
        seconds,
    )


def run_system(name: str, clusters: Sequence[dict], fn: Callable[[dict], Output], cited: bool = True) -> Row:
    t0 = time.perf_counter()
    outputs = [fn(c) for c in clusters]
    return score_outputs(name, clusters, outputs, time.perf_counter() - t0, cited)


def print_table(rows: Sequence[Row], title: str) -> None:
    print(f"\n{title}")
    head = (f"{'system':<28} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'words':>6} {'empty':>5} {'1-outlet':>8} "
            f"{'near-dup':>8} {'dateline':>8} {'n':>4} {'s':>6}")
    print(head)
    print("-" * len(head))
    for r in rows:
        single = "-" if r.single_outlet is None else str(r.single_outlet)
        print(f"{r.name:<28} {r.rouge1:6.1f} {r.rouge2:6.1f} {r.rougeL:6.1f} {r.words:6.1f} {r.empty:5d} "
              f"{single:>8} {r.near_dup:8d} {r.datelines:8d} {r.n:4d} {r.seconds:6.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=["all", "dev", "held"], default="all")
    ap.add_argument("--limit", type=int, default=0, help="only the first N clusters of the half")
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument("--json", help="also write the rows to this JSON file")
    args = ap.parse_args(argv)
    try:
        clusters = load_clusters()
    except OSError as exc:
        print(f"neus-val not found ({exc}); set NEWSDESK_SHARED", file=sys.stderr)
        return 0
    halves = ["dev", "held"] if args.half == "all" else [args.half]
    report = {}
    for half in halves:
        part = select_half(clusters, half)
        if args.limit:
            part = part[: args.limit]
        rows = [
            run_system("newsdesk (stories)", part, lambda c: brief_cluster(c, one_story=False)),
            run_system("newsdesk --one-story", part, lambda c: brief_cluster(c, one_story=True)),
        ]
        if not args.no_baselines:
            budget = rows[1].words
            rows.append(run_system("first sentences", part, first_sentences))
            try:
                import sumy  # noqa: F401
            except ImportError:
                print("LexRank row left out: sumy is not installed (pip install -e '.[bench]')", file=sys.stderr)
            else:
                rows.append(run_system(f"LexRank (sumy, ~{budget:.0f} w)", part, lambda c: lexrank(c, budget),
                                       cited=False))
        label = {"dev": "even clusters (development)", "held": "odd clusters (held out)"}[half]
        print_table(rows, f"NeuS validation, {label}: {len(part)} clusters")
        one = rows[1]
        share = 1 - (one.single_outlet or 0) / max(1, one.n)
        print(f"targets: R-1 --one-story {one.rouge1:.1f} (>= {TARGETS['rouge1_one_story']}), empty {one.empty}, "
              f"datelines {one.datelines}, >= 2 outlets cited {100 * share:.1f} % (>= 95 %)")
        report[half] = [r.__dict__ for r in rows]
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
