"""`newsdesk watch` over many feeds served locally: throughput, politeness, memory, second round.

A child process serves ``--feeds`` RSS feeds of ``--items`` items each (default 200 × 20 = 4,000
article pages) from ``--hosts`` loopback addresses (127.0.0.1, 127.0.0.2, …: distinct hosts for
the per-host politeness), each page a short article of its own. The benchmark then runs one
`watch --once` round (``run_round``; story versions off: they are measured by bench/brief.py)
into a fresh database, and a second round with nothing changed.

Reported: wall time, items stored per second, requests, the most requests any host received
in any one-second window (never above 1/delay: one request at a time per host, starts at least
``--delay`` apart), peak resident memory of the watching process (the server is another
process) and, with ``--jobs`` > 1, of the largest page-cleaning worker, and for the second round the page fetches (0: every feed answers 304).

Run: ``.venv/bin/python -m bench.watch [--feeds 200] [--items 20] [--hosts 20] [--delay 0.05]``
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

_PLACES = ["Lindenau", "Marrow Bay", "Ostrava Hills", "Kessel", "Port Aven", "Tarn Valley", "Greyfield", "Selby Cross"]
_TOPICS = ["floods", "a power cut", "a rail strike", "a storm", "a bridge closure", "a water shortage", "a fire",
           "a heat wave"]


def _article(feed: int, item: int) -> tuple[str, list[str]]:
    place = _PLACES[(feed + item) % len(_PLACES)]
    topic = _TOPICS[(feed * 7 + item) % len(_TOPICS)]
    n = 100 + feed * 20 + item
    title = f"{place} hit by {topic}: report {feed}-{item}"
    paragraphs = [
        f"Residents of {place} woke up to {topic} on Monday, and about {n} homes were affected, officials said.",
        f"\"We are doing everything we can,\" said a spokesperson for the council of {place}, adding that crews"
        f" from neighbouring towns had been called in to help with {topic}.",
        f"Report number {feed}-{item} of the local desk follows the story through the day, with updates from the"
        f" council, the fire service and residents of {place} who described the night to reporters.",
    ]
    return title, paragraphs


def serve(hosts: int, feeds: int, items: int, ready, stop) -> None:
    from watchserver import LocalServer, page, rss

    servers = []
    for h in range(hosts):
        server = LocalServer(host=f"127.0.0.{h + 1}")
        servers.append(server.__enter__())
    for f in range(feeds):
        server = servers[f % hosts]
        entries = []
        for i in range(items):
            title, paragraphs = _article(f, i)
            path = f"/f{f}/{i}.html"
            server.set(path, page(title, paragraphs, published="2024-11-04T10:00:00Z", site=f"Desk {f}"))
            entries.append({"title": title, "link": server.url(path), "description": paragraphs[0]})
        server.set(f"/feed{f}.xml", rss(f"Desk {f}", entries), content_type="application/rss+xml")
    ready.put([s.url(f"/feed{f}.xml") for f in range(feeds) for s in [servers[f % hosts]]])
    stop.wait()
    for server in servers:
        server.__exit__(None, None, None)


def _max_per_second(starts: list[float]) -> int:
    starts = sorted(starts)
    best, j = 0, 0
    for i, t in enumerate(starts):
        while starts[j] <= t - 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.05, help="least seconds between two requests to a host")
    parser.add_argument("--max-hosts", type=int, default=8, help="hosts fetched from at the same time")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes that read and clean pages")
    args = parser.parse_args(argv)

    from newsdesk.ingest.limits import ReadLimits
    from newsdesk.store import open_store
    from newsdesk.watch.config import WatchConfig
    from newsdesk.watch.round import run_round
    from newsdesk.watch.state import add_source

    ctx = mp.get_context("spawn")
    ready, stop = ctx.Queue(), ctx.Event()
    child = ctx.Process(target=serve, args=(args.hosts, args.feeds, args.items, ready, stop), daemon=True)
    child.start()
    urls = ready.get(timeout=300)
    config = WatchConfig(min_delay=args.delay, max_hosts=args.max_hosts, jobs=args.jobs, versions=False, batch_size=100,
                         max_items_per_source=args.items, limits=ReadLimits(allow_private=True))
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "watch.db")) as store:
            for url in urls:
                add_source(store, url, every_s=0.001)
            for label in ("first round", "second round (no changes)"):
                events: list[dict] = []
                time.sleep(0.01)
                started = time.perf_counter()
                report = run_round(store, config, log=events.append)
                wall = time.perf_counter() - started
                per_host: dict[str, list[float]] = defaultdict(list)
                for e in events:
                    if e.get("event") == "request":
                        per_host[e["host"]].append(e["t"])
                page_fetches = sum(1 for e in events if e.get("event") == "request" and e.get("kind") == "page")
                rows.append((label, wall, report, page_fetches, max(_max_per_second(v) for v in per_host.values()),
                             resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                             resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if args.jobs > 1 else 0))
    finally:
        stop.set()
        child.join(timeout=10)
    limit = int(1 / args.delay) if args.delay > 0 else "none"
    print(f"watch: {args.feeds} feeds x {args.items} items on {args.hosts} loopback hosts, delay {args.delay:g} s"
          f" (limit {limit} requests/host/s), {args.max_hosts} hosts at a time, {args.jobs} cleaning process(es)")
    print(f"{'round':<28}{'wall s':>8}{'articles':>10}{'items/s':>9}{'requests':>10}{'page GETs':>10}"
          f"{'304s':>6}{'max req/host/s':>16}{'peak MB':>9}{'worker MB':>10}")
    for label, wall, report, pages, per_second, peak, worker in rows:
        print(f"{label:<28}{wall:>8.1f}{report.articles_added:>10}{report.articles_added / wall:>9.1f}"
              f"{report.requests:>10}{pages:>10}{report.sources_unchanged:>6}{per_second:>16}{peak:>9.0f}{worker:>10.0f}")


if __name__ == "__main__":
    main()
