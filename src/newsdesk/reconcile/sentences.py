"""Sentence spans of the story's article bodies, looked up by offset.

Extraction has already split every body (``ArticleFacts.sentences``): those spans are reused, so
a brief splits each article once. Only an article without them (facts built by hand, or none)
is split here, with the same splitter extraction uses.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence

from newsdesk.records import Article

Splitter = Callable[[str], list[tuple[int, int]]]


def default_splitter() -> Splitter:
    from newsdesk.nlp.sentences import split_sentences

    return split_sentences


class SentenceIndex:
    """Sentence spans of each article body (read-only after construction)."""

    def __init__(self, articles: Iterable[Article], splitter: Splitter | None = None, *,
                 known: Mapping[str, Sequence[tuple[int, int]]] | None = None):
        """``known``: article id -> its sentence spans as extraction split them (reused as they are)."""
        known = known or {}
        split = splitter
        self._bodies: dict[str, str] = {}
        self._spans: dict[str, list[tuple[int, int]]] = {}
        for article in articles:
            self._bodies[article.id] = article.body
            spans = known.get(article.id)
            if spans is None:
                split = split or default_splitter()
                spans = split(article.body)
            self._spans[article.id] = list(spans)
        self._starts = {aid: [s for s, _ in spans] for aid, spans in self._spans.items()}

    def spans(self, article: str) -> list[tuple[int, int]]:
        return list(self._spans.get(article, ()))

    def body(self, article: str) -> str:
        return self._bodies[article]

    def containing(self, article: str, pos: int) -> tuple[int, int]:
        """The sentence span holding body offset ``pos`` (the whole body if none does)."""
        spans = self._spans.get(article) or []
        i = bisect.bisect_right(self._starts.get(article, []), pos) - 1
        if 0 <= i < len(spans) and spans[i][0] <= pos < max(spans[i][1], spans[i][0] + 1):
            return spans[i]
        body = self._bodies.get(article, "")
        # between sentences (white space): take the paragraph around pos
        start = body.rfind("\n", 0, pos) + 1
        end = body.find("\n", pos)
        return start, len(body) if end < 0 else end

    def text(self, article: str, start: int, end: int) -> str:
        return self._bodies[article][start:end]
