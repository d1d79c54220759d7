"""Golden stories whose articles live in the shared data sets (``tests/golden/*.json``).

A story file carries ``inputs`` naming where its articles come from (``{"dataset": "neus-val",
"cluster": "v041"}``); :func:`materialize` writes them as text files (title line, blank line,
text) named ``<cluster>_<index>.txt``, so that their article ids are ``<cluster>_<index>``.
Nothing is copied into the repository: the data is read from the shared folder at scoring time.
"""

from __future__ import annotations

import json
import os
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


def materialize(story: GoldenStory, root: Path, out_dir: Path) -> list[Path] | None:
    """Write the story's articles into ``out_dir``; None when its data set is absent."""
    inputs = story.annotation.get("inputs") or {}
    dataset = inputs.get("dataset")
    if dataset == "neus-val":
        articles = _neus_cluster(root, inputs["cluster"])
    else:
        raise InputError(str(story.path), f"unknown input data set {dataset!r}")
    if articles is None:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (title, text) in enumerate(articles):
        path = out_dir / f"{inputs['cluster']}_{i}.txt"
        path.write_text(f"{title.strip()}\n\n{text.strip()}\n", encoding="utf-8")
        paths.append(path)
    return paths
