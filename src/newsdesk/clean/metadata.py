"""Metadata from flat text: headline, standfirst, byline, publication time, tags, outlet.

Layout assumed for a flat article (what copy-paste and readers produce): maybe some page chrome
(menus, widgets, breadcrumbs), then the headline, then maybe a standfirst (deck) and a byline
line (with or without a date), then the body. The standfirst is KEPT in the body (it is text the
outlet wrote, often with facts in it) and only a later repeat of it is dropped as repeated.

The publication time is only read from a dateline/byline context: a date glued to the byline, a
date line next to the byline or below the headline, or a labelled "Published ..." line in the
header. A lone date above the headline (next to a weather widget, a page-render date) is a
widget and never the publication time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlparse

from newsdesk.clean.byline import BylineInfo
from newsdesk.clean.dates import is_publication_label, parse_date
from newsdesk.clean.detectors import Detection
from newsdesk.clean.lines import Features, Line, sentence_boundaries, words_of
from newsdesk.textnorm import fold



@dataclass(frozen=True)
class HeaderConfig:
    """Where the header analysis looks, in lines, characters and words. Set by hand on the pages
    of the ingest benchmark (AEB, PolNeAR; ``bench/ingest.py``, floors in ``tests/floors/clean.json``)
    and on the seeds' golden header rows; they are the values the code had before they moved here."""

    lead_window: int = 15  # lines of page chrome that may stand above the headline
    header_window: int = 8  # lines after the headline searched for the byline / dateline
    title_prefix_min_chars: int = 20  # a line this long that begins the known headline is it (cut)
    junk_max_words: int = 2  # a stray label above the headline ("World News") ...
    junk_max_chars: int = 25
    title_max_chars: int = 400  # a longer first line is no headline ...
    title_paragraph_chars: int = 200  # ... nor a terminal line this long with two sentences
    title_dateline_max_words: int = 20  # a "WORD — ..." opening in a longer line is a dateline
    tag_block_max_lines: int = 30  # lines after a "TAGS" header read as one tag each ...
    tag_max_words: int = 4
    tag_max_chars: int = 40
    date_long_lines: int = 2  # the publication time is looked for until this many long lines ...
    date_long_line_chars: int = 150  # ... of at least this many characters
    title_max_words: int = 20  # a headline made from the lead sentence: at most this many words ...
    title_overflow_words: int = 5  # ... unless the sentence ends within this many more
    title_clause_min_words: int = 8  # a long lead sentence is cut at the first comma after this many


HEADER = HeaderConfig()
# a wire dateline opening a lead: "WASHINGTON (AP) — ", "TALLINN, Estonia (Reuters) - "; a bare
# "WORD — " only counts in a long line (a headline kicker reads "EXCLUSIVE – ...")
_DATELINE_START = re.compile(
    r"^[A-Z][A-Z .'\-]{2,30}(?:(?P<place>,\s*[A-Z][\w.' ]{1,30})?\s*(?P<wire>\([^)]{1,30}\)))?"
    r"(?P<state>,\s*[A-Z][\w.' ]{1,30})?\s*[\u2014\u2013-]{1,2}\s"
)
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bU\.S)(?<!\bMr)(?<!\bDr)(?<!\bMs)[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018]?[A-Z])"
)


@dataclass
class Header:
    """What the header analysis decided (mutable while it is being built, then read only)."""

    roles: dict[int, str] = field(default_factory=dict)  # line -> removal reason, or "keep"
    title: str | None = None
    title_line: int | None = None
    byline: str | None = None
    byline_line: int | None = None
    published: datetime | None = None
    credits: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def same_title(text: str, title: str, cfg: HeaderConfig = HEADER) -> bool:
    """Is this line the known headline (maybe without the " - Site name" suffix, or cut)?"""
    a, b = fold(text), fold(title)
    return a == b or (len(a) >= cfg.title_prefix_min_chars and (b.startswith(a) or a.startswith(b)))


def _junk(f: Features, cfg: HeaderConfig) -> bool:
    """A stray short label above the headline ("Politics", "World News")."""
    return f.words <= cfg.junk_max_words and not f.terminal and f.length <= cfg.junk_max_chars


def _title_like(line: Line, f: Features, cfg: HeaderConfig) -> bool:
    if f.length > cfg.title_max_chars or f.words < 2:
        return False
    if f.terminal and f.length > cfg.title_paragraph_chars and sentence_boundaries(line.text) >= 1:
        return False  # a multi-sentence body paragraph: the headline was not captured
    m = _DATELINE_START.match(line.text)
    if m is None:
        return True
    return not (m.group("wire") or m.group("state") or f.words > cfg.title_dateline_max_words)


def resolve_tags(
    lines: list[Line], feats: list[Features], dets: list[Detection | None], cfg: HeaderConfig = HEADER
) -> tuple[dict[int, str], list[str]]:
    """Tag blocks: a "TAGS" header followed by a separator list or by one tag per line."""
    roles: dict[int, str] = {}
    tags: list[str] = []
    n = len(lines)
    for i, d in enumerate(dets):
        if d is None:
            continue
        if d.kind == "tags":
            roles[i] = "tags"
            tags.extend(d.items)
        if d.kind != "tags_header":
            continue
        roles[i] = "tags"
        j = i + 1
        while j < n and j - i <= cfg.tag_block_max_lines:
            dj, fj = dets[j], feats[j]
            if dj is not None and dj.kind == "nav" and dj.items:
                roles[j] = "tags"
                tags.extend(dj.items)
                break
            if dj is None and fj.words <= cfg.tag_max_words and fj.length <= cfg.tag_max_chars and not fj.terminal:
                roles[j] = "tags"
                tags.append(lines[j].text.strip(" ,;|"))
                j += 1
                continue
            break
    seen: set[str] = set()
    unique = [t for t in tags if not (fold(t) in seen or seen.add(fold(t)))]
    return roles, unique


def _use_byline(h: Header, info: BylineInfo, line: int) -> None:
    if h.byline is None and info.name:
        h.byline = info.name
    h.credits.extend(info.credits)
    if h.byline_line is None:
        h.byline_line = line
    if h.published is None and info.date:
        h.published = parse_date(info.date)


def analyse_header(
    lines: list[Line],
    feats: list[Features],
    dets: list[Detection | None],
    *,
    has_metadata: bool,
    known_title: str | None,
    cfg: HeaderConfig = HEADER,
) -> Header:
    """Find headline, byline, publication time; give header lines their removal reason."""
    h = Header()
    n = len(lines)
    lead_dates: list[int] = []
    i = 0
    while i < min(n, cfg.lead_window):
        d = dets[i]
        if d is not None and d.kind == "byline":
            break
        if known_title and same_title(lines[i].text, known_title, cfg):
            break
        if d is not None:
            if d.kind in ("date", "date_meta"):
                lead_dates.append(i)
            h.roles[i] = "widget" if d.kind in ("date", "date_meta") else d.reason
        elif not has_metadata and _junk(feats[i], cfg):
            h.roles[i] = "chrome"
        else:
            break
        i += 1
    start = i
    if i < n and dets[i] is None:
        if known_title is not None:
            if same_title(lines[i].text, known_title, cfg):
                h.roles[i] = "title"
                h.title_line = i
                start = i + 1
        elif not has_metadata and _title_like(lines[i], feats[i], cfg):
            h.roles[i] = "title"
            h.title_line = i
            h.title = lines[i].text
            start = i + 1
    # the byline (or a desk name) in the lines below the headline
    window = range(start, min(n, start + cfg.header_window))
    for j in window:
        d = dets[j]
        if d is not None and d.kind == "byline" and d.byline is not None:
            h.roles[j] = "byline"
            _use_byline(h, d.byline, j)
            for k in range(start, j):  # deck/standfirst lines between headline and byline stay
                if dets[k] is None and k not in h.roles:
                    h.roles[k] = "keep"
            break
    # publication time from the dateline context
    long_seen = 0
    candidates: list[tuple[int, int]] = []  # (priority, line)
    for j in list(lead_dates) + list(window):
        if long_seen >= cfg.date_long_lines and j >= start:
            break
        if j >= start and feats[j].length >= cfg.date_long_line_chars:
            long_seen += 1
        d = dets[j]
        if d is None or d.kind not in ("date", "date_meta"):
            continue
        near_byline = h.byline_line is not None and abs(j - h.byline_line) == 1
        if d.label and not is_publication_label(d.label):
            h.roles[j] = "dateline"  # an update time: removed, never the publication time
            continue
        if near_byline:
            candidates.append((0, j))
        elif d.label:
            candidates.append((1, j))
        elif j >= start and h.title_line is not None:
            candidates.append((2, j))
        else:
            h.roles[j] = "widget"
    for _, j in sorted(candidates):
        h.roles[j] = "dateline"
        if h.published is None:
            h.published = parse_date(dets[j].date or "")
    return h


def generate_title(first_paragraph: str, cfg: HeaderConfig = HEADER) -> str | None:
    """A headline made from the lead sentence (cut at a clause boundary when it is long)."""
    if not first_paragraph:
        return None
    m = _SENTENCE_END.search(first_paragraph)
    sentence = first_paragraph[: m.start() + 1] if m else first_paragraph
    words = sentence.split()
    longest = cfg.title_max_words + cfg.title_overflow_words
    if len(words) > longest:
        upto = " ".join(words[:longest])
        cut = [k.start() for k in re.finditer(r",\s", upto) if len(upto[: k.start()].split()) >= cfg.title_clause_min_words]
        sentence = upto[: cut[0]] if cut else " ".join(words[: cfg.title_max_words]) + "\u2026"
    sentence = sentence.strip().rstrip(".,;:")
    return sentence if words_of(sentence) else None


def outlet_from(url: str | None) -> str | None:
    """The registered domain of an article URL ("https://www.bbc.co.uk/news/x" -> "bbc.co.uk")."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    host = urlparse(url).hostname
    if not host:
        return None
    from tld import get_fld  # the Public Suffix List, bundled

    return get_fld(url, fail_silently=True) or host.removeprefix("www.")
