"""Issue 11, defect 13: the reports treat article text as data. The HTML report carries a
Content-Security-Policy that lets only its own script run (by hash); the Markdown output escapes
HTML copied from articles.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess

import pytest
from badcorpus import article

from newsdesk.pipeline import run_brief
from newsdesk.render import render
from newsdesk.render.html import content_security_policy

HOSTILE = "<script>document.documentElement.setAttribute('data-pwned','title')</script>"


@pytest.fixture(scope="module")
def hostile_brief(tmp_path_factory):
    # A plain-text article keeps markup as written (an HTML or JSON reader would strip tags).
    folder = tmp_path_factory.mktemp("hostile")
    text = article(3, title="Tax vote " + HOSTILE).replace(
        "said on Tuesday", "said <img src=x onerror=\"document.title='pwned'\"> on Tuesday")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    brief = run_brief([str(folder)])
    assert HOSTILE in brief.articles[0].title
    return brief


def _policy(page: str) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert found, "no CSP meta tag"
    return found.group(1)


def test_html_report_has_a_csp_naming_only_its_own_script(hostile_brief):
    page = render(hostile_brief, "html")
    policy = _policy(page)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1  # the report's own; the article's <script> is escaped text
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "&lt;script&gt;" in page and "<img src=x" not in page
    assert page.index("Content-Security-Policy") < page.index("<script>")


def test_policy_without_scripts_forbids_all():
    assert "script-src 'none'" in content_security_policy("<html><head></head></html>")


def test_markdown_escapes_html_from_articles(hostile_brief):
    md = render(hostile_brief, "md")
    assert "<script" not in md and "<img" not in md
    assert "&lt;script>" in md


@pytest.mark.browser
def test_an_injected_script_does_not_run_but_the_reports_own_does(hostile_brief, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    page = render(hostile_brief, "html")
    injected = page.replace("</main>", "<script>document.documentElement.setAttribute('data-pwned','1')</script></main>", 1)
    path = tmp_path / "report.html"
    path.write_text(injected, encoding="utf-8")
    (tmp_path / "profile").mkdir()
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
                           "--virtual-time-budget=3000", "--dump-dom", path.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)
    dom = done.stdout
    assert "<html" in dom, done.stderr[-2000:]
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert "data-rendered=" in root and "data-pwned" not in root  # neither the injected script nor the article's ran
    assert re.search(r"<title>(.*?)</title>", dom, re.S).group(1) != "pwned"
