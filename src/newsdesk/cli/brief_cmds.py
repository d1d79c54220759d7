"""`brief` and `eval`: write the story brief of some articles, and score one against a golden file."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import click

from newsdesk.cli.common import allow_private_option, check_output, plain, read_limits
from newsdesk.errors import NewsdeskError


def _read(inputs, *, limits):
    """``read_sources`` with the CLI's limits (imported when a brief is read)."""
    from newsdesk.ingest import read_sources

    return read_sources(inputs, limits=limits)


def _printable(text: str) -> str:
    """Markdown for the terminal: lines kept, other control characters (escape sequences) removed."""
    return "\n".join(plain(line) for line in text.split("\n"))


@contextmanager
def _progress(quiet: bool):
    """A rich progress bar on stderr (only on a terminal); yields the pipeline's callback."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    ) as progress:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task("reading" if stage == "read" else "briefing", total=total or None)
            progress.update(tasks[stage], completed=done, total=total or None)

        yield update


def _skips(brief) -> None:
    for s in brief.skipped:
        click.echo(f"skipped {plain(s.source)}: {plain(s.reason)}", err=True)


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--db", help="Brief a stored story from this SQLite database (with --story) instead of PATHS.")
@click.option("--story", "story_id", help="Story id (see `newsdesk stories`), with --db or --parquet.")
@click.option("--since", help="With --db/--story: say what changed since this version (3, v3), date (2024-11-01[T10:00])"
              " or age (2h, 1d); default: since you last looked (else since the previous version).")
@click.option("--parquet", "parquet", type=click.Path(exists=True, file_okay=False),
              help="Brief a story of a `newsdesk batch` output folder (with --story) instead of PATHS.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True,
              help="md: Markdown (rendered in a terminal); html: self-contained report; json: the brief contract.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of standard output.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes for extraction.")
@click.option("--one-story", is_flag=True, help="Treat all inputs as one story (default: cluster them into stories, one brief each).")
@click.option("--summary-words", type=click.IntRange(10, 1000), default=None,
              help="Length of each story's summary in words (default: fitting the story, 100 for a few short "
                   "articles up to 250 for a large story); the JSON says which length was used.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@allow_private_option
def brief(paths: tuple[str, ...], db: str | None, story_id: str | None, parquet: str | None, fmt: str, output: str | None, jobs: int,
          one_story: bool, quiet: bool, allow_private: bool, since: str | None = None,
          summary_words: int | None = None) -> None:
    """Write the cited story brief of the articles in PATHS (files, folders, globs, URLs).

    One shot, no database: read, clean, extract, reconcile, write. The brief states the key
    figures with their sources and where sources disagree, who said what, a timeline and which
    article covers what; every summary sentence cites the articles that contain it. Inputs
    about different events are clustered into stories, and each story gets its own brief.
    """
    from newsdesk.pipeline import cluster_stories, one_story as single, run_brief
    from newsdesk.render import render

    if parquet is not None and (db is not None or paths or story_id is None):
        raise NewsdeskError("--parquet goes with --story, without PATHS or --db")
    if parquet is None and (db is None) != (story_id is None):
        raise NewsdeskError("--db and --story go together")
    if since is not None and db is None:
        raise NewsdeskError("--since goes with --db and --story")
    if db is not None and paths:
        raise NewsdeskError("give either PATHS or --db/--story, not both")
    if db is None and parquet is None and not paths:
        raise NewsdeskError("give PATHS to brief, or --db FILE --story ID")
    if output:
        check_output(output)  # before the work, not after it
    reader = partial(_read, limits=read_limits(allow_private))
    with _progress(quiet) as progress:
        if parquet is not None:
            result = _parquet_story(parquet, story_id, jobs, progress, summary_words)
        elif db is not None:
            result = _stored_story(db, story_id, jobs, progress, since, summary_words)
        else:
            result = run_brief(paths, reader=reader, n_process=jobs, progress=progress,
                               grouper=single if one_story else cluster_stories, summary_words=summary_words)
    _skips(result)
    if not result.stories:
        raise NewsdeskError("no article could be read from the inputs")
    text = render(result, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output} ({len(result.stories)} stor{'y' if len(result.stories) == 1 else 'ies'}, "
                   f"{len(result.articles)} articles)", err=True)
        return
    if fmt == "md" and sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(_printable(text)))
    else:
        click.echo(text)


def _parquet_story(folder: str, story_id: str, jobs: int, progress, summary_words: int | None = None):
    """The brief of one story of a `newsdesk batch` output folder."""
    from newsdesk.batch.stories import story_articles
    from newsdesk.pipeline import StoryInput, brief_from_articles

    title, articles = story_articles(folder, story_id)
    story = StoryInput(tuple(articles), id=story_id, title=title)
    return brief_from_articles(articles, grouper=lambda _: [story], n_process=jobs, progress=progress,
                               summary_words=summary_words)


def _stored_story(db: str, story_id: str, jobs: int, progress, since: str | None = None,
                  summary_words: int | None = None):
    """The brief of one story that `newsdesk add` stored and clustered."""
    from newsdesk.errors import NotFoundError
    from newsdesk.pipeline import brief_from_articles, stored_story
    from newsdesk.store import open_store

    with open_store(db) as store:
        story = stored_story(store, story_id)
        if story is None:
            raise NotFoundError(f"no story with id {story_id!r} in {db}")
        articles = list(story.articles)
        result = brief_from_articles(articles, grouper=lambda _: [story],
                                     n_process=jobs, progress=progress, summary_words=summary_words)
        from newsdesk.versions import attach_changes

        return attach_changes(store, story_id, result, articles, since)


@click.command("eval")
@click.option("--golden", required=True, type=click.Path(exists=True),
              help="Golden annotation file (JSON), or a folder of golden stories whose articles come from the shared data (tests/golden/).")
@click.argument("paths", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the rows and totals as JSON.")
@click.option("--failed-only", is_flag=True, help="Print only the rows that fail (and the totals).")
@click.option("--one-story", is_flag=True, help="Treat all inputs as one story instead of clustering them.")
@click.option("--split", type=click.Choice(["all", "tune", "held_out"]), default="all", show_default=True,
              help="With a golden folder: score only the stories of this split.")
@click.option("--story", "names", multiple=True, help="With a golden folder: score only this story (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def eval_(golden: str, paths: tuple[str, ...], as_json: bool, failed_only: bool, one_story: bool, split: str,
          names: tuple[str, ...], quiet: bool) -> None:
    """Brief the articles in PATHS and score the brief against a golden file.

    Prints one PASS/FAIL line per golden row (title, byline, …, claims, claim_groups,
    cross_source_quotes, brief_nuggets) and a closing `N passed, M failed` line; exits with 1
    when any row fails. Given a folder of golden stories (tests/golden/), each story is briefed
    from the shared data it names (skipped when absent) and a table per story and per row kind
    is printed.
    """
    from newsdesk.evaluate import score
    from newsdesk.pipeline import cluster_stories, one_story as single, run_brief

    if Path(golden).is_dir():
        _eval_folder(Path(golden), as_json, failed_only, split, quiet, names)
        return
    if not paths:
        raise NewsdeskError("give the PATHS of the articles to score against a golden file")
    try:
        annotation = json.loads(Path(golden).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NewsdeskError(f"cannot read golden file {golden}: {exc}") from exc
    with _progress(quiet) as progress:
        result = run_brief(paths, progress=progress, grouper=single if one_story else cluster_stories)
    _skips(result)
    scored = score(annotation, result)
    if as_json:
        click.echo(json.dumps(scored.to_dict(), ensure_ascii=False, indent=2))
    else:
        for row in scored.rows:
            if row.passed and failed_only:
                continue
            click.echo(row.line())
        click.echo(f"{scored.passed} passed, {scored.failed} failed")
    if scored.failed:
        sys.exit(1)


def _eval_folder(folder: Path, as_json: bool, failed_only: bool, split: str, quiet: bool,
                 names: tuple[str, ...] = ()) -> None:
    """Score every golden story of ``folder`` (each one story, briefed from the shared data)."""
    import tempfile

    from newsdesk.evaluate import score, story_table
    from newsdesk.golden_stories import load_stories, materialize, shared_root
    from newsdesk.pipeline import one_story as single, run_brief

    stories = [s for s in load_stories(folder) if (split == "all" or s.split == split)
               and (not names or s.name in names)]
    if not stories:
        raise NewsdeskError(f"no golden stories in {folder}")
    results = []
    root = shared_root()
    with tempfile.TemporaryDirectory(prefix="newsdesk-golden-") as tmp, _progress(quiet) as progress:
        for story in stories:
            paths = materialize(story, root, Path(tmp) / story.name)
            if paths is None:
                click.echo(f"skipped {story.name}: its data set is not in {root} (set NEWSDESK_SHARED)", err=True)
                continue
            result = run_brief([str(p) for p in paths], progress=progress, grouper=single)
            _skips(result)
            results.append((story, score(story.annotation, result)))
    if not results:
        raise NewsdeskError(f"no golden story could be built from {root}")
    if as_json:
        click.echo(json.dumps({s.name: {"split": s.split, **sc.to_dict()} for s, sc in results},
                              ensure_ascii=False, indent=2))
    else:
        for story, scored in results:
            for row in scored.rows:
                if not (row.passed and failed_only):
                    click.echo(f"[{story.name}] {row.line()}")
        click.echo(story_table([(s.name, s.split, sc) for s, sc in results]))
    passed = sum(sc.passed for _, sc in results)
    failed = sum(sc.failed for _, sc in results)
    if not as_json:
        click.echo(f"{passed} passed, {failed} failed")
    if failed:
        sys.exit(1)


COMMANDS: list = [brief, eval_]
