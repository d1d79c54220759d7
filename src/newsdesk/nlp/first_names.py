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

_CODES = {"M": "m", "1M": "m", "F": "f", "1F": "f"}
_SURE = re.compile(r"^(1?[MF]) +(\S+)", re.MULTILINE)
_UNSURE = re.compile(r"^\?[MF]? +(\S+)", re.MULTILINE)


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
    text = path.read_text(encoding="utf-8")
    seen: dict[str, str] = {}
    mixed = {name.lower() for name in _UNSURE.findall(text)}
    for code, name in _SURE.findall(text):
        gender = _CODES[code]
        name = name.lower()
        for variant in {name.replace("+", r) for r in ("", " ", "-")} if "+" in name else (name,):
            if seen.get(variant, gender) != gender:
                mixed.add(variant)
            seen[variant] = gender
    return {k: v for k, v in seen.items() if k not in mixed}


def gender_of(first_name: str) -> str | None:
    """"m", "f" or None for a first name ("Nancy" -> "f", "Jordan" -> None)."""
    return _table().get(first_name.strip(".").lower())


__all__ = ["gender_of"]
