"""``build_article``: one RawDocument in, one cleaned Article out (pure function, no I/O)."""

from __future__ import annotations

from newsdesk.clean.classify import classify_units
from newsdesk.clean.credits import inline_credits, is_media, normalise
from newsdesk.clean.detectors import DETECTORS, Detection, DetectorConfig, detect
from newsdesk.clean.lines import features, split_lines
from newsdesk.clean.metadata import HEADER, HeaderConfig, analyse_header, generate_title, outlet_from, resolve_tags
from newsdesk.clean.paragraphs import REPEATS, RepeatConfig, assemble, group_units
from newsdesk.clean.resources import Lexicon, lexicon
from newsdesk.records import Article, RawDocument, RemovedLine
from newsdesk.textnorm import fold


def _fixed_from_detections(dets: list[Detection | None]) -> dict[int, str]:
    fixed: dict[int, str] = {}
    for i, d in enumerate(dets):
        if d is None or d.kind == "date_meta":  # a short "... date" line only counts in the header
            continue
        if d.kind == "date":
            fixed[i] = "dateline" if d.label else "widget"
        else:
            fixed[i] = d.reason
    return fixed


def _unique(items: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = fold(item)
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


SHORT_ITEM_LINES = 4  # a feed item: at most this many lines ...
SHORT_ITEM_CHARS = 1200  # ... and characters
# removal reasons that need context (dropped by position or statistics, or as a repeat of the
# headline) and so do not hold for a short item whose only lines they are
_CONTEXT_REASONS = frozenset({"title", "chrome", "boilerplate", "promo", "heading", "dateline", "widget", "caption"})


def is_short_item(lines) -> bool:
    """Whether the text is a feed item: a headline and at most a few short lines."""
    return 0 < len(lines) <= SHORT_ITEM_LINES and sum(len(line.text) for line in lines) <= SHORT_ITEM_CHARS


def _short_item_label(unit: list[int], label: str, dets: list[Detection | None]) -> str:
    if label == "body" or label not in _CONTEXT_REASONS:
        return label
    for i in unit:
        d = dets[i]
        if d is not None and d.kind not in ("promo", "date_meta", "caption"):
            return label  # chrome by itself (a UI label, a counter, a share prompt, a caption...)
    return "body"


def build_article(raw: RawDocument, *, lex: Lexicon | None = None, detectors: DetectorConfig = DETECTORS,
                  header_config: HeaderConfig = HEADER, repeats: RepeatConfig = REPEATS) -> Article:
    """Clean ``raw.text`` (web chrome, promos, credits, repeats, broken lines) and read metadata.

    For plain text the metadata comes from the text (headline, byline, dateline, tag block); when
    ``raw.has_metadata`` the reader's title/byline/published/tags are kept and only filled in
    from the text where the reader had none.
    """
    lex = lex or lexicon()
    lines, empties = split_lines(raw.text)
    feats = [features(line.text, lex) for line in lines]
    dets = [detect(line.text, f, lex, detectors) for line, f in zip(lines, feats)]
    tag_roles, tags = resolve_tags(lines, feats, dets, header_config)
    known_title = raw.title if raw.has_metadata else None
    header = analyse_header(lines, feats, dets, has_metadata=raw.has_metadata, known_title=known_title,
                            cfg=header_config)

    fixed = _fixed_from_detections(dets)
    fixed.update(tag_roles)
    fixed.update(header.roles)
    units = group_units(lines, fixed, lex)
    unit_labels = classify_units(lines, feats, units, fixed, lex, statistical=not raw.has_metadata)
    body = assemble(lines, units, unit_labels, lex, title=header.title or known_title, repeats=repeats)
    if not body.paragraphs and is_short_item(lines):
        # a feed item (a headline, a sentence or two) has no context to tell chrome by: only
        # what is chrome on its own (UI labels, counters, share prompts...) stays out
        unit_labels = [_short_item_label(unit, label, dets) for unit, label in zip(units, unit_labels)]
        body = assemble(lines, units, unit_labels, lex, title=None, repeats=repeats)
    labels = [""] * len(lines)
    for unit, label in zip(units, unit_labels):
        for i in unit:
            labels[i] = label

    # byline: the header's, else the first byline line anywhere (e.g. at the foot)
    byline = header.byline
    credits: list[tuple[int, str]] = []
    if header.byline_line is not None:
        credits.extend((lines[header.byline_line].start, c) for c in header.credits)
    for i, d in enumerate(dets):
        if d is None:
            continue
        if d.kind == "byline" and d.byline is not None:
            if byline is None and d.byline.name:
                byline = d.byline.name
            if i != header.byline_line:
                credits.extend((lines[i].start, c) for c in d.byline.credits)
        elif d.kind == "credit":
            credits.extend((lines[i].start, c) for c in d.credits)
    for para in body.paragraphs:
        for line in para:
            credits.extend((line.start, c) for c in inline_credits(line.text, lex, detectors))

    title, generated = header.title, False
    published = header.published
    if raw.has_metadata:
        title = raw.title
        byline = raw.byline or byline
        published = raw.published or published
        tags = list(raw.tags) + tags
        if raw.byline and is_media(raw.byline, lex):
            canon = normalise(raw.byline, lex)
            if canon:
                credits.insert(0, (-1, canon))
    if title is None and body.paragraphs:
        title = generate_title(" ".join(line.text for line in body.paragraphs[0]), header_config)
        generated = title is not None

    removed = [RemovedLine(raw.text[s:e], "empty", s, e) for s, e in empties]
    removed += [
        RemovedLine(line.text, label, line.start, line.end)
        for line, label in zip(lines, labels)
        if label != "body"
    ]
    removed += [RemovedLine(line.text, "repeated", line.start, line.end) for line in body.repeated]
    removed.sort(key=lambda r: r.start)

    return Article(
        id=raw.id,
        source=raw.source,
        body=body.text,
        title=title,
        title_generated=generated,
        byline=byline,
        published=published,
        outlet=raw.outlet or outlet_from(raw.url) or outlet_from(raw.source),
        url=raw.url,
        credits=_unique([c for _, c in sorted(credits, key=lambda pc: pc[0])]),
        tags=_unique(tags),
        headings=body.headings,
        removed=tuple(removed),
        offsets=body.offsets,
        original=raw.text,
        format=raw.format,
    )
