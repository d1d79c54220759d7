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
    mixed |= male & female
    table = {n.lower(): "m" for n in male - mixed}
    table.update({n.lower(): "f" for n in female - mixed})
    for n in mixed:
        table.pop(n.lower(), None)
    for name in [n for n in table if "+" in n]:  # "Ann+Marie": Annmarie, Ann Marie, Ann-Marie
        for sep in ("", " ", "-"):
            table.setdefault(name.replace("+", sep), table[name])
    return table


def gender_of(first_name: str) -> str | None:
    """"m", "f" or None for a first name ("Nancy" -> "f", "Jordan" -> None)."""
    return _table().get(first_name.strip(".").lower())


def load() -> None:
    """Read the name list now (once per process, like the language model): the extraction stage
    calls it on its first article, so that no later article pays for it."""
    _table()


__all__ = ["gender_of", "load"]
