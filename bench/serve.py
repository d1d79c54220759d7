"""Load test of the web app (`newsdesk serve`) on 127.0.0.1 with 10k stored articles.

The store is built once from real text and cached under out/bench-serve/ (gitignored): the
synthetic articles of bench/cluster_scale.py (sentences of the shared data sets recombined
into articles; Zipf-like story sizes, reprinted passages), each with a title, a date in
October-November 2024 and one of twelve outlets, added with `newsdesk add` semantics (cleaned,
stored, clustered). Each run copies it, starts `newsdesk serve` on a free loopback port, warms
the briefs of the stories it will visit, then runs C concurrent clients for D seconds over
story pages, search and the JSON API while one writer adds articles through `POST
/api/articles` one at a time. Every added article is looked up afterwards: a write is lost
when its job did not report it stored or the API cannot find it.

    python bench/serve.py [--articles 10000] [--clients 32] [--seconds 20] [--stories 24]
                          [--search-workers N] [--server-processes N]

Prints requests/s, p50/p95/p99 latency and errors per kind of request, the CPU of the server's
answering processes (``serve --processes N``: the primary and its readers), of its other
processes and of the load generator (which shares the machine), and the writes. The
search page draws its words from the visited stories' top terms (popular searches, repeated:
answered from the app's search cache until the store changes); the search API draws from the
words of every story title (mostly searches not made before: ranked by SQLite FTS5 each time).
The server only ever listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "out" / "bench-serve"
OUTLETS = ("Harbour Post", "Daily Ledger", "Evening Star", "Metro Wire", "Capital Times", "North Gazette",
           "Coastal Herald", "Valley News", "Morning Courier", "The Observer Desk", "City Journal", "Plains Report")
sys.path.insert(0, str(REPO))


def _records(n: int, seed: int, offset: int = 0) -> list[dict]:
    from bench.cluster_scale import datasets_dir, load_sources, synthetic_articles

    rng = random.Random(seed + offset)
    out = []
    for doc_id, body in synthetic_articles(load_sources(datasets_dir()), n + offset, seed)[offset:]:
        first = body.split("\n", 1)[0]
        title = " ".join(first.split()[:12]).rstrip(".,;:")
        day = 1 + rng.randrange(61)
        date = f"2024-{10 + (day > 31):02d}-{(day - 1) % 31 + 1:02d}T{rng.randrange(24):02d}:00:00"
        out.append({"id": doc_id, "title": title, "text": body, "date": date, "source": rng.choice(OUTLETS)})
    return out


def build_store(n: int, seed: int) -> Path:
    """The cached store of ``n`` synthetic articles (built when missing)."""
    db = CACHE / f"store-{n}-seed{seed}.db"
    if db.exists():
        from newsdesk.store import open_store

        with open_store(str(db)):  # brought to the current schema once here, not in every run's copy
            pass
        return db
    from newsdesk.add import add_inputs
    from newsdesk.ingest.limits import ReadLimits
    from newsdesk.store import open_store

    CACHE.mkdir(parents=True, exist_ok=True)
    parts = CACHE / f"records-{n}-seed{seed}"
    parts.mkdir(exist_ok=True)
    records = _records(n, seed)
    files = []
    for i in range(0, n, 1000):
        path = parts / f"part{i // 1000:03d}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records[i:i + 1000]), encoding="utf-8")
        files.append(str(path))
    tmp = db.with_suffix(".building")
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    with open_store(str(tmp)) as store:
        for i, path in enumerate(files):  # one batch per part: progress, and bounded memory
            add_inputs(store, [path], limits=ReadLimits(max_bytes=100_000_000))
            print(f"  stored {min(n, (i + 1) * 1000)} articles after {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    os.replace(tmp, db)
    for side in ("-wal", "-shm"):
        Path(str(tmp) + side).unlink(missing_ok=True)
    return db



# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, options: tuple[str, ...] = ()) -> subprocess.Popen:
    cmd = [sys.executable, "-c", "from newsdesk.cli import main; main()", "serve", "--db", str(db),
           "--host", "127.0.0.1", "--port", str(port), "--no-sample", *options]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read()[-2000:]}")
        try:
            status, _ = get(port, "/api/stories?limit=1")
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the server did not answer within 120 s")


def get(port: int, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        if own:
            conn.close()


# --------------------------------------------------------------------------- clients


def plan(port: int, n_stories: int, seed: int) -> dict:
    """The stories to visit (warmed), articles and search words, taken from the store."""
    rng = random.Random(seed)
    stories = json.loads(get(port, "/api/stories?limit=1000")[1])["stories"]
    pool = [s for s in stories if 3 <= s["size"] <= 12] or stories
    chosen = rng.sample(pool, min(n_stories, len(pool)))
    articles, words = [], set()
    for s in chosen:
        detail = json.loads(get(port, f"/api/stories/{s['id']}")[1])
        articles.extend(a["id"] for a in detail["articles"])
        words.update(t for t in s["top_terms"][:6] if t.isalpha() and len(t) > 3)
    # the API's searches draw on the words of every story title: mostly searches not made before
    vocabulary = sorted({w.lower().strip(".,:;'\"()") for s in stories for w in (s["title"] or "").split()
                         if w.isalpha() and len(w) > 3})
    return {"stories": [s["id"] for s in chosen], "articles": articles, "words": sorted(words),
            "vocabulary": vocabulary}


def warm(port: int, stories: list[str]) -> list[float]:
    """Open each story page until its brief is there (202: still being computed)."""
    times = []
    for sid in stories:
        t0 = time.perf_counter()
        while True:
            status, _ = get(port, f"/stories/{sid}")
            if status == 200:
                break
            if status != 202:
                raise SystemExit(f"warming /stories/{sid} answered {status}")
            time.sleep(0.2)
        times.append(time.perf_counter() - t0)
    return times


KINDS = (("story page", 0.35), ("search page", 0.15), ("search api", 0.15), ("stories list", 0.08),
         ("api story", 0.09), ("api article", 0.09), ("api brief", 0.09))


def request_for(kind: str, p: dict, rng: random.Random) -> str:
    if kind == "story page":
        return f"/stories/{rng.choice(p['stories'])}"
    if kind in ("search page", "search api"):
        pool = p["words"] if kind == "search page" else p["vocabulary"]
        words = " ".join(rng.sample(pool, rng.choice((1, 1, 2))))
        q = urllib.parse.quote(words)
        return f"/search?q={q}" if kind == "search page" else f"/api/search?q={q}"
    if kind == "stories list":
        return "/" if rng.random() < 0.5 else "/api/stories?limit=50"
    if kind == "api story":
        return f"/api/stories/{rng.choice(p['stories'])}"
    if kind == "api article":
        return f"/api/articles/{rng.choice(p['articles'])}"
    return f"/api/stories/{rng.choice(p['stories'])}/brief"


def client(port: int, p: dict, until: float, seed: int, out: list) -> None:
    rng = random.Random(seed)
    names = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < until:
        kind = rng.choices(names, weights)[0]
        path = request_for(kind, p, rng)
        t0 = time.perf_counter()
        try:
            status, _ = get(port, path, conn)
        except (OSError, http.client.HTTPException):
            status = -1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out.append((kind, time.perf_counter() - t0, status, t0))
    conn.close()


def client_process(port: int, p: dict, until: float, seeds: list[int], queue) -> None:
    results: list = []
    threads = [threading.Thread(target=client, args=(port, p, until, s, results)) for s in seeds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((results, time.process_time()))


# --------------------------------------------------------------------------- the writer


def post_article(port: int, csrf: str, record: dict) -> dict:
    boundary = "----newsdeskbench" + str(random.randrange(10**12))
    text = record["title"] + "\n\n" + record["text"]
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{record['id']}.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n").encode("utf-8")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    try:
        conn.request("POST", "/api/articles?wait=120", body=body,
                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        resp = conn.getresponse()
        return {"status": resp.status, **json.loads(resp.read())}
    finally:
        conn.close()


def writer(port: int, records: list[dict], until: float, out: list) -> None:
    csrf = json.loads(get(port, "/api/csrf")[1])["csrf_token"]
    for record in records:
        if time.monotonic() >= until:
            break
        t0 = time.perf_counter()
        answer = post_article(port, csrf, record)
        out.append((record["id"], answer, time.perf_counter() - t0))


# --------------------------------------------------------------------------- the run


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by process ``pid`` (0.0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_pids(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def descendants(pid: int) -> list[int]:
    out, todo = [], child_pids(pid)
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(child_pids(p))
    return out


def process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def server_cpu(pid: int) -> dict:
    """CPU seconds of the server's processes, by process id: the server and its readers
    (``serve --processes N``) under "answer", the others (the writer, brief and search workers)
    under "help". A figure of the server's own cost that other programs on the machine do not
    inflate as they do latency."""
    from newsdesk.web.processes import READER_NAME

    out = {pid: ("answer", cpu_seconds(pid))}
    for p in descendants(pid):
        out[p] = ("answer" if process_name(p) == READER_NAME else "help", cpu_seconds(p))
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def run(args) -> None:
    import multiprocessing

    db = build_store(args.articles, args.seed)
    work = CACHE / "run.db"
    for side in ("", "-wal", "-shm"):
        Path(str(work) + side).unlink(missing_ok=True)
    shutil.copy(db, work)
    shutil.rmtree(CACHE / "run-uploads", ignore_errors=True)
    port = free_port()
    options = ("--search-workers", str(args.search_workers)) if args.search_workers is not None else ()
    options += ("--processes", str(args.server_processes)) if args.server_processes is not None else ()
    proc = start_server(work, port, options)
    try:
        p = plan(port, args.stories, args.seed)
        cold = warm(port, p["stories"])
        for _ in range(1 + 2 * (args.server_processes or 1)):  # each new connection may reach another process
            warm(port, p["stories"])
        extra = _records(args.writes, args.seed + 7, offset=args.articles)
        for r in extra:
            r["id"] = "w" + r["id"]
        until = time.monotonic() + args.seconds
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        per = [list(range(i, args.clients, args.processes)) for i in range(args.processes)]
        procs = [ctx.Process(target=client_process, args=(port, p, until, [args.seed * 1000 + s for s in seeds], queue))
                 for seeds in per if seeds]
        writes: list = []
        wthread = threading.Thread(target=writer, args=(port, extra, until, writes))
        load_before = os.getloadavg()[0]
        cpu_before = server_cpu(proc.pid)
        started = time.monotonic()
        for pr in procs:
            pr.start()
        wthread.start()
        results, args.client_cpu = [], 0.0
        for _ in procs:
            rows, cpu = queue.get()
            results.extend(rows)
            args.client_cpu += cpu
        for pr in procs:
            pr.join()
        wthread.join()
        elapsed = time.monotonic() - started
        cpu_after = server_cpu(proc.pid)
        args.load = (load_before, os.getloadavg()[0])
        args.cpu = tuple(sum(c - cpu_before.get(p, (kind, 0.0))[1] for p, (k, c) in cpu_after.items() if k == kind)
                         for kind in ("answer", "help"))
        args.answering = sum(1 for k, _ in cpu_after.values() if k == "answer")
        # every write the writer was told about must be there
        stored = [aid for _, ans, _ in writes for aid in (ans.get("job", {}).get("result") or {}).get("added", [])]
        submitted = len(writes)
        found = sum(1 for aid in stored if get(port, f"/api/articles/{urllib.parse.quote(aid)}")[0] == 200)
        failed_jobs = sum(1 for _, ans, _ in writes if ans.get("status") != 200 or ans["job"]["state"] != "done")
        lost = submitted - found
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        for side in ("", "-wal", "-shm"):  # the run's copy; the cached store stays
            Path(str(work) + side).unlink(missing_ok=True)
        shutil.rmtree(CACHE / "run-uploads", ignore_errors=True)
    report(args, results, elapsed, cold, writes, submitted, found, lost, failed_jobs)


def report(args, results, elapsed, cold, writes, submitted, found, lost, failed_jobs) -> None:
    print(f"newsdesk serve under load: {args.articles} stored articles, {args.clients} clients "
          f"({args.processes} processes) for {args.seconds} s on 127.0.0.1, one writer adding at the same time"
          + (f"; server --search-workers {args.search_workers}" if args.search_workers is not None else "")
          + (f"; server --processes {args.server_processes}" if args.server_processes is not None else ""))
    print(f"machine: {os.cpu_count()} cores, load average {args.load[0]:.1f} before the run and "
          f"{args.load[1]:.1f} after (other programs running at the same time slow every figure)")
    print(f"briefs of the {len(cold)} visited stories computed cold: median {statistics.median(cold):.2f} s, "
          f"max {max(cold):.2f} s (then cached)")
    print(f"{'requests':<14} {'count':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
    kinds = [k for k, _ in KINDS] + ["all"]
    for kind in kinds:
        rows = [r for r in results if kind == "all" or r[0] == kind]
        lat = [r[1] * 1000 for r in rows]
        errors = sum(1 for r in rows if r[2] != 200)
        print(f"{kind:<14} {len(rows):>7} {len(rows) / elapsed:>8.1f} {pct(lat, 50):>8.1f} {pct(lat, 95):>8.1f} "
              f"{pct(lat, 99):>8.1f} {max(lat, default=float('nan')):>8.1f} {errors:>7}")
    served = sum(1 for r in results if r[2] == 200)
    print(f"server CPU in the {args.answering} process{'es' if args.answering > 1 else ''} answering requests: "
          f"{args.cpu[0]:.1f} s over {elapsed:.1f} s ({args.cpu[0] / elapsed:.2f} cores), "
          f"{1000 * args.cpu[0] / max(1, served):.2f} ms per answered request; its other processes (writer, "
          f"brief and search workers): {args.cpu[1]:.1f} s ({args.cpu[1] / elapsed:.2f} cores)")
    print(f"load generator (the {args.processes} client processes, same machine): {args.client_cpu:.1f} s CPU "
          f"({args.client_cpu / elapsed:.2f} cores), {1000 * args.client_cpu / max(1, len(results)):.2f} ms per request")
    wl = [w[2] * 1000 for w in writes]
    print(f"writes: {submitted} articles posted one at a time (each waited for), {found} found afterwards, "
          f"{lost} lost, {failed_jobs} failed jobs; add latency p50 {pct(wl, 50):.0f} ms, p95 {pct(wl, 95):.0f} ms")
    print("targets: story page p95 <= 150 ms (warm), search p95 <= 100 ms, 0 errors, 0 lost writes")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--processes", type=int, default=4, help="client processes the clients are spread over")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--stories", type=int, default=24, help="stories visited (their briefs warmed first)")
    parser.add_argument("--writes", type=int, default=1000, help="articles the writer may add (one at a time)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--search-workers", type=int, default=None, help="the server's --search-workers (default: its own)")
    parser.add_argument("--server-processes", type=int, default=None, help="the server's --processes (default: its own)")
    parser.add_argument("--build-only", action="store_true", help="build the cached store and stop")
    args = parser.parse_args(argv)
    if args.build_only:
        print(build_store(args.articles, args.seed))
        return
    run(args)


if __name__ == "__main__":
    main()
