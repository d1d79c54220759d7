"""Number words and their reader: "twenty-eight thousand" -> 28000, magnitudes ("bn", "lakh"),
vague counts ("tens of thousands"), fractions and ordinals (English grammar; units of measure are
data, in ``lexicon/units.py`` and ``data/units_table.json``)."""

from __future__ import annotations

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9,
               "trillion": 10**12, "lakh": 100_000, "crore": 10_000_000}
DOZEN = 12

# Magnitude suffixes written after digits ("1.2m", "$3bn", "25k").
MAGNITUDE_SUFFIXES = {
    "thousand": 1e3, "k": 1e3, "K": 1e3,
    "million": 1e6, "mn": 1e6, "mil": 1e6, "mln": 1e6, "m": 1e6, "M": 1e6,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "B": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12, "tr": 1e12,
    "lakh": 1e5, "crore": 1e7,
}
AMBIGUOUS_MAGNITUDES = {"m", "M", "b", "B"}  # also metre / byte: decided by context

# Vague counts: "dozens of", "tens of thousands of" -> (low, high) as an order of magnitude.
VAGUE_BASE = {"dozens": (12.0, 120.0), "scores": (20.0, 200.0), "hundreds": (1e2, 1e3),
              "thousands": (1e3, 1e4), "millions": (1e6, 1e7), "billions": (1e9, 1e10),
              "trillions": (1e12, 1e13)}
VAGUE_MULTIPLIER = {"tens": 10.0, "hundreds": 100.0}

FRACTION_WORDS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
                  "quarters": 0.25, "fourth": 0.25, "fourths": 0.25, "fifth": 0.2, "fifths": 0.2,
                  "tenth": 0.1, "tenths": 0.1}

ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth hundredth thousandth millionth".split()
)

NUMBER_WORD_RE = "|".join(
    sorted([*UNITS_WORDS, *TENS_WORDS, *SCALE_WORDS, "dozen"], key=len, reverse=True)
)


def words_to_number(words: list[str]) -> float | None:
    """Value of a run of number words: ["twenty-eight", "thousand", "six", "hundred"] -> 28600.

    Digits may start the run ("4", "hundred", "million" -> 4e8). None when the run is not a number.
    """
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        for word in raw.lower().replace("-", " ").split():
            if word == "and":
                continue
            if word == "a":
                current = current or 1.0
                continue
            if word in UNITS_WORDS:
                current += UNITS_WORDS[word]
            elif word in TENS_WORDS:
                current += TENS_WORDS[word]
            elif word == "dozen":
                current = (current or 1.0) * DOZEN
            elif word in SCALE_WORDS:
                scale = SCALE_WORDS[word]
                if scale == 100:
                    current = (current or 1.0) * 100
                else:
                    total += (current or 1.0) * scale
                    current = 0.0
            else:
                try:
                    current += float(word.replace(",", ""))
                except ValueError:
                    return None
            seen = True
    return total + current if seen else None
