"""Exact and near duplicates, shared wire copy: relations, spans, credits, bounded candidates."""

from __future__ import annotations

from collections import Counter

from newsdesk.cluster.dedup import CopyConfig, CopyDoc, DuplicateDetector, credit_key, find_relations
from newsdesk.cluster.text import copy_tokens

WIRE = (
    "North Korea has sent about 10,000 troops to Russia, where they are training at bases in the "
    "Far East before moving to the Kursk region, the Pentagon said on Monday, adding that some "
    "units were already close to the border with Ukraine and could enter combat within weeks."
)
OWN_A = "Our correspondent in Seoul reports that families of the soldiers have not been told anything."
OWN_B = "Analysts in Kyiv warned that the deployment could change the course of the fighting this winter."
OTHER = ("The city council approved a new budget for public libraries on Tuesday after a long debate "
         "about opening hours, staffing and the cost of repairing the roof of the central branch.")


def _words(text: str) -> list[str]:
    return copy_tokens(text)[0]


def test_exact_duplicate_ignores_case_and_spacing():
    rels = find_relations([CopyDoc("a", WIRE), CopyDoc("b", "  " + WIRE.upper().replace(" ", "  "))])
    assert [(r.kind, r.article_a, r.article_b, r.score) for r in rels] == [("exact", "a", "b", 1.0)]


def test_near_duplicate_is_confirmed_by_jaccard():
    edited = WIRE.replace("on Monday", "on Tuesday")
    rels = find_relations([CopyDoc("a", WIRE + " " + OTHER), CopyDoc("b", edited + " " + OTHER)])
    assert len(rels) == 1 and rels[0].kind == "near"
    assert 0.8 <= rels[0].score < 1.0


def test_shared_copy_spans_read_the_same_words():
    a = CopyDoc("a", OWN_A + "\n\n" + WIRE)
    b = CopyDoc("b", WIRE + "\n\n" + OWN_B + " " + OTHER)
    (rel,) = find_relations([a, b])
    assert rel.kind == "shared_copy" and rel.passages == 1
    shared_a = a.body[rel.span_a[0]:rel.span_a[1]]
    shared_b = b.body[rel.span_b[0]:rel.span_b[1]]
    assert _words(shared_a) == _words(shared_b)
    assert len(_words(shared_a)) >= 30  # most of the 50-word wire passage
    assert set(_words(shared_a)) <= set(_words(WIRE))


def test_same_wire_credit_lowers_the_passage_length_needed():
    passage = ("the Pentagon said on Monday adding that some of the units were already very close "
               "to the border")  # 18 words
    a = OWN_A + " " + passage + ". " + OTHER
    b = OWN_B + " " + passage + ". " + OWN_A[::-1]
    assert find_relations([CopyDoc("a", a), CopyDoc("b", b)]) == []
    rels = find_relations([CopyDoc("a", a, ("AP",)), CopyDoc("b", b, ("Associated Press",))])
    assert [r.kind for r in rels] == ["shared_copy"] and rels[0].credits == ("ap",)
    assert credit_key("The Associated Press") == credit_key("AP") == "ap"


def test_unrelated_articles_have_no_relation_and_readd_is_idempotent():
    detector = DuplicateDetector()
    assert detector.add(CopyDoc("a", WIRE)) == []
    assert detector.add(CopyDoc("b", OTHER), related=["a"]) == []
    assert detector.add(CopyDoc("a", WIRE), related=["b"]) == []


def test_shared_copy_is_only_checked_against_related_articles():
    detector = DuplicateDetector(CopyConfig(max_related=1))
    detector.add(CopyDoc("a", OWN_A + " " + WIRE))
    detector.add(CopyDoc("x", OTHER))
    # "a" is not among the related ids (and too different for the LSH), so no pair is examined
    assert detector.add(CopyDoc("b", WIRE + " " + OWN_B), related=["x"]) == []
    assert [r.kind for r in detector.add(CopyDoc("c", WIRE + " " + OTHER), related=["b"])] == ["shared_copy"]


def test_seeds_share_no_wire_copy(seeds_dir):
    docs = [CopyDoc(p.stem, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))]
    assert find_relations(docs) == []


def test_ecbplus_relations_stay_within_sub_topics(datasets):
    from newsdesk.cluster.evaluation import load_ecbplus

    docs = [d for d in load_ecbplus(datasets / "ecbplus") if int(d.topic) <= 12]
    sub = {d.id: d.subtopic for d in docs}
    rels = find_relations(CopyDoc(d.id, d.text) for d in docs)
    kinds = Counter(r.kind for r in rels)
    assert kinds["shared_copy"] >= 50  # ECB+ reprints wire copy a lot
    wrong = [r for r in rels if sub[r.article_a] != sub[r.article_b]]
    assert len(wrong) <= 0.02 * len(rels)
