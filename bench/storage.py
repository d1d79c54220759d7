"""How many bytes a store takes beside the body text it holds (issue 9's storage target: <= 2x).

    python bench/storage.py [INPUT ...] [--db FILE] [--keep]

With inputs (default: ``../shared/datasets/polnear-train-text``, 840 real articles with their
original text), adds them with ``newsdesk add`` into a fresh store under out/bench-storage/ and
measures it; with ``--db``, measures an existing store (read only). Prints the file's bytes in
use and each part's (articles table, full-text index, story state, duplicate state), each as a
multiple of the UTF-8 bytes of the stored bodies, and the largest tables.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
DEFAULT_INPUT = REPO.parent / "shared" / "datasets" / "polnear-train-text"


def build(inputs: list[str], db: Path) -> float:
    for side in ("", "-wal", "-shm"):
        Path(str(db) + side).unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from newsdesk.cli import main; main()", "add", *inputs, "--db", str(db),
                    "-q"], check=True)
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - t0


def report(db: Path) -> None:
    from newsdesk.store.usage import storage_usage

    u = storage_usage(str(db))
    mb = 1e6
    print(f"store {db}: {u.articles} articles, body text {u.body_bytes / mb:.2f} MB")
    print(f"{'part':12} {'MB':>8} {'x body':>8}")
    for part in ("articles", "fts", "stories", "duplicates", "other"):
        if part in u.parts:
            print(f"{part:12} {u.parts[part] / mb:8.2f} {u.ratio(part):8.2f}")
    print(f"{'file in use':12} {u.file_bytes / mb:8.2f} {u.ratio():8.2f}   (target <= 2.00;"
          f" {u.file_bytes / max(1, u.articles) * 1000 / mb:.1f} MB per 1,000 articles)")
    top = sorted(u.tables.items(), key=lambda kv: -kv[1])[:8]
    print("largest: " + ", ".join(f"{name} {size / u.body_bytes:.2f}" for name, size in top))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--db", type=Path, help="measure this store instead of building one")
    args = parser.parse_args(argv)
    if args.db:
        report(args.db)
        return
    inputs = args.inputs or [str(DEFAULT_INPUT)]
    if not args.inputs and not DEFAULT_INPUT.exists():
        raise SystemExit(f"needs {DEFAULT_INPUT} (or give inputs)")
    db = REPO / "out" / "bench-storage" / "store.db"
    seconds = build(inputs, db)
    print(f"built with `newsdesk add {' '.join(inputs)}` in {seconds:.0f} s")
    report(db)


if __name__ == "__main__":
    main()
