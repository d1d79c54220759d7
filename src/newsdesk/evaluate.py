"""Scoring a brief against a golden annotation file (format and rules: shared/golden/README.md).

Every golden item is one row: a title, each boilerplate line, each quote, each claim, each
claim group, each nugget… A row passes when the brief shows what the README's rule for its key
asks. :func:`score` works on a :class:`~newsdesk.reconcile.model.Brief`, so whatever produced the
brief (the one-shot pipeline, storage) is scored the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from newsdesk.lexicon.calendar import MONTH_NAMES as _MONTHS
from newsdesk.reconcile.cite_check import CiteChecker
from newsdesk.reconcile.coverage import credit_key
from newsdesk.reconcile.model import Brief, StoryBrief
from newsdesk.reconcile.numbers import same_value
from newsdesk.reconcile.summary import MAX_WORDS, word_count
from newsdesk.records import Article
from newsdesk.textnorm import fold

DESK_NAMES = frozenset({
    "newsroom", "news desk", "newsdesk", "web desk", "desk", "staff", "staff writer", "staff reporter",
    "editorial", "editorial staff", "editorial team", "editor", "editors", "news service", "wire staff",
})
ROW_ORDER = (
    "title", "byline", "published", "credits", "tags", "boilerplate", "headings", "repeated_paragraph",
    "body_must_contain", "quotes", "not_quotes", "claims", "claim_periods", "dated_events", "entities", "claim_groups",
    "cross_source_quotes", "brief_nuggets",
)


@dataclass(frozen=True)
class Row:
    key: str
    article: str | None
    item: str
    passed: bool
    detail: str = ""

    def line(self) -> str:
        where = f" {self.article}" if self.article else ""
        tail = f" — {self.detail}" if self.detail else ""
        return f"{'PASS' if self.passed else 'FAIL'} {self.key}{where}: {self.item}{tail}"


@dataclass(frozen=True)
class Score:
    rows: tuple[Row, ...]

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.rows)

    @property
    def failed(self) -> int:
        return len(self.rows) - self.passed

    def by_key(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for r in self.rows:
            p, n = out.get(r.key, (0, 0))
            out[r.key] = (p + r.passed, n + 1)
        return out

    def to_dict(self) -> dict:
        return {"passed": self.passed, "failed": self.failed, "by_key": self.by_key(),
                "rows": [asdict(r) for r in self.rows]}


def _clip(text: str, n: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return fold(a) == fold(b)


def _same_source(got: str | None, want) -> bool:
    """``want`` is a name, None, or a list of accepted names of one entity (None allowed)."""
    if isinstance(want, list):
        return any(_same(got, w) for w in want)
    return _same(got, want)




def period_matches(want: str, when: str | None, period: str | None) -> bool:
    """Whether a claim's ``when`` (ISO, "--MM" for a month without a year) or ``period`` (the
    period as written) names the golden period: its month and year where it states them, else
    its words."""
    w = fold(want)
    month = next((i + 1 for i, m in enumerate(_MONTHS) if re.search(rf"\b{m}\b", w)), None)
    year = re.search(r"\b(1[89]|20)\d\d\b", w)
    if month is None and year is None:
        return bool(period) and (w in fold(period) or fold(period) in w)
    if not when:
        return False
    m = re.fullmatch(r"(?:(\d{4})|-)-?(\d\d)?(?:-\d\d)?", when)
    if m is None:
        return False
    got_year, got_month = m.group(1), m.group(2)
    if year and got_year != year.group(0):
        return False
    return month is None or (got_month is not None and int(got_month) == month)


# --------------------------------------------------------------------------- article rows


def _article_rows(aid: str, gold: dict, article: Article | None, story: StoryBrief | None) -> list[Row]:
    rows: list[Row] = []
    if article is None:
        for key in ROW_ORDER[:12] + ("dated_events",):
            if key in gold:
                items = gold[key] if isinstance(gold[key], list) and key not in ("credits", "tags") else [gold[key]]
                for it in items:
                    rows.append(Row(key, aid, _clip(it), False, "article not in the brief"))
        return rows
    body = fold(article.body)
    lines = {fold(x) for x in re.split(r"\n+", article.body) if x.strip()}

    if "title" in gold:
        want = gold["title"]
        if want is None:
            ok = article.title is None or article.title_generated
            rows.append(Row("title", aid, "none (or generated)", ok, "" if ok else f"got {article.title!r}"))
        else:
            ok = article.title is not None and _same(article.title, want)
            rows.append(Row("title", aid, _clip(want), ok, "" if ok else f"got {_clip(article.title or 'None')!r}"))
    if "byline" in gold:
        want = gold["byline"]
        if want is None:
            ok = article.byline is None or fold(article.byline) in DESK_NAMES
            rows.append(Row("byline", aid, "none", ok, "" if ok else f"got {article.byline!r}"))
        else:
            ok = _same(article.byline, want)
            rows.append(Row("byline", aid, want, ok, "" if ok else f"got {article.byline!r}"))
    if "published" in gold:
        want = gold["published"]
        got = article.published
        if want is None:
            ok = got is None
            rows.append(Row("published", aid, "unknown", ok, "" if ok else f"got {got.isoformat()}"))
        else:
            w = datetime.fromisoformat(want)
            ok = got is not None and got.date() == w.date()
            if ok and "T" in want:
                ok = (got.hour, got.minute) == (w.hour, w.minute) and (len(want) <= 16 or got.second == w.second)
            rows.append(Row("published", aid, want, ok, "" if ok else f"got {got.isoformat() if got else None}"))
    if "credits" in gold:
        want = {credit_key(c) for c in gold["credits"]}
        got = {credit_key(c) for c in article.credits}
        ok = want == got
        rows.append(Row("credits", aid, ", ".join(gold["credits"]) or "none", ok, "" if ok else f"got {sorted(article.credits)}"))
    if "tags" in gold:
        ok = {fold(t) for t in gold["tags"]} == {fold(t) for t in article.tags}
        rows.append(Row("tags", aid, ", ".join(gold["tags"]), ok, "" if ok else f"got {list(article.tags)}"))
    for line in gold.get("boilerplate", []):
        f = fold(line)
        if len(f.split()) >= 2 or len(f) >= 10:
            left = f in body
        else:
            left = f in lines
        rows.append(Row("boilerplate", aid, _clip(line), not left, "still in the body" if left else ""))
    headings = {fold(h.text) for h in article.headings}
    for h in gold.get("headings", []):
        f = fold(h)
        kept = f in headings
        in_body = f in lines
        ok = kept and not in_body
        detail = "" if ok else ("not kept as a heading" if not kept else "also left in the body")
        rows.append(Row("headings", aid, _clip(h), ok, detail))
    if gold.get("repeated_paragraph"):
        n = body.count(fold(gold["repeated_paragraph"]))
        rows.append(Row("repeated_paragraph", aid, _clip(gold["repeated_paragraph"]), n == 1, "" if n == 1 else f"appears {n} times"))
    for s in gold.get("body_must_contain", []):
        ok = fold(s) in body
        rows.append(Row("body_must_contain", aid, _clip(s), ok, "" if ok else "not in the body"))

    quotes = [q for q in (story.quotes if story else ()) if q.quote.article == aid]
    for g in gold.get("quotes", []):
        want = fold(g["contains"])
        hits = [q for q in quotes if q.quote.kind == "direct" and want in fold(q.quote.text)]
        ok = any(_same(q.quote.speaker, g["speaker"]) for q in hits)
        if ok:
            detail = ""
        elif hits:
            detail = "attributed to " + ", ".join(repr(q.quote.speaker) for q in hits)
        else:
            detail = "no direct quote contains it"
        rows.append(Row("quotes", aid, f"{_clip(g['contains'], 50)!r} → {g['speaker']}", ok, detail))
    for s in gold.get("not_quotes", []):
        f = fold(s)
        bad = [q for q in quotes if fold(q.quote.text).strip(" \"'.,;:!?") == f
               or (q.quote.kind == "direct" and f in fold(q.quote.text) and len(q.quote.text) <= 2 * len(s) + 5)]
        rows.append(Row("not_quotes", aid, repr(s), not bad, "reported as a quote" if bad else ""))
    claims = [c for c in (story.claims if story else ()) if c.claim.article == aid]
    period_rows = []
    for g in gold.get("claims", []):
        hits = [c for c in claims if same_value(c.claim.value, float(g["value"]))]
        ok = any(c.claim.qualifier == g["qualifier"] and _same_source(c.claim.source, g["source"]) for c in hits)
        if ok:
            detail = ""
        elif hits:
            detail = "got " + "; ".join(f"{c.claim.qualifier}/{c.claim.source}" for c in hits)
        else:
            detail = "no claim with that value"
        shown = g["source"][0] if isinstance(g["source"], list) else g["source"]
        rows.append(Row("claims", aid, f"{g['value']:,} {g['qualifier']} ({shown})", ok, detail))
        if g.get("when"):
            got = [c.claim for c in hits]
            p_ok = any(period_matches(g["when"], c.when, getattr(c, "period", None)) for c in got)
            p_detail = "" if p_ok else ("got " + "; ".join(f"{c.when}/{getattr(c, 'period', None)}" for c in got)
                                        if got else "no claim with that value")
            period_rows.append(Row("claim_periods", aid, f"{g['value']:,} for {g['when']}", p_ok, p_detail))
    rows += period_rows
    for g in gold.get("dated_events", []):
        want = fold(g["contains"])
        ok = False
        found = []
        for t in (story.timeline if story else ()):
            for sp_article, s, e in [(t.article, t.start, t.end)] + [(o.article, o.start, o.end) for o in t.also_in]:
                if sp_article == aid and want in fold(article.body[s:e]):
                    found.append(t.date)
                    ok = ok or t.date == g["date"]
        detail = "" if ok else (f"dated {found}" if found else "no resolved date in that sentence")
        rows.append(Row("dated_events", aid, f"{_clip(g['contains'], 40)!r} = {g['date']}", ok, detail))
    return rows


# --------------------------------------------------------------------------- story rows


def _norm_alias(text: str) -> str:
    t = fold(text)
    t = re.sub(r"^the\s+", "", t)
    return re.sub(r"'s$", "", t).strip(" .,")


def _entity_rows(golden: list[dict], stories: Sequence[StoryBrief]) -> list[Row]:
    rows = []
    entities = [e for s in stories for e in s.entities]
    for g in golden:
        names = {_norm_alias(g["name"])} | {_norm_alias(a) for a in g.get("aliases", [])}
        own = [e for e in entities if _same(e.name, g["name"])]
        if not own:
            rows.append(Row("entities", None, g["name"], False, "no entity with that name"))
            continue
        own_ids = {id(e) for e in own}
        stray = []
        for e in entities:
            if id(e) in own_ids:
                continue
            texts = {_norm_alias(m.text) for m in e.mentions} | {_norm_alias(e.name)} | {_norm_alias(a) for a in e.aliases}
            clash = names & texts
            if clash:
                stray.append(f"{sorted(clash)[0]!r} in {e.name!r}")
        ok = not stray
        rows.append(Row("entities", None, g["name"], ok, "" if ok else "split: " + "; ".join(stray[:3])))
    return rows


def _claim_group_rows(golden: list[dict], stories: Sequence[StoryBrief]) -> list[Row]:
    rows = []
    for n, g in enumerate(golden):
        other = [tuple(m) for k, h in enumerate(golden) if k != n for m in h["members"]]
        mine = {(a, float(v)) for a, v in g["members"]}
        best_detail = "members not found"
        ok = False
        for story in stories:
            claims = {c.id: c for c in story.claims}
            for group in story.claim_groups:
                members = [claims[c] for c in group.claims if c in claims]
                covered = all(any(c.claim.article == a and same_value(c.claim.value, v) for c in members) for a, v in mine)
                if not covered:
                    continue
                intruders = [
                    (c.claim.article, c.claim.value) for c in members
                    if any(c.claim.article == a and same_value(c.claim.value, float(v)) for a, v in other)
                    and not any(c.claim.article == a and same_value(c.claim.value, v) for a, v in mine)
                ]
                if intruders:
                    best_detail = f"{group.id} also holds {intruders[:3]}"
                    continue
                if group.verdict != g["verdict"]:
                    best_detail = f"{group.id} verdict {group.verdict}"
                    continue
                ok = True
                best_detail = ""
                break
            if ok:
                break
        if not ok and best_detail == "members not found":
            missing = []
            for a, v in sorted(mine):
                groups = {c.group for s in stories for c in s.claims if c.claim.article == a and same_value(c.claim.value, v)}
                missing.append(f"{a[:3]}:{v:,.0f}→{','.join(sorted(x for x in groups if x)) or 'no claim'}")
            best_detail = "split: " + " ".join(missing)
        rows.append(Row("claim_groups", None, f"{g['about']} ({g['verdict']})", ok, best_detail))
    return rows


def _cross_quote_rows(golden: list[dict], stories: Sequence[StoryBrief]) -> list[Row]:
    rows = []
    for g in golden:
        ok = False
        for story in stories:
            quotes = {q.id: q for q in story.quotes}
            for group in story.quote_groups:
                members = [quotes[q] for q in group.quotes if q in quotes]
                if all(any(q.quote.article == a and fold(s) in fold(q.quote.text) for q in members) for a, s in g["members"]):
                    ok = True
        rows.append(Row("cross_source_quotes", None, g["about"], ok, "" if ok else "not linked as one quote"))
    return rows


def _nugget_rows(golden: list[dict], story: StoryBrief | None, articles: Sequence[Article]) -> list[Row]:
    if not golden:
        return []
    if story is None:
        return [Row("brief_nuggets", None, f"{g['id']}: {_clip(g['fact'], 60)}", False, "no story") for g in golden]
    checker = CiteChecker(articles, story.entities)
    valid = []
    problems = []
    for s in story.summary:
        result = checker.check(s.text, s.citations, strict=s.origin == "extract")
        if result.ok:
            valid.append(fold(s.text))
        else:
            problems.append(f"{_clip(s.text, 40)!r}: {result.problems[0]}")
    words = sum(word_count(s.text) for s in story.summary)
    rows = [Row(
        "brief_nuggets", None, f"summary ≤ {MAX_WORDS} words, every sentence cited and checked",
        words <= MAX_WORDS and not problems and bool(story.summary),
        "; ".join([f"{words} words"] * (words > MAX_WORDS) + problems[:2] + ["empty"] * (not story.summary)),
    )]
    for g in golden:
        if "all_of" in g:
            missing = [x for x in g["all_of"] if not any(fold(x) in s for s in valid)]
            ok = not missing and words <= MAX_WORDS
            detail = "" if ok else (f"missing {missing}" if missing else f"{words} words")
        else:
            ok = any(fold(x) in s for x in g["any_of"] for s in valid) and words <= MAX_WORDS
            detail = "" if ok else f"none of {g['any_of']}"
        rows.append(Row("brief_nuggets", None, f"{g['id']}: {_clip(g['fact'], 60)}", ok, detail))
    return rows


def score(golden: dict, brief: Brief) -> Score:
    """Every row of ``golden`` scored against ``brief`` (see the module docstring)."""
    articles = {a.id: a for a in brief.articles}
    story_of = {aid: s for s in brief.stories for aid in s.articles}
    rows: list[Row] = []
    for aid, gold in golden.get("articles", {}).items():
        rows += _article_rows(aid, gold, articles.get(aid), story_of.get(aid))
    gold_ids = set(golden.get("articles", {}))
    main = max(brief.stories, key=lambda s: len(gold_ids & set(s.articles)), default=None)
    rows += _entity_rows(golden.get("entities", []), brief.stories)
    rows += _claim_group_rows(golden.get("claim_groups", []), brief.stories)
    rows += _cross_quote_rows(golden.get("cross_source_quotes", []), brief.stories)
    rows += _nugget_rows(golden.get("brief_nuggets", []), main, list(brief.articles))
    rank = {k: i for i, k in enumerate(ROW_ORDER)}
    rows.sort(key=lambda r: rank.get(r.key, len(rank)))
    return Score(tuple(rows))


def story_table(results: Sequence[tuple[str, str, Score]]) -> str:
    """A plain-text table: passed/total per story and per row kind, and the totals by split."""
    kinds = [k for k in ROW_ORDER if any(k in sc.by_key() for _, _, sc in results)]
    head = ["story", "split", *kinds, "all"]
    lines = []
    totals: dict[str, dict[str, list[int]]] = {}
    for name, split, sc in results:
        by = sc.by_key()
        cells = [name, split or "-"]
        for k in kinds:
            p, n = by.get(k, (0, 0))
            cells.append(f"{p}/{n}" if n else "")
            for bucket in (split or "-", "all"):
                t = totals.setdefault(bucket, {}).setdefault(k, [0, 0])
                t[0] += p
                t[1] += n
        cells.append(f"{sc.passed}/{len(sc.rows)}")
        lines.append(cells)
    for bucket, by in sorted(totals.items(), key=lambda kv: kv[0] == "all"):
        cells = [f"total {bucket}", ""]
        p_all = n_all = 0
        for k in kinds:
            p, n = by.get(k, [0, 0])
            p_all, n_all = p_all + p, n_all + n
            cells.append(f"{p}/{n}" if n else "")
        cells.append(f"{p_all}/{n_all}")
        lines.append(cells)
    widths = [max(len(str(r[i])) for r in [head, *lines]) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" if i < 2 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join(fmt.format(*r) for r in [head, *lines])
