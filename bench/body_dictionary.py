"""How ``src/newsdesk/data/body_dictionary.txt`` was made, and what it saves.

    python bench/body_dictionary.py [--write]

The store compresses article bodies with zlib and this preset dictionary (``store/bodies.py``):
the 4,000 most frequent words of the article bodies of the AEB benchmark
(``../shared/datasets/aeb/ground-truth.json``, 181 news pages, MIT licence), the most frequent
last (nearest to the text, so the cheapest to refer to), cut to zlib's 32 KiB window. The file is
frozen: stored bodies name it by its Adler-32 checksum, and a body packed with it can only be
read with it (``tests/test_store_bodies.py`` pins the checksum). ``--write`` makes it again (only
for a new dictionary, under a new name).

Prints the compressed size / text size of bodies without and with the dictionary on two sets it
was not made from: PolNeAR train (840 long articles) and NeuS validation (921 short items).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "datasets"
TARGET = REPO / "src" / "newsdesk" / "data" / "body_dictionary.txt"
WORDS = 4000


def make_dictionary() -> bytes:
    truth = json.loads((DATA / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    text = " ".join(v["articleBody"] for v in truth.values() if v.get("articleBody"))
    counts = collections.Counter(re.findall(r"\w+(?:['’]\w+)?", text))
    return " ".join(reversed([w for w, _ in counts.most_common(WORDS)])).encode("utf-8")[-32768:]


def ratio(texts: list[str], zdict: bytes | None) -> float:
    raw = packed = 0
    for text in texts:
        data = text.encode("utf-8")
        packer = zlib.compressobj(9, zdict=zdict) if zdict else zlib.compressobj(9)
        raw += len(data)
        packed += min(len(data), len(packer.compress(data) + packer.flush()))
    return packed / raw


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write the dictionary file")
    args = parser.parse_args(argv)
    if not DATA.exists():
        raise SystemExit(f"needs the shared data sets at {DATA}")
    if args.write:
        TARGET.write_bytes(make_dictionary())
        print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes, adler32 {zlib.adler32(TARGET.read_bytes())})")
    zdict = TARGET.read_bytes()
    sets = {
        "polnear-train (840 long)": [p.read_text(encoding="utf-8") for p in sorted((DATA / "polnear-train-text").glob("*.txt"))],
        "neus-val (921 short)": [a["title"] + "\n" + a["text"] for line in
                                 (DATA / "neus-val" / "clusters.jsonl").read_text(encoding="utf-8").splitlines()
                                 for a in json.loads(line)["articles"]],
    }
    print(f"{'set':26} {'zlib':>7} {'zlib + dictionary':>18}")
    for name, texts in sets.items():
        print(f"{name:26} {ratio(texts, None):7.3f} {ratio(texts, zdict):18.3f}")


if __name__ == "__main__":
    sys.exit(main())
