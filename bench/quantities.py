"""NewsQuant benchmark for newsdesk's quantity extractor (newsdesk.nlp.numbers.find_quantities).

    .venv/bin/python bench/quantities.py [--shared PATH] [--limit N] [--errors]

Reads ../shared/datasets/newsquant/NewsQuant.json (590 news sentences, 904 gold quantities) and
prints value and value+unit precision/recall/F1 beside the published scores in
published-scores.csv (CQE, EMNLP 2023, and the systems it compared).

Matching follows the CQE evaluation (satya77/CQE_Evaluation, evaluate_models.py): per sentence, a
predicted quantity matches a gold one on *value* when the numbers are equal within a relative
tolerance of 1e-5 (a range matches only a range with both ends equal); *value+unit* further needs
the normalised unit to be equal (lower case; "-" for a bare number). We match one to one (each
prediction counts for at most one gold quantity), which is never more lenient than the published
script. Precision = matches / predictions, recall = matches / gold quantities.

Unit names: newsdesk names units as the unit table does (newsdesk/data/units_table.json); the few
names that the NewsQuant annotation spells differently are mapped by ``NEWSQUANT_UNIT_NAMES``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# newsdesk unit name -> the NewsQuant annotation's name for the same unit
NEWSQUANT_UNIT_NAMES = {
    "penny": "point",  # NewsQuant writes UK share prices in pence ("164p") as points
    "singapore dollar": "singaporean dollar",
}


def shared_dir() -> Path:
    return Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared"))


@dataclass(frozen=True)
class Scores:
    p: float
    r: float
    f1: float
    matched: int
    predicted: int
    gold: int


def _fscores(tp: int, n_pred: int, n_gold: int) -> Scores:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f1, tp, n_pred, n_gold)


def gold_value(raw: str) -> float | tuple[float, float]:
    """NewsQuant writes ranges as "low-high" (either may carry a decimal part)."""
    raw = raw.strip()
    body = raw[1:] if raw.startswith("-") else raw
    if "E" not in raw.upper() and "-" in body:
        low, high = body.split("-", 1)
        low_v = float(low) * (-1 if raw.startswith("-") else 1)
        return (low_v, float(high))
    return float(raw)


def values_match(a, b) -> bool:
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple):
        return all(math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-8) for x, y in zip(a, b))
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)


def predicted(quantity) -> tuple[float | tuple[float, float], str]:
    value = (quantity.value, quantity.value_high) if quantity.value_high is not None else quantity.value
    unit = (quantity.unit or "-").lower()
    return value, NEWSQUANT_UNIT_NAMES.get(unit, unit)


def _match(golds, preds, with_unit: bool) -> int:
    used = set()
    hits = 0
    for gv, gu in golds:
        for j, (pv, pu) in enumerate(preds):
            if j in used or not values_match(gv, pv) or with_unit and gu != pu:
                continue
            used.add(j)
            hits += 1
            break
    return hits


_MONEY_UNIT = re.compile(r"dollar|euro|\byen\b|yuan|renminbi|pound|rupee|franc|\bwon\b|peso|ruble|rouble|"
                         r"\breal\b|\brand\b|lira|krona|krone|dinar|riyal|shekel|\bcent\b", re.I)


def gold_kind(unit: str) -> str:
    """"money" (a currency), "percent" (NewsQuant's "percentage") or "other"."""
    if unit == "percentage":
        return "percent"
    return "money" if _MONEY_UNIT.search(unit) else "other"


def _matched(golds, preds, with_unit: bool) -> list[int]:
    """Indices of the gold quantities matched one to one (as :func:`_match` counts them)."""
    used: set[int] = set()
    hits = []
    for i, (gv, gu) in enumerate(golds):
        for j, (pv, pu) in enumerate(preds):
            if j in used or not values_match(gv, pv) or with_unit and gu != pu:
                continue
            used.add(j)
            hits.append(i)
            break
    return hits


def score(records: list[dict], extract) -> dict:
    """Score ``extract(text) -> list[Quantity]`` on NewsQuant ``records``; returns per-metric scores,
    the value+unit recall of money and of percentages (``by_kind``: kind -> (found, gold)) and the
    per-sentence errors."""
    n_gold = n_pred = tp_value = tp_unit = 0
    by_kind: dict[str, list[int]] = {"money": [0, 0], "percent": [0, 0]}
    errors = []
    for rec in records:
        golds = [(gold_value(q["value"]), q["normalized_unit"].lower()) for q in rec["quantities"]]
        preds = [predicted(q) for q in extract(rec["text"])]
        v = _match(golds, preds, False)
        hit = set(_matched(golds, preds, True))
        u = len(hit)
        for i, (_, unit) in enumerate(golds):
            kind = gold_kind(unit)
            if kind in by_kind:
                by_kind[kind][0] += i in hit
                by_kind[kind][1] += 1
        n_gold += len(golds)
        n_pred += len(preds)
        tp_value += v
        tp_unit += u
        if v < max(len(golds), len(preds)) or u < len(golds):
            errors.append({"text": rec["text"], "gold": golds, "pred": preds})
    return {"value": _fscores(tp_value, n_pred, n_gold),
            "value+unit": _fscores(tp_unit, n_pred, n_gold), "errors": errors,
            "by_kind": {k: tuple(v) for k, v in by_kind.items()}}


def newsdesk_extractor():
    """find_quantities over a spaCy parse (with the lemmatizer, for counted-noun units)."""
    sys.path.insert(0, str(REPO / "src"))
    from newsdesk.nlp.model import load_model
    from newsdesk.nlp.numbers import find_quantities

    nlp = load_model(exclude=())

    def extract(text: str):
        return find_quantities(text, nlp(text))

    return extract


def load_records(shared: Path, limit: int | None = None) -> list[dict]:
    data = json.loads((shared / "datasets" / "newsquant" / "NewsQuant.json").read_text("utf-8"))
    return data[:limit] if limit else data


def published(shared: Path) -> list[dict]:
    path = shared / "datasets" / "newsquant" / "published-scores.csv"
    with path.open(encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir())
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", action="store_true", help="print the sentences with errors")
    args = ap.parse_args(argv)
    records = load_records(args.shared, args.limit)
    extract = newsdesk_extractor()
    extract("warm up the model")
    t0 = time.perf_counter()
    result = score(records, extract)
    secs = time.perf_counter() - t0
    if args.errors:
        for err in result["errors"]:
            print(err["text"])
            print("   gold:", err["gold"])
            print("   pred:", err["pred"])
    print(f"NewsQuant: {len(records)} sentences, {result['value'].gold} gold quantities, "
          f"{secs:.1f} s ({len(records) / secs:.0f} sentences/s incl. spaCy parse)")
    print(f"{'system':<16}{'metric':<13}{'P':>7}{'R':>7}{'F1':>7}")
    for metric in ("value", "value+unit"):
        s = result[metric]
        print(f"{'newsdesk':<16}{metric:<13}{s.p * 100:7.1f}{s.r * 100:7.1f}{s.f1 * 100:7.1f}")
    for kind, (found, gold) in result["by_kind"].items():
        print(f"{'newsdesk':<16}{kind + ' R':<13}{'':>7}{found / max(gold, 1) * 100:7.1f}{'':>7}"
              f"   ({found}/{gold} with unit)")
    for row in published(args.shared):
        if row["type"] in ("value", "value+unit"):
            print(f"{row['model']:<16}{row['type']:<13}{float(row['P']):7.1f}"
                  f"{float(row['R']):7.1f}{float(row['F1']):7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
