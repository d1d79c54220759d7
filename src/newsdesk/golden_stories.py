"""Golden stories whose articles live in the shared data sets (``tests/golden/*.json``).

A story file carries ``inputs`` naming where its articles come from (``{"dataset": "neus-val",
"cluster": "v041"}``: ids ``<cluster>_<index>``; ``{"dataset": "ecbplus", "documents":
["37_9ecbplus", …]}``: ids are the document names, tokens joined back into text);
:func:`materialize` writes them as text files (title line, blank line, text).
Nothing is copied into the repository: the data is read from the shared folder at scoring time.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import InputError


@dataclass(frozen=True)
class GoldenStory:
    name: str  # file stem, e.g. "v041"
    path: Path
    annotation: dict
    split: str  # "tune" | "held_out" | ""


def shared_root() -> Path:
    """$NEWSDESK_SHARED, else ../shared beside the working directory."""
    return Path(os.environ.get("NEWSDESK_SHARED", Path.cwd().parent / "shared"))


def load_stories(folder: Path) -> list[GoldenStory]:
    """Every ``*.json`` story in ``folder``, sorted by name."""
    out = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            annotation = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(str(path), f"cannot read golden story: {exc}") from exc
        out.append(GoldenStory(path.stem, path, annotation, annotation.get("split", "")))
    return out


def _neus_cluster(root: Path, cluster: str) -> list[tuple[str, str]] | None:
    path = root / "datasets" / "neus-val" / "clusters.jsonl"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("id") == cluster:
                return [(a.get("title", ""), a.get("text", "")) for a in row["articles"]]
    raise InputError(str(path), f"no cluster {cluster!r}")


_JOINS = (
    # "Nov 28 , 2005" -> "Nov 28, 2005": four digits after a comma are a year, never a thousands group
    (re.compile(r"(\d) , (?=\d{4}\b)"), r"\1, "),
    (re.compile(r"(\d) / (?=\d)"), r"\1/"),  # "11 / 28 / 05" -> "11/28/05"
    (re.compile(r"(\d) ([.,:]) (?=\d)"), r"\1\2"),  # "6 . 1" -> "6.1", "1 , 500" -> "1,500"
    (re.compile(r" ([.,;:!?%)\]])"), r"\1"),
    (re.compile(r"([($\[]) "), r"\1"),
    (re.compile(r" (['’]s|n't|['’]re|['’]ve|['’]ll)\b"), r"\1"),
    (re.compile(r"(\w) - (?=\w)"), r"\1-"),
)


_DATELINE = re.compile(
    r"\b(?:19|20)\d\d\b.*\b(?:updated|posted|published)\b|\b\d{1,2}\s+(?:January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\s+(?:19|20)\d\d\b", re.I)


def detokenize(tokens: list[str]) -> str:
    """ECB+ tokens of one sentence back to text, as far as the spacing can be told."""
    text = " ".join({"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")"}.get(t, t) for t in tokens)
    for pattern, repl in _JOINS:
        text = pattern.sub(repl, text)
        text = pattern.sub(repl, text)
    return re.sub(r'" ([^"]*?) "', r'"\1"', text)


def _ecbplus_documents(root: Path, names: list[str]) -> list[tuple[str, str]] | None:
    """(id, text) of ECB+ documents: the headline line first, the page URL line dropped."""
    folder = root / "datasets" / "ecbplus"
    if not folder.exists():
        return None
    out = []
    for name in names:
        path = folder / name.split("_")[0] / f"{name}.xml"
        if not path.exists():
            raise InputError(str(path), "no such ECB+ document")
        sentences: dict[int, list[str]] = {}
        for tok in ET.parse(path).getroot().iter("token"):
            sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
        lines = [detokenize(sentences[k]) for k in sorted(sentences)]
        if lines and re.match(r"https?\s*:", lines[0]):
            lines = lines[1:]
        if len(lines) > 2 and _DATELINE.search(lines[0]) and len(lines[0]) <= 60 and not _DATELINE.search(lines[1]):
            lines[0], lines[1] = lines[1], lines[0]  # a dateline above the headline: the headline first
        out.append((name, lines[0] + "\n\n" + "\n".join(lines[1:])))
    return out


def materialize(story: GoldenStory, root: Path, out_dir: Path) -> list[Path] | None:
    """Write the story's articles into ``out_dir``; None when its data set is absent."""
    inputs = story.annotation.get("inputs") or {}
    dataset = inputs.get("dataset")
    if dataset == "neus-val":
        articles = _neus_cluster(root, inputs["cluster"])
        named = None if articles is None else [
            (f"{inputs['cluster']}_{i}", f"{title.strip()}\n\n{text.strip()}") for i, (title, text) in enumerate(articles)]
    elif dataset == "ecbplus":
        named = _ecbplus_documents(root, list(inputs["documents"]))
    else:
        raise InputError(str(story.path), f"unknown input data set {dataset!r}")
    if named is None:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in named:
        path = out_dir / f"{name}.txt"
        path.write_text(text.strip() + "\n", encoding="utf-8")
        paths.append(path)
    return paths
