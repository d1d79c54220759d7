"""`newsdesk serve`: a newsroom web app over the store (stories, briefs, articles, search, add).

An ASGI app (FastAPI on uvicorn) with server-rendered Jinja2 pages and a JSON API under
``/api/``. Reads answer from per-thread SQLite connections; every write goes through one
writer process (a queue), so an add never blocks the pages and SQLite sees one writer at a
time. Story briefs are computed in a worker process and cached until the story changes.
FastAPI and uvicorn are imported only when the app is built.
"""

from __future__ import annotations


def create_app(config):
    """The ASGI app for ``config`` (a :class:`newsdesk.web.config.WebConfig`)."""
    from newsdesk.web.app import build_app

    return build_app(config)
