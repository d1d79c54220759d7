"""The web app's JSON API and pages through the test client: every route, every error.

The store is the bundled sample (one story of five articles) plus one hostile article. Briefs
are computed for real (spaCy), once per module, in a worker thread of the app.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from web_support import SEEDS, build_store, client_for, error_of, seed_story

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web-api"))


@pytest.fixture(scope="module")
def client(db):
    with client_for(db) as c:
        yield c


@pytest.fixture(scope="module")
def story(client) -> dict:
    return seed_story(client)


def _csrf(client) -> str:
    return client.get("/api/csrf").json()["csrf_token"]


# --------------------------------------------------------------------------- stories


def test_stories_list_newest_first_with_counts(client, story):
    data = client.get("/api/stories").json()
    assert data["articles_stored"] == 6
    assert data["total"] == len(data["stories"]) >= 2
    assert story["size"] >= 2 and story["url"] == f"/stories/{story['id']}"
    assert story["first_published"].startswith("2024-10")
    times = [s["last_added"] or "" for s in data["stories"]]
    assert times == sorted(times, reverse=True)


def test_stories_filters(client, story):
    assert client.get("/api/stories", params={"since": "2024-11-01"}).json()["stories"] == [
        s for s in client.get("/api/stories").json()["stories"] if (s["last_published"] or "") >= "2024-11-01"]
    only = client.get("/api/stories", params={"until": "2024-10-30"}).json()["stories"]
    assert story["id"] in [s["id"] for s in only] and all(s["first_published"] <= "2024-10-30" for s in only)
    assert client.get("/api/stories", params={"outlet": "No Such Outlet"}).json()["total"] == 0
    assert client.get("/api/stories", params={"limit": 1}).json()["stories"].__len__() == 1
    err = error_of(client.get("/api/stories", params={"since": "yesterday"}))
    assert err["code"] == "invalid_request" and "since" in err["message"]


def test_story_detail_and_unknown_story(client, story):
    data = client.get(f"/api/stories/{story['id']}").json()
    ids = {p.stem for p in SEEDS.glob("*.txt")}
    assert len(data["articles"]) == story["size"] and {a["id"] for a in data["articles"]} <= ids
    assert data["brief"] == f"/api/stories/{story['id']}/brief"
    r = client.get("/api/stories/story-999999")
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"


def test_brief_is_the_contract_json_and_cached(client, story):
    import jsonschema

    from newsdesk import render

    state = client.app_state
    r = client.get(f"/api/stories/{story['id']}/brief")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    brief = r.json()
    schema = json.loads((Path(render.__file__).parent / "brief.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(brief, schema)
    assert brief["schema_version"] and [s["id"] for s in brief["stories"]] == [story["id"]]
    members = [a["id"] for a in client.get(f"/api/stories/{story['id']}").json()["articles"]]
    assert sorted(brief["stories"][0]["articles"]) == sorted(members)
    assert brief["stories"][0]["summary"] and brief["stories"][0]["claim_groups"]
    computed = state.briefs.computed
    assert client.get(f"/api/stories/{story['id']}/brief").json() == brief
    assert client.get(f"/stories/{story['id']}").status_code == 200
    assert state.briefs.computed == computed  # served from the cache
    assert error_of(client.get("/api/stories/nope/brief"))["code"] == "not_found"


def test_brief_exports(client, story):
    sid = story["id"]
    md = client.get(f"/api/stories/{sid}/export", params={"format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert f'filename="brief-{sid}.md"' in md.headers["content-disposition"] and md.text.startswith("#")
    html = client.get(f"/api/stories/{sid}/export", params={"format": "html"})
    assert "attachment" in html.headers["content-disposition"] and "<html" in html.text
    assert "sandbox" in html.headers["content-security-policy"]
    js = client.get(f"/api/stories/{sid}/export", params={"format": "json"})
    assert js.json()["stories"][0]["id"] == sid
    assert error_of(client.get(f"/api/stories/{sid}/export", params={"format": "pdf"}))["code"] == "invalid_request"


# --------------------------------------------------------------------------- articles


def test_article_and_unknown_article(client, story):
    aid = client.get(f"/api/stories/{story['id']}").json()["articles"][0]["id"]
    data = client.get(f"/api/articles/{aid}").json()
    for key in ("id", "source", "title", "byline", "published", "outlet", "credits", "tags", "headings", "body",
                "removed"):
        assert key in data
    assert data["story"] == story["id"] and data["body"] and isinstance(data["relations"], list)
    r = client.get("/api/articles/no-such-article")
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"


def test_article_exports(client, story):
    import pyarrow.parquet as pq

    jsonl = client.get("/api/articles/export", params={"format": "jsonl"})
    assert jsonl.status_code == 200 and len(jsonl.text.strip().splitlines()) == 6
    rows = list(csv.DictReader(io.StringIO(client.get("/api/articles/export", params={"format": "csv"}).text)))
    assert len(rows) == 6 and {"id", "title", "body"} <= set(rows[0])
    part = client.get("/api/articles/export", params={"format": "parquet", "story": story["id"]})
    assert pq.read_table(io.BytesIO(part.content)).num_rows == story["size"]
    assert error_of(client.get("/api/articles/export", params={"format": "xml"}))["code"] == "invalid_request"
    assert error_of(client.get("/api/articles/export", params={"story": "nope"}))["code"] == "not_found"


# --------------------------------------------------------------------------- search


def test_search_grouped_by_story(client, story):
    data = client.get("/api/search", params={"q": "North Korean troops"}).json()
    groups = {(g["story"] or {}).get("id"): g["articles"] for g in data["results"]}
    assert len(groups[story["id"]]) == story["size"]
    assert sum(len(g) for g in groups.values()) == 5  # the five seed articles, each once
    assert all("troop" in a["snippet"].lower() for g in groups.values() for a in g)
    phrase = client.get("/api/search", params={"q": '"eastern quay"'}).json()["results"]
    assert [a["id"] for g in phrase for a in g["articles"]] == ["hostile"]


def test_search_pages(client, story):
    """One page of results at a time (snippets are cut for that page only); `more` and the page's
    links lead to the next, which continues the ranking without repeating a result."""
    whole = client.get("/api/search", params={"q": "troops"}).json()
    ranked = [a["id"] for g in whole["results"] for a in g["articles"]]
    assert whole["offset"] == 0 and whole["limit"] == 20 and whole["more"] is False and len(ranked) >= 5
    pages, offset = [], 0
    while True:
        part = client.get("/api/search", params={"q": "troops", "limit": 2, "offset": offset}).json()
        pages.append([a["id"] for g in part["results"] for a in g["articles"]])
        if not part["more"]:
            break
        offset += 2
    assert all(len(p) == 2 for p in pages[:-1]) and 1 <= len(pages[-1]) <= 2
    assert sorted(sum(pages, [])) == sorted(ranked)  # every result once, over the pages
    assert client.get("/api/search", params={"q": "troops", "offset": 500}).json()["results"] == []
    assert error_of(client.get("/api/search", params={"q": "troops", "offset": -1}))["code"] == "invalid_request"
    first = client.get("/search", params={"q": "troops"}).text
    assert 'rel="next"' not in first and "Results 1" not in first  # everything fits on one page
    assert client.get("/search", params={"q": "troops", "page": 0}).status_code == 422
    far = client.get("/search", params={"q": "troops", "page": 3}).text
    assert "Nothing found" in far and 'rel="prev"' in far and "page=2" in far


def test_search_errors_and_operators_are_safe(client):
    assert error_of(client.get("/api/search", params={"q": "  "}))["code"] == "empty_query"
    assert error_of(client.get("/api/search", params={"q": ")(*:"}))["code"] == "empty_query"
    assert error_of(client.get("/api/search"))["code"] == "invalid_request"
    for q in ('troops AND "', "NOT troops", "troops*", "title:x OR", "NEAR(a b)"):
        assert client.get("/api/search", params={"q": q}).status_code == 200, q


# --------------------------------------------------------------------------- add


def test_add_needs_csrf_then_runs_a_job(client, tmp_path):
    text = "Vellmar council opens new library\n\nThe council of Vellmar opened a new public library on Monday."
    r = client.post("/api/articles", data={"text": text})
    assert r.status_code == 403 and error_of(r)["code"] == "csrf"
    r = client.post("/api/articles", data={"text": text}, headers={"X-CSRF-Token": _csrf(client)})
    assert r.status_code == 202 and r.headers["location"].startswith("/api/jobs/")
    job = r.json()["job"]
    assert job["state"] in ("queued", "running", "done")
    done = client.app_state.writer.wait(job["id"], 60)
    polled = client.get(f"/api/jobs/{job['id']}").json()["job"]
    assert done.state == polled["state"] == "done", polled
    [article] = polled["result"]["articles"]
    assert article["status"] == "added" and article["story"]
    assert client.get(f"/api/articles/{article['id']}").json()["story"] == article["story"]
    assert error_of(client.get("/api/jobs/nope"))["code"] == "not_found"


def test_add_wait_upload_and_errors(client):
    token = _csrf(client)
    r = client.post("/api/articles", params={"wait": 60}, data={"csrf_token": token},
                    files=[("files", ("quay.txt", b"Quay reopens in Vellmar\n\nThe eastern quay of Vellmar "
                                      b"reopened on Friday after inspectors approved the crane repairs.", "text/plain"))])
    assert r.status_code == 200, r.text
    job = r.json()["job"]
    assert job["state"] == "done" and [a["id"] for a in job["result"]["articles"]] == ["quay"]
    assert error_of(client.post("/api/articles", data={"csrf_token": token}))["code"] == "nothing_to_add"
    assert error_of(client.post("/api/articles", params={"wait": -1}, data={"csrf_token": token, "text": "x"}))[
        "code"] == "invalid_request"


def test_skipped_input_is_reported_with_its_reason(client):
    r = client.post("/api/articles", params={"wait": 60}, data={"csrf_token": _csrf(client)},
                    files=[("files", ("broken.json", b"{not json", "application/json"))])
    job = r.json()["job"]
    assert job["state"] == "done" and job["result"]["articles"] == []
    [skip] = job["result"]["skipped"]
    assert skip["reason"]


def test_brief_recomputed_when_the_story_changes(client, story):
    """A brief is cached until its story changes: a new article recomputes the brief of the
    story it joins, and only that one."""
    state = client.app_state
    before = {s["id"]: s["size"] for s in client.get("/api/stories").json()["stories"]}
    for sid in before:
        client.get(f"/api/stories/{sid}/brief")
    computed = state.briefs.computed
    for sid in before:
        client.get(f"/api/stories/{sid}/brief")
    assert state.briefs.computed == computed  # unchanged stories: all cached
    digests = {sid: state.snapshot().by_id[sid].digest for sid in before}
    member = client.get(f"/api/stories/{story['id']}").json()["articles"][0]["id"]
    text = (SEEDS / f"{member}.txt").read_text(encoding="utf-8") + (
        "\n\nThe Pentagon added on Wednesday that about 10,000 North Korean troops were now in Kursk.\n")
    r = client.post("/api/articles", params={"wait": 60}, data={"csrf_token": _csrf(client)},
                    files=[("files", ("update.txt", text.encode("utf-8"), "text/plain"))])
    [art] = r.json()["job"]["result"]["articles"]
    joined = art["story"]
    for sid in before:
        brief = client.get(f"/api/stories/{sid}/brief").json()
        assert (art["id"] in brief["stories"][0]["articles"]) == (sid == joined)
    # only the stories that changed were computed again (the one joined, and any whose title or
    # members the clusterer changed); a new story is computed when first asked for
    changed = {sid for sid in before if state.snapshot().by_id[sid].digest != digests[sid]}
    assert joined not in before or joined in changed
    assert state.briefs.computed == computed + len(changed)
    assert art["id"] in client.get(f"/api/stories/{joined}/brief").json()["stories"][0]["articles"]


# --------------------------------------------------------------------------- pages


def test_pages_render(client, story):
    sid = story["id"]
    home = client.get("/")
    assert home.status_code == 200 and f'href="/stories/{sid}"' in home.text
    page = client.get(f"/stories/{sid}")
    assert page.status_code == 200 and "<h2>Summary</h2>" in page.text and "claim-chart" in page.text
    summary = page.text.split('<ul class="summary">', 1)[1].split("</ul>", 1)[0]
    cite = re.search(r'<a class="cite" href="(/articles/[^"?]+\?s=[^"]+)"', summary).group(1).replace("&amp;", "&")
    path, query = cite.split("#")[0].split("?")
    aid = path.rsplit("/", 1)[1]
    s, e = (int(x.split("=")[1]) for x in query.split("&"))
    body = client.get(f"/api/articles/{aid}").json()["body"]
    art = client.get(cite.split("#")[0])
    marked = re.search(r'<mark class="hl" id="hl">(.*?)</mark>', art.text, re.S).group(1)
    import html as html_mod

    assert html_mod.unescape(re.sub(r"<[^>]+>", "", marked)) == body[s:e]
    assert client.get("/search", params={"q": "troops"}).text.count('class="result"') >= 5
    assert 'name="csrf_token"' in client.get("/add").text
    docs = client.get("/api/docs").text
    for path in client.get("/api/openapi.json").json()["paths"]:
        assert f"<code>{path}</code>" in docs


def test_page_add_redirects_to_the_job_page(client):
    r = client.post("/add", data={"csrf_token": _csrf(client), "title": "Vellmar bridge repainted",
                                  "text": "The Vellmar bridge was repainted in blue over the weekend by forty volunteers. "
                                  "The town council paid for the paint, the mayor said on Monday. Work on the railings "
                                  "will continue next month, when the weather allows it, according to the council."}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    client.app_state.writer.wait(r.headers["location"].rsplit("/", 1)[1], 60)
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and 'data-state="done"' in page.text and "/stories/" in page.text


def test_page_errors_are_html_with_the_code(client):
    for url, status, code in (("/stories/story-999999", 404, "not_found"), ("/articles/nope", 404, "not_found"),
                              ("/jobs/nope", 404, "not_found"), ("/no/such/page", 404, "not_found"),
                              ("/articles/x?s=-1", 422, "invalid_request")):
        r = client.get(url)
        assert r.status_code == status and r.headers["content-type"].startswith("text/html"), url
        assert f'data-code="{code}"' in r.text, url
    r = client.post("/add", data={"text": "x"})
    assert r.status_code == 403 and 'data-code="csrf"' in r.text


# --------------------------------------------------------------------------- one error shape, every API route

# One failing request per API route; the test fails when a route is added without one.
FAILING = {
    ("GET", "/api/stories"): ("/api/stories?limit=0", 422),
    ("GET", "/api/stories/{story_id}"): ("/api/stories/none", 404),
    ("GET", "/api/stories/{story_id}/brief"): ("/api/stories/none/brief", 404),
    ("GET", "/api/stories/{story_id}/export"): ("/api/stories/none/export", 404),
    ("GET", "/api/articles/export"): ("/api/articles/export?format=doc", 422),
    ("GET", "/api/articles/{article_id}"): ("/api/articles/none", 404),
    ("GET", "/api/search"): ("/api/search?q=", 400),
    ("GET", "/api/csrf"): ("/api/csrf?x=1", None),  # cannot fail: checked below with a wrong method
    ("POST", "/api/articles"): ("/api/articles", 403),
    ("GET", "/api/jobs/{job_id}"): ("/api/jobs/none", 404),
    ("GET", "/api/openapi.json"): ("/api/openapi.json", None),
}


def test_every_api_route_fails_with_the_one_error_shape(client):
    spec = client.get("/api/openapi.json").json()
    routes = {(m.upper(), path) for path, ops in spec["paths"].items() for m in ops}
    assert all(path.startswith("/api/") for _, path in routes)
    routes.add(("GET", "/api/openapi.json"))
    assert routes == set(FAILING), routes ^ set(FAILING)
    for (method, path), (url, status) in FAILING.items():
        if status is None:
            continue
        r = client.request(method, url)
        assert r.status_code == status, (url, r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/json")
        error_of(r)
    for method, path in routes:  # a wrong method on every route: 405 in the same shape
        wrong = "DELETE"
        r = client.request(wrong, path.replace("{story_id}", "x").replace("{article_id}", "x").replace("{job_id}", "x"))
        assert r.status_code == 405 and error_of(r)["code"] == "method_not_allowed", (path, r.text)
    r = client.get("/api/no/such/route")
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"


def test_serve_builds_the_sample_into_an_empty_database(tmp_path):
    from newsdesk.web.sample import ensure_sample

    db = tmp_path / "fresh.db"
    folder, stored = ensure_sample(str(db))
    assert folder == SEEDS and stored == len(list(SEEDS.glob("*.txt")))
    assert ensure_sample(str(db)) is None  # not twice
    with client_for(db) as c:
        data = c.get("/api/stories").json()
        assert data["articles_stored"] == stored and data["stories"]


def test_story_page_never_waits_long_for_a_brief(client, monkeypatch):
    """A story whose brief is not computed yet answers at once with a page that says so and
    reloads itself; the brief is computed in the background and then served."""
    import newsdesk.web.pages as pages

    monkeypatch.setattr(pages, "BRIEF_WAIT", 0.0)
    snap = client.app_state.snapshot()
    cold = next(s for s in snap.stories if client.app_state.briefs.peek(s.id, s.digest) is None)
    r = client.get(f"/stories/{cold.id}")
    assert r.status_code == 202 and 'id="computing"' in r.text and 'http-equiv="refresh"' in r.text
    client.app_state.brief_in_background(cold, lambda info: None).result(timeout=120)
    done = client.get(f"/stories/{cold.id}")
    assert done.status_code == 200 and "<h2>Summary</h2>" in done.text
