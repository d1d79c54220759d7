"""Periods of figures, and whether two figures agree.

Period keys. A claim's ``when`` (ISO, or ``--MM`` for a month of unknown year) and ``period`` (as
written) become a key in a *frame*: ``abs`` (a year, month or day with its year), ``month``
(a month of the story's year: "in July"; "August last year" is the month a year before),
``week`` (relative weeks: "last week" -1, "the prior week" -2, "the week before" -3), ``day``
(a day of unknown year: "the week ended April 4"). Keys of one frame are equal or different
periods; keys of different frames cannot be compared (figures then decide, see
:mod:`newsdesk.reconcile.claim_groups`). ``order`` sorts periods oldest first.

Agreement (:func:`figures_agree`) follows how reporters round and hedge:

* two point figures agree when each is the other rounded to the coarser one's written precision
  ("2.46 million" and "2.5 million"), provided the coarser figure has at least two significant
  digits; figures with one significant digit ("10,000") and hedged ones ("about", "nearly")
  agree within a relative tolerance of 5 % (10,000 and about 10,000; not 10,000 and 11,000);
* a lower bound ("at least 40", "more than 188,000") holds for a point at or above it and below
  the bound plus one unit of its last significant digit (43; 188,829) — "more than 178,000" is
  not a way of writing 188,829; an upper bound likewise from below;
* bounds of the same direction agree when their values agree; a point inside a range agrees.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from newsdesk.records import Claim

TOLERANCE = 0.05
_LOWER = ("at_least", "more_than")
_UPPER = ("up_to", "fewer_than")


@dataclass(frozen=True)
class PeriodKey:
    frame: str  # abs | month | week | day
    key: tuple
    label: str

    @property
    def order(self) -> float:
        if self.frame == "abs":
            y, m, d = (list(self.key) + [0, 0])[:3]
            return y * 12 + (m or 6) + (d or 0) / 32
        if self.frame == "month":
            back, m = self.key
            return (9999 - back) * 12 + m
        if self.frame == "day":
            m, d = self.key
            return 9999 * 12 + m + d / 32
        return 10000 * 12 + self.key[0]  # relative weeks: the latest periods


_WEEKS = (
    (re.compile(r"\b(?:last|past)\s+week\b", re.I), -1),
    (re.compile(r"\bthis\s+week\b", re.I), 0),
    (re.compile(r"\b(?:prior|previous|preceding)\s+week\b", re.I), -2),
    (re.compile(r"\bthe\s+week\s+before\b", re.I), -3),
)
BACK_REFERENCE = re.compile(r"\b(?:prior|previous|preceding|before|earlier)\b", re.I)


def period_key(claim: Claim) -> PeriodKey | None:
    """The comparable period of a claim (None: no period stated)."""
    label = claim.period or ""
    when = claim.when
    if when:
        m = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", when)
        if m:
            return PeriodKey("abs", tuple(int(g) for g in m.groups() if g), label or when)
        m = re.fullmatch(r"--(\d\d)(?:-(\d\d))?", when)
        if m and m.group(2):
            return PeriodKey("day", (int(m.group(1)), int(m.group(2))), label)
        if m:
            back = 1 if re.search(r"\blast\s+year\b", label, re.I) else 0
            return PeriodKey("month", (back, int(m.group(1))), label)
    for pattern, offset in _WEEKS:
        if pattern.search(label):
            return PeriodKey("week", (offset,), label)
    m = re.fullmatch(r"(?:(last|this|next)\s+year)", label.strip(), re.I)
    if m:  # "last year" with no publication year: the year before the story's
        offset = {"last": -1, "this": 0, "next": 1}[m.group(1).lower()]
        return PeriodKey("month", (-offset, 0), label)
    return None


def same_period(a: PeriodKey | None, b: PeriodKey | None) -> bool | None:
    """True / False when the periods can be compared, None when they cannot."""
    if a is None or b is None:
        return None
    if a.frame == b.frame:
        return a.key == b.key
    if {a.frame, b.frame} == {"abs", "month"}:
        ab, mo = (a, b) if a.frame == "abs" else (b, a)
        if len(ab.key) >= 2 and mo.key[0] == 0:
            return ab.key[1] == mo.key[1]
    return None


def _digits(value: float) -> tuple[int, float]:
    """(significant digits, unit of the last significant digit) of a written value."""
    if value == 0:
        return 1, 1.0
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    digits = text.replace(".", "").lstrip("0")
    stripped = digits.rstrip("0")
    sig = max(1, len(stripped))
    exp = math.floor(math.log10(abs(value)))
    return sig, 10.0 ** (exp - sig + 1)


def significant_digits(value: float) -> int:
    return _digits(value)[0]


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)


def _points_agree(a: Claim, b: Claim, tolerance: float) -> bool:
    if a.qualifier == "approximately" or b.qualifier == "approximately":
        if _close(a.value, b.value, tolerance):
            return True
    (sa, ua), (sb, ub) = _digits(a.value), _digits(b.value)
    coarse_sig = sa if ua >= ub else sb
    unit = max(ua, ub)
    if coarse_sig >= 2:
        return abs(a.value - b.value) <= unit / 2 + 1e-9 * unit
    return _close(a.value, b.value, tolerance)


def _bound_holds(bound: Claim, point: Claim, tolerance: float) -> bool:
    _, unit = _digits(bound.value)
    slack = max(unit, tolerance * bound.value)
    if bound.qualifier in _LOWER:
        return bound.value <= point.value < bound.value + slack
    return bound.value - slack < point.value <= bound.value


def figures_agree(a: Claim, b: Claim, tolerance: float = TOLERANCE) -> bool:
    """Whether two precise figures can state the same quantity (see the module docstring)."""
    a_range = a.qualifier == "range" and a.value_high is not None
    b_range = b.qualifier == "range" and b.value_high is not None
    if a_range and b_range:
        return _close(a.value, b.value, tolerance) and _close(a.value_high, b.value_high, tolerance)
    if a_range or b_range:
        rng, point = (a, b) if a_range else (b, a)
        return rng.value * (1 - tolerance) <= point.value <= rng.value_high * (1 + tolerance)
    a_bound = a.qualifier in _LOWER + _UPPER
    b_bound = b.qualifier in _LOWER + _UPPER
    if a_bound and b_bound:
        same_side = (a.qualifier in _LOWER) == (b.qualifier in _LOWER)
        return same_side and _close(a.value, b.value, tolerance)
    if a_bound or b_bound:
        bound, point = (a, b) if a_bound else (b, a)
        return _bound_holds(bound, point, tolerance)
    return _points_agree(a, b, tolerance)


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def when_label(when: str | None) -> str | None:
    """"--07" -> "July", "2021-07" -> "July 2021", "--04-04" -> "April 4"; others unchanged."""
    if not when:
        return None
    m = re.fullmatch(r"(?:(\d{4})|-)-(\d\d)(?:-(\d\d))?", when)
    if not m:
        return when
    year, month, day = m.groups()
    text = _MONTH_NAMES[int(month) - 1] + (f" {int(day)}" if day else "")
    return f"{text} {year}" if year else text
