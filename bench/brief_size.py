"""Brief time by article size: is the work for one long article linear in its length?

One single-line article (the five seed articles in examples/seeds flattened to one line and
repeated, as in issue 11's report of a 9.5 MB article) of each ``--sizes`` MB is briefed in a
child process, with the models loaded first (warm) and the per-article cap lifted. Printed per
size: CPU seconds of each stage (read + clean, extract, reconcile) and in all, wall seconds,
CPU seconds per MB, the ratio of that to the smallest size's (1.00 = linear), and the child's
peak memory. CPU time is the figure to read on a shared machine: wall time moves with the load.
Each size is stopped after ``--timeout`` seconds, so the bench always ends. The last row is
what the default limits do with a 9.5 MB article (skipped at the cap, or briefed).

``--text polnear`` briefs PolNeAR's texts joined into one line instead (varied names, quotes and
figures: work that repeats would hide, such as resolving one name against all the others, shows).

Run: ``.venv/bin/python bench/brief_size.py [--sizes 0.1,1,3] [--timeout 600] [--text seeds|polnear]``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def single_line(size: int, text: str = "seeds") -> str:
    """Real news text flattened to one line, ``size`` characters of it: the five seed articles
    (examples/seeds) repeated, or with ``text="polnear"`` the PolNeAR train texts one after
    another (../shared/datasets/polnear-train-text, about 3 MB of varied political news, so that
    names, quotes and figures keep changing instead of repeating)."""
    if text == "polnear":
        import os

        folder = Path(os.environ.get("NEWSDESK_SHARED", REPO.parent / "shared")) / "datasets" / "polnear-train-text"
        files = sorted(folder.glob("*.txt"))
        if not files:
            raise SystemExit(f"no PolNeAR texts in {folder}")
        joined = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in files)
        if len(joined) < size:
            raise SystemExit(f"PolNeAR gives {len(joined):,} characters, fewer than {size:,}")
        return joined[:size]
    seeds = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted((REPO / "examples" / "seeds").glob("*.txt")))
    return (seeds + " ") * (size // (len(seeds) + 1)) + seeds[: size % (len(seeds) + 1)]


def one_brief(mb: float, text: str = "seeds") -> dict:
    """Brief one single-line article of ``mb`` MB, models loaded first: CPU seconds per stage."""
    from newsdesk.ingest import ReadLimits, read_sources
    from newsdesk.nlp.extract import analyse_story
    from newsdesk.pipeline import one_story, read_articles, run_brief
    from newsdesk.reconcile import reconcile_story

    reader = partial(read_sources, limits=ReadLimits(max_article_chars=100_000_000, max_bytes=200_000_000))
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.txt"
        warm.write_text(single_line(5_000), encoding="utf-8")
        run_brief([str(warm)], reader=reader, grouper=one_story)
        path = Path(tmp) / "single.txt"
        path.write_text(single_line(int(mb * 1_000_000), text), encoding="utf-8")
        wall, cpu = time.monotonic(), time.process_time()
        articles, skipped = read_articles([str(path)], reader=reader)
        read = time.process_time() - cpu
        story = next(iter(one_story(articles)))
        facts, entities = analyse_story(list(story.articles))
        extract = time.process_time() - cpu - read
        brief = reconcile_story(story.articles, facts, entities, id=story.id, title=story.title)
        total = time.process_time() - cpu
        took = time.monotonic() - wall
    return {"cpu": total, "read": read, "extract": extract, "reconcile": total - read - extract, "wall": took,
            "claims": len(brief.claims), "skipped": len(skipped),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def rows(sizes_mb: list[float], timeout: float, text: str = "seeds") -> list[list]:
    out, base = [], None
    for mb in sizes_mb:
        try:
            done = subprocess.run([sys.executable, __file__, "--one", str(mb), "--text", text], capture_output=True, text=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            out.append([f"{mb:g} MB", "", "", "", f"> {timeout:g} (stopped)", "", "", "", ""])
            continue
        if done.returncode != 0:
            out.append([f"{mb:g} MB", "", "", "", "", "", "", "", "failed: " + done.stderr.strip().splitlines()[-1][:80]])
            continue
        got = json.loads(done.stdout.strip().splitlines()[-1])
        per_mb = got["cpu"] / mb
        base = base or per_mb
        out.append([f"{mb:g} MB", f"{got['read']:.1f}", f"{got['extract']:.1f}", f"{got['reconcile']:.1f}",
                    f"{got['cpu']:.1f}", f"{got['wall']:.1f}", f"{per_mb:.1f}", f"{per_mb / base:.2f}",
                    f"{got['peak_mb']:.0f}"])
    return out


def default_cap_row(mb: float = 9.5) -> list:
    """What reading a ``mb`` MB single-line article does under the default limits: measured."""
    from newsdesk.ingest import read_sources
    from newsdesk.records import Skipped

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "huge.txt"
        path.write_text(single_line(int(mb * 1_000_000)), encoding="utf-8")
        started = time.monotonic()
        items = list(read_sources([str(path)]))
        took = time.monotonic() - started
    outcome = "; ".join(f"skipped: {i.reason}" if isinstance(i, Skipped) else "read (under the cap)" for i in items)
    return [f"{mb:g} MB, default limits", f"{took:.1f} s", outcome[:120]]


HEADER = ["size", "read+clean CPU s", "extract CPU s", "reconcile CPU s", "CPU s", "wall s", "CPU s per MB",
          "ratio (1 = linear)", "peak MB"]


def table(title: str, header: list[str], body: list[list]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *body)]
    print(f"\n## {title}\n")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in body:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.1,1,3", help="article sizes in MB (default 0.1,1,3)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per size (default 600)")
    parser.add_argument("--text", choices=["seeds", "polnear"], default="seeds",
                        help="seeds: the seed articles repeated (default); polnear: PolNeAR texts joined (varied)")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)  # the child process of one size
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one_brief(args.one, args.text)))
        return
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    table(f"brief of one single-line article, {args.text} text (load average {' '.join(load)})", HEADER,
          rows([float(x) for x in args.sizes.split(",")], args.timeout, args.text))
    table("the default per-article cap", ["input", "time", "outcome"], [default_cap_row()])


if __name__ == "__main__":
    main()
