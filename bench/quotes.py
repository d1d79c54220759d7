"""Quote and attribution quality on PolNeAR (dev split): newsdesk's quotes against gold Source /
Cue / Content spans.

Gold: each ``E`` line of a brat ``.ann`` file ties a Content span (possibly discontinuous) to its
Cue and, unless it is an ``Attribution-no-source``, its Source. A gold attribution is *direct*
when its content holds a double quotation mark (straight, curly, low-9, guillemet, or the two
apostrophes some wire copy writes for one). Texts with
several annotators' files are scored against the first file in name order.

Matching, on ``\\w+`` word tokens: a predicted quote *matches* a gold attribution when at least half
of its tokens lie inside the gold content (it is precise); a gold attribution is *found* when the
predicted quotes matching it cover at least half of its content tokens (enough of it is found).
Precision = matching predictions / predictions, recall = found gold / gold. With speakers, a
prediction or a gold counts only through predictions whose speaker is right: the speaker mention
overlaps the gold Source span, or the speaker's name ends with a word of the Source text (the same
named entity); for a gold attribution without Source the right speaker is none.

Rows: *direct* scores gold direct quotes (any predicted quote may find them; precision over the
predicted direct quotes); *all* scores every gold attribution against every predicted quote
(direct and reported speech). *spk acc* is the share of matching predictions whose speaker is
right (speaker accuracy on matched quotes). A second table counts the speaker errors on matched
quotes by the kind of the gold source: a pronoun ("he"), a title or description ("the
secretary", "Mr. McKinley" credited to someone else), an organisation or group ("the campaign",
"The Post"), a named person credited to another name; *missing*: gold has a source and the
prediction none; *spurious*: the prediction names a speaker where gold has no source; *gold=cue*:
the gold Source span is the cue itself (an annotation slip: "said" marked as the source), so no
speaker can be right.

Development happens on the even-indexed texts (``--half dev``); the odd-indexed ones
(``--half held-out``) are the held-out check; ``--half all`` (the default) scores all 84.

Run: ``.venv/bin/python -m bench.quotes [DATASET_DIR] [--half dev|held-out|all]`` (default
``../shared/datasets/polnear-dev``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DIRECT_MARKS = re.compile("''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")  # '' is the double mark of some wire copy
_WORD = re.compile(r"\w+")
OVERLAP = 0.5

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    content: Spans
    source: Spans  # () when the attribution has no source
    cue: Spans
    direct: bool
    source_text: str = ""


@dataclass(frozen=True)
class PolnearDoc:
    id: str
    text: str
    gold: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class Scores:
    n_gold: int
    n_pred: int
    quote_precision: float
    quote_recall: float
    quote_f1: float
    speaker_precision: float
    speaker_recall: float
    speaker_f1: float
    speaker_accuracy: float = 0.0  # right speakers among matching predictions
    errors: tuple[tuple[str, int], ...] = ()  # speaker errors on matched quotes, by kind


def default_dataset() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets" / "polnear-dev"


def _spans(field: str) -> Spans:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in field.split(";")))


def parse_ann(text: str, ann: str) -> tuple[GoldAttribution, ...]:
    """Gold attributions of one brat standoff file."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            spans[parts[0]] = _spans(where)
        elif line.startswith("E") and len(parts) >= 2:
            roles: dict[str, list[str]] = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append(roles)
    gold = []
    for roles in events:
        content = tuple(s for ref in roles.get("Content", []) for s in spans.get(ref, ()))
        if not content:
            continue
        source = tuple(s for ref in roles.get("Source", []) for s in spans.get(ref, ()))
        cue = tuple(s for ref in roles.get("Cue", []) for s in spans.get(ref, ()))
        direct = any(DIRECT_MARKS.search(text[a:b]) for a, b in content)
        source_text = " ".join(text[a:b] for a, b in source)
        gold.append(GoldAttribution(content, source, cue, direct, source_text))
    return tuple(gold)


def load_polnear(root: Path) -> list[PolnearDoc]:
    docs = []
    anns = sorted((root / "attributions").glob("*.ann"))
    for path in sorted((root / "text").glob("*.txt")):
        mine = [a for a in anns if a.stem.rsplit("_", 1)[0] == path.stem]
        if not mine:
            continue
        text = path.read_text(encoding="utf-8")
        docs.append(PolnearDoc(path.stem, text, parse_ann(text, mine[0].read_text(encoding="utf-8"))))
    return docs


def _token_index(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def _tokens(index: list[tuple[int, int]], spans: Spans) -> frozenset[int]:
    return frozenset(i for i, (s, e) in enumerate(index) for a, b in spans if s >= a and e <= b)


def _same_entity(speaker: str | None, start: int | None, end: int | None, gold: GoldAttribution) -> bool:
    if not gold.source:
        return speaker is None
    if speaker is None:
        return False
    if start is not None and end is not None and any(start < b and a < end for a, b in gold.source):
        return True
    words = speaker.replace("\u2019", "'").split()
    last = words[-1].lower() if words else ""
    source_words = {w.lower() for w in re.findall(r"[\w'\u2019-]+", gold.source_text)}
    return bool(last) and last[:1].isalpha() and last in source_words


_PRONOUNS = frozenset("he she they it we i you his her their its who which".split())
_ORG_WORDS = frozenset("""
campaign committee party group administration department ministry office agency company bank
newspaper paper post times journal network board council government court police union poll
polls survey report study ad organization organisation foundation team staff authors officials
aides supporters critics experts democrats republicans""".split())


def _is_cue_word(text: str) -> bool:
    from newsdesk.lexicon.cues import is_speech_verb

    words = text.split()
    return bool(words) and all(w.islower() and is_speech_verb(w) for w in words)


def error_kind(speaker: str | None, gold: GoldAttribution) -> str:
    """The kind of a speaker error (see the module doc)."""
    if not gold.source:
        return "spurious"
    if speaker is None:
        return "missing"
    if set(gold.source) <= set(gold.cue) or _is_cue_word(gold.source_text):
        return "gold=cue"  # the annotator marked a cue word ("said") as the source
    words = re.findall(r"[\w'\u2019-]+", gold.source_text)
    low = [w.lower() for w in words]
    if low and all(w in _PRONOUNS for w in low):
        return "pronoun"
    if any(w in _ORG_WORDS for w in low) or (low and low[0] == "the" and any(w[:1].isupper() for w in words[1:])):
        return "organisation"
    if not any(w[:1].isupper() for w in words) or (words and words[0] in ("Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms")):
        return "title"
    return "name"


def score(docs: Sequence[PolnearDoc], predictions: dict[str, Sequence], *, direct_only: bool) -> Scores:
    """P/R/F1 of quotes, and of quotes with their speaker (see the module doc)."""
    n_gold = n_pred = 0
    q_prec = q_rec = s_prec = s_rec = 0
    errors: dict[str, int] = {}
    for doc in docs:
        index = _token_index(doc.text)
        golds = list(doc.gold)
        gold_tokens = [_tokens(index, g.content) for g in golds]
        preds = list(predictions.get(doc.id, ()))
        scored_preds = [p for p in preds if p.kind == "direct"] if direct_only else preds
        pred_tokens = {id(p): _tokens(index, ((p.start, p.end),)) for p in preds}
        # every prediction's best gold (most of its tokens inside that gold's content)
        matches: dict[int, tuple[int, bool]] = {}
        for p in preds:
            toks = pred_tokens[id(p)]
            if not toks:
                continue
            best, best_share = None, 0.0
            for gi, gt in enumerate(gold_tokens):
                share = len(toks & gt) / len(toks)
                if share > best_share:
                    best, best_share = gi, share
            if best is not None and best_share >= OVERLAP:
                matches[id(p)] = (best, _same_entity(p.speaker, p.speaker_start, p.speaker_end, golds[best]))
        for p in scored_preds:
            n_pred += 1
            if id(p) in matches:
                q_prec += 1
                s_prec += matches[id(p)][1]
                if not matches[id(p)][1]:
                    kind = error_kind(p.speaker, golds[matches[id(p)][0]])
                    errors[kind] = errors.get(kind, 0) + 1
        for gi, g in enumerate(golds):
            if direct_only and not g.direct:
                continue
            n_gold += 1
            gt = gold_tokens[gi]
            if not gt:
                continue
            found = [p for p in preds if matches.get(id(p), (None,))[0] == gi]
            covered = set().union(*(pred_tokens[id(p)] for p in found)) & gt if found else set()
            right = [p for p in found if matches[id(p)][1]]
            covered_right = set().union(*(pred_tokens[id(p)] for p in right)) & gt if right else set()
            q_rec += len(covered) >= OVERLAP * len(gt)
            s_rec += len(covered_right) >= OVERLAP * len(gt)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    qp, qr = q_prec / max(1, n_pred), q_rec / max(1, n_gold)
    sp, sr = s_prec / max(1, n_pred), s_rec / max(1, n_gold)
    acc = s_prec / max(1, q_prec)
    order = ("pronoun", "title", "organisation", "name", "missing", "spurious", "gold=cue")
    return Scores(
        n_gold, n_pred, qp, qr, f1(qp, qr), sp, sr, f1(sp, sr), acc, tuple((k, errors.get(k, 0)) for k in order)
    )


def predict(docs: Sequence[PolnearDoc], *, n_process: int = 1) -> dict[str, list]:
    """newsdesk's quotes for each document, run on the raw text (offsets line up with the gold)."""
    from newsdesk.nlp.extract import extract_facts
    from newsdesk.records import Article

    articles = [Article(id=d.id, source=d.id, body=d.text) for d in docs]
    return {f.article: list(f.quotes) for f in extract_facts(articles, n_process=n_process)}


HALVES = ("all", "dev", "held-out")


def split(docs: Sequence[PolnearDoc], half: str) -> list[PolnearDoc]:
    """The development half (even-indexed texts in name order), the held-out half (odd), or all."""
    if half == "all":
        return list(docs)
    return [d for i, d in enumerate(docs) if (i % 2 == 0) == (half == "dev")]


def evaluate(root: Path | None = None, *, n_process: int = 1, half: str = "all") -> dict[str, Scores]:
    docs = split(load_polnear(root or default_dataset()), half)
    preds = predict(docs, n_process=n_process)
    return {"direct": score(docs, preds, direct_only=True), "all": score(docs, preds, direct_only=False)}


def format_table(results: dict[str, Scores]) -> str:
    head = (
        f"{'gold set':<10}{'gold':>6}{'pred':>6}{'quote P':>9}{'quote R':>9}{'quote F1':>10}{'+spk P':>9}"
        f"{'+spk R':>9}{'+spk F1':>9}{'spk acc':>9}"
    )
    lines = [head, "-" * len(head)]
    for name, s in results.items():
        lines.append(
            f"{name:<10}{s.n_gold:>6}{s.n_pred:>6}{s.quote_precision:>9.3f}{s.quote_recall:>9.3f}{s.quote_f1:>10.3f}"
            f"{s.speaker_precision:>9.3f}{s.speaker_recall:>9.3f}{s.speaker_f1:>9.3f}{s.speaker_accuracy:>9.3f}"
        )
    kinds = [k for k, _ in next(iter(results.values())).errors]
    lines += ["", "speaker errors on matched quotes, by kind of gold source"]
    head = f"{'gold set':<10}" + "".join(f"{k:>14}" for k in kinds)
    lines += [head, "-" * len(head)]
    for name, s in results.items():
        lines.append(f"{name:<10}" + "".join(f"{n:>14}" for _, n in s.errors))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=None)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--half", choices=HALVES, default="all", help="dev: even-indexed texts; held-out: odd")
    args = parser.parse_args(argv)
    root = args.dataset or default_dataset()
    if not root.exists():
        print(f"dataset not found: {root}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    results = evaluate(root, n_process=args.processes, half=args.half)
    print(f"PolNeAR dev ({root}, {args.half} texts), quotes extracted from the raw texts in {time.perf_counter() - t0:.1f}s")
    print(format_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
