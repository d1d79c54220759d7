"""The gender a first name usually has, from the name list that ships in the ``gender-guesser``
package (Jörg Michael's ``nam_dict.txt``, read directly: a fast parse of the two columns needed,
on first use).

Only names the list gives one gender ("M"/"1M" male, "F"/"1F" female) count; names used for
both, or missing, are unknown. Speaker resolution uses it to tell "he" from "she" when the
article gives no title ("Mr.", "Mrs.") to go by.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

_LINE = re.compile(r"^(1?[MF]|\?[MF]?) +(\S+)", re.MULTILINE)


def _data_file() -> Path | None:
    spec = importlib.util.find_spec("gender_guesser")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "nam_dict.txt"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    path = _data_file()
    if path is None:
        return {}
    male: set[str] = set()
    female: set[str] = set()
    mixed: set[str] = set()
    sets = {"M": male, "1M": male, "F": female, "1F": female}
    for code, name in _LINE.findall(path.read_text(encoding="utf-8")):
        sets.get(code, mixed).add(name)
    both = male & female
    doubtful = set(mixed)  # listed with a "?" code somewhere
    mixed |= both
    table = {n.lower(): "m" for n in male - mixed}
    table.update({n.lower(): "f" for n in female - mixed})
    for n in mixed:
        table.pop(n.lower(), None)
    # listed firmly as both ("F Jane" and "M Jane"), with nothing less sure: the usual one
    sure = {n.lower() for n in both - doubtful}
    table.update(_by_frequency(path.read_text(encoding="utf-8"), sure))
    for name in [n for n in table if "+" in n]:  # "Ann+Marie": Annmarie, Ann Marie, Ann-Marie
        for sep in ("", " ", "-"):
            table.setdefault(name.replace("+", sep), table[name])
    return table


_DOMINANT = 4  # a name listed for both genders has the one used this many times as often


def _by_frequency(text: str, names: set[str]) -> dict[str, str]:
    """Genders of names the list gives both ways, by how often each gender is used across its
    countries (the frequency digits after column 30: "Jane" is a woman's name in every country
    and a man's in one, rarely; "Kim" or "Jean" stay unknown)."""
    score: dict[str, dict[str, int]] = {}
    for line in text.splitlines():
        code, _, rest = line.partition(" ")
        name = rest.strip().split(" ", 1)[0].lower() if rest else ""
        if name not in names or code[:1] in "#=":
            continue
        kind = "m" if code.endswith("M") else "f" if code.endswith("F") else "?"
        total = sum(int(c, 16) for c in line[30:-1] if c in "123456789ABCDEF")
        score.setdefault(name, {"m": 0, "f": 0, "?": 0})[kind] += total
    out = {}
    for name, sc in score.items():
        for g, other in (("m", "f"), ("f", "m")):
            if sc[g] and sc[g] >= _DOMINANT * (sc[other] + sc["?"]):
                out[name] = g
    return out


def gender_of(first_name: str) -> str | None:
    """"m", "f" or None for a first name ("Nancy" -> "f", "Jordan" -> None)."""
    return _table().get(first_name.strip(".").lower())


def load() -> None:
    """Read the name list now (once per process, like the language model): the extraction stage
    calls it on its first article, so that no later article pays for it."""
    _table()


__all__ = ["gender_of", "load"]
