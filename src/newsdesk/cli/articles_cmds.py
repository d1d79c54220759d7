"""`add`, `articles`, `show`, `skipped` and `export`: getting articles in and looking at them."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsdesk.cli.common import allow_private_option, cell, check_output, db_option, open_db, plain, read_limits
from newsdesk.records import is_short


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--no-stories", is_flag=True, help="Do not assign the articles to stories.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--lock-timeout", type=float, default=None, metavar="S",
              help="Wait at most S seconds while another process writes to the database"
                   " (default 60, or $NEWSDESK_LOCK_TIMEOUT).")
@allow_private_option
def add(paths: tuple[str, ...], db: str, no_stories: bool, quiet: bool, lock_timeout: float | None,
        allow_private: bool) -> None:
    """Read, clean and store articles from files, folders, globs or http(s) URLs.

    Plain text, HTML, JSON/JSONL, RSS/Atom and WARC are recognised. Inputs that cannot be read are
    skipped with a reason (printed, and kept in the database: see `newsdesk skipped`). Sizes and
    times are bounded (see README "Limits"; NEWSDESK_MAX_BYTES and friends change them).
    """
    from newsdesk.add import add_inputs
    from newsdesk.ingest import expand_inputs

    console = Console(stderr=True)
    limits = read_limits(allow_private)
    inputs = expand_inputs(paths)
    with open_db(db) as store:
        with Progress(
            TextColumn("[bold]adding"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
            disable=quiet,
            transient=True,
        ) as progress:
            task = progress.add_task("", total=len(inputs))

            def tick(source: str) -> None:
                progress.update(task, description=cell(source[-50:]))
                if source in inputs_set:
                    progress.advance(task)

            inputs_set = set(inputs)
            report = add_inputs(store, list(paths), on_item=tick, assign_stories=not no_stories, limits=limits,
                                lock_timeout=lock_timeout)
        for skip in report.skipped:
            click.echo(f"skipped {plain(skip.source)}: {plain(skip.reason)}", err=True)
        r = report.result
        line = f"{len(r.added)} added, {len(r.updated)} updated, {len(r.unchanged)} unchanged, {len(report.skipped)} skipped"
        if report.stories:
            line += f"; {len(set(report.stories.values()))} stories touched"
        click.echo(line)


@click.command()
@db_option
@click.option("--search", "-s", help="Full-text search over titles and bodies (SQLite FTS5 syntax).")
@click.option("--limit", default=50, show_default=True, help="At most this many rows.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def articles(db: str, search: str | None, limit: int, as_json: bool) -> None:
    """List stored articles, or search them."""
    with open_db(db) as store:
        rows = store.list_articles(search, limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps({**row.__dict__, "short": is_short(row.words)}, ensure_ascii=False))
        return
    table = Table("id", "published", "outlet", "words", "title")
    if search:
        table.add_column("match")
    for row in rows:
        words = f"{row.words} short" if is_short(row.words) else str(row.words)
        cells = [row.id, row.published or "", row.outlet or "", words, row.title or ""]
        if search:
            cells.append(row.snippet or "")
        table.add_row(*map(cell, cells))
    Console().print(table)


@click.command()
@click.argument("article_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the full record as JSON.")
def show(article_id: str, db: str, as_json: bool) -> None:
    """Show one stored article: metadata, cleaned body and what the cleaner removed."""
    from newsdesk.serialize import article_to_dict

    with open_db(db) as store:
        article = store.get_article(article_id)
    if as_json:
        click.echo(json.dumps(article_to_dict(article, full=False), ensure_ascii=False, indent=2))
        return
    console = Console()
    title = cell(article.title or "(no title)")
    if article.title_generated:
        title += "  [dim](generated)[/dim]"
    console.print(f"[bold]{title}[/bold]")
    for label, value in (
        ("id", article.id),
        ("source", article.source),
        ("byline", article.byline),
        ("published", article.published.isoformat() if article.published else None),
        ("outlet", article.outlet),
        ("credits", ", ".join(article.credits) or None),
        ("tags", ", ".join(article.tags) or None),
        ("headings", " | ".join(h.text for h in article.headings) or None),
    ):
        console.print(f"[cyan]{label}:[/cyan] {cell(value) if value is not None else '—'}", highlight=False)
    console.print()
    console.print(_printable(article.body), highlight=False, markup=False)
    if article.removed:
        console.print()
        console.print("[cyan]removed:[/cyan]")
        for line in article.removed:
            console.print(f"  [{plain(line.reason)}] {plain(line.text)}", highlight=False, markup=False)


@click.command()
@db_option
@click.option("--limit", default=100, show_default=True, help="At most this many rows.")
def skipped(db: str, limit: int) -> None:
    """List inputs that were skipped, newest first, with the reason."""
    with open_db(db) as store:
        for source, reason, at in store.list_skips(limit):
            click.echo(f"{at}  {plain(source)}: {plain(reason)}")


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
def export(db: str, fmt: str, output: str) -> None:
    """Export stored articles as JSONL, CSV or Parquet."""
    from newsdesk.exporting import export_articles

    check_output(output)
    with open_db(db) as store:
        n = export_articles(store.iter_articles(), fmt, output)
    click.echo(f"{n} articles written to {output}")


def _printable(body: str) -> str:
    """An article body for the terminal: lines kept, other control characters replaced."""
    return "\n".join(plain(line) for line in body.split("\n"))


COMMANDS = [add, articles, show, skipped, export]
