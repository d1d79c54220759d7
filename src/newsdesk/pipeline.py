"""The whole brief pipeline: read → clean → group into stories → extract → reconcile.

Every stage is injectable (tests and the benchmark pass their own); the defaults are the
project's real stages, imported lazily so that ``import newsdesk.pipeline`` stays cheap.

Story grouping is the seam for story clustering: a :data:`StoryGrouper` takes the cleaned
articles and returns :class:`StoryInput` groups, and :func:`run_brief` writes one story brief per
group. :func:`one_story` (the library default) puts every article in one story;
:func:`cluster_stories` uses the story clusterer of ``newsdesk.cluster.stories`` (what the CLI
uses unless told ``--one-story``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from newsdesk.errors import InputError
from newsdesk.reconcile.model import Brief, StoryBrief
from newsdesk.records import Article, ArticleFacts, Entity, RawDocument, Skipped

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Reader = Callable[[Iterable[str]], Iterable[RawDocument | Skipped]]
Cleaner = Callable[[RawDocument], Article]
Analyser = Callable[..., tuple[list[ArticleFacts], tuple[Entity, ...]]]


@dataclass(frozen=True)
class StoryInput:
    """Articles that make one story (id/title may be given by the grouper, else derived)."""

    articles: tuple[Article, ...]
    id: str | None = None
    title: str | None = None


StoryGrouper = Callable[[Sequence[Article]], Sequence[StoryInput]]


def one_story(articles: Sequence[Article]) -> list[StoryInput]:
    """The default grouping: every article belongs to one story."""
    return [StoryInput(tuple(articles))] if articles else []


def cluster_stories(articles: Sequence[Article]) -> list[StoryInput]:
    """Group the articles into stories with the story clusterer (``newsdesk.cluster.stories``);
    stories come in order of their first article, each titled by the clusterer."""
    from newsdesk.cluster.stories import ClusterDoc, StoryClusterer

    if not articles:
        return []
    clusterer = StoryClusterer()
    assigned = clusterer.add_all(ClusterDoc.from_article(a) for a in articles)
    by_story: dict[str, list[Article]] = {}
    for article in articles:
        by_story.setdefault(assigned[article.id], []).append(article)
    titles = {s.id: s.title for s in clusterer.all_stories()}
    return [StoryInput(tuple(members), id=sid, title=titles.get(sid)) for sid, members in by_story.items()]


def _noop(stage: str, done: int, total: int) -> None:
    return None


def read_articles(
    inputs: Iterable[str],
    *,
    reader: Reader | None = None,
    cleaner: Cleaner | None = None,
    progress: Progress | None = None,
) -> tuple[list[Article], list[Skipped]]:
    """Read and clean every input; what cannot be read or cleaned is returned as Skipped."""
    if reader is None:
        from newsdesk.ingest import read_sources as reader
    if cleaner is None:
        from newsdesk.clean import build_article as cleaner
    progress = progress or _noop
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    n = 0
    for item in reader(list(inputs)):
        n += 1
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            try:
                article = cleaner(item)
            except InputError as exc:
                skipped.append(Skipped(item.source, exc.reason))
            else:
                if article.id in seen:
                    skipped.append(Skipped(item.source, f"duplicate article id {article.id}"))
                elif not article.body.strip():
                    skipped.append(Skipped(item.source, "no article text left after cleaning"))
                else:
                    seen.add(article.id)
                    articles.append(article)
        progress("read", n, 0)
    return articles, skipped


def brief_story(
    story: StoryInput,
    *,
    analyse: Analyser | None = None,
    n_process: int = 1,
    summary_words: int | None = None,
) -> StoryBrief:
    """Extract and reconcile one story (``summary_words``: the summary's length, default fitting the story)."""
    from newsdesk.reconcile import reconcile_story

    if analyse is None:
        from newsdesk.nlp.extract import analyse_story as analyse
    facts, entities = analyse(list(story.articles), n_process=n_process)
    return reconcile_story(story.articles, facts, entities, id=story.id, title=story.title, summary_words=summary_words)


def brief_from_articles(
    articles: Sequence[Article],
    *,
    skipped: Sequence[Skipped] = (),
    grouper: StoryGrouper | None = None,
    analyse: Analyser | None = None,
    n_process: int = 1,
    progress: Progress | None = None,
    summary_words: int | None = None,
) -> Brief:
    """The brief of already cleaned articles: one story brief per group of ``grouper``."""
    progress = progress or _noop
    stories = list((grouper or one_story)(articles))
    briefs = []
    for i, story in enumerate(stories):
        progress("brief", i, len(stories))
        briefs.append(brief_story(story, analyse=analyse, n_process=n_process, summary_words=summary_words))
    progress("brief", len(stories), len(stories))
    order = {a.id: i for i, a in enumerate(articles)}
    used = [a for s in stories for a in s.articles]
    used.sort(key=lambda a: order.get(a.id, len(order)))
    return Brief(articles=tuple(used), stories=tuple(briefs), skipped=tuple(skipped))


def run_brief(
    inputs: Iterable[str],
    *,
    reader: Reader | None = None,
    cleaner: Cleaner | None = None,
    grouper: StoryGrouper | None = None,
    analyse: Analyser | None = None,
    n_process: int = 1,
    progress: Progress | None = None,
    summary_words: int | None = None,
) -> Brief:
    """Read, clean, group, extract and reconcile ``inputs`` (paths, folders, globs, URLs)."""
    articles, skipped = read_articles(inputs, reader=reader, cleaner=cleaner, progress=progress)
    return brief_from_articles(
        articles, skipped=skipped, grouper=grouper, analyse=analyse, n_process=n_process, progress=progress,
        summary_words=summary_words,
    )
