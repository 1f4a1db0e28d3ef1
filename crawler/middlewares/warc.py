"""WARC capture: every answer the crawl receives, kept as WARC/1.1 records in ``DATA/warc/``.

:class:`WarcCaptureMiddleware` sits next to the download handler (priority 950), so it sees each
answer as it arrived: before a compressed body is inflated, before a redirect is followed, before a
retry. Articles, listings, redirects, robots.txt, sitemaps, feeds, error pages and (with
``--with-images``) images are all captured; answers the crawl made up (a page not fetched again
because it was checked recently) or took from Scrapy's HTTP cache are not: nothing was received.
The records are written by the crawl's :class:`~crawler.capture.WarcCapture`; where the answer's
record is (file, offset, length, payload digest) goes into the request's meta (:data:`META_WARC`),
from where the fetch history takes it.

Settings: ``ARCHIVE_WARC`` (default on; ``archiver crawl --no-warc`` turns it off) and
``ARCHIVE_WARC_MAX_SIZE`` (bytes at which a file is closed and the next begun, default 100 MB).
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response

from ..capture import WarcCapture
from ..items import META_WARC, META_WARC_CHAIN
from ..kernel.errors import StorageError
from ..recrawl import NOT_FETCHED
from ..storage import index_of, stop_on_failure

#: Flags of answers that were not received from the network.
NOT_RECEIVED = (NOT_FETCHED, "cached")


class WarcCaptureMiddleware:
    """Downloader middleware: every answer received, written as WARC records (module doc)."""

    def __init__(self, capture: WarcCapture) -> None:
        self.capture = capture

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcCaptureMiddleware:
        capture = WarcCapture.of(crawler)
        if capture is None:
            raise NotConfigured("ARCHIVE_WARC is off")
        mw = cls(capture)
        crawler.signals.connect(mw.closed, signal=signals.spider_closed)
        return mw

    async def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if any(flag in response.flags for flag in NOT_RECEIVED):
            return response
        try:
            pointer = await self.capture.capture(request, response)
        except StorageError as exc:  # the evidence cannot be kept: the crawl stops, as for any storage
            stop_on_failure(self.capture.crawler, exc)
            raise IgnoreRequest(f"not captured: {exc}") from None
        stored = {"url": response.url, "warc_file": pointer.warc_file, "warc_offset": pointer.warc_offset,
                  "warc_length": pointer.warc_length, "payload_digest": pointer.payload_digest,
                  "warc_date": pointer.warc_date}
        request.meta[META_WARC] = stored
        # a redirected request copies its meta: the chain's hops stay found by their URLs
        request.meta[META_WARC_CHAIN] = {**(request.meta.get(META_WARC_CHAIN) or {}), response.url: stored}
        return response

    def closed(self, spider: Any, reason: str | None = None) -> None:
        stats = self.capture.crawler.stats
        counts = {k.split("/", 1)[1]: v for k, v in stats.get_stats().items()
                  if k.startswith("archive/") and isinstance(v, int)}
        fields = [("run", str(self.capture.run_id or "")), ("finish-reason", reason or ""),
                  *((name, str(value)) for name, value in sorted(counts.items()))]
        self.capture.close(fields)
        index = index_of(self.capture.crawler)
        self.capture.commit(index)
