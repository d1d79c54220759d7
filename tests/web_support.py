"""Shared by the web app's tests: a store of the bundled sample plus one hostile article, and
test clients of the app over it (addressed to 127.0.0.1, as a browser on this machine would)."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "examples" / "seeds"
BASE = "http://127.0.0.1:8080"

HOSTILE = {
    "id": "hostile",
    "title": "<script>alert('title')</script> Harbour <b>closed</b>",
    "text": ("The harbour authority of Vellmar closed the eastern quay on Tuesday after a crane collapsed. "
             "<img src=x onerror=alert('body')> Officials said 14 workers were evacuated. "
             "\"<script>document.title='pwned'</script>\", a notice on the gate read. "
             "The quay will stay closed until the structure is inspected, the authority said."),
    "url": "javascript:alert('url')",
    "source": "javascript:alert('source')",
    "date": "2024-11-02",
}


def hostile_article():
    """An article whose fields hold markup and script, stored as is (not through the readers,
    which may clean some of it away): what the app shows must be safe whatever is stored."""
    from newsdesk.serialize import article_from_dict

    return article_from_dict({"id": HOSTILE["id"], "source": HOSTILE["source"], "body": HOSTILE["text"],
                              "title": HOSTILE["title"], "url": HOSTILE["url"], "byline": "<i>Ann</i> Writer",
                              "outlet": "<b>Outlet</b>", "published": "2024-11-02T09:00:00",
                              "original": HOSTILE["text"], "format": "json"})


def build_store(folder: Path) -> Path:
    """The sample's five articles and the hostile one, stored and clustered."""
    from newsdesk.add import add_inputs
    from newsdesk.cluster.persist import assign_stories
    from newsdesk.store import open_store

    db = folder / "web.db"
    with open_store(str(db)) as store:
        add_inputs(store, [str(SEEDS)])
        hostile = hostile_article()
        store.add_articles([hostile])
        assign_stories(store, [hostile])
    return db


def copy_store(db: Path, folder: Path) -> Path:
    out = folder / "copy.db"
    shutil.copy(db, out)
    return out


@contextmanager
def client_for(db: Path, **settings):
    from fastapi.testclient import TestClient

    from newsdesk.web import create_app
    from newsdesk.web.config import WebConfig

    base_url = settings.pop("base_url", BASE)
    settings = {"workers": "thread", "warm": 0, "sample": False, **settings}
    app = create_app(WebConfig(db=str(db), **settings))
    with TestClient(app, base_url=base_url) as client:
        client.app_state = app.state.newsdesk
        yield client


def error_of(response) -> dict:
    """The error object of a JSON error answer, checked to have exactly the one shape."""
    data = response.json()
    assert set(data) == {"error"}, data
    assert set(data["error"]) == {"code", "message"}, data
    assert isinstance(data["error"]["code"], str) and data["error"]["code"]
    assert isinstance(data["error"]["message"], str) and data["error"]["message"]
    return data["error"]


def seed_story(client) -> dict:
    """The story holding most of the seed articles (the clusterer may leave one on its own)."""
    seeds = {p.stem for p in SEEDS.glob("*.txt")}

    def overlap(story: dict) -> int:
        detail = client.get(f"/api/stories/{story['id']}").json()
        return len(seeds & {a["id"] for a in detail["articles"]})

    best = max(client.get("/api/stories").json()["stories"], key=overlap)
    assert overlap(best) >= 2, best
    return best
