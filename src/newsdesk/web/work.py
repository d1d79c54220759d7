"""The work the app does off its request threads: computing a brief, and adding articles.

These functions run in a worker process (``newsdesk serve``) or a worker thread (tests); they
open their own store and return plain data. Errors come back as ``(kind, message)`` so that
nothing depends on pickling exception classes.
"""

from __future__ import annotations

import traceback
from functools import lru_cache

from newsdesk.errors import NewsdeskError


def story_brief(db: str, sid: str, title: str | None):
    """The brief of stored story ``sid`` as stored now, or ("not_found", message)."""
    from newsdesk.pipeline import brief_from_articles, stored_story
    from newsdesk.store import open_store

    with open_store(db) as store:
        story = stored_story(store, sid, title)
        if story is None:
            return ("not_found", f"no story with id {sid!r}")
        articles = list(story.articles)
        brief = brief_from_articles(articles, grouper=lambda _: [story])
        try:  # "What changed" since the story's previous version (as `brief --db --story` shows it)
            from newsdesk.versions import attach_changes

            brief = attach_changes(store, sid, brief, articles)
        except (ImportError, NewsdeskError):  # busy database or no history: the brief without it
            pass
    return brief


def article_brief(db: str, aid: str):
    """The brief of one stored article on its own (for an article in no story)."""
    from newsdesk.errors import NotFoundError
    from newsdesk.pipeline import brief_from_articles
    from newsdesk.store import open_store

    with open_store(db) as store:
        try:
            article = store.get_article(aid)
        except NotFoundError as exc:
            return ("not_found", str(exc))
    return brief_from_articles([article])


@lru_cache(maxsize=4)
def _search_store(db: str):
    """The search worker process's own store of ``db``, kept open between searches (its
    connection and the stemmer's cache are reused); it is closed with the process."""
    from newsdesk.store import open_store

    return open_store(db)


def search_rows(db: str, query: str, limit: int, offset: int = 0):
    """The rows of an FTS5 ``query`` (``store.list_articles``), ranked and with snippets, in the
    search worker process; or ("error", message) for a query the index refuses."""
    try:
        return _search_store(db).list_articles(search=query, limit=limit, offset=offset)
    except NewsdeskError as exc:
        return ("error", str(exc))


def run_add(db: str, inputs: list[str], max_bytes: int, emit, allowed_hosts: tuple[str, ...] = (), previous=None):
    """Add ``inputs`` (saved uploads and URLs) with ``newsdesk.add.add_inputs``: one write
    transaction for the articles, the skips and the story assignment. URLs are fetched with
    private targets refused (checked on the URL, each redirect hop and the connected socket).
    ``emit(**progress)`` reports how far it got. Returns (the story index snapshot as of this
    commit, the job's result); given the ``previous`` snapshot, only the stories that changed are
    read again."""
    from newsdesk.add import add_inputs
    from newsdesk.ingest.limits import ReadLimits
    from newsdesk.store import open_store

    limits = ReadLimits(max_bytes=max_bytes, allow_private=False, allowed_hosts=tuple(allowed_hosts))
    read = 0

    def on_item(source: str) -> None:
        nonlocal read
        read += 1
        emit(stage="reading", read=read)

    emit(stage="reading", read=0)
    with open_store(db) as store:
        report = add_inputs(store, inputs, on_item=on_item, limits=limits)
        emit(stage="stored", read=read)
        result = report.result
        ids = list(dict.fromkeys([*result.added, *result.updated, *result.unchanged]))
        titles = {aid: store.get_article(aid).title for aid in ids}
        emit(stage="indexing", read=read)
        from newsdesk.web.index import build_snapshot, file_stamp

        # here, not in the server's process; only the stories this add (or anyone since) changed
        snapshot = build_snapshot(store, file_stamp(db), previous, touched=tuple(ids))
    return snapshot, {
        "added": list(result.added), "updated": list(result.updated), "unchanged": list(result.unchanged),
        "skipped": [{"source": s.source, "reason": s.reason} for s in report.skipped],
        "articles": [{"id": aid, "title": titles[aid], "story": report.stories.get(aid),
                      "status": "added" if aid in result.added else "updated" if aid in result.updated else "unchanged"}
                     for aid in ids],
    }


def writer_process(db: str, jobs, events, nice: int = 0) -> None:
    """:func:`writer_loop` in the writer process, at a lower CPU priority (``nice``) than the
    server's: adds are background work, and a page a reader waits for answers first."""
    import os

    if nice > 0:
        try:
            os.nice(nice)
        except OSError:  # not allowed here: the writer runs at the server's priority
            pass
    writer_loop(db, jobs, events)


def writer_loop(db: str, jobs, events) -> None:
    """Take add jobs from ``jobs`` one at a time (the app's only writer) until None arrives;
    put ``(job id, fields)`` progress events on ``events``."""
    snapshot = None  # the last story index built here: the next one starts from it
    while True:
        item = jobs.get()
        if item is None:
            break
        job_id, inputs, max_bytes, allowed_hosts = item

        def emit(**fields) -> None:
            events.put((job_id, fields))

        emit(state="running")
        try:
            snapshot, result = run_add(db, inputs, max_bytes, emit, allowed_hosts, snapshot)
        except Exception as exc:  # the job fails, the writer goes on
            from newsdesk.errors import NewsdeskError

            message = str(exc) if isinstance(exc, NewsdeskError) else f"{type(exc).__name__}: {exc}"
            emit(state="failed", stage="failed", message=message, trace=traceback.format_exc(limit=3))
        else:
            emit(state="finishing", stage="done", result=result, snapshot=snapshot)
    events.put((None, {}))
