"""Conditional requests for known pages, and no request at all for pages checked recently.

A known article is asked with ``If-None-Match`` / ``If-Modified-Since`` (the validators it answered
last time); a page checked after the re-check cutoff, and a known listing whose links the spider does
not follow, are not fetched: the middleware answers a made-up 304 flagged :data:`NOT_FETCHED`. The
decisions come from :class:`~crawler.recrawl.RecrawlState`. ``ARCHIVE_CONDITIONAL = False`` turns it
off (every request unconditional).
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from ..kernel.urls import canonicalize
from ..recrawl import (
    HTTP_NOT_MODIFIED,
    META_FOLLOWS_LINKS,
    META_LASTMOD,
    META_UNCONDITIONAL,
    NOT_FETCHED,
    RecrawlState,
)


class ConditionalRequestMiddleware:
    """Downloader middleware: conditional requests for known pages, no request for fresh ones."""

    def __init__(self, state: RecrawlState, stats: Any) -> None:
        self.state = state
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalRequestMiddleware:
        if not crawler.settings.getbool("ARCHIVE_CONDITIONAL", True):
            raise NotConfigured("ARCHIVE_CONDITIONAL is off")
        mw = cls(RecrawlState.from_crawler(crawler), crawler.stats)
        crawler.signals.connect(mw.opened, signal=signals.spider_opened)
        return mw

    def opened(self, spider: Any) -> None:
        self.stats.set_value("archive/known_articles", len(self.state.links))

    def process_request(self, request: Request, spider: Any = None) -> Response | None:
        if (request.method != "GET" or self.state.refresh == "all" or request.meta.get(META_UNCONDITIONAL)
                or not self.state.pages):
            return None
        url = canonicalize(request.url)
        if not request.meta.get(META_FOLLOWS_LINKS) and self.state.known_listing(url):
            self.stats.inc_value("archive/listings_skipped")  # its links are not followed: nothing to learn
            return _not_fetched(request)
        page = self.state.known_article(url)
        conditional = page is not None
        page = page or self.state.known_gone(url)  # not asked again before it is due, then in full
        if page is None:
            return None
        if self.state.is_fresh(page, request.meta.get(META_LASTMOD)):
            self.stats.inc_value("archive/not_fetched")
            return _not_fetched(request)
        if not conditional:
            return None
        if page.get("etag"):
            request.headers.setdefault("If-None-Match", page["etag"])
        if page.get("last_modified"):
            request.headers.setdefault("If-Modified-Since", page["last_modified"])
        return None


def _not_fetched(request: Request) -> Response:
    return Response(request.url, status=HTTP_NOT_MODIFIED, request=request, flags=[NOT_FETCHED])


