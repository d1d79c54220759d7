"""jusText-style line classification with context smoothing, adapted to flat text.

Each line is first classified on its own features (length, stopword density, sentence ending,
capitalisation, digits, separators) into good / near-good / short / bad, as jusText does for HTML
paragraphs (Pomikálek 2011; same thresholds). Header lines (title, standfirst, byline) are good.
Then the context pass re-labels near-good and short lines from their nearest good/bad neighbours
(document edges count as bad), so that a short sentence between two good paragraphs stays and a
short line among chrome goes. Lines a typed detector removed are neutral context (a promo
inserted between two paragraphs says nothing about them). Title-case short lines that end up
good and stand above body text become headings.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.clean.lines import Features, Line, features, title_case_ratio
from newsdesk.clean.resources import Lexicon, label_key

GOOD, NEAR, SHORT, BAD = "good", "near-good", "short", "bad"
NEUTRAL = "neutral"  # lines a typed detector removed: no context either way


@dataclass(frozen=True)
class Params:
    """The line classifier's thresholds: jusText's defaults (characters and stop-word densities),
    and the sentence-shape and heading rules added to them, set by hand on the pages of the ingest
    benchmark (``bench/ingest.py``; ``tests/floors/clean.json`` pins the scores)."""

    min_doc_stop_density: float = 0.2  # below it the document is not English (or a table)
    length_low: int = 70
    length_high: int = 200
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    heading_max_words: int = 14
    heading_min_title_case: float = 0.85
    heading_max_chars: int = 100
    heading_max_digit_ratio: float = 0.3
    # a short line that reads as a sentence ("He declined to comment.") is near-good
    sentence_min_words: int = 4
    sentence_min_stop_density: float = 0.2
    sentence_max_cap_ratio: float = 0.7
    # a whole flat-text paragraph with a name-heavy lead still reads as sentences
    lead_min_stop_density: float = 0.15
    lead_max_cap_ratio: float = 0.7
    lead_max_digit_ratio: float = 0.2
    repeated_label_max_words: int = 6  # a short label printed several times in a page is chrome


def _sentence_like(f: Features, p: Params) -> bool:
    """A short line that reads as a sentence ("He declined to comment.")."""
    return (f.terminal and f.words >= p.sentence_min_words and f.starts_upper
            and f.stop_density >= p.sentence_min_stop_density and f.cap_ratio < p.sentence_max_cap_ratio)


def initial_class(f: Features, p: Params, *, stoplist_fits: bool = True) -> str:
    """Context-free class of one line (jusText's rules plus a sentence-shape escape).

    When the English stoplist does not fit the document (another language), stopword density
    says nothing and only length and sentence shape are used.
    """
    if not stoplist_fits:
        if f.length > p.length_high:
            return GOOD
        return NEAR if f.length >= p.length_low or f.terminal else SHORT
    if f.length < p.length_low:
        if _sentence_like(f, p):
            return NEAR
        if f.separators >= 2:
            return BAD
        return SHORT
    if f.stop_density >= p.stopwords_high:
        return GOOD if f.length > p.length_high else NEAR
    if f.stop_density >= p.stopwords_low:
        return NEAR
    # Flat-text lines are whole paragraphs: a name-heavy lead (lower stopword density, many
    # capitals)
    # still reads as sentences; its neighbours decide.
    if (f.terminal and f.stop_density >= p.lead_min_stop_density and f.cap_ratio < p.lead_max_cap_ratio
            and f.digit_ratio < p.lead_max_digit_ratio):
        return NEAR
    return BAD


def heading_candidate(line: Line, f: Features, lex: Lexicon, p: Params) -> bool:
    """A short title-case (or all-capitals) line without final punctuation."""
    text = line.text
    if not 2 <= f.words <= p.heading_max_words or f.length > p.heading_max_chars or not f.starts_upper:
        return False
    if not (text[0].isalnum() or text[0] in "\"'\u201c\u2018"):
        return False  # a list item ("- Clinton leads ...")
    if f.digit_ratio > p.heading_max_digit_ratio or f.separators:
        return False
    if f.terminal and not text.endswith("?"):
        return False
    if text[-1] in ",;:-\u2013\u2014":
        return False
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    return title_case_ratio(text, lex) >= p.heading_min_title_case


def _neighbour(classes: list[str], i: int, step: int, ignore_near: bool) -> str:
    j = i + step
    while 0 <= j < len(classes):
        c = classes[j]
        if c == GOOD or c == BAD or (c == NEAR and not ignore_near):
            return c  # SHORT and NEUTRAL lines are skipped
        j += step
    return BAD


def smooth(classes: list[str]) -> list[str]:
    """Context-sensitive revision of near-good and short lines (jusText's, reordered for flat text).

    Near-good lines are revised first and count as context for each other, so that an article of
    medium-length paragraphs (no single "good" one) survives; a near-good line only goes when
    its nearest non-short neighbours on both sides are bad. Short lines are then revised as
    jusText does: good between good, bad between bad, and in between good only when the bad
    side borders a near-good line.
    """
    revised = list(classes)
    for i, c in enumerate(classes):
        if c == NEAR:
            prev = _neighbour(classes, i, -1, False)
            nxt = _neighbour(classes, i, 1, False)
            revised[i] = BAD if prev == BAD and nxt == BAD else GOOD
    final = list(revised)
    for i, c in enumerate(revised):
        if c != SHORT:
            continue
        prev = _neighbour(revised, i, -1, True)
        nxt = _neighbour(revised, i, 1, True)
        if prev == GOOD and nxt == GOOD:
            final[i] = GOOD
        elif prev == BAD and nxt == BAD:
            final[i] = BAD
        elif (prev == BAD and _neighbour(classes, i, -1, False) == NEAR) or (
            nxt == BAD and _neighbour(classes, i, 1, False) == NEAR
        ):
            final[i] = GOOD
        else:
            final[i] = BAD
    return final


def classify_units(
    lines: list[Line],
    line_feats: list[Features],
    units: list[list[int]],
    fixed: dict[int, str],
    lex: Lexicon,
    params: Params = Params(),
    *,
    statistical: bool = True,
) -> list[str]:
    """Label every unit (a line, or lines rejoined into one paragraph) "body", "heading" or a
    removal reason.

    ``fixed`` maps line ordinals already decided (typed detectors, header analysis) to a removal
    reason, or to "keep" for lines that must stay in the body (standfirst).
    With ``statistical=False`` (text a reader already extracted from HTML) only the typed
    detectors remove lines; the classifier still finds headings.
    """
    n = len(units)
    feats: list[Features] = []
    for unit in units:
        if len(unit) == 1:
            feats.append(line_feats[unit[0]])
        else:
            feats.append(features(" ".join(lines[i].text for i in unit), lex))
    # the same short label printed several times in one page is chrome
    counts: dict[str, int] = {}
    for k, unit in enumerate(units):
        if unit[0] not in fixed and feats[k].length < params.length_low:
            key = label_key(lines[unit[0]].text)
            counts[key] = counts.get(key, 0) + 1
    free = [feats[k] for k, unit in enumerate(units) if unit[0] not in fixed]
    n_words = sum(f.words for f in free)
    stop = sum(f.stop_density * f.words for f in free)
    fits = n_words == 0 or stop / n_words >= params.min_doc_stop_density

    def repeated_label(i: int) -> bool:
        return counts.get(label_key(lines[i].text), 0) > 1

    classes: list[str] = []
    candidates: set[int] = set()
    for k, unit in enumerate(units):
        decided = fixed.get(unit[0])
        f = feats[k]
        if decided in ("keep", "title", "byline", "dateline"):
            classes.append(GOOD)
        elif decided is not None:
            # a promo or a credit line inserted between paragraphs says nothing about them
            classes.append(NEUTRAL)
        elif (statistical and f.length < params.length_low and f.words <= params.repeated_label_max_words
              and repeated_label(unit[0])):
            classes.append(BAD)
        elif fits and len(unit) == 1 and heading_candidate(lines[unit[0]], f, lex, params):
            candidates.add(k)
            classes.append(SHORT if statistical else GOOD)
        elif not statistical:
            classes.append(GOOD)
        else:
            classes.append(initial_class(f, params, stoplist_fits=fits))
    final = smooth(classes)
    # jusText's good headings: a heading candidate stays when good text follows it
    for k in candidates:
        if final[k] != BAD:
            continue
        j = k + 1
        while j < n and classes[j] == NEUTRAL:
            j += 1
        if j < n and final[j] == GOOD and j not in candidates:
            final[k] = GOOD
    labels: list[str] = []
    for k, unit in enumerate(units):
        decided = fixed.get(unit[0])
        if decided == "keep":
            labels.append("body")
        elif decided is not None:
            labels.append(decided)
        elif final[k] == BAD:
            short_bad = classes[k] == BAD and feats[k].length < params.length_low
            labels.append("chrome" if short_bad else "boilerplate")
        elif k in candidates:
            labels.append("heading")
        else:
            labels.append("body")
    # a heading stands alone above body text (a run of title-case lines is a list, not headings)
    removed = lambda j: labels[j] not in ("body", "heading")  # noqa: E731
    for k in range(n):
        if labels[k] != "heading":
            continue
        j = k + 1
        while j < n and removed(j) and labels[j] not in ("title", "byline", "dateline"):
            j += 1
        b = k - 1
        while b >= 0 and removed(b):
            b -= 1
        above_body = j < n and labels[j] == "body" and j not in candidates
        if not above_body or (b >= 0 and b in candidates):
            labels[k] = "body" if (not statistical or final[k] == GOOD) and above_body else (
                "body" if not statistical else "boilerplate"
            )
    return labels
