"""Re-crawl decisions without a network: durations, freshness, the conditional-request middleware,
what a 304 or a 404 becomes, and the page states the pipeline keeps."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from scrapy.http import Request, Response

from crawler.frontier import MemoryFrontier
from crawler.items import FetchInfo, GoneItem, PageItem, UnchangedItem
from crawler.kernel.errors import ConfigError
from crawler.middlewares.conditional import ConditionalRequestMiddleware
from crawler.recrawl import (
    META_FOLLOWS_LINKS,
    META_LASTMOD,
    META_UNCONDITIONAL,
    NOT_FETCHED,
    RecrawlState,
    check_refresh,
    gone,
    parse_duration,
    parse_lastmod,
    revisit,
)
from crawler.recrawl_store import RecrawlRecorder

NOW = datetime.now(UTC)
A, B, HOME, LOST = "http://a.test/one/", "http://a.test/two/", "http://a.test/tag/x/", "http://a.test/lost/"


class Stats(Counter):
    def inc_value(self, key: str, count: int = 1) -> None:
        self[key] += count

    def set_value(self, key: str, value: Any) -> None:
        self[key] = value


def state(refresh: str = "changed", fresh_after: datetime | None = None) -> RecrawlState:
    def page(article: str | None, status: int, etag: str | None = None, modified: str | None = None) -> dict:
        return {"article_url": article, "status": status, "etag": etag, "last_modified": modified,
                "checked_at": NOW - timedelta(hours=2)}

    pages = {A: page(A, 200, '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT"), B: page(B, 200),
             HOME: page(None, 200, '"h"'), LOST: page(LOST, 404)}
    return RecrawlState(pages, {A: [B, LOST], B: [A]}, refresh, fresh_after, {A: "hash-a", B: "hash-b"})


def fetch(url: str, status: int = 304, etag: str | None = None) -> FetchInfo:
    return FetchInfo(url=url, status=status, fetched_at=NOW, etag=etag)


@pytest.mark.parametrize(("text", "seconds"), [("30m", 1800), ("2d", 172800), (3600, 3600), ("1.5h", 5400),
                                               ("", 0), (None, 0), ("45", 45), ("1W", 604800)])
def test_durations(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["soon", "-5", "5 days", True, -1, "1h30m"])
def test_bad_durations_name_the_option(bad: object) -> None:
    with pytest.raises(ConfigError, match="--recheck-after"):
        parse_duration(bad, "--recheck-after")


def test_refresh_policies() -> None:
    assert check_refresh(None) == "changed" and check_refresh(" ALL ") == "all"
    with pytest.raises(ConfigError, match="never, changed, all"):
        check_refresh("sometimes")


def test_lastmod_forms() -> None:
    assert parse_lastmod("2024-03-01") == datetime(2024, 3, 1, tzinfo=UTC)
    assert parse_lastmod("2024-03-01T10:00:00+02:00") == datetime(2024, 3, 1, 8, tzinfo=UTC)
    assert parse_lastmod("2024-03-01T10:00:00Z") == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert parse_lastmod("yesterday") is None and parse_lastmod(None) is None


def test_freshness_follows_the_cutoff_and_a_newer_lastmod() -> None:
    page = state().pages[A]
    assert not state().is_fresh(page)  # no cutoff: always re-check
    recent = state(fresh_after=NOW - timedelta(hours=6))
    assert recent.is_fresh(page)
    assert not recent.is_fresh(page, lastmod=NOW.isoformat())  # the sitemap says it changed since
    assert recent.is_fresh(page, lastmod="2020-01-01")
    assert not state(fresh_after=NOW - timedelta(hours=1)).is_fresh(page)
    assert state("never").is_fresh(page)


def middleware(st: RecrawlState) -> tuple[ConditionalRequestMiddleware, Stats]:
    stats = Stats()
    return ConditionalRequestMiddleware(st, stats), stats


def test_known_articles_are_asked_conditionally() -> None:
    mw, _ = middleware(state())
    request = Request(A + "?utm_source=x")  # matched by canonical URL
    assert mw.process_request(request) is None
    assert request.headers["If-None-Match"] == b'"e1"'
    assert request.headers["If-Modified-Since"] == b"Mon, 01 Jan 2024 00:00:00 GMT"
    bare = Request(B)
    assert mw.process_request(bare) is None and b"If-None-Match" not in bare.headers


def test_known_listings_are_fetched_in_full_when_followed_and_skipped_when_not() -> None:
    mw, stats = middleware(state())
    followed = Request(HOME, meta={META_FOLLOWS_LINKS: True})
    assert mw.process_request(followed) is None and b"If-None-Match" not in followed.headers
    dead_end = mw.process_request(Request(HOME))
    assert isinstance(dead_end, Response) and NOT_FETCHED in dead_end.flags
    assert stats["archive/listings_skipped"] == 1 and stats["archive/not_fetched"] == 0
    first_time = Request("http://a.test/tag/new/")
    assert mw.process_request(first_time) is None


def test_unknown_unconditional_and_refresh_all_requests_are_left_alone() -> None:
    mw, _ = middleware(state())
    for request in (Request("http://a.test/new/"), Request(A, meta={META_UNCONDITIONAL: True}),
                    Request(A, method="POST")):
        assert mw.process_request(request) is None and b"If-None-Match" not in request.headers
    everything, _ = middleware(state("all", fresh_after=NOW))
    request = Request(A)
    assert everything.process_request(request) is None and b"If-None-Match" not in request.headers


def test_fresh_pages_are_not_fetched_and_gone_ones_are_fetched_in_full_when_due() -> None:
    mw, stats = middleware(state(fresh_after=NOW - timedelta(hours=6)))
    answer = mw.process_request(Request(A))
    assert isinstance(answer, Response) and answer.status == 304 and NOT_FETCHED in answer.flags
    assert mw.process_request(Request(A, meta={META_LASTMOD: NOW.isoformat()})) is None
    assert isinstance(mw.process_request(Request(LOST)), Response)
    assert stats["archive/not_fetched"] == 2
    due, _ = middleware(state())
    request = Request(LOST)
    assert due.process_request(request) is None and b"If-None-Match" not in request.headers


def test_a_304_continues_through_the_stored_links() -> None:
    st, frontier = state(), MemoryFrontier()
    item, links = revisit(st, Response(A, status=304), fetch(A), frontier)
    assert isinstance(item, UnchangedItem) and item.article_url == A and item.fetch is not None
    assert links == [B, LOST] and not frontier.claim_article(A)
    again, more = revisit(st, Response(A, status=304), fetch(A), frontier)
    assert isinstance(again, PageItem) and again.kind == "duplicate" and more == []
    listing, none = revisit(st, Response(HOME, status=304), fetch(HOME), MemoryFrontier())
    assert isinstance(listing, PageItem) and listing.kind == "listing" and none == []
    skipped, _ = revisit(st, Response(B, status=304, flags=[NOT_FETCHED]), fetch(B), MemoryFrontier())
    assert isinstance(skipped, UnchangedItem) and skipped.fetch is None
    quiet, _ = revisit(st, Response(LOST, status=304, flags=[NOT_FETCHED]), fetch(LOST), MemoryFrontier())
    assert quiet is None


def test_only_archived_articles_answering_404_or_410_are_gone() -> None:
    st = state()
    assert isinstance(gone(st, A, 410, fetch(A, 410)), GoneItem)
    assert isinstance(gone(st, A + "#top", 404, fetch(A, 404)), GoneItem)
    assert gone(st, A, 500, fetch(A, 500)) is None
    assert gone(st, HOME, 404, fetch(HOME, 404)) is None
    assert gone(st, "http://a.test/never-seen/", 404, fetch(A, 404)) is None


def test_the_recorder_keeps_validators_a_304_did_not_repeat() -> None:
    st, stats = state(), Stats()
    recorder = RecrawlRecorder(st, stats)
    recorder.page(UnchangedItem(A, fetch(A)), {"url": A, "status": 304, "etag": None, "fetched_at": NOW})
    recorder.page(PageItem(fetch(B, 200), kind="duplicate"), {"url": B, "status": 200, "fetched_at": NOW})
    recorder.page(PageItem(fetch(B, None), kind="error"), {"url": B, "status": None, "fetched_at": NOW})
    (row,) = recorder.page_states
    assert row["status"] == 200 and row["etag"] == '"e1"' and row["article_url"] == A
    recorder.record(UnchangedItem(A, fetch(A)))
    recorder.record(UnchangedItem(B, None))
    recorder.record(GoneItem(LOST, fetch(LOST, 404)))
    assert (stats["archive/unchanged"], stats["archive/not_modified"], stats["archive/gone"]) == (2, 1, 1)
    assert recorder.unchanged == [A, B] and recorder.gone == [LOST]
