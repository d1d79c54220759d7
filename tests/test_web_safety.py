"""The web app's safety rules, each with a test: loopback binding and the token, the Host
check, CSRF and cross-origin POSTs, escaping and the Content-Security-Policy, uploads never
served back, upload limits that store nothing, URL targets refused (also after a redirect),
and one writer at a time while reads keep answering."""

from __future__ import annotations

import html
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_support import HOSTILE, build_store, client_for, copy_store, error_of

from newsdesk.errors import NewsdeskError

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web-safety"))


@pytest.fixture()
def fresh_db(db, tmp_path) -> Path:
    return copy_store(db, tmp_path)


def _csrf(client) -> str:
    return client.get("/api/csrf").json()["csrf_token"]


def _count(client) -> int:
    return client.get("/api/stories").json()["articles_stored"]


# --------------------------------------------------------------------------- binding and the token


def test_binding_beyond_loopback_needs_a_token(db):
    from newsdesk.cli import main
    from newsdesk.web import create_app
    from newsdesk.web.config import WebConfig

    with pytest.raises(NewsdeskError, match="--token"):
        create_app(WebConfig(db=str(db), host="0.0.0.0"))
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "0.0.0.0", "--port", "1"], env={"NEWSDESK_TOKEN": ""})
    assert result.exit_code == 1 and result.output.startswith("Error: binding 0.0.0.0")
    create_app(WebConfig(db=str(db), host="0.0.0.0", token="s3cret"))  # with a token it is allowed
    assert WebConfig(db="x").host == "127.0.0.1"


def test_odd_token_survives_the_cookie(db):
    token = "a b;c=d\"é"
    with client_for(db, host="0.0.0.0", token=token, base_url="http://10.1.2.3:8080") as c:
        from urllib.parse import quote

        assert c.get("/?token=" + quote(token), follow_redirects=False).status_code == 303
        assert c.get("/api/stories").status_code == 200


def test_with_a_token_every_request_needs_it(db):
    with client_for(db, host="0.0.0.0", token="s3cret", base_url="http://10.1.2.3:8080") as c:
        for url in ("/", "/api/stories", "/static/app.css", "/api/docs", "/stories/x"):
            r = c.get(url)
            assert r.status_code == 401, url
        assert error_of(c.get("/api/stories"))["code"] == "unauthorized"
        assert 'data-code="unauthorized"' in c.get("/").text
        assert c.get("/api/stories", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/api/stories", headers={"X-Newsdesk-Token": "s3cret"}).status_code == 200
        r = c.get("/?token=s3cret&outlet=", follow_redirects=False)  # a browser's first visit
        assert r.status_code == 303 and "token" not in r.headers["location"]
        assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=Strict" in r.headers["set-cookie"]
        assert c.get("/").status_code == 200  # the cookie now carries it
        c.cookies.clear()
        assert c.get("/?token=nope", follow_redirects=False).status_code == 401


def test_loopback_answers_only_requests_addressed_to_it(db):
    with client_for(db) as c:
        assert c.get("/api/stories").status_code == 200
        assert c.get("/api/stories", headers={"Host": "localhost:8080"}).status_code == 200
        r = c.get("/api/stories", headers={"Host": "attacker.example"})  # DNS rebinding
        assert r.status_code == 400 and error_of(r)["code"] == "bad_host"


# --------------------------------------------------------------------------- CSRF


def test_posts_need_the_csrf_token_and_same_origin(fresh_db):
    with client_for(fresh_db) as c:
        text = {"title": "Harbour", "text": "The Vellmar harbour reopened on Friday. " * 5}
        for data, headers in ((text, {}), ({**text, "csrf_token": "wrong"}, {}), (text, {"X-CSRF-Token": "wrong"})):
            for url in ("/api/articles", "/add"):
                r = c.post(url, data=data, headers=headers)
                assert r.status_code == 403, (url, r.text)
        assert error_of(c.post("/api/articles", data=text))["code"] == "csrf"
        token = _csrf(c)
        r = c.post("/api/articles", data={**text, "csrf_token": token}, headers={"Origin": "https://evil.example"})
        assert r.status_code == 403 and error_of(r)["code"] == "cross_origin"
        assert c.post("/api/articles", data=text, headers={"X-CSRF-Token": token, "Origin": "null"}).status_code == 403
        r = c.post("/api/articles", data=text, headers={"X-CSRF-Token": token, "Origin": "http://127.0.0.1:8080"})
        assert r.status_code == 202


def test_bearer_token_requests_need_no_csrf(fresh_db):
    with client_for(fresh_db, host="0.0.0.0", token="s3cret", base_url="http://10.1.2.3:8080") as c:
        text = {"title": "Harbour", "text": "The Vellmar harbour reopened on Friday after repairs. " * 4}
        assert c.post("/api/articles", data=text, headers={"Authorization": "Bearer s3cret"}).status_code == 202
        c.get("/?token=s3cret")  # cookie only: a browser, so the CSRF token is needed
        assert c.post("/api/articles", data=text).status_code == 403


# --------------------------------------------------------------------------- escaping and CSP


def _all_pages(c) -> dict[str, str]:
    sid = c.get("/api/articles/hostile").json()["story"]
    urls = ["/", f"/stories/{sid}", "/articles/hostile", "/articles/hostile?s=4&e=30", "/search?q=harbour",
            "/search?q=%3Cscript%3E", "/add", "/api/docs", "/stories/%3Cscript%3E", "/no%3Cscript%3Ealert(1)"]
    return {u: c.get(u).text for u in urls}


def test_article_content_is_escaped_everywhere(db):
    with client_for(db) as c:
        assert c.get("/api/articles/hostile").json()["title"].startswith("<script>")  # stored as given
        for url, page in _all_pages(c).items():
            assert "<script>alert" not in page and "<script>document" not in page, url
            assert "<img src=x" not in page and "<b>closed</b>" not in page, url
            for tag in re.findall(r"<script\b[^>]*>", page):  # the app's own script only, never inline
                assert re.fullmatch(r'<script src="/static/app\.js"( defer)?>', tag), (url, tag)
            assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", page, re.I), url
        page = c.get("/articles/hostile").text
        assert html.escape(HOSTILE["title"]).replace("&#x27;", "&#39;").split(" Harbour")[0] in page  # shown, escaped


def test_csp_forbids_inline_script_on_every_response(db):
    with client_for(db) as c:
        for url in ("/", "/articles/hostile", "/api/stories", "/static/app.js", "/nope", "/api/nope", "/add"):
            csp = c.get(url).headers["content-security-policy"]
            script = re.search(r"script-src ([^;]+)", csp).group(1).split()
            assert script == ["'self'"], (url, csp)
            assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
            assert c.get(url).headers["x-content-type-options"] == "nosniff"


def test_uploaded_html_is_never_served_as_html(fresh_db):
    page = (b"<html><head><title>Crane report</title><script>alert('upload')</script></head><body><article>"
            b"<h1>Crane report</h1>" + b"<p>The crane on the eastern quay of Vellmar failed its inspection on "
            b"Monday, the harbour authority said, and will be replaced before spring.</p>" * 3
            + b"<p onclick=\"alert('p')\">Inspectors <b>found</b> rust.</p></article></body></html>")
    with client_for(fresh_db) as c:
        r = c.post("/api/articles", params={"wait": 60}, data={"csrf_token": _csrf(c)},
                   files=[("files", ("crane.html", page, "text/html"))])
        [art] = r.json()["job"]["result"]["articles"]
        served = [c.get(u) for u in (f"/articles/{art['id']}", f"/api/articles/{art['id']}",
                                     f"/api/articles/export?format=jsonl", "/search?q=crane")]
        for resp in served:
            assert b"<script>alert('upload')" not in resp.content and b"onclick=" not in resp.content
        assert served[1].headers["content-type"].startswith("application/json")
        uploads = Path(str(fresh_db)).parent / (Path(str(fresh_db)).stem + "-uploads")
        saved = next(uploads.rglob("crane.html"))
        rel = saved.relative_to(uploads.parent).as_posix()
        for probe in (f"/static/../{rel}", f"/{rel}", f"/static/{saved.name}", "/static/%2e%2e/" + rel):
            got = c.get(probe)
            assert got.status_code == 404 and b"<script>" not in got.content, probe


# --------------------------------------------------------------------------- limits


def test_upload_limits_store_nothing(fresh_db):
    with client_for(fresh_db, max_files=2, max_file_bytes=2_000, max_request_bytes=20_000, max_text_chars=500,
                    max_urls=2) as c:
        token, before = _csrf(c), _count(c)
        uploads = Path(str(fresh_db)).parent / (Path(str(fresh_db)).stem + "-uploads")
        article = b"Quay report\n\nThe eastern quay of Vellmar reopened on Friday after repairs to the crane."
        cases = [
            ({"files": [("files", (f"a{i}.txt", article, "text/plain")) for i in range(3)]}, 413, "too_many_files"),
            ({"files": [("files", ("ok.txt", article, "text/plain")), ("files", ("big.txt", b"x" * 2_001, "text/plain"))]},
             413, "file_too_large"),
            ({"files": [("files", ("huge.txt", b"y" * 30_000, "text/plain"))]}, 413, "too_large"),
            ({"data": {"text": "z" * 501}}, 413, "text_too_long"),
            ({"data": {"url": "https://a.example/1 https://a.example/2 https://a.example/3"}}, 413, "too_many_urls"),
            ({"files": [("files", ("empty.txt", b"   ", "text/plain"))]}, 400, "empty_file"),
        ]
        for kwargs, status, code in cases:
            data = {**kwargs.get("data", {}), "csrf_token": token}
            r = c.post("/api/articles", data=data, files=kwargs.get("files"))
            assert r.status_code == status and error_of(r)["code"] == code, (code, r.text)
        assert c.app_state.writer.pending() == 0 and not c.app_state.writer._jobs
        assert not uploads.exists() or not any(uploads.rglob("*.txt"))
        assert _count(c) == before


# --------------------------------------------------------------------------- URLs


def test_url_targets_are_refused(fresh_db):
    with client_for(fresh_db) as c:
        token = _csrf(c)
        for url in ("http://127.0.0.1:9/x", "http://localhost/x", "http://10.0.0.7/x", "http://192.168.1.1/",
                    "http://169.254.169.254/latest/meta-data/", "http://[::1]/x", "file:///etc/passwd",
                    "ftp://example.org/x", "javascript:alert(1)", "http://0.0.0.0/"):
            r = c.post("/api/articles", data={"url": url, "csrf_token": token})
            assert r.status_code == 400 and error_of(r)["code"] == "url_refused", (url, r.text)


class _Site(BaseHTTPRequestHandler):
    hits: list[str] = []
    body = ("Harbour crane replaced\n\nThe harbour authority of Vellmar replaced the crane of the eastern "
            "quay on Thursday, two weeks after it collapsed, the authority said in a statement.").encode()

    def do_GET(self):  # noqa: N802
        type(self).hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_port}/secret")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_redirect_to_a_refused_target_is_checked_again(fresh_db):
    """The first hop's host is allowed (``localhost``, as a test stands in for a public site);
    its redirect to 127.0.0.1 is refused before it is followed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_port
    try:
        with client_for(fresh_db, url_allowed_hosts=("localhost",)) as c:
            token = _csrf(c)
            ok = c.post("/api/articles", params={"wait": 60},
                        data={"url": f"http://localhost:{port}/article", "csrf_token": token}).json()["job"]
            assert ok["state"] == "done" and len(ok["result"]["articles"]) == 1, ok  # the fetch path works
            _Site.hits.clear()
            job = c.post("/api/articles", params={"wait": 60},
                         data={"url": f"http://localhost:{port}/redirect", "csrf_token": token}).json()["job"]
            assert job["state"] == "done" and job["result"]["articles"] == [], job
            [skip] = job["result"]["skipped"]
            assert "refused" in skip["reason"] and "127.0.0.1" in skip["reason"], skip
            assert _Site.hits == ["/redirect"]  # /secret was never requested
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- one writer, reads go on


def _big_jsonl(n: int) -> bytes:
    lines = []
    for i in range(n):
        lines.append(json.dumps({"id": f"bulk{i:04d}", "title": f"Vellmar ferry timetable change {i}",
                                 "text": (f"The Vellmar ferry company changed timetable number {i} on Monday. "
                                          "Passengers were told to check the new times at the harbour office. "
                                          "The company said the change follows the repairs on the eastern quay. ") * 3,
                                 "date": "2024-11-05"}))
    return ("\n".join(lines) + "\n").encode()


def test_one_writer_at_a_time_and_reads_keep_answering(fresh_db):
    with client_for(fresh_db) as c:
        token, before = _csrf(c), _count(c)
        first = c.post("/api/articles", data={"csrf_token": token},
                       files=[("files", ("bulk.jsonl", _big_jsonl(150), "application/x-ndjson"))]).json()["job"]
        second = c.post("/api/articles", data={"csrf_token": token},
                        files=[("files", ("one.txt", _Site.body, "text/plain"))]).json()["job"]
        seen, answered_while_running = set(), 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = c.get(f"/api/jobs/{first['id']}").json()["job"]["state"]
            t0 = time.monotonic()
            r = c.get("/api/stories")
            assert r.status_code == 200 and time.monotonic() - t0 < 5
            seen.add(r.json()["articles_stored"])
            if state == "running":
                answered_while_running += 1
            if state in ("done", "failed"):
                break
        w = c.app_state.writer
        done1, done2 = w.wait(first["id"], 60), w.wait(second["id"], 60)
        assert done1.state == done2.state == "done"
        assert answered_while_running >= 1
        assert done2.started >= done1.finished - 0.5  # the second job waited for the first
        after = _count(c)
        assert after == before + 151
        assert seen <= {before, before + 150, after}  # never a half-written batch
