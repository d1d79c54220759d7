"""The way back: body offsets map to the original text, removed lines point at what they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.clean import build_article
from newsdesk.records import Article, RawDocument
from newsdesk.textnorm import fold

INVENTED = "\n".join([
    "Skip to main content",
    "\u00a0",
    "Estonia expands conscription",
    "By Jane Doe - May 3, 2024, 4:10 pm",
    "",
    "The decision follows a review by Gen.",
    "Martin Herem, the commander of the armed forces, who warned that the current system could not meet",
    "Advertisement",
    "the demand for trained reservists in a crisis, officials said on Monday in Tallinn.",
    "Training And Equipment",
    "Officials said the new recruits would train with equipment bought from Germany and South Korea.",
    "Officials said the new recruits would train with equipment bought from Germany and South Korea.",
    "Read more: Latvia reopens debate on army reserve",
    "23 Comments",
])


def _seed_articles(seeds_dir: Path) -> list[Article]:
    return [build_article(RawDocument(p.stem, str(p), p.read_text("utf-8"), "text"))
            for p in sorted(seeds_dir.glob("*.txt"))]


def _articles(seeds_dir: Path) -> list[Article]:
    return _seed_articles(seeds_dir) + [build_article(RawDocument("inv", "inv.txt", INVENTED, "text"))]


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\n]+", body)]


def test_every_paragraph_maps_back_to_the_same_text(seeds_dir):
    for a in _articles(seeds_dir):
        assert a.original
        for start, end in _paragraph_spans(a.body):
            paragraph = a.body[start:end]
            pieces = [(b, o, n) for b, o, n in a.offsets.segments if start <= b < end]
            # each piece maps back through to_original to the same characters of the original
            assert " ".join(a.original[a.offsets.to_original(b) : a.offsets.to_original(b) + n]
                            for b, _, n in pieces) == paragraph
            o_start, o_end = a.offsets.to_original(start), a.offsets.to_original(end - 1) + 1
            removed_inside = [r for r in a.removed if o_start <= r.start < o_end]
            if not removed_inside:  # a contiguous span: the same text but for joined line breaks
                assert fold(a.original[o_start:o_end]) == fold(paragraph), (a.id, paragraph[:60])


def test_segments_are_verbatim_copies(seeds_dir):
    for a in _articles(seeds_dir):
        copied = 0
        for b, o, n in a.offsets.segments:
            assert a.body[b : b + n] == a.original[o : o + n]
            copied += n
        segs = a.offsets.segments
        inserted = sum(t[0] - (s[0] + s[2]) for s, t in zip(segs, segs[1:]))
        assert all(t[0] - (s[0] + s[2]) in (1, 2) for s, t in zip(segs, segs[1:]))  # " " or "\n\n"
        assert copied + inserted == len(a.body)


def test_removed_lines_point_at_their_text_and_everything_is_accounted_for(seeds_dir):
    for a in _articles(seeds_dir):
        in_body = [False] * len(a.original)
        for _, o, n in a.offsets.segments:
            in_body[o : o + n] = [True] * n
        for r in a.removed:
            assert a.original[r.start : r.end].strip() == r.text.strip(), (a.id, r)
            assert not any(in_body[r.start : r.end]), (a.id, r)  # a removed line is not also in the body
            in_body[r.start : r.end] = [True] * (r.end - r.start)
        lost = [c for c, seen in zip(a.original, in_body) if not seen and not c.isspace()]
        assert not lost, (a.id, "".join(lost)[:80])


def test_invented_page_offsets_and_reasons():
    a = build_article(RawDocument("inv", "inv.txt", INVENTED, "text"))
    reasons = [r.reason for r in a.removed]
    assert reasons == ["chrome", "empty", "title", "byline", "chrome", "heading", "repeated", "promo", "counter"]
    first = a.body.split("\n\n")[0]
    assert first.startswith("The decision follows a review by Gen. Martin Herem") and first.endswith("in Tallinn.")
    # a character after a joined line break maps into the next original line
    pos = a.body.index("Martin")
    assert a.original[a.offsets.to_original(pos) : a.offsets.to_original(pos) + 6] == "Martin"
    pos = a.body.index("the demand")
    assert a.original[a.offsets.to_original(pos) :].startswith("the demand")
    heading = a.headings[0]
    assert heading.text == "Training And Equipment" and a.body[heading.position :].startswith("Officials said")


@pytest.mark.parametrize("text", ["", "\n\n\n", "One line only without an end"])
def test_degenerate_texts(text):
    a = build_article(RawDocument("d", "d.txt", text, "text"))
    assert a.original == text
    for b, o, n in a.offsets.segments:
        assert a.body[b : b + n] == text[o : o + n]


def test_invariants_hold_on_shuffled_pages(seeds_dir):
    """Pages made of shuffled lines of the seeds and chrome, with CRLF, tabs and odd spacing."""
    import random

    rng = random.Random(7)
    pool = [line for p in sorted(seeds_dir.glob("*.txt")) for line in p.read_text("utf-8").splitlines()]
    pool += ["\t", "By  Jane   Doe", "\u200bHome \u203a World", "___", "(AP)", "\u00a9 2024", "x", "1 comment"]
    for _ in range(60):
        lines = rng.sample(pool, rng.randint(0, 25))
        seps = [rng.choice(["\n", "\n\n", "\r\n", "\n \n"]) for _ in lines]
        text = "".join(line + sep for line, sep in zip(lines, seps))
        a = build_article(RawDocument("f", "f.txt", text, "text"))
        assert a.original == text
        for b, o, n in a.offsets.segments:
            assert a.body[b : b + n] == text[o : o + n]
        for r in a.removed:
            assert text[r.start : r.end].strip() == r.text.strip()
        assert "\n\n\n" not in a.body and not a.body.startswith("\n") and not a.body.endswith("\n")
        assert all(h.position <= len(a.body) for h in a.headings)
