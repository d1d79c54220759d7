"""A passage's character span read again from the body equals what the word token lists give."""

from __future__ import annotations

import json
import random

from newsdesk.cluster.dedup import passage_span
from newsdesk.lexicon.copytext import copy_tokens

# characters around which the word pattern decides: apostrophes (straight, curly, modifier),
# underscores, digits, accents, compatibility forms NFKC folds, dashes, CJK, spaces and newlines
_ALPHABET = list("abcXYZ019 _'\u2019\u02bc\u2018-.,;\n\t\u00e9\u00df\ufb01\u2460\u4e2d\u0301\u00a0\"()") + ["  ", "it's", "\u2019s"]


def _reference(body: str, first: int, last: int, k: int) -> tuple[int, int]:
    _, spans = copy_tokens(body)
    end = min(last + k - 1, len(spans) - 1)
    return spans[first][0], spans[end][1]


def _cases(rng: random.Random, body: str, count: int):
    n = len(copy_tokens(body)[1])
    for _ in range(count if n else 0):
        first = rng.randrange(n)
        yield first, rng.randrange(first, n), rng.choice((1, 2, 6, 9))


def test_passage_spans_equal_the_token_spans_on_random_text():
    rng = random.Random(5)
    checked = 0
    for _ in range(400):
        body = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 900)))
        for first, last, k in _cases(rng, body, 8):
            assert passage_span(body, first, last, k) == _reference(body, first, last, k), (body, first, last, k)
            checked += 1
    assert checked > 2000


def test_passage_spans_equal_the_token_spans_on_long_articles():
    rng = random.Random(9)
    words = "The minister's aides said on Monday that talks — in Geneva, not Zürich — would resume".split()
    for size in (10, 300, 2000, 9000):  # skips of 256, 32, 4 and 1 words all taken
        body = " ".join(rng.choice(words) for _ in range(size))
        for first, last, k in _cases(rng, body, 30):
            assert passage_span(body, first, last, k) == _reference(body, first, last, k)
    body = "one two three"
    assert passage_span(body, 0, 2, 6) == (0, len(body))  # a shingle longer than the text ends at its last word
    assert json.dumps(passage_span("x", 0, 0, 6)) == "[0, 1]"
