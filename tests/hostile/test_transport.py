"""Servers that fail, lie about sizes, hang, drip or ask the crawl to wait: each fault is recorded
with its kind, retried only as far as it deserves, and a Retry-After is honoured for its host alone."""

from __future__ import annotations

import pytest

from crawler.middlewares.retry_after import retry_after_seconds

from .conftest import TEST_SETTINGS, Crawl
from .web import DOMAIN, RETRY_AFTER

TRANSPORT = ["server error", "connection reset", "truncated body", "hang", "slow drip",
             "50 MB page, announced", "50 MB page, streamed", "gzip bomb", "429 asking for an hour"]
RETRIES = int(TEST_SETTINGS["RETRY_TIMES"])


@pytest.mark.parametrize("name", TRANSPORT)
def test_each_fault_is_recorded_once_with_its_kind(crawled: Crawl, name: str) -> None:
    case = crawled.web.cases[name]
    assert crawled.kinds(case.url) == [case.kind], crawled.fetches(case.url)
    assert case.url not in crawled.articles()


@pytest.mark.parametrize(("name", "attempts"), [
    ("server error", {1 + RETRIES}),                # worth another try
    ("hang", {1 + RETRIES}),
    ("connection reset", {1 + RETRIES, 2 + RETRIES}),  # Twisted reconnects once itself on a reused connection
    ("50 MB page, announced", {1}),                 # too large is too large, every time
    ("gzip bomb", {1}),
    ("429 asking for an hour", {1}),                # asks for more than ARCHIVE_RETRY_AFTER_MAX: not now
])
def test_retried_only_as_far_as_it_deserves(crawled: Crawl, name: str, attempts: set[int]) -> None:
    case = crawled.web.cases[name]
    host, path = case.url.split("//", 1)[1].split("/", 1)
    assert len(crawled.requested(host.split(":")[0], "/" + path)) in attempts


def test_a_50_mb_page_is_never_read_whole(crawled: Crawl) -> None:
    assert "TooLarge: Expected to receive 52428800 bytes" in crawled.fetches(
        crawled.web.cases["50 MB page, announced"].url)[0][1]


def test_binary_and_empty_pages_are_recorded_once_and_not_archived(crawled: Crawl) -> None:
    for name in ("binary as HTML", "empty page"):
        url = crawled.web.cases[name].url
        assert crawled.fetches(url) == [(200, None)] and url not in crawled.articles()


@pytest.mark.parametrize(("name", "host", "wait"), [
    ("503 with Retry-After", f"busy.{DOMAIN}", RETRY_AFTER),
    ("429 with a Retry-After date", f"limited.{DOMAIN}", RETRY_AFTER),  # an HTTP date, to the second
])
def test_retry_after_rests_the_host_and_only_that_host(crawled: Crawl, name: str, host: str,
                                                       wait: float) -> None:
    case = crawled.web.cases[name]
    path = "/" + case.url.split("/", 3)[3]
    first, second = crawled.requested(host, path)[:2]
    assert second.at - first.at >= wait - 0.05, "retried before the server's Retry-After"
    resting = [h for h in crawled.requested(host) if first.at < h.at < first.at + wait - 0.05]
    assert not resting, f"{host} was asked for {[h.path for h in resting]} while resting"
    others = [h for h in crawled.hits if h.host != host and first.at < h.at < first.at + wait - 0.05]
    assert others, "the other hosts were held up too"
    assert case.url in crawled.articles() and crawled.fetches(case.url)[-1] == (200, None)


def test_a_page_of_a_resting_host_found_meanwhile_waits_too(crawled: Crawl) -> None:
    busy = crawled.requested(f"busy.{DOMAIN}")
    first = next(h for h in busy if h.path == "/busy/")
    linked = crawled.requested(f"s.{DOMAIN}", "/slow-link/")[0]  # answered 0.2 s after the 503
    queued = next(h for h in busy if h.path == "/queued/")
    assert linked.at < first.at + RETRY_AFTER - 0.3
    assert queued.at >= first.at + RETRY_AFTER - 0.05, "asked for while its host was resting"
    assert crawled.web.url(f"busy.{DOMAIN}", "/queued/") in crawled.articles()


@pytest.mark.parametrize(("value", "seconds"), [
    ("120", 120.0), (b"0", 0.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", None), ("", None),
    (None, None), ("-5", None), ("1.5", None),
])
def test_retry_after_values(value: str | bytes | None, seconds: float | None) -> None:
    assert retry_after_seconds(value) == seconds


def test_a_retry_after_date_counts_from_now() -> None:
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30.0


def test_failure_kinds_name_the_fault() -> None:
    from scrapy.exceptions import (
        DownloadCancelledError,
        DownloadFailedError,
        DownloadTimeoutError,
        IgnoreRequest,
    )
    from twisted.internet.error import ConnectionLost
    from twisted.python.failure import Failure
    from twisted.web._newclient import ResponseFailed

    from crawler.fetch_errors import failure_kind

    size = "Expected to receive 52428800 bytes which is larger than download max size (16777216)"
    assert failure_kind(DownloadCancelledError(size)) == "TooLarge"
    assert failure_kind(DownloadCancelledError("")) == "TooLarge"  # cut off while streaming
    bomb = "… exceeded DOWNLOAD_MAXSIZE (16777216 B) during decompression."
    assert failure_kind(IgnoreRequest(bomb)) == "TooLarge"
    assert failure_kind(IgnoreRequest("anything else")) == "IgnoreRequest"
    try:
        raise DownloadFailedError("lost") from ResponseFailed([Failure(ConnectionLost())])
    except DownloadFailedError as exc:
        assert failure_kind(Failure(exc)) == "ConnectionLost"
    assert failure_kind(DownloadFailedError("no reasons")) == "DownloadFailedError"
    assert failure_kind(DownloadTimeoutError("took longer than 3.0 seconds")) == "DownloadTimeoutError"
