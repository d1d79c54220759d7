"""Issue 11, defect 10: claim attribution does work linear in article size.

`brief` of one 9.5 MB single-line article never finished on main: attribution scanned every name
mention for every claim (nlp/claims_attrib.py). Speed is measured in bench/reliability.py; this
test counts work instead of timing it: the lines of nlp/claims_attrib.py executed (every loop
iteration counts) while claims are found in one single-line article of real news text, and in the
same text four times as long. Work linear in the article grows like the number of claims
(measured: 4.5x for 5.2x the claims); the old scan of every mention for every claim grew 15.9x.
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsdesk.clean import build_article
from newsdesk.nlp import claims as claims_mod
from newsdesk.nlp import extract
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
