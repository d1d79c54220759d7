"""Sentence spans of a body and parsed sentences carrying their body offset."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsdesk.nlp.model import load_splitter


@dataclass(frozen=True)
class ParsedSentence:
    """A spaCy parse of ``body[start:end]``; ``token.idx + start`` is the token's body offset."""

    start: int
    end: int
    doc: Any  # spacy.tokens.Doc
    source: str | None = field(default=None, repr=False, compare=False)  # the text the doc was made from

    @property
    def text(self) -> str:
        """The sentence's text (``doc.text`` rebuilds it from the tokens; the source is kept when given)."""
        return self.source if self.source is not None else self.doc.text

    def body_span(self, token_start: int, token_end: int) -> tuple[int, int]:
        """Body offsets of the tokens ``doc[token_start:token_end]``."""
        span = self.doc[token_start:token_end]
        return self.start + span.start_char, self.start + span.end_char


def split_sentences(body: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``body``, stripped of surrounding white space.

    Paragraph breaks always end a sentence; inside a paragraph a rule-based splitter decides.
    """
    spans: list[tuple[int, int]] = []
    splitter = load_splitter()
    pos = 0
    for para in body.split("\n\n"):
        if para.strip():
            for start_char, end_char in splitter(para):
                text = para[start_char:end_char]
                lead = len(text) - len(text.lstrip())
                s = pos + start_char + lead
                e = pos + end_char - (len(text) - len(text.rstrip()))
                if e > s:
                    spans.append((s, e))
        pos += len(para) + 2
    return spans
