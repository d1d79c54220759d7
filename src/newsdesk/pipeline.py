"""The whole brief pipeline, stage by stage:

    inputs ──ingest.read_sources──▶ RawDocument | Skipped
           ──clean.clean_documents──▶ Article            (read_articles)
           ──cluster (StoryClusterer)──▶ StoryInput       (cluster_stories, or one_story)
           ──nlp.extract.analyse_story──▶ ArticleFacts + Entity
           ──reconcile.reconcile_story──▶ StoryBrief      (brief_story)
           ──▶ Brief                                      (brief_from_articles, run_brief)

Every stage is injectable (tests and the benchmarks pass their own); the defaults are the
project's real stages, imported here at the top so that the sequence can be read (and followed
by tools) from this file. A stored story (``newsdesk add``) comes in through :func:`stored_story`,
with the copy relations found when it was added.

Story grouping is the seam for story clustering: a :data:`StoryGrouper` takes the cleaned
articles and returns :class:`StoryInput` groups, and :func:`run_brief` writes one story brief per
group. :func:`one_story` (the library default) puts every article in one story;
:func:`cluster_stories` uses the story clusterer (what the CLI uses unless told ``--one-story``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from newsdesk.clean import build_article, clean_documents
from newsdesk.cluster.embed import load_encoder
from newsdesk.cluster.stories import ClusterDoc, StoryClusterer
from newsdesk.ingest import read_sources
from newsdesk.nlp.extract import analyse_story
from newsdesk.reconcile import reconcile_story
from newsdesk.reconcile.model import Brief, SharedCopy, Span, StoryBrief
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
    # shared copy already found among the articles (a stored story's relations); None: reconcile
    # looks for it itself
    copy: tuple[SharedCopy, ...] | None = None


StoryGrouper = Callable[[Sequence[Article]], Sequence[StoryInput]]


def _noop(stage: str, done: int, total: int) -> None:
    return None


def read_articles(
    inputs: Iterable[str],
    *,
    reader: Reader | None = None,
    cleaner: Cleaner | None = None,
    progress: Progress | None = None,
) -> tuple[list[Article], list[Skipped]]:
    """Read and clean every input; what cannot be read or cleaned is returned as Skipped (a later
    article with an id already read too: a brief keeps the first)."""
    progress = progress or _noop
    count = itertools.count(1)
    docs = (reader or read_sources)(list(inputs))
    return clean_documents(docs, lambda source: progress("read", next(count), 0),
                           cleaner=cleaner or build_article, unique_ids=True)


def one_story(articles: Sequence[Article]) -> list[StoryInput]:
    """The default grouping: every article belongs to one story."""
    return [StoryInput(tuple(articles))] if articles else []


def cluster_stories(articles: Sequence[Article]) -> list[StoryInput]:
    """Group the articles into stories with the story clusterer (``newsdesk.cluster.stories``);
    stories come in order of their first article, each titled by the clusterer."""
    if not articles:
        return []
    clusterer = StoryClusterer()
    assigned = clusterer.add_all(ClusterDoc.from_article(a) for a in articles)
    by_story: dict[str, list[Article]] = {}
    for article in articles:
        by_story.setdefault(assigned[article.id], []).append(article)
    titles = {s.id: s.title for s in clusterer.all_stories()}
    return [StoryInput(tuple(members), id=sid, title=titles.get(sid)) for sid, members in by_story.items()]


def shared_copy_of(relations: Iterable) -> tuple[SharedCopy, ...]:
    """Duplicate and copy relations (``cluster.dedup.Relation``, as stored by ``add``) as the
    brief's shared copy: the longest common passage of each pair, with what was measured."""
    out = []
    for r in relations:
        if r.kind == "shared_copy":
            reason = "passage"
            detail = (f"{r.passages} common passage{'s' if r.passages != 1 else ''}, "
                      f"{r.shared_words} words shared ({r.score:.0%} of the shorter)")
        else:
            reason = "duplicate"
            detail = "exact duplicate" if r.kind == "exact" else f"near duplicate (Jaccard {r.score:.2f})"
        if r.credits:
            detail += f", same credit: {', '.join(r.credits)}"
        passages = ((Span(r.article_a, *r.span_a), Span(r.article_b, *r.span_b)),) if r.span_a and r.span_b else ()
        out.append(SharedCopy(articles=(r.article_a, r.article_b), reason=reason, detail=detail, passages=passages))
    return tuple(out)


def stored_story(store, story_id: str, title: str | None = None) -> StoryInput | None:
    """A story that ``newsdesk add`` stored and clustered, with the copy relations found then
    (passed on to coverage instead of being looked for again); None for an unknown id."""
    # lazy: the clustering tables' module pulls in sqlite3, the store and the duplicate detector (50 ms),
    # which a one-shot brief never needs
    from newsdesk.cluster.persist import relations_of, story_members

    ids = story_members(store, story_id)
    if not ids:
        return None
    return StoryInput(tuple(store.iter_articles(ids)), id=story_id, title=title,
                      copy=shared_copy_of(relations_of(store, ids)))


def brief_story(
    story: StoryInput,
    *,
    analyse: Analyser | None = None,
    n_process: int = 1,
    summary_words: int | None = None,
) -> StoryBrief:
    """Extract and reconcile one story (``summary_words``: the summary's length, default fitting the story)."""
    facts, entities = (analyse or analyse_story)(list(story.articles), n_process=n_process)
    return reconcile_story(story.articles, facts, entities, id=story.id, title=story.title, copy_pairs=story.copy,
                           summary_words=summary_words, embed=phrase_vectors)


def phrase_vectors(texts: Sequence[str]):
    """Sentence embeddings of short phrases (what two figures measure) with the clustering's
    encoder, loaded on first use; None without the encoder's package (figures are then linked by
    their words alone)."""
    encoder = load_encoder(32)  # the weights are read on the first call only
    return None if encoder is None else encoder.encode_many(list(texts))


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
