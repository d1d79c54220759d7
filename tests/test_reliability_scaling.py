"""Issue 11, defect 10: the brief of one article does work linear in its size.

`brief` of one 9.5 MB single-line article never finished on main: attribution scanned every name
mention for every claim (nlp/claims_attrib.py). Speed is measured in bench/reliability.py; this
test counts work instead of timing it: the lines of nlp/claims_attrib.py executed (every loop
iteration counts) while claims are found in one single-line article of real news text, and in the
same text four times as long. Work linear in the article grows like the number of claims
(measured: 4.5x for 5.2x the claims); the old scan of every mention for every claim grew 15.9x.

The second test counts the lines of every newsdesk module executed while one single-line article
is extracted and reconciled (brief_story), at 20,000 and 80,000 characters. Each module's count
must grow at most 1.5 x 4: at the start of the fourth session claim grouping compared every
figure with every other (reconcile/claim_periods.py 28x, claim_groups.py 9.2x, scope.py 8x for
4x the text), which made the brief of a 3 MB article take 283 s against 41 s for 1 MB.

The seed text names no two people alike and few pronouns, so the third test feeds extraction a
paragraph of namesakes ("Liz Cheney met Dick Cheney … Cheney said"), pronouns, a role noun and
quotes, 30 and 120 times on one line: speaker resolution scanned every mention for each shared
surname, every earlier speaker for each he/she and every kept quote for each quote (session
start: speaker_context.py 14x, persons.py 14x, resolver.py 11x, quotes.py 11x).

The last two feed it the two rarer shapes left after that (fifth session), 20 and 80 times on one
line: a "she" when every person quoted is a man (resolver.py 7.7x, speaker_context.py 6.9x before)
and credits ("according to the Times") among many quotes (quotes.py 11.1x before).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from newsdesk.clean import build_article
from newsdesk.nlp import claims as claims_mod
from newsdesk.nlp import extract
from newsdesk.pipeline import brief_story, one_story
from newsdesk.records import RawDocument

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"
FIND_CLAIMS = claims_mod.find_claims  # the real one, whatever a test patches in later


def _single_line(chars: int) -> str:
    text = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(SEEDS.glob("*.txt")))
    return ((text + " ") * (chars // len(text) + 1))[:chars]


def _claim_calls(chars: int, monkeypatch) -> tuple[int, int]:
    counted: list[tuple[int, int]] = []
    original = FIND_CLAIMS

    def counting(*args, **kwargs):
        lines = 0

        def local(frame, event, arg):
            nonlocal lines
            lines += event == "line" and frame.f_code.co_filename.endswith("claims_attrib.py")
            return local

        previous = sys.gettrace()
        sys.settrace(lambda frame, event, arg: local)
        try:
            found = original(*args, **kwargs)
        finally:
            sys.settrace(previous)
        counted.append((lines, len(found)))
        return found

    monkeypatch.setattr(claims_mod, "find_claims", counting)
    article = build_article(RawDocument(id=f"line{chars}", source="line.txt", text="Troops in Russia\n\n" + _single_line(chars),
                                        format="text"))
    extract.analyse_story([article])
    (calls, claims), = counted
    return calls, claims


def test_claim_stage_work_grows_linearly(monkeypatch):
    small_calls, small_claims = _claim_calls(12_000, monkeypatch)
    large_calls, large_claims = _claim_calls(48_000, monkeypatch)
    assert small_claims > 5 and large_claims >= 3 * small_claims  # the text really has 4x the claims
    ratio, claim_ratio = large_calls / small_calls, large_claims / small_claims
    assert ratio < 1.5 * claim_ratio, f"attribution work grew {ratio:.1f}x for {claim_ratio:.1f}x the claims"


def _lines_per_module(chars: int) -> Counter:
    article = build_article(RawDocument(id=f"whole{chars}", source="line.txt",
                                        text="Troops in Russia\n\n" + _single_line(chars), format="text"))
    story = next(iter(one_story([article])))
    counts, _ = _traced(lambda: brief_story(story), f"{os.sep}newsdesk{os.sep}", lambda path: path)
    return counts


def _traced(run, folder: str, key):
    """``run()`` with the lines executed in files under ``folder`` counted per ``key(path)``."""
    counts: Counter = Counter()

    def local(frame, event, arg):
        if event == "line":
            counts[key(frame.f_code.co_filename)] += 1
        return local

    def calls(frame, event, arg):
        return local if folder in frame.f_code.co_filename else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        result = run()
    finally:
        sys.settrace(previous)
    return counts, result


def test_every_stage_of_a_brief_grows_linearly():
    small, large = _lines_per_module(20_000), _lines_per_module(80_000)
    grown = {Path(f).name: (small[f], n) for f, n in large.items() if n >= 2_000}
    assert len(grown) > 10, grown  # the pipeline really ran through its modules
    too_fast = {name: f"{n / max(m, 1):.1f}x ({m:,} -> {n:,} lines)" for name, (m, n) in grown.items() if n > 6 * m}
    assert not too_fast, f"work grew faster than 1.5 x the 4x text: {too_fast}"
    assert sum(large.values()) <= 6 * sum(small.values())


NAMESAKES = ("Liz Cheney met Dick Cheney in Casper on Monday. \u201cWe will win this fight,\u201d Cheney said. "
             "Senator Maria Lopez, the Wyoming senator, spoke next. \u201cNothing is settled yet,\u201d she said. "
             "\u201cThe senator is right about the count,\u201d said Tom Reed. He added that the vote was close. ")


def _extraction_lines(paragraph: str, copies: int) -> tuple[Counter, list]:
    article = build_article(RawDocument(id=f"p{copies}", source="p.txt",
                                        text="Vote in Wyoming\n\n" + paragraph * copies, format="text"))
    counts, ((facts,), _) = _traced(lambda: extract.analyse_story([article]), f"{os.sep}newsdesk{os.sep}nlp{os.sep}",
                                    lambda path: Path(path).name)
    return counts, list(facts.quotes)


def _grown_too_fast(paragraph: str, small_copies: int, must_run: set[str]) -> tuple[dict, list]:
    (small, _), (large, quotes) = _extraction_lines(paragraph, small_copies), _extraction_lines(paragraph, 4 * small_copies)
    grown = {name: (small[name], n) for name, n in large.items() if n >= 2_000}
    assert must_run <= set(grown), grown
    return {name: f"{n / max(m, 1):.1f}x ({m:,} -> {n:,} lines)" for name, (m, n) in grown.items() if n > 6 * m}, quotes


def test_speaker_resolution_grows_linearly():
    too_fast, quotes = _grown_too_fast(NAMESAKES, 30, {"speaker_context.py", "resolver.py", "quotes.py"})
    assert len(quotes) >= 2 * 120  # the quotes were found, speakers resolved
    assert not too_fast, f"work grew faster than 1.5 x the 4x text: {too_fast}"


# two rarer shapes of the same trouble (fifth session): a "she" in a text whose quoted people are
# all men (the latest person quoted who may be a woman was looked for by a pass back over every
# speaker so far, which finds none) and credits ("according to …") in a text of many quotes (each
# credit was compared with every quote of the article)
NO_FITTING_SPEAKER = ("\u201cWe will win this fight,\u201d said Tom Reed. \u201cThe count is late,\u201d said John Smith. "
                      "\u201cWe wait,\u201d said Mr. Jones. \u201cNothing is settled yet,\u201d she said. ")
CREDITS = ("The vote was close, according to the Times. The count was late, according to officials. "
           "The polls shut early, according to Reuters. Tom Reed said the vote was fair. ")


def test_a_pronoun_with_no_fitting_speaker_costs_linear_work():
    too_fast, quotes = _grown_too_fast(NO_FITTING_SPEAKER, 20, {"resolver.py"})
    pronouns = [q for q in quotes if q.cue == "said" and q.speaker is None]
    assert len(pronouns) >= 4 * 20  # every "she" was tried and none was given a man
    assert not too_fast, f"work grew faster than 1.5 x the 4x text: {too_fast}"


def test_credits_in_a_text_of_many_quotes_cost_linear_work():
    too_fast, quotes = _grown_too_fast(CREDITS, 20, {"quotes.py"})
    assert sum(q.cue == "according to" for q in quotes) >= 3 * 4 * 20  # the credits were read as quotes
    assert not too_fast, f"work grew faster than 1.5 x the 4x text: {too_fast}"
