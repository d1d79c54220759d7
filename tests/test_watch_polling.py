"""`watch` against a local HTTP server on 127.0.0.1: conditional GET, items fetched once, robots.txt,
429 + Retry-After, 500s, slow answers, duplicates across feeds, pages that change, stop and restart."""

from __future__ import annotations

import threading
import time

import pytest

from watchserver import LocalServer, page, rss

TEXT = ("The storm reached the coast of Lindenau on Monday night, the weather service said. About {n} homes lost"
        " power, and the regional fire service said crews had worked through the night to clear fallen trees from"
        " the roads. Schools stayed closed on Tuesday while engineers checked the bridges over the river Selbe.")


def _config(**kw):
    from newsdesk.ingest.limits import ReadLimits
    from newsdesk.watch.config import WatchConfig

    limits = ReadLimits(allow_private=True, **kw.pop("limits", {}))
    kw.setdefault("min_delay", 0.0)
    kw.setdefault("backoff_base", 0.01)
    kw.setdefault("versions", False)
    return WatchConfig(limits=limits, **kw)


def _items(server: LocalServer, n: int, prefix: str = "/a", **extra) -> list[dict]:
    items = []
    for i in range(n):
        path = f"{prefix}/{i}.html"
        server.set(path, page(f"Storm report {prefix} {i}", [TEXT.format(n=100 + i)], published="2024-11-04T10:00:00Z",
                              site="Coast News"))
        items.append({"title": f"Storm report {i}", "link": server.url(path),
                      "description": f"Feed summary {i}: " + TEXT.format(n=100 + i), **extra})
    return items


@pytest.fixture()
def store(tmp_path):
    from newsdesk.store import open_store

    with open_store(str(tmp_path / "watch.db")) as s:
        yield s


def _source(store, url: str, every: float = 0.001, **kw):
    from newsdesk.watch.state import add_source

    return add_source(store, url, every_s=every, **kw)


def _round(store, config=None, **kw):
    from newsdesk.watch.round import run_round

    time.sleep(0.005)  # every source of these tests is due again after 1 ms
    return run_round(store, config or _config(), **kw)


def _item_rows(store) -> dict:
    return {r[0]: (r[1], r[2], r[3]) for r in store.conn.execute("SELECT key, state, article_id, error FROM watch_items")}


def test_conditional_get_and_items_fetched_once(store):
    with LocalServer() as server:
        items = _items(server, 3)
        server.set("/feed.xml", rss("Coast News", items), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        first = _round(store)
        assert (first.items_new, first.pages_fetched, first.articles_added) == (3, 3, 3)
        assert server.count("/robots.txt") == 1
        second = _round(store)  # nothing changed: the feed answers 304, no page is fetched
        assert (second.sources_unchanged, second.items_new, second.pages_fetched) == (1, 0, 0)
        assert server.hits[-1].status == 304 and server.hits[-1].headers.get("If-None-Match")
        more = _items(server, 4)  # a fourth item; the first three are listed again
        server.set("/feed.xml", rss("Coast News", more), content_type="application/rss+xml")
        third = _round(store)
        assert (third.items_new, third.items_duplicate, third.pages_fetched) == (1, 3, 1)
        for i in range(4):
            assert server.count(f"/a/{i}.html") == 1
        assert server.count("/robots.txt") == 1  # kept in the database
        agents = {h.headers.get("User-Agent", "") for h in server.hits}
        assert agents and all(a.startswith("newsdesk/") for a in agents)
        assert store.count() == 4


def test_duplicate_items_across_feeds_are_fetched_once(store):
    with LocalServer() as server:
        items = _items(server, 2)
        tracked = [{**i, "link": i["link"] + "?utm_source=rss&utm_medium=feed"} for i in items]
        server.set("/one.xml", rss("One", items), content_type="application/rss+xml")
        server.set("/two.xml", rss("Two", tracked + _items(server, 1, prefix="/b")), content_type="application/rss+xml")
        _source(store, server.url("/one.xml"))
        _source(store, server.url("/two.xml"))
        report = _round(store)
        assert (report.items_new, report.items_duplicate, report.pages_fetched) == (3, 2, 3)
        assert server.count("/a/0.html") == server.count("/a/1.html") == server.count("/b/0.html") == 1
        links = store.conn.execute("SELECT count(*) FROM watch_item_sources").fetchone()[0]
        assert links == 5  # every item is linked to each source that lists it


def test_robots_disallow_keeps_the_feed_entry(store):
    with LocalServer() as server:
        server.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        items = _items(server, 1) + _items(server, 1, prefix="/private")
        server.set("/feed.xml", rss("Coast News", items), content_type="application/rss+xml")
        server.set("/private/feed.xml", rss("Hidden", _items(server, 1, prefix="/c")), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        hidden = _source(store, server.url("/private/feed.xml"))
        report = _round(store)
        assert server.count("/private/0.html") == 0 and server.count("/private/feed.xml") == 0
        assert (report.pages_fetched, report.items_fallback, report.articles_added) == (1, 1, 2)
        kept = [a for a in store.iter_articles() if a.format == "feed"]
        assert len(kept) == 1 and "Feed summary 0" in kept[0].body
        from newsdesk.watch.state import get_source

        source = get_source(store, hidden.id)
        assert source.error_count == 1 and "robots.txt" in source.last_error


def test_robots_server_error_means_keep_out(store):
    with LocalServer() as server:
        server.set("/robots.txt", "", status=503)
        server.set("/feed.xml", rss("Coast News", _items(server, 1)), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        report = _round(store, _config(max_wait_in_round=0.5))
        assert server.count("/feed.xml") == 0 and report.sources_failed == 1


def test_retry_after_is_obeyed_within_the_round(store):
    with LocalServer() as server:
        items = _items(server, 2)
        route = server.routes["/a/0.html"]
        route.statuses = [429]
        route.headers = {"Retry-After": "1"}
        server.set("/feed.xml", rss("Coast News", items), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        report = _round(store, _config(max_wait_in_round=5))
        hits = [h for h in server.hits if h.path == "/a/0.html"]
        assert [h.status for h in hits] == [429, 200]
        assert hits[1].t - hits[0].t >= 0.95  # waited as asked
        after = [h for h in server.hits if h.t > hits[0].t and h.path != "/a/0.html"]
        assert all(h.t - hits[0].t >= 0.95 for h in after)  # the whole host waited, not only that page
        assert report.articles_added == 2


def test_long_retry_after_defers_the_host_across_restarts(store):
    from newsdesk.watch.state import pending_items

    with LocalServer() as server:
        items = _items(server, 2)
        server.routes["/a/0.html"].statuses = [429]
        server.routes["/a/0.html"].headers = {"Retry-After": "3600"}
        server.set("/feed.xml", rss("Coast News", items), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        first = _round(store, _config(max_wait_in_round=1))
        assert first.items_deferred == 2 and first.articles_added == 0
        assert len(pending_items(store)) == 2
        from newsdesk.watch.state import pending_by_source

        assert list(pending_by_source(store).values()) == [2]
        n = len(server.hits)
        second = _round(store, _config(max_wait_in_round=1))  # a new run: the host's wait is in the database
        assert len(server.hits) == n and second.requests == 0
        assert len(pending_items(store)) == 2


def test_server_errors_back_off_and_are_counted(store):
    from newsdesk.watch.state import get_source

    with LocalServer() as server:
        server.set("/feed.xml", "", status=500)
        source = _source(store, server.url("/feed.xml"), every=10.0)
        now = time.time()
        report = _round(store, _config(retries=1))
        assert report.sources_failed == 1 and server.count("/feed.xml") == 2  # one retry after a back-off
        after = get_source(store, source.id)
        assert (after.error_count, after.consecutive_errors, after.last_status) == (1, 1, "500")
        assert after.next_due - now >= 19  # every * 2 ** errors
        store.conn.execute("UPDATE watch_sources SET next_due = 0")
        store.conn.commit()
        _round(store, _config(retries=0))
        after = get_source(store, source.id)
        assert after.consecutive_errors == 2 and after.next_due - time.time() >= 39
        server.set("/feed.xml", rss("Coast News", _items(server, 1)), content_type="application/rss+xml")
        store.conn.execute("UPDATE watch_sources SET next_due = 0")
        store.conn.commit()
        _round(store)
        after = get_source(store, source.id)
        assert (after.error_count, after.consecutive_errors, after.last_error) == (2, 0, "HTTP 500")


def test_page_errors_retry_then_keep_the_feed_entry(store):
    with LocalServer() as server:
        items = _items(server, 1)
        server.routes["/a/0.html"].status = 500
        server.set("/feed.xml", rss("Coast News", items), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        report = _round(store, _config(retries=2, backoff_base=0.2))
        hits = [h.t for h in server.hits if h.path == "/a/0.html"]
        assert len(hits) == 3 and hits[1] - hits[0] >= 0.19 and hits[2] - hits[1] >= 0.39  # 0.2 s, then 0.4 s
        assert report.items_fallback == 1 and report.articles_added == 1
        (state, article_id, error), = _item_rows(store).values()
        assert state == "done" and article_id and error == "HTTP 500"


def test_slow_page_times_out_and_the_round_goes_on(store):
    with LocalServer() as server:
        items = _items(server, 2)
        server.routes["/a/0.html"].delay = 1.5
        server.set("/feed.xml", rss("Coast News", items), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        started = time.monotonic()
        report = _round(store, _config(retries=0, limits={"url_read_timeout": 0.3}))
        assert time.monotonic() - started < 5
        assert report.items_fallback == 1 and report.pages_fetched == 1 and report.articles_added == 2
        errors = [e for _, _, e in _item_rows(store).values() if e]
        assert errors and "timed out" in errors[0]


def test_one_request_at_a_time_per_host_with_the_minimum_delay(store):
    with LocalServer() as server:
        server.set("/feed.xml", rss("Coast News", _items(server, 6)), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        events = []
        _round(store, _config(min_delay=0.15), log=events.append)
        starts = sorted(e["t"] for e in events if e.get("event") == "request")
        assert len(starts) == 8  # robots.txt, the feed, six pages
        assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.15 - 1e-5  # (times logged to the microsecond)
        served = sorted(h.t for h in server.hits)  # as the server saw them (network jitter allowed)
        assert min(b - a for a, b in zip(served, served[1:])) >= 0.1


def test_feed_update_refetches_a_changed_page_conditionally(store):
    with LocalServer() as server:
        items = _items(server, 1, updated="2024-11-04T10:00:00Z")
        server.set("/feed.xml", rss("Coast News", items), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        _round(store)
        (article_id,) = [a.id for a in store.iter_articles()]
        server.set("/a/0.html", page("Storm report", [TEXT.format(n=950)], site="Coast News"))
        quiet = _round(store)  # the page changed, the feed did not say so: not fetched again
        assert quiet.pages_fetched == 0 and server.count("/a/0.html") == 1
        server.set("/feed.xml", rss("Coast News", [{**items[0], "updated": "2024-11-05T09:00:00Z"}]),
                   content_type="application/rss+xml")
        revised = _round(store)
        assert (revised.items_revised, revised.pages_fetched, revised.articles_updated) == (1, 1, 1)
        assert server.hits[-1].headers.get("If-None-Match")  # asked conditionally
        assert "About 950 homes" in store.get_article(article_id).body
        server.set("/feed.xml", rss("Coast News", [{**items[0], "updated": "2024-11-06T09:00:00Z"}]),
                   content_type="application/rss+xml")
        same = _round(store)
        assert (same.items_revised, same.pages_unchanged, same.articles_updated) == (1, 1, 0)
        assert server.hits[-1].status == 304


def test_plain_page_source_is_read_again_when_it_changes(store):
    with LocalServer() as server:
        server.set("/live.html", page("Storm live", [TEXT.format(n=10)], site="Coast News"), etag=False)
        _source(store, server.url("/live.html"), kind="auto")
        first = _round(store)
        assert (first.items_new, first.articles_added) == (1, 1)
        same = _round(store)
        assert (same.sources_unchanged, same.articles_updated) == (1, 0)
        server.set("/live.html", page("Storm live", [TEXT.format(n=20)], site="Coast News"), etag=False)
        changed = _round(store)
        assert (changed.items_revised, changed.articles_updated) == (1, 1)
        assert store.count() == 1 and "About 20 homes" in next(store.iter_articles()).body


def test_news_sitemap_items(store):
    with LocalServer() as server:
        items = _items(server, 3)
        urls = "".join(
            f"<url><loc>{i['link']}</loc>"
            + (f"<news:news><news:publication><news:name>Coast News</news:name><news:language>en</news:language>"
               f"</news:publication><news:publication_date>2024-11-04T10:00:00Z</news:publication_date>"
               f"<news:title>{i['title']}</news:title></news:news>" if n < 2 else "")
            + "</url>" for n, i in enumerate(items))
        server.set("/news-sitemap.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
                   f' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>',
                   content_type="application/xml")
        source = _source(store, server.url("/news-sitemap.xml"))
        report = _round(store)
        assert (report.items_new, report.pages_fetched) == (2, 2)  # only the <news:news> entries
        assert server.count("/a/2.html") == 0
        from newsdesk.watch.state import get_source

        assert get_source(store, source.id).kind == "sitemap"


def test_stop_keeps_what_was_fetched_and_a_restart_goes_on(store):
    with LocalServer() as server:
        server.set("/feed.xml", rss("Coast News", _items(server, 5)), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        stop = threading.Event()

        def log(event):
            if event.get("event") == "request" and "/a/" in event["url"]:
                stop.set()  # as a SIGTERM would, right after the first page was requested

        first = _round(store, stop=stop, log=log)
        assert first.stopped and first.articles_added == 1
        states = [s for s, _, _ in _item_rows(store).values()]
        assert sorted(states) == ["done", "pending", "pending", "pending", "pending"]
        second = _round(store)
        assert second.articles_added == 4 and store.count() == 5
        assert all(server.count(f"/a/{i}.html") == 1 for i in range(5))


def test_url_policy_refuses_private_addresses_unless_allowed(store):
    from newsdesk.ingest.limits import ReadLimits
    from newsdesk.watch.config import WatchConfig
    from newsdesk.watch.state import get_source

    with LocalServer() as server:
        server.set("/feed.xml", rss("Coast News", _items(server, 1)), content_type="application/rss+xml")
        source = _source(store, server.url("/feed.xml"))
        report = _round(store, WatchConfig(versions=False, limits=ReadLimits()))
        assert report.sources_failed == 1 and not server.hits
        assert "loopback" in get_source(store, source.id).last_error


def test_last_modified_only_server_answers_304(store):
    with LocalServer() as server:
        server.set("/feed.xml", rss("Coast News", _items(server, 1)), content_type="application/rss+xml",
                   etag=False, last_modified="Mon, 04 Nov 2024 10:00:00 GMT")
        _source(store, server.url("/feed.xml"))
        _round(store)
        again = _round(store)
        assert again.sources_unchanged == 1 and server.hits[-1].status == 304
        assert server.hits[-1].headers.get("If-Modified-Since") == "Mon, 04 Nov 2024 10:00:00 GMT"


def test_crawl_delay_spaces_the_requests(store):
    with LocalServer() as server:
        server.set("/robots.txt", "User-agent: newsdesk\nCrawl-delay: 0.4\n", content_type="text/plain")
        server.set("/feed.xml", rss("Coast News", _items(server, 2)), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        _round(store, _config(min_delay=0.01))
        served = sorted(h.t for h in server.hits)
        assert len(served) == 4 and min(b - a for a, b in zip(served, served[1:])) >= 0.37


def test_sitemap_index_adds_its_sitemaps_as_sources(store):
    from newsdesk.watch.state import list_sources

    with LocalServer() as server:
        child = server.url("/news-1.xml")
        server.set("/index.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                   f"<sitemap><loc>{child}</loc></sitemap></sitemapindex>", content_type="application/xml")
        items = _items(server, 1)
        server.set("/news-1.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                   f"<url><loc>{items[0]['link']}</loc></url></urlset>", content_type="application/xml")
        _source(store, server.url("/index.xml"), name="Coast")
        _round(store)
        sources = list_sources(store)
        assert [(s.url, s.kind, s.name) for s in sources][1:] == [(child, "sitemap", "Coast")]
        second = _round(store)
        assert second.pages_fetched == 1 and store.count() == 1


def test_pages_cleaned_in_worker_processes(store):
    with LocalServer() as server:
        items = _items(server, 3)
        server.set("/a/2.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="text/html")  # not an article
        server.set("/feed.xml", rss("Coast News", items), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        report = _round(store, _config(jobs=2, batch_size=1))
        assert (report.pages_fetched, report.items_fallback, report.articles_added) == (3, 1, 3)
        kept = [a for a in store.iter_articles() if a.format == "feed"]
        assert len(kept) == 1 and "Feed summary 2" in kept[0].body


def test_a_changed_page_gives_a_new_version_that_says_what_changed(store):
    from newsdesk.cluster.persist import story_members
    from newsdesk.pipeline import brief_from_articles, one_story
    from newsdesk.versions import what_changed

    text = ("The regional fire service said on Sunday that {n} residents of Lindenau had been evacuated from"
            " their homes. The river Selbe burst its banks after three days of heavy rain, and schools in the"
            " town stayed closed while volunteers filled sandbags along the lower streets.")
    with LocalServer() as server:
        server.set("/live.html", page("Lindenau floods", [text.format(n="2,400")], site="Valley Gazette"))
        _source(store, server.url("/live.html"))
        first = _round(store, _config(versions=True))
        assert first.versions == 1
        server.set("/live.html", page("Lindenau floods", [text.format(n="3,100")], site="Valley Gazette"))
        second = _round(store, _config(versions=True))
        assert (second.articles_updated, second.versions) == (1, 1)
        (sid,) = second.stories
        articles = list(store.iter_articles(story_members(store, sid)))
        ch = what_changed(store, sid, brief_from_articles(articles, grouper=one_story).stories[0], articles)
        # the same story's version 2, or (when the store re-assigns a changed article) the story it moved to,
        # compared with the version 1 it came from
        assert not ch.first and "version 1" in ch.since
        assert [(a.id, a.revised) for a in ch.articles] == [(articles[0].id, True)]
        assert [(f.kind, f.label, f.old) for f in ch.figures] == [("revised", "3,100", ("2,400",))]
        assert ch.figures[0].cites[0].article == articles[0].id


def test_feed_entry_without_a_link_is_kept_as_it_is(store):
    with LocalServer() as server:
        items = _items(server, 1)
        feed = rss("Coast News", items).replace(
            "</channel>", "<item><title>Brief: roads reopen</title><guid isPermaLink=\"false\">brief-1</guid>"
            f"<description>{TEXT.format(n=7)}</description></item></channel>")
        server.set("/feed.xml", feed, content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        first = _round(store)
        assert (first.items_new, first.pages_fetched, first.items_fallback, first.articles_added) == (2, 1, 0, 2)
        kept = [a for a in store.iter_articles() if a.format == "feed"]
        assert len(kept) == 1 and "About 7 homes" in kept[0].body
        again = _round(store)
        assert again.items_new == 0 and store.count() == 2


def test_fetched_pages_waiting_in_memory_are_bounded(store):
    from newsdesk.watch import batch as batch_module

    with LocalServer() as server:
        server.set("/feed.xml", rss("Coast News", _items(server, 12)), content_type="application/rss+xml")
        _source(store, server.url("/feed.xml"))
        slow_read = batch_module.read_page
        seen_waiting = []

        def read_slowly(*args):
            seen_waiting.append(sum(1 for h in server.hits if h.path.startswith("/a/")))
            time.sleep(0.05)
            return slow_read(*args)

        batch_module.read_page = read_slowly
        try:
            report = _round(store, _config(queue_size=2, batch_size=1))
        finally:
            batch_module.read_page = slow_read
        assert report.articles_added == 12
        # while page k is read, at most queue_size (+1 being fetched, +1 handed over) pages were fetched ahead
        assert all(fetched - k <= 2 + 2 for k, fetched in enumerate(seen_waiting, start=1))
