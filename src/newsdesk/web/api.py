"""The JSON API under /api/: everything the pages show, in JSON (see /api/docs)."""

from __future__ import annotations

import json
import os
import tempfile
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from newsdesk.web.errors import WebError
from newsdesk.web.state import SEARCH_PAGE

ERRORS = {code: {"description": desc, "content": {"application/json": {"example": {
    "error": {"code": name, "message": "…"}}}}}
    for code, name, desc in ((400, "bad_request", "Bad request"), (404, "not_found", "Not found"),
                             (422, "invalid_request", "Invalid parameters"))}

BRIEF_MEDIA = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
               "json": "application/json"}
EXPORT_MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
                "parquet": "application/vnd.apache.parquet"}


def json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json_bytes(data), status_code=status, media_type="application/json", headers=headers)


def check_csrf(request: Request, state, given: str | None) -> None:
    """POSTs carry the run's CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``);
    a request authenticated by an ``Authorization: Bearer`` token needs none (no browser adds it)."""
    from newsdesk.web.safety import same_secret

    auth = request.headers.get("authorization", "")
    if state.config.token and auth.lower().startswith("bearer ") and same_secret(auth[7:].strip(), state.config.token):
        return
    if not (same_secret(given, state.csrf) or same_secret(request.headers.get("x-csrf-token"), state.csrf)):
        raise WebError(403, "csrf", "missing or wrong CSRF token (GET /api/csrf gives it; send it as the "
                                    "X-CSRF-Token header or the csrf_token form field)")


def story_filter(snapshot, outlet: str | None, since: str | None, until: str | None, q: str | None):
    out = []
    q = (q or "").strip().lower()
    for s in snapshot.stories:
        if outlet and outlet not in s.outlets:
            continue
        if since and (s.last_published or "")[:10] < since:
            continue
        if until and (not s.first_published or s.first_published[:10] > until):
            continue
        if q and q not in (s.title or "").lower() and not any(q == t.lower() for t in s.top_terms):
            continue
        out.append(s)
    return out


def _date(value: str | None, name: str) -> str | None:
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise WebError(422, "invalid_request", f"{name}: a date as YYYY-MM-DD, not {value!r}") from None


def article_json(state, article, snapshot) -> dict:
    from newsdesk.cluster.persist import relations_of
    from newsdesk.serialize import article_to_dict

    data = article_to_dict(article, full=False)
    sid = snapshot.story_of.get(article.id)
    data["story"] = sid
    data["url_page"] = f"/articles/{article.id}"
    data["relations"] = [
        {"kind": r.kind, "other": r.article_b if r.article_a == article.id else r.article_a, "score": r.score,
         "span": list((r.span_a if r.article_a == article.id else r.span_b) or ()) or None,
         "shared_words": r.shared_words, "credits": list(r.credits)}
        for r in relations_of(state.reader(), [article.id])
    ]
    return data


def brief_text(entry, fmt: str) -> str:
    from newsdesk.render import render

    return entry.render(fmt, lambda brief: render(brief, fmt))


def export_articles(state, ids, fmt: str) -> bytes:
    from newsdesk.exporting import export_articles as write

    store = state.reader()
    articles = store.iter_articles(ids) if ids is not None else store.iter_articles()
    fd, path = tempfile.mkstemp(suffix="." + fmt)
    os.close(fd)
    try:
        write(articles, fmt, path)
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)


def router(state) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"])

    @api.get("/stories", summary="Stories, newest activity first", responses=ERRORS)
    async def list_stories(outlet: str | None = None, since: str | None = None, until: str | None = None,
                     q: str | None = Query(None, description="words of the story title or top terms"),
                     limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0)):
        """Every stored story with its outlets, date span, article count and when it last changed;
        filtered by outlet and by publication dates (`since`, `until`: YYYY-MM-DD)."""
        snap = state.snapshot()

        def make() -> bytes:
            rows = story_filter(snap, outlet, _date(since, "since"), _date(until, "until"), q)
            return json_bytes({"total": len(rows), "articles_stored": snap.articles,
                               "stories": [s.to_dict() for s in rows[offset:offset + limit]]})

        # kept until the store changes (the snapshot's file stamp)
        key = ("api stories", outlet, since, until, q, limit, offset)
        return Response(state.answers.answer(key, snap.stamp, make), media_type="application/json")

    @api.get("/stories/{story_id}", summary="One story and its articles", responses=ERRORS)
    async def get_story(story_id: str):
        from starlette.concurrency import run_in_threadpool

        info = state.story(story_id)

        def answer():
            store = state.reader()
            rows = []
            for aid in info.members:
                a = store.get_article(aid)
                rows.append({"id": a.id, "title": a.title, "outlet": a.outlet, "byline": a.byline,
                             "published": a.published.isoformat() if a.published else None,
                             "url": f"/articles/{a.id}"})
            data = info.to_dict(members=True)
            data["articles"] = rows
            data["brief"] = f"/api/stories/{info.id}/brief"
            return state.answers.put(("api story", info.id), info, json_bytes(data))

        # kept until the story changes: its StoryInfo (row, members, their content hashes) differs
        body = state.answers.get(("api story", info.id), info)
        if body is None:  # a small story is a few indexed reads, on the event loop; a big one in a thread
            body = answer() if len(info.members) <= 40 else await run_in_threadpool(answer)
        return Response(body, media_type="application/json")

    @api.get("/stories/{story_id}/brief", summary="The story's brief (the brief JSON contract)", responses=ERRORS)
    async def get_brief(story_id: str):
        """The brief as `newsdesk brief --format json` writes it, computed from what is stored
        now and cached until the story changes."""
        from starlette.concurrency import run_in_threadpool

        info = state.story(story_id)
        entry = state.briefs.peek(info.id, info.digest)
        if entry is not None and "json" in entry.rendered:
            return Response(entry.rendered["json"], media_type="application/json")
        text = await run_in_threadpool(lambda: brief_text(state.story_entry(info), "json"))
        return Response(text, media_type="application/json")

    @api.get("/stories/{story_id}/export", summary="Download the story's brief (md, html, json)", responses=ERRORS)
    def export_brief(story_id: str, format: str = Query("md", pattern="^(md|html|json)$")):
        from newsdesk.web.safety import CSP_DOWNLOAD

        entry = state.story_entry(state.story(story_id))
        return Response(brief_text(entry, format), media_type=BRIEF_MEDIA[format], headers={
            "Content-Disposition": f'attachment; filename="brief-{story_id}.{format}"',
            "Content-Security-Policy": CSP_DOWNLOAD})

    @api.get("/articles/export", summary="Download stored articles (jsonl, csv, parquet)", responses=ERRORS)
    def export(format: str = Query("jsonl", pattern="^(jsonl|csv|parquet)$"),
               story: str | None = Query(None, description="only this story's articles")):
        from newsdesk.web.safety import CSP_DOWNLOAD

        ids = list(state.story(story).members) if story else None
        name = f"articles-{story}" if story else "articles"
        return Response(export_articles(state, ids, format), media_type=EXPORT_MEDIA[format], headers={
            "Content-Disposition": f'attachment; filename="{name}.{format}"', "Content-Security-Policy": CSP_DOWNLOAD})

    @api.get("/articles/{article_id}", summary="One article: metadata, cleaned body, removed lines, relations",
             responses=ERRORS)
    async def get_article(article_id: str):
        return json_response(article_json(state, state.article(article_id), state.snapshot()))

    @api.get("/search", summary="Full-text search over articles, grouped by story", responses=ERRORS)
    async def search(q: str = Query(..., description='words (all must match) or "quoted phrases"'),
                     limit: int = Query(SEARCH_PAGE, ge=1, le=500, description="results on this page"),
                     offset: int = Query(0, ge=0, le=10_000, description="results of the earlier pages")):
        """One page of results, best first, grouped by story; `more` says whether the next page
        (`offset` + `limit`) has any. Snippets are cut for the results of this page only."""
        # a search not made before is ranked on the loop or in a search worker (state.search_async)
        stamp = state.snapshot().stamp
        key = ("api search", q, limit, offset)
        body = state.answers.get(key, stamp)  # kept until the store changes
        if body is None:
            terms, groups, more = await state.search_async(q, limit, offset)
            body = state.answers.put(key, stamp, json_bytes({"query": q, "offset": offset, "limit": limit,
                                                             "more": more, "results": [
                {"story": info.to_dict() if info else None,
                 "articles": [{"id": r.id, "title": r.title, "outlet": r.outlet, "published": r.published,
                               "snippet": r.snippet, "url": f"/articles/{r.id}"} for r in rows]}
                for info, rows in groups]}))
        return Response(body, media_type="application/json")

    @api.get("/csrf", summary="The CSRF token that POST requests carry")
    def csrf():
        return json_response({"csrf_token": state.csrf, "header": "X-CSRF-Token", "form_field": "csrf_token"})

    @api.post("/articles", status_code=202, summary="Add articles: URLs, uploaded files, pasted text",
              responses={**ERRORS, 403: {"description": "Missing CSRF token"}, 413: {"description": "Over a limit"}})
    async def add_articles(request: Request,
                           files: Annotated[list[UploadFile], File(description="text, HTML, JSON/JSONL, feed, WARC")] = [],
                           url: Annotated[str, Form(description="one or more http(s) URLs, one per line")] = "",
                           text: Annotated[str, Form(description="pasted article text")] = "",
                           title: Annotated[str, Form(description="headline of the pasted text")] = "",
                           csrf_token: Annotated[str, Form()] = "",
                           wait: float = Query(0, ge=0, le=120, description="seconds to wait for the job to finish")):
        """Queues one add job and answers at once (202) with the job to poll at `/api/jobs/{id}`;
        with `wait`, answers when the job is done (200) or the wait is over (202). The job's
        result says what was stored, what was skipped and why, and which story each article joined."""
        from starlette.concurrency import run_in_threadpool

        from newsdesk.web.adding import submit

        check_csrf(request, state, csrf_token)
        job = await submit(state, urls=url, text=text, title=title, files=files)
        if wait:
            job = await run_in_threadpool(state.writer.wait, job.id, wait)
        status = 200 if job.state in ("done", "failed") else 202
        return json_response({"job": job.to_dict()}, status, headers={"Location": f"/api/jobs/{job.id}"})

    @api.get("/jobs/{job_id}", summary="An add job's progress and result", responses=ERRORS)
    def get_job(job_id: str):
        job = state.writer.get(job_id)
        if job is None:
            raise WebError(404, "not_found", f"no job with id {job_id!r} (jobs are kept while the server runs)")
        return json_response({"job": job.to_dict()})

    return api
