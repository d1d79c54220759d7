"""Figures in text: finding them, reading their value, and writing them back out.

Used to state claim values ("about 10,000", "1.2 million") and to check that a figure written in a
summary sentence is the same figure as one in an article, whatever its format ("10,000",
"10 000", "10000", "ten thousand" is not handled: spelled-out numbers are rare for counts).
"""

from __future__ import annotations

import re

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
# 10,000 | 10 000 (thin/narrow spaces too) | 10000 | 1.2 | .5, optionally followed by a scale word.
FIGURE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[,\u202f\u2009\u00a0 ]\d{3})+|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*(thousand|million|billion|trillion|bn|k|m)\b)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")

QUALIFIER_WORDS = {
    "approximately": "about",
    "at_least": "at least",
    "up_to": "up to",
    "more_than": "more than",
    "fewer_than": "fewer than",
    "exact": "",
    "range": "",
}


def parse_figure(number: str, scale: str | None = None) -> float:
    """The value of one matched figure: digits with thousands separators, optional scale word."""
    digits = re.sub(r"[,\u202f\u2009\u00a0 ]", "", number)
    value = float(digits)
    if scale:
        value *= _SCALES[scale.lower()]
    return value


def figures_in(text: str, *, skip_years: bool = True) -> list[tuple[float, int, int]]:
    """Every figure in ``text`` as (value, start, end); four-digit years are left out if asked."""
    found = []
    for m in FIGURE.finditer(text):
        if skip_years and not m.group(2) and _YEAR.match(m.group(1)):
            continue
        found.append((parse_figure(m.group(1), m.group(2)), m.start(), m.end()))
    return found


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def format_value(value: float) -> str:
    """A figure as newspapers write it: 10,000 · 1,500 · 1.2 million · 3.5."""
    if value >= 1e6 and value % 1e5 == 0:
        for name, scale in (("billion", 1e9), ("million", 1e6)):
            if value >= scale:
                num = value / scale
                text = f"{num:.1f}".rstrip("0").rstrip(".")
                return f"{text} {name}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_figure(qualifier: str, value: float, value_high: float | None = None) -> str:
    """ "about 10,000", "up to 12,000", "8,000-10,000", "11,000"."""
    if qualifier == "range" and value_high is not None:
        return f"{format_value(value)}\u2013{format_value(value_high)}"
    word = QUALIFIER_WORDS.get(qualifier, "")
    text = format_value(value)
    return f"{word} {text}" if word else text


_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹"}


def format_amount(value: float, kind: str = "count", currency: str | None = None, unit: str | None = None) -> str:
    """A value with its unit as newspapers write it: "$60 billion", "5.4%", "2.5 percentage
    points", "943,000"."""
    if kind in ("percent",):
        return f"{format_value(value)}%"
    if kind == "points":
        return f"{format_value(value)} percentage point{'s' if value != 1 else ''}"
    if kind == "money":
        text = format_value(value)
        for name, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
            if value >= scale:
                num = value / scale
                text = f"{num:,.2f}".rstrip("0").rstrip(".") + f" {name}"
                break
        sign = _CURRENCY_SIGNS.get(currency or "")
        if sign:
            return f"{sign}{text}"
        return f"{text} {currency or unit or ''}".strip()
    return format_value(value)


def format_claim_figure(qualifier: str, value: float, value_high: float | None = None, kind: str = "count",
                        currency: str | None = None, unit: str | None = None) -> str:
    """Like :func:`format_figure`, with the unit of money and percentage figures."""
    if kind == "count":
        return format_figure(qualifier, value, value_high)
    if qualifier == "range" and value_high is not None:
        return f"{format_amount(value, kind, currency, unit)}\u2013{format_amount(value_high, kind, currency, unit)}"
    word = QUALIFIER_WORDS.get(qualifier, "")
    text = format_amount(value, kind, currency, unit)
    return f"{word} {text}" if word else text
