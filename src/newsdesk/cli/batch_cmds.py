"""`batch` and `load`: a corpus through read → clean → extract as Parquet tables, and back."""

from __future__ import annotations

import click

from newsdesk.cli.common import db_option, open_db


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Output folder: one Parquet folder per table (overwritten).")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: this machine's processes; spark: an Apache Spark job (pip install 'newsdesk[spark]').")
@click.option("--master", default="local[*]", show_default=True,
              help="Spark master URL with --engine spark: local[N], spark://host:7077, yarn, k8s://…")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes with --engine local.")
@click.option("--split-mb", type=click.IntRange(1, 4096), default=32, show_default=True,
              help="Cut JSONL and WARC files larger than this into byte ranges read in parallel.")
@click.option("--no-stories", is_flag=True, help="Do not assign stories (no stories/relations tables).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def batch(inputs: tuple[str, ...], out: str, engine: str, master: str, jobs: int, split_mb: int,
          no_stories: bool, quiet: bool) -> None:
    """Read, clean and extract a corpus; write Parquet tables under --out.

    INPUTS are files, folders, globs or URLs: text, HTML, JSON/JSONL, feeds, WARC (.warc.gz
    included, such as Common Crawl news segments) and Parquet with title/text/url/date columns.
    The tables are articles, entities, mentions, quotes, claims, dates and skipped (inputs that
    could not be read, with the reason), then stories and relations, assigned as `newsdesk add`
    assigns them. A broken input is a row in `skipped`, never a failed job.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from newsdesk.batch import run_batch

    console = Console(stderr=True)
    with Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("", total=None)
        report = run_batch(
            inputs, out, engine=engine, jobs=jobs, master=master, split_bytes=split_mb * 1024 * 1024,
            stories=not no_stories,
            on_plan=lambda splits: progress.update(task, total=len(splits)),
            on_done=lambda done, counts: progress.advance(task, done),
        )
    rows = ", ".join(f"{n} {t}" for t, n in report.rows.items())
    stories = f", {report.stories} stories" if report.stories is not None else ""
    click.echo(f"wrote {report.out}: {rows}{stories} ({report.splits} splits, {report.seconds:.1f} s, {engine})")


@click.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False))
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
def load(out: str, db: str, quiet: bool) -> None:
    """Load the articles of a `newsdesk batch` output folder into a database, with stories.

    Articles are added in the batch's input order and assigned to stories exactly as
    `newsdesk add` would; loading the same folder twice changes nothing.
    """
    from newsdesk.batch.stories import load_into

    with open_db(db) as store:
        n = load_into(store, out, on_batch=None if quiet else (lambda k: click.echo(f"\r{k} articles", nl=False, err=True)))
    if not quiet:
        click.echo("", err=True)
    click.echo(f"loaded {n} articles from {out} into {db}")


COMMANDS: list = [batch, load]
