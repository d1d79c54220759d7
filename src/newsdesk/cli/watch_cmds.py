"""`sources` (add, list, remove, pause, resume) and `watch`: follow feeds, sitemaps and pages."""

from __future__ import annotations

import json
import signal
import sys
import threading
import time

import click

from newsdesk.cli.common import cell, db_option, open_db
from newsdesk.errors import NewsdeskError


@click.group()
def sources() -> None:
    """The feeds, news sitemaps and pages that `newsdesk watch` polls (stored in the database)."""


@sources.command("add")
@db_option
@click.argument("url")
@click.option("--every", default="15m", show_default=True, help="How often to poll it (30s, 15m, 2h, 1d).")
@click.option("--name", help="A name for it (shown in `sources list`; the outlet of its items when they name none).")
@click.option("--kind", type=click.Choice(["auto", "feed", "sitemap", "page"]), default="auto", show_default=True,
              help="feed: RSS/Atom; sitemap: a news sitemap (<news:news>); page: a page re-read when it changes;"
                   " auto: decided from the first answer.")
def sources_add(db: str, url: str, every: str, name: str | None, kind: str) -> None:
    """Add URL (or change its settings when it is already a source)."""
    from newsdesk.watch.config import parse_duration
    from newsdesk.watch.state import add_source

    with open_db(db) as store:
        source = add_source(store, url, every_s=parse_duration(every), name=name, kind=kind)
    click.echo(f"source {source.id}: {source.url} (every {_duration(source.every_s)}, {source.kind})")


@sources.command("import")
@db_option
@click.argument("opml", type=click.Path(exists=True, dir_okay=False))
@click.option("--every", default="15m", show_default=True, help="How often to poll each of them.")
def sources_import(db: str, opml: str, every: str) -> None:
    """Add every feed of an OPML file (what feed readers export), named by its title."""
    from pathlib import Path

    from newsdesk.watch.config import parse_duration
    from newsdesk.watch.state import add_source, opml_feeds

    feeds = opml_feeds(Path(opml).read_bytes(), opml)
    with open_db(db) as store:
        for url, title in feeds:
            add_source(store, url, every_s=parse_duration(every), name=title, kind="feed")
    click.echo(f"{len(feeds)} feed{'s' if len(feeds) != 1 else ''} from {opml} (every {every})")


@sources.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def sources_list(db: str, as_json: bool) -> None:
    """List the sources with their state: last poll, items seen, errors, next poll."""
    from newsdesk.watch.state import list_sources, pending_by_source

    with open_db(db) as store:
        rows = list_sources(store)
        pending = pending_by_source(store)
    if as_json:
        for s in rows:
            click.echo(json.dumps({
                "id": s.id, "url": s.url, "name": s.name, "kind": s.kind, "every_s": s.every_s, "paused": s.paused,
                "last_polled": s.last_polled, "last_status": s.last_status, "polls": s.polls,
                "not_modified": s.not_modified, "items_seen": s.items_seen, "pending": pending.get(s.id, 0),
                "errors": s.error_count,
                "consecutive_errors": s.consecutive_errors, "last_error": s.last_error, "next_due": s.next_due}))
        return
    if not rows:
        click.echo("no sources yet (add one with `newsdesk sources add URL`)")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "source", "kind", "every", "last poll", "items (pending)", "errors", "next", "last error")
    now = time.time()
    for s in rows:
        nxt = "paused" if s.paused else ("due" if s.next_due <= now else "in " + _duration(s.next_due - now))
        errors = f"{s.error_count}" + (f" ({s.consecutive_errors} in a row)" if s.consecutive_errors else "")
        label = f"{cell(s.name)}\n{cell(s.url)}" if s.name else cell(s.url)  # feed titles are the feed's data
        table.add_row(str(s.id), label, s.kind, _duration(s.every_s),
                      f"{(s.last_polled or '')[:19].replace('T', ' ')} {s.last_status or ''}".strip() or "never",
                      f"{s.items_seen}" + (f" ({pending[s.id]})" if pending.get(s.id) else ""), errors, nxt,
                      cell(s.last_error or ""))
    Console(width=160).print(table)


@sources.command("remove")
@db_option
@click.argument("source")
def sources_remove(db: str, source: str) -> None:
    """Stop following SOURCE (an id, URL or name); its articles stay."""
    from newsdesk.watch.state import remove_source

    with open_db(db) as store:
        removed = remove_source(store, source)
    click.echo(f"removed source {removed.id}: {removed.url}")


@sources.command("pause")
@db_option
@click.argument("source")
def sources_pause(db: str, source: str) -> None:
    """Stop polling SOURCE (an id, URL or name) until `sources resume`."""
    from newsdesk.watch.state import set_paused

    with open_db(db) as store:
        s = set_paused(store, source, True)
    click.echo(f"paused source {s.id}: {s.url}")


@sources.command("resume")
@db_option
@click.argument("source")
def sources_resume(db: str, source: str) -> None:
    """Poll SOURCE (an id, URL or name) again."""
    from newsdesk.watch.state import set_paused

    with open_db(db) as store:
        s = set_paused(store, source, False)
    click.echo(f"resumed source {s.id}: {s.url}")


def _duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and abs(seconds / size - round(seconds / size)) < 1e-9:
            return f"{round(seconds / size)}{unit}"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f}h"
    if seconds >= 60:
        return f"{seconds / 60:.0f}m"
    return f"{seconds:g}s"


class _JsonLog:
    """JSON lines to a file (``-``: standard error)."""

    def __init__(self, path: str | None):
        self.stream = None
        if path == "-":
            self.stream = sys.stderr
        elif path:
            self.stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.lock = threading.Lock()

    def __call__(self, event: dict) -> None:
        if self.stream is None:
            return
        line = json.dumps({"time": round(time.time(), 3), **event}, ensure_ascii=False)
        with self.lock:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.stream is not None and self.stream is not sys.stderr:
            self.stream.close()


@click.command()
@db_option
@click.option("--once", is_flag=True, help="Run one round (poll every due source, fetch the new items) and exit.")
@click.option("--delay", default="1s", show_default=True, help="Least time between two requests to one host.")
@click.option("--max-hosts", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Hosts fetched from at the same time (each host one request at a time).")
@click.option("--timeout", default="15s", show_default=True, help="Read timeout of one request.")
@click.option("--max-wait", default="30s", show_default=True,
              help="A host that asks to wait longer (Retry-After, back-off) is left for a later round.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes that read and clean the fetched pages.")
@click.option("--no-robots", is_flag=True, help="Do not read robots.txt (only for your own servers).")
@click.option("--allow-private", is_flag=True, help="Also fetch from loopback and private addresses (your own servers).")
@click.option("--no-versions", is_flag=True, help="Do not record story versions after each round"
              " (`brief --db … --story` records them when it runs).")
@click.option("--log-json", "log_json", metavar="FILE", help="Write structured logs (JSON lines) to FILE (- for stderr).")
def watch(db: str, once: bool, delay: str, max_hosts: int, timeout: str, max_wait: str, jobs: int, no_robots: bool,
          allow_private: bool, no_versions: bool, log_json: str | None) -> None:
    """Poll the sources (see `newsdesk sources`) and add their new articles as they appear.

    Each round polls every due source with a conditional GET, fetches the pages of the items
    never seen before (the feed entry is kept when a page cannot be read), cleans and stores them,
    assigns them to stories at once and records a new version of every story that moved (see
    `newsdesk brief --db … --story ID --since …`). It honours robots.txt, sends one request at a
    time to a host with at least --delay between two, backs off exponentially after errors and
    obeys Retry-After. Prints one line per round; Ctrl-C (or SIGTERM) stops after storing what
    was fetched. State lives in the database, so a restart goes on where it stopped.
    """
    from newsdesk.ingest.limits import ReadLimits
    from newsdesk.watch.config import WatchConfig, parse_duration
    from newsdesk.watch.state import acquire_watch, release_watch

    extra = {"allow_private": True} if allow_private else {}
    try:
        limits = ReadLimits.from_env(url_read_timeout=parse_duration(timeout), **extra)
    except ValueError as exc:
        raise NewsdeskError(str(exc)) from None
    config = WatchConfig(min_delay=parse_duration(delay), max_hosts=max_hosts, jobs=jobs, max_wait_in_round=parse_duration(max_wait),
                         respect_robots=not no_robots, versions=not no_versions, limits=limits)
    stop = threading.Event()
    previous = {}

    def on_signal(signum, frame) -> None:
        if stop.is_set():  # a second signal: stop now
            raise KeyboardInterrupt
        stop.set()
        click.echo("stopping after storing what was fetched … (again to quit now)", err=True)

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, on_signal)
    log = _JsonLog(log_json)
    try:
        with open_db(db) as store:
            from newsdesk.watch.state import list_sources

            if not list_sources(store):
                click.echo("no sources to watch yet (add one with `newsdesk sources add URL`)", err=True)
                return
            acquire_watch(store)
            try:
                _rounds(store, config, once, stop, log)
            finally:
                release_watch(store)
    finally:
        log.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stop.is_set():
        click.echo("stopped; every fetched item is stored", err=True)


def _rounds(store, config, once: bool, stop: threading.Event, log) -> None:
    """Round after round until stopped (one round with ``once``), sleeping until the next source is due."""
    from newsdesk.watch.round import run_round
    from newsdesk.watch.state import next_due, pending_items

    while True:
        report = run_round(store, config, stop=stop, log=log)
        if once or report.sources_due or report.requests:
            click.echo(report.line())
        if once or stop.is_set():
            return
        due = next_due(store)
        wait = 60.0 if due is None else max(0.5, min(due - time.time(), 60.0))
        if pending_items(store):
            wait = min(wait, max(1.0, config.min_delay))
        if stop.wait(wait):
            return


COMMANDS = [sources, watch]
