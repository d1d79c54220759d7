"""Wire and source credits: whole credit lines, credits glued inside sentences, normalisation.

"Associated Press", "The Associated Press" and "AP" are one credit, kept in its short wire-code
form; other names keep their written form without a leading "the" ("the Express US" -> "Express
US").
"""

from __future__ import annotations

import re

from newsdesk.clean.detector_config import DETECTORS, DetectorConfig
from newsdesk.clean.resources import Lexicon, label_key

_NAME = r"[A-Z][\w&'\u2019.\-]*(?:\s+(?:of\s+|de\s+|for\s+)?[A-Z][\w&'\u2019.\-]*){0,4}"

# Whole lines that only credit a source.
_WITH_INPUTS = re.compile(
    r"(?i)^[\[(]?\s*(?:with\s+|and\s+)?(?P<kind>(?:additional\s+)?(?:inputs?|reporting|contributions?"
    r"|information))\s+(?:from|by)\s+(?:the\s+)?(?P<n>[^()\[\]]{2,120}?)\s*[)\]]?\s*\.?$"
)
_SOURCE = re.compile(
    r"(?i)^[\[(]?\s*(?:sources?|courtesy(?:\s+of)?|credits?|via)\s*[:\-\u2013]\s*"
    r"(?:the\s+)?(?P<n>[^()\[\]]{2,80}?)\s*[)\]]?\s*\.?$"
)
_DASH = re.compile(r"^[\u2014\u2013-]{1,2}\s*(?:the\s+)?(?P<n>[A-Z][^.!?]{0,40}?)\s*\.?$")
_PAREN = re.compile(r"^[\[(]\s*(?:the\s+)?(?P<n>[^()\[\]]{2,40}?)\s*[)\]]\.?$")
_ORIGINAL = re.compile(
    r"(?i:^(?:this|the)\s+(?:article|story|report|piece|post|content|interview)\s+"
    r"(?:was\s+|is\s+|has\s+been\s+|first\s+|originally\s+|also\s+)*"
    r"(?:published|appeared|produced|written|reported|posted|republished|syndicated|ran)\s+"
    r"(?:\w+\s+)?(?:by|on|in|at|from|with)\s+(?:the\s+)?)(?P<n>" + _NAME + r")"
)
_COPYRIGHT = re.compile(
    r"(?i)^(?:\u00a9|\(c\)|copyright)\s*(?:\u00a9\s*)?(?:(?:19|20)\d{2}\s*(?:[-\u2013]\s*(?:19|20)\d{2}\s*)?)?"
    r"(?:,\s*)?(?:the\s+)?(?P<n>[^.,;]{0,60})"
)
_RIGHTS = re.compile(
    r"(?i)all rights reserved|may not be (?:published|reproduced|copied)|rewritten or redistributed"
)
_STAFF = re.compile(
    r"(?i)^(?:additional\s+)?(?:reporting|writing|editing|edited|compiled|produced|research|"
    r"graphics|fact[- ]checking)\s+(?:by|from)\b"
)
_SPLIT = re.compile(r"\s*(?:,|;|/|&|\+|\band\b)\s*")

# Credits glued inside body sentences.
_REPORTS_END = re.compile(
    r",\s+(?P<verb>reports|reported|writes|wrote)\s+(?:the\s+)?(?P<n>" + _NAME + r")(?=\s*[.;!]|\s*$)"
)
_ACCORDING = re.compile(
    r"(?i:\b(?:according\s+to|as\s+reported\s+by|reported\s+by|citing|first\s+reported\s+by)\s+"
    r"(?:a\s+report\s+(?:by|from|in)\s+)?(?:the\s+)?)(?P<n>" + _NAME + r")"
)
_NAME_REPORTED = re.compile(
    r"(?:^|[^\w])(?:[Tt]he\s+)?(?P<n>" + _NAME + r")\s+(?:reported|reports|first\s+reported)\b"
)
_MEDIA_SHAPE = re.compile(r"^[^\W\d_][\w&'\u2019.\- ]{0,50}$")
_PAREN_CODE = re.compile(r"\((?P<n>[A-Z][A-Za-z\-]{1,14})\)")


_LEADING = re.compile(
    r"^(?:(?:the|as|but|and|or|in|on|at|while|when|after|before|also|meanwhile|earlier|later|however"
    r"|so|yet|then|now|both|per|via|with|from|if|since|because|though|although|last|this|that)\s+)+",
    re.IGNORECASE,
)


_WHEN_POSSESSIVE = re.compile(
    r"^(?:january|february|march|april|may|june|july|august|september|october|november|december|monday"
    r"|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|week|weekend|month|year|morning"
    r"|evening|night)['\u2019]s\s+",
    re.IGNORECASE,
)


def normalise(name: str, lex: Lexicon) -> str | None:
    """The canonical form of one credited name, ``None`` for generic words ("agencies")."""
    name = _LEADING.sub("", name.strip(" \t.,;:()[]\"'\u201c\u201d"))
    name = re.sub(r"\s+", " ", name)
    name = _WHEN_POSSESSIVE.sub("", name)  # "July's Washington Post" -> "Washington Post"
    if not name:
        return None
    key = label_key(name)
    if key in lex.generic_credits or key in lex.desk_words:
        return None
    if key in lex.agency_alias:
        return lex.agency_alias[key]
    if not name[0].isupper():
        return None
    return name


def is_media(name: str, lex: Lexicon) -> bool:
    """Does the name look like a wire agency or a news outlet ("Sky News", "the Express US")?"""
    name = _LEADING.sub("", name.strip())
    if not _MEDIA_SHAPE.match(name):
        return False
    key = label_key(name)
    if key in lex.agency_alias or key in lex.media_names:
        return True
    words = key.split()
    if len(words) >= 2 and words[-1] in lex.media_words:
        return True
    return len(words) >= 2 and words[-1] in lex.media_editions and words[-2] in lex.media_words


def _names(chunk: str, lex: Lexicon, *, media_only: bool, cfg: DetectorConfig = DETECTORS) -> tuple[str, ...]:
    out = []
    for part in _SPLIT.split(chunk):
        part = part.strip()
        if not part or (media_only and not is_media(part, lex)):
            continue
        canon = normalise(part, lex)
        if canon and len(canon.split()) <= cfg.credit_name_max_words:
            out.append(canon)
    return tuple(out)


def credit_line(text: str, lex: Lexicon, cfg: DetectorConfig = DETECTORS) -> tuple[str, tuple[str, ...]] | None:
    """``(reason, credits)`` when the whole line is a credit/copyright line, else ``None``."""
    if len(text) > cfg.credit_line_max_chars:
        return None
    m = _WITH_INPUTS.match(text)
    if m and len(m.group("n").split()) <= cfg.inputs_max_words:
        staff = "reporting" in m.group("kind").lower()
        return "credit", _names(m.group("n"), lex, media_only=staff, cfg=cfg)
    m = _SOURCE.match(text)
    if m and len(m.group("n").split()) <= cfg.source_max_words:
        return "credit", _names(m.group("n"), lex, media_only=False, cfg=cfg)
    m = _ORIGINAL.match(text)
    if m:
        return "credit", _names(m.group("n"), lex, media_only=False, cfg=cfg)
    if _STAFF.match(text):
        return "credit", _names(text, lex, media_only=True, cfg=cfg)
    m = _COPYRIGHT.match(text)
    if m and (text[:1] in "\u00a9(" or text.lower().startswith("copyright")):
        return "chrome", _names(m.group("n"), lex, media_only=True, cfg=cfg)
    if _RIGHTS.search(text) and len(text) < cfg.rights_line_max_chars:
        return "chrome", ()
    for pattern in (_PAREN, _DASH):
        m = pattern.match(text)
        if m and is_media(m.group("n"), lex):
            return "credit", _names(m.group("n"), lex, media_only=True, cfg=cfg)
    words = text.split()
    if (
        len(words) <= cfg.outlet_line_max_words
        and all(w[0].isupper() or w.lower() == "the" for w in words)
        and is_media(text, lex)
        and not text.endswith(("?", "!"))
    ):
        return "credit", _names(text, lex, media_only=True, cfg=cfg)
    return None


def inline_credits(text: str, lex: Lexicon, cfg: DetectorConfig = DETECTORS) -> tuple[str, ...]:
    """Credits glued inside a body sentence ("..., reports the Express US.", "(AP) —")."""
    found: list[str] = []
    if "report" in text or "writ" in text or "wrote" in text:
        for m in _REPORTS_END.finditer(text):
            written = m.group("verb").startswith("wr")
            found.extend(_names(m.group("n"), lex, media_only=written, cfg=cfg)[:1])
        for m in _NAME_REPORTED.finditer(text):
            found.extend(_names(m.group("n"), lex, media_only=True, cfg=cfg)[:1])
    low = text.lower()
    if "accord" in low or "report" in low or "citing" in low:
        for m in _ACCORDING.finditer(text):
            found.extend(_names(m.group("n"), lex, media_only=True, cfg=cfg)[:1])
    if "(" in text:
        for m in _PAREN_CODE.finditer(text):
            key = m.group("n").lower()
            if key in lex.agency_alias:
                found.append(lex.agency_alias[key])
    return tuple(found)
