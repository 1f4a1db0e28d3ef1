"""The shared frontier's contract, on a real Redis: claims and the page budget, articles owned by
the page that brought them, deferred links, requests in progress, the end of a crawl, and the
requests of a dead worker going back to the queue."""

from __future__ import annotations

import pytest

from crawler.kernel.errors import LockedError
from crawler.redis_frontier import RedisFrontier, SharedCrawl, fingerprint


def frontier(url: str, prefix: str, worker: str, budget: int | None = None, start: bool = True,
             name: str = "t") -> RedisFrontier:
    import redis

    client = redis.Redis.from_url(url)
    crawl = SharedCrawl(client, prefix, name)
    if start:
        crawl.start({"start_urls": ["http://a.test/"]}, worker, timeout=30, resume=False)
    else:
        crawl.join(worker, wait=1)
    return RedisFrontier(client, crawl, budget, worker, timeout=30)


def push(f: RedisFrontier, url: str) -> int:
    counted = fingerprint(url) in f.claims
    return f.push(fingerprint(url), f"request {url}".encode(), 0, None, counted)


def test_claims_and_the_budget_are_shared(redis_frontier) -> None:  # noqa: ANN001
    url, prefix = redis_frontier
    a = frontier(url, prefix, "a", budget=2)
    b = frontier(url, prefix, "b", budget=2, start=False)
    assert a.claim("http://a.test/x?utm_source=feed") and push(a, "http://a.test/x") == 1
    assert not b.claim("http://a.test/x") and push(b, "http://a.test/x") == 0  # canonical: one URL
    assert b.claim("http://a.test/y") and push(b, "http://a.test/y") == 1
    assert not a.claim("http://a.test/z") and a.refused == 1 and b.claimed == 2  # the budget, for all
    assert a.seen("http://a.test/y") and not a.seen("http://a.test/z")


def test_an_article_belongs_to_the_page_that_brought_it(redis_frontier) -> None:  # noqa: ANN001
    url, prefix = redis_frontier
    a = frontier(url, prefix, "a")
    assert a.claim_article("http://a.test/story/", "http://a.test/story/?page=1")
    assert not a.claim_article("http://a.test/story/", "http://a.test/other-listing/")  # another page
    assert not a.claim_article("http://a.test/story/?page=1", "http://a.test/x/")  # an alias is taken too
    # the same page fetched again (its worker was killed before storing it) may claim it again
    assert a.claim_article("http://a.test/story/", "http://a.test/story/?page=1")


def test_deferred_links_once_each_in_order(redis_frontier) -> None:  # noqa: ANN001
    url, prefix = redis_frontier
    a = frontier(url, prefix, "a")
    for link in ("t/1", "t/2", "t/1"):
        a.defer(link)
    assert a.take_deferred() == ["t/1", "t/2"] and a.take_deferred() == []


def test_the_crawl_ends_when_nobody_has_anything(redis_frontier) -> None:  # noqa: ANN001
    url, prefix = redis_frontier
    a = frontier(url, prefix, "a")
    b = frontier(url, prefix, "b", start=False)
    assert a.claim("http://a.test/") and push(a, "http://a.test/") == 1
    assert not b.idle()  # the starter holds the crawl open until its seeds are out
    a.started()
    assert not b.idle()  # a request is queued
    fp, data = a.pop()
    assert fp == fingerprint("http://a.test/") and data == b"request http://a.test/"
    a.popped[fp] = object()
    assert not b.idle()  # a has it in progress
    assert a.push(fp, b"retry", 0, fp, False) == 2  # a retry goes back to the queue
    assert b.pop() == (fp, b"retry")
    assert not a.idle()  # now b has it
    b.ack([fp])
    assert a.idle() and b.idle() and a.finished
    assert push(a, "http://a.test/late") == 0 and a.pop() is None  # nothing more once it is over


def test_a_dead_workers_requests_go_back_to_the_queue(redis_frontier) -> None:  # noqa: ANN001
    url, prefix = redis_frontier
    a = frontier(url, prefix, "a")
    b = frontier(url, prefix, "b", start=False)
    a.started()
    for page in ("p1", "p2"):
        assert a.claim(f"http://a.test/{page}") and push(a, f"http://a.test/{page}") == 1
    assert b.pop() and b.pop() and b.pop() is None
    a.client.hset(a.crawl.base + "workers", "b", "0")  # b's last heartbeat: long ago
    assert not a.idle()
    assert a.queued() == 2  # both back, b forgotten
    assert a.pop() and a.pop()
    with pytest.raises(LockedError, match="is running on the frontier"):
        frontier(url, prefix, "c")  # a second start of the same crawl while a works on it
