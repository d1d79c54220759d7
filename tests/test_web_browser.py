"""The web app in headless Debian chromium, driven by Selenium through chromium-driver: open
the stories list, open a story, click a citation and land on the highlighted span, search, add
a file and see it in its story. Screenshots are kept under test-artifacts/.

The app runs as `newsdesk serve` runs it (uvicorn on 127.0.0.1, writer and brief worker
processes) on a free port, for this module only. Skipped, saying why, when chromium,
chromium-driver or selenium is missing.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from web_support import SEEDS, build_store

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists() or not Path(DRIVER).exists():
        pytest.skip("chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)")
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
    import uvicorn

    from newsdesk.web import create_app
    from newsdesk.web.config import WebConfig

    db = build_store(tmp_path_factory.mktemp("web-browser"))
    port = _free_port()
    app = create_app(WebConfig(db=str(db), port=port, warm=1))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}", app.state.newsdesk
    srv.should_exit = True
    thread.join(30)


@pytest.fixture(scope="module")
def browser(server):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1200,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(180)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def _wait(driver, condition, timeout: float = 120):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition)


def _shot(driver, name: str) -> None:
    path = ARTIFACTS / f"web-{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


def test_stories_story_and_citation(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.get(base + "/")
    links = browser.find_elements(By.CSS_SELECTOR, "a.story-title")
    assert links, browser.page_source[:500]
    seed_link = next(a for a in links if "North Korea" in a.text)
    _shot(browser, "stories")
    seed_link.click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "ul.summary a.cite"))
    assert "North Korea" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.claim-chart rect.bar")
    _shot(browser, "story")
    cite = next(a for a in browser.find_elements(By.CSS_SELECTOR, "ul.summary a.cite") if "?s=" in a.get_attribute("href"))
    href = cite.get_attribute("href")
    cite.click()
    _wait(browser, lambda d: "/articles/" in d.current_url and d.find_elements(By.ID, "hl"))
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(href)
    aid = parts.path.rsplit("/", 1)[1]
    query = parse_qs(parts.query)
    start, end = int(query["s"][0]), int(query["e"][0])
    mark = browser.find_element(By.ID, "hl")
    body = browser.execute_script(
        "return fetch('/api/articles/' + arguments[0]).then(r => r.json()).then(d => d.body);", aid)
    assert mark.text.split() == body[start:end].split()
    assert browser.execute_script("return document.querySelector('.article-body').textContent;") == body
    in_view = browser.execute_script(
        "const r = document.getElementById('hl').getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;")
    assert in_view, "the cited span is not scrolled into view"
    assert mark.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(browser, "citation")


def test_search(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, _ = server
    browser.get(base + "/")
    box = browser.find_element(By.CSS_SELECTOR, "nav form.search input[name=q]")
    box.send_keys("troops Kursk", Keys.ENTER)
    _wait(browser, lambda d: "/search" in d.current_url and d.find_elements(By.ID, "hits"))
    groups = browser.find_elements(By.CSS_SELECTOR, "section.result-group")
    assert groups and "North Korea" in groups[0].find_element(By.CSS_SELECTOR, ".group-title").text
    assert browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    _shot(browser, "search")


def test_add_a_file_and_see_it_in_its_story(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base, state = server
    seed = sorted(SEEDS.glob("*.txt"))[1].read_text(encoding="utf-8")
    upload = tmp_path / "browser-added.txt"
    upload.write_text(seed + "\n\nOn Thursday, officials in Seoul said some 3,000 more North Korean troops "
                      "had arrived in Russia's Kursk region.\n", encoding="utf-8")
    browser.get(base + "/add")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(upload))
    browser.find_element(By.ID, "add-submit").click()
    _wait(browser, lambda d: "/jobs/" in d.current_url)
    _wait(browser, lambda d: d.find_element(By.ID, "job").get_attribute("data-state") in ("done", "failed"))
    assert browser.find_element(By.ID, "job").get_attribute("data-state") == "done", \
        browser.find_element(By.ID, "job").text
    _shot(browser, "added")
    story_link = browser.find_element(By.CSS_SELECTOR, "ul.job-articles a.job-story")
    story_link.click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "ol.members li"), timeout=300)
    members = [li.get_attribute("id") for li in browser.find_elements(By.CSS_SELECTOR, "ol.members li")]
    assert "art-browser-added" in members, members
    _shot(browser, "added-story")
