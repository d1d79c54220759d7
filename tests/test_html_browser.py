"""The HTML report in headless Debian chromium: the chart and the timeline are laid out, and a
citation link (followed through its URL fragment) highlights exactly the cited span.

Screenshots are kept under test-artifacts/. Skipped when chromium is not installed.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote

import pytest

from newsdesk.render import render

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory, seed_brief):
    tmp = tmp_path_factory.mktemp("report")
    page = tmp / "brief.html"
    page.write_text(render(seed_brief, "html"), encoding="utf-8")
    return tmp, page


def _first_summary_citation(page: str) -> str:
    summary = page.split('<ul class="summary">', 1)[1].split("</ul>", 1)[0]
    return html.unescape(re.search(r'<a class="cite" href="([^"]+)"', summary).group(1))


def test_chart_timeline_and_citation_link(report, seed_brief):
    tmp, page = report
    brief = seed_brief
    fragment = _first_summary_citation(page.read_text(encoding="utf-8"))
    query = parse_qs(fragment[1:])
    article, start, end = unquote(query["a"][0]), int(query["s"][0]), int(query["e"][0])
    done = _chromium(tmp, "--virtual-time-budget=5000", "--dump-dom", page.as_uri() + fragment)
    dom = done.stdout
    assert "<html" in dom, done.stderr[-2000:]
    rendered = json.loads(html.unescape(re.search(r'data-rendered="([^"]+)"', dom).group(1)))
    story = brief.stories[0]
    assert rendered["bars"] == sum(len(g.claims) for g in story.claim_groups) > 0
    assert rendered["events"] == len(story.timeline) > 0
    assert f'data-highlight="{article}:{start}:{end}"' in dom
    mark = re.search(r'<mark class="hl" id="highlight">(.*?)</mark>', dom, re.S)
    body = next(a.body for a in brief.articles if a.id == article)
    assert mark and html.unescape(mark.group(1)) == body[start:end]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshots_are_kept(report):
    tmp, page = report
    ARTIFACTS.mkdir(exist_ok=True)
    top = ARTIFACTS / "brief-report.png"
    _chromium(tmp, "--window-size=1200,1800", "--hide-scrollbars", f"--screenshot={top}", page.as_uri())
    assert _png_size(top) == (1200, 1800) and top.stat().st_size > 50_000
    # a window taller than the page: the highlighted span is on the shot without scrolling
    cited = ARTIFACTS / "brief-citation.png"
    fragment = _first_summary_citation(page.read_text(encoding="utf-8"))
    _chromium(tmp, "--window-size=1200,14000", "--hide-scrollbars", f"--screenshot={cited}", page.as_uri() + fragment)
    assert _png_size(cited) == (1200, 14000)
