"""The HTML pages: stories, a story, an article, search, add, a job, the API docs."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from newsdesk.web.api import _date, check_csrf, story_filter
from newsdesk.web.state import SEARCH_PAGE
from newsdesk.web.views import annotated_body, annotations_for, render_page, snippet_html, story_page

PAGE = 50
BRIEF_WAIT = 4.0  # seconds a story page waits for a brief being computed before saying so


def router(state, openapi) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    def html(name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(render_page(name, csrf=state.csrf, **context), status_code=status)

    @pages.get("/")
    async def index(outlet: str | None = None, since: str | None = None, until: str | None = None,
              q: str | None = None, page: int = Query(1, ge=1)):
        snap = state.snapshot()
        pending = state.writer.pending()
        now = datetime.now(timezone.utc).replace(second=0, microsecond=0)  # "updated" badges: to the minute

        def make() -> bytes:
            rows = story_filter(snap, outlet or None, _date(since, "since"), _date(until, "until"), q)
            shown = rows[(page - 1) * PAGE: page * PAGE]
            return render_page("index.html.j2", csrf=state.csrf, stories=shown, total=len(rows), page=page,
                               pages=max(1, -(-len(rows) // PAGE)), outlets=snap.outlets, outlet=outlet or "",
                               since=since or "", until=until or "", q=q or "", articles=snap.articles, now=now,
                               pending=pending).encode("utf-8")

        # kept until the store changes, an add is queued or ends, or the minute turns
        key = ("page stories", outlet, since, until, q, page, pending, now)
        return HTMLResponse(state.answers.answer(key, snap.stamp, make))

    @pages.get("/stories/{story_id}")
    async def story(story_id: str):
        from starlette.concurrency import run_in_threadpool

        info = state.story(story_id)
        entry = state.briefs.peek(info.id, info.digest)
        if entry is not None and "page" in entry.rendered:  # the usual case: answered on the event loop
            return HTMLResponse(entry.rendered["page"])
        # Not computed yet: compute it in the background; answer with it if it is ready within a few
        # seconds, else with a page that says so and reloads itself (a big story takes longer).
        future = state.brief_in_background(info, _story_html)
        try:
            return HTMLResponse(await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), BRIEF_WAIT))
        except asyncio.TimeoutError:
            return html("computing.html.j2", status=202, info=info)

    def _story_html(info) -> str:
        from newsdesk.cluster.persist import relations_of

        entry = state.story_entry(info)

        def make(brief):
            members = set(info.members)
            rels = [r for r in relations_of(state.reader(), info.members)
                    if r.article_a in members and r.article_b in members]
            return story_page(brief, info, rels)

        return entry.render("page", make)

    @pages.get("/articles/{article_id}")
    def article(article_id: str, s: int | None = Query(None, ge=0), e: int | None = Query(None, ge=0)):
        from newsdesk.web.api import article_json

        art = state.article(article_id)
        snap = state.snapshot()
        data = article_json(state, art, snap)
        sid, entry = state.article_entry(article_id, art)
        spans = annotations_for(entry.brief, article_id)
        cited = (s, e) if s is not None and e is not None and e > s else None
        body = annotated_body(art.body, spans, cited)
        bad_span = cited is not None and not (e <= len(art.body))
        counts = {"ent": 0, "quote": 0, "claim": 0}
        for _, _, cls, _ in spans:
            counts[cls.split(" ", 1)[0]] += 1
        return html("article.html.j2", a=art, data=data, story=snap.by_id.get(sid) if sid else None, body=body,
                    cited=cited and not bad_span, counts=counts,
                    cited_text=art.body[s:e] if cited and not bad_span else None)

    @pages.get("/search")
    async def search(q: str = "", page: int = Query(1, ge=1, le=500)):
        if not q.strip():
            return html("search.html.j2", q="", groups=[], terms=[], hits=0, page=1, more=False, first=0)
        stamp = state.snapshot().stamp
        body = state.answers.get(("page search", q, page), stamp)  # kept until the store changes
        if body is None:
            offset = (page - 1) * SEARCH_PAGE
            terms, groups, more = await state.search_async(q, SEARCH_PAGE, offset)  # see api.search
            view = [(info, [(r, snippet_html(r.snippet, terms)) for r in rows]) for info, rows in groups]
            body = state.answers.put(("page search", q, page), stamp, render_page(
                "search.html.j2", csrf=state.csrf, q=q, groups=view, terms=terms, page=page, more=more,
                first=offset, hits=sum(len(r) for _, r in groups)).encode("utf-8"))
        return HTMLResponse(body)

    @pages.get("/add")
    def add_form():
        return html("add.html.j2", limits=state.config)

    @pages.post("/add")
    async def add_submit(request: Request, files: Annotated[list[UploadFile], File()] = [],
                         url: Annotated[str, Form()] = "", text: Annotated[str, Form()] = "",
                         title: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = ""):
        from newsdesk.web.adding import submit

        check_csrf(request, state, csrf_token)
        job = await submit(state, urls=url, text=text, title=title, files=files)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @pages.get("/jobs/{job_id}")
    def job(job_id: str):
        from newsdesk.web.errors import WebError

        found = state.writer.get(job_id)
        if found is None:
            raise WebError(404, "not_found", f"no job with id {job_id!r} (jobs are kept while the server runs)")
        return html("job.html.j2", job=found.to_dict())

    @pages.get("/api/docs")
    def docs():
        from newsdesk.web.views import docs_view

        spec = openapi()
        return html("docs.html.j2", spec=spec, ops=docs_view(spec))

    return pages
