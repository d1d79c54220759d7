"""Relative and partial dates: newsdesk's resolution beside dateparser's, on the hand-checked
corpus tests/data/dates_corpus.json (85 expressions, five publication dates, past and future
tense), and a count of dates put after publication on real news text.

For each corpus row both resolve the same expression against the same publication time:
newsdesk reads it in its sentence (:func:`newsdesk.nlp.dates.find_dates`), dateparser gets the
expression with ``RELATIVE_BASE`` set to the publication time (its defaults otherwise; a second
column with ``PREFER_DATES_FROM="past"``, the setting a news reader would pick). A dateparser
result is cut to the precision of the hand-checked date (month, year, or the Monday of a week)
before it is compared. *late* counts dates after the publication day where the text does not
point ahead.

The second table runs newsdesk over PolNeAR texts, whose file names carry the publication date
("breitbart_2016-09-12_…"), and counts resolved relative dates that lie after it, split by whether
the text points ahead: the expression itself ("next week", "tomorrow") or its clause's tense
(:func:`newsdesk.nlp.tense.tense_at`). The second count is the one that must stay 0.

Run: ``.venv/bin/python -m bench.dates [--rows]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "dates_corpus.json"
_AHEAD = re.compile(r"\b(?:next|tomorrow|coming|upcoming|later)\b", re.I)  # the expression itself points ahead


def _after(iso: str, published: date) -> bool:
    parts = [int(p) for p in iso.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1) > published


def _cut(d: datetime, like: str, expr: str) -> str:
    """A full date cut to the precision of the hand-checked ``like``."""
    parts = like.count("-")
    if parts == 0:
        return f"{d.year:04d}"
    if parts == 1:
        return f"{d.year:04d}-{d.month:02d}"
    if re.search(r"\bweek\b", expr, re.I):
        d = d - timedelta(days=d.weekday())
    return d.date().isoformat()


def newsdesk_dates(rows: Sequence[dict]) -> list[str | None]:
    from newsdesk.nlp.dates import find_dates
    from newsdesk.records import Article

    out = []
    for row in rows:
        article = Article(id="c", source="corpus", body=row["text"], published=datetime.fromisoformat(row["published"]))
        at = row["text"].index(row["expr"])
        hits = [e for e in find_dates(article, [(0, len(row["text"]))]) if e.start < at + len(row["expr"]) and at < e.end]
        out.append(hits[0].date if hits else None)
    return out


def dateparser_dates(rows: Sequence[dict], prefer: str | None) -> list[str | None]:
    import dateparser

    out = []
    for row in rows:
        settings = {"RELATIVE_BASE": datetime.fromisoformat(row["published"])}
        if prefer:
            settings["PREFER_DATES_FROM"] = prefer
        found = dateparser.parse(row["expr"], languages=["en"], settings=settings)
        out.append(_cut(found, row["date"], row["expr"]) if found else None)
    return out


def polnear_late(root: Path, limit: int) -> dict[str, int]:
    """Resolved relative dates after the publication date in PolNeAR texts (date from the name)."""
    from newsdesk.nlp.dates import find_dates
    from newsdesk.nlp.sentences import split_sentences
    from newsdesk.nlp.tense import tense_at
    from newsdesk.records import Article

    counts = {"texts": 0, "relative dates": 0, "after publication, text points ahead": 0, "after publication, otherwise": 0}
    for path in sorted(root.glob("*.txt"))[:limit]:
        m = re.search(r"_(\d{4}-\d{2}-\d{2})_", path.name)
        if not m:
            continue
        published = datetime.fromisoformat(m.group(1))
        body = path.read_text(encoding="utf-8")
        counts["texts"] += 1
        for ev in find_dates(Article(id=path.stem, source=str(path), body=body, published=published), split_sentences(body)):
            if not ev.relative or not ev.date:
                continue
            counts["relative dates"] += 1
            if _after(ev.date, published.date()):
                sentence = body[ev.sentence_start : ev.sentence_end]
                future = _AHEAD.search(ev.text) is not None or (
                    tense_at(sentence, ev.start - ev.sentence_start, ev.end - ev.sentence_start) == "future"
                )
                counts["after publication, text points ahead" if future else "after publication, otherwise"] += 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", action="store_true", help="print every expression")
    parser.add_argument("--polnear", type=int, default=200, help="PolNeAR texts to scan (0: none)")
    args = parser.parse_args(argv)
    rows = json.loads(CORPUS.read_text(encoding="utf-8"))["rows"]
    t0 = time.perf_counter()
    columns = {
        "newsdesk": newsdesk_dates(rows),
        "dateparser": dateparser_dates(rows, None),
        "dateparser past": dateparser_dates(rows, "past"),
    }
    print(f"Hand-checked corpus: {len(rows)} expressions, {sum(r['future'] for r in rows)} pointing ahead "
          f"({time.perf_counter() - t0:.1f}s)")
    if args.rows:
        head = f"{'published':<11}{'expression':<20}{'gold':<12}" + "".join(f"{k:<17}" for k in columns)
        print(head)
        print("-" * len(head))
        for i, r in enumerate(rows):
            cells = "".join(f"{(v[i] or '-') + ('' if v[i] == r['date'] else ' x'):<17}" for v in columns.values())
            print(f"{r['published']:<11}{r['expr'][:19]:<20}{r['date']:<12}{cells}")
        print()
    head = f"{'resolver':<17}{'right':>7}{'of':>5}{'accuracy':>10}{'late':>6}{'unresolved':>12}"
    print(head)
    print("-" * len(head))
    for name, values in columns.items():
        right = sum(v == r["date"] for v, r in zip(values, rows))
        late = sum(
            1 for v, r in zip(values, rows) if v and not r["future"] and _after(v, date.fromisoformat(r["published"]))
        )
        missing = sum(v is None for v in values)
        print(f"{name:<17}{right:>7}{len(rows):>5}{right / len(rows):>10.3f}{late:>6}{missing:>12}")
    root = Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets"
    if args.polnear:
        print()
        print("newsdesk on PolNeAR texts (publication date from the file name)")
        for name in ("polnear-dev", "polnear-train-text"):
            folder = root / name / "text" if (root / name / "text").exists() else root / name
            if not folder.exists():
                print(f"  {name}: not found", file=sys.stderr)
                continue
            counts = polnear_late(folder, args.polnear)
            print(f"  {name:<20}" + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
