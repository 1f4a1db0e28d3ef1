"""The ``articles`` spider: navigates a site network through its related-article lists.

It only navigates: extraction is :func:`crawler.parsers.parse_article`, storage is the pipeline.
Under a page budget, links that look like articles go first; the other links of a listing page
(tags, categories, archives, pagination) wait until the crawl has run out of articles, so a
``--max-pages`` budget is spent on articles and their related lists before listing pages.
Run it as ``archiver crawl URL…`` or ``scrapy crawl articles -a start_urls=URL[,URL…]`` (also
``-a sitemaps=URL[,URL…]``, ``-a feeds=URL[,URL…]``, ``-a discover=1``: see :mod:`crawler.discovery`).
Known articles are asked conditionally and, when unchanged, crawled through their stored related
links: see :mod:`crawler.recrawl`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure

from ..discovery import DiscoveryMixin, check_seeds
from ..frontier import Frontier, MemoryFrontier, frontier_for, is_shared
from ..items import ArticleItem, FetchInfo, PageItem, fetch_info
from ..kernel.errors import UsageError
from ..kernel.model import Article
from ..kernel.urls import Scope, canonicalize, validate_start_url
from ..parsers import load_profiles, parse_article
from ..parsers.related import is_article_url
from ..recrawl import HTTP_NOT_MODIFIED, META_FOLLOWS_LINKS, META_LASTMOD, RecrawlState, gone, revisit
from ..workers import WorkerPool

FOLLOW_MODES = ("related", "all")


def _split(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


class ArticlesSpider(DiscoveryMixin, scrapy.Spider):
    name = "articles"

    def __init__(self, start_urls: Any = None, follow: str = "related", allow_domains: Any = None,
                 max_pages: Any = None, sitemaps: Any = None, feeds: Any = None, discover: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [validate_start_url(u) for u in _split(start_urls)]
        if follow not in FOLLOW_MODES:
            raise UsageError(f"unknown follow mode {follow!r}: use one of {', '.join(FOLLOW_MODES)}")
        self.follow = follow
        self.allow_domains = _split(allow_domains)
        self.configure_discovery(None, sitemaps, feeds, discover)  # settings join in from_crawler
        self.scope = Scope(self.start_urls + self.discovery_seeds, self.allow_domains)
        self.max_pages = int(max_pages) if max_pages not in (None, "", 0, "0") else None
        self.frontier: Frontier = MemoryFrontier(self.max_pages)
        self.recrawl = RecrawlState({}, {})

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ArticlesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure_discovery(crawler.settings, kwargs.get("sitemaps"), kwargs.get("feeds"),
                                   kwargs.get("discover"))
        joining = bool(crawler.settings.get("ARCHIVE_FRONTIER_JOIN"))
        if not joining:
            check_seeds(spider.start_urls, spider)
        spider.frontier = frontier_for(crawler.settings, spider.max_pages, crawler=crawler, spider=spider)
        if joining:  # a worker joining a shared crawl crawls what the crawl's starter asked for
            spider.adopt(getattr(spider.frontier, "options", {}) or {}, crawler.settings)
        spider.scope = Scope(spider.start_urls + spider.discovery_seeds, spider.allow_domains)
        spider.workers = WorkerPool.from_crawler(crawler)
        spider.page_parser = page_parser(crawler.settings.get("ARCHIVE_PROFILE"))
        spider.recrawl = RecrawlState.from_crawler(crawler)
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.closed_stats, signal=signals.spider_closed)
        return spider

    def crawl_options(self) -> dict[str, Any]:
        """What a worker joining this crawl on a shared frontier must crawl with."""
        settings = self.crawler.settings
        return {"start_urls": self.start_urls, "follow": self.follow, "allow_domains": self.allow_domains,
                "max_pages": self.max_pages, "sitemaps": self.sitemap_urls, "feeds": self.feed_urls,
                "discover": self.discover, "max_depth": settings.getint("DEPTH_LIMIT") or None,
                "refresh": settings.get("ARCHIVE_REFRESH"),
                "recheck_after": settings.get("ARCHIVE_RECHECK_AFTER")}

    def adopt(self, options: dict[str, Any], settings: Any) -> None:
        """Crawl as a shared crawl's starter recorded it (:meth:`crawl_options`)."""
        self.start_urls = list(options.get("start_urls") or [])
        self.follow = options.get("follow") or self.follow
        self.allow_domains = list(options.get("allow_domains") or [])
        self.max_pages = options.get("max_pages")
        self.frontier.budget = self.max_pages
        self.configure_discovery(None, options.get("sitemaps"), options.get("feeds"),
                                 "1" if options.get("discover") else "0")

    # --- scheduling -----------------------------------------------------------------------------
    async def start(self) -> Any:
        for url in self.start_urls:
            for request in self._follow([url], start=True):
                yield request
        for request in self.discovery_requests():
            yield request
        self.frontier.started()

    def _follow(self, urls: list[str], start: bool = False) -> Iterator[scrapy.Request]:
        for url in urls:
            request = self._request(url, start=start)
            if request is not None:
                yield from self.host_discovery(request.url)
                yield request

    def _follow_listing(self, urls: list[str], page_url: str) -> Iterator[scrapy.Request]:
        """The links of a page whose links are all followed. Under a page budget (``max_pages``),
        those that look like articles now and the others (tags, categories, archives, pages) once
        nothing else is left to fetch; without one, all of them now, at full concurrency."""
        if self.max_pages is None:
            yield from self._follow(urls)
            return
        articles = []
        for url in urls:
            if is_article_url(url, page_url):
                articles.append(url)
            else:
                self.frontier.defer(url)
        yield from self._follow(articles)

    def idle(self) -> None:
        """Nothing left to fetch: follow the deferred listing links, if any is still new; with a
        shared frontier, wait while other workers may still find links."""
        requests = list(self._follow(self.frontier.take_deferred()))
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests or not self.frontier.idle():
            raise DontCloseSpider

    def closed_stats(self) -> None:
        """What the summary says of the page budget."""
        if self.max_pages is not None:
            self.crawler.stats.set_value("archive/budget", self.max_pages)
            self.crawler.stats.set_value("archive/budget_refused", self.frontier.refused)
        if is_shared(self.frontier):
            frontier: Any = self.frontier
            self.crawler.stats.set_value("archive/frontier", frontier.crawl.name)
            self.crawler.stats.set_value("archive/frontier_finished", frontier.finished)
            self.crawler.stats.set_value("archive/frontier_articles", frontier.articles_total())

    def _request(self, url: str, start: bool = False, lastmod: str | None = None) -> scrapy.Request | None:
        url = canonicalize(url)
        if not self.scope.allows(url) or not self.frontier.claim(url):
            return None
        meta = {"start": start, "handle_httpstatus_list": [HTTP_NOT_MODIFIED],
                META_FOLLOWS_LINKS: start or self.follow == "all"}
        if lastmod:
            meta[META_LASTMOD] = lastmod
        return scrapy.Request(url, callback=self.parse, errback=self.failed, meta=meta, dont_filter=start)

    # --- callbacks ------------------------------------------------------------------------------
    async def parse(self, response: Response) -> AsyncIterator[Any]:
        fetch = fetch_info(response)
        if response.status == HTTP_NOT_MODIFIED:  # unchanged: go on through the stored related links
            item, links = revisit(self.recrawl, response, fetch, self.frontier)
            if item is not None:
                yield item
            for request in self._follow(links):
                yield request
            return
        if not isinstance(response, HtmlResponse):  # feeds, images, documents: not articles
            yield PageItem(fetch, kind="other")
            return
        article = await self.workers.run(self.page_parser, response.url, response.text)
        start = response.meta.get("start", False)
        if article.is_article:
            self.crawler.stats.inc_value("archive/found")
            canonical = self._canonical(response.url, article.metadata.canonical_url)
            if not self.frontier.claim_article(canonical, canonicalize(response.url)):
                yield PageItem(fetch, kind="duplicate")
            else:
                yield ArticleItem(article, fetch, canonical, depth=response.meta.get("depth", 0))
            related = [link.url for link in article.related]
            listed = article.links if self.follow == "all" else []
        else:
            yield PageItem(fetch, kind="listing")
            related, listed = [], (article.links if (start or self.follow == "all") else [])
        for request in self.page_feeds(response):
            yield request
        for request in self._follow(related):
            yield request
        for request in self._follow_listing(listed, response.url):
            yield request

    def failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        fetched_at = datetime.now(UTC)
        item = gone(self.recrawl, request.url, status, FetchInfo(url=request.url, status=status,
                                                                  fetched_at=fetched_at))
        if item is not None:  # an archived article that disappeared: marked gone, never deleted
            yield item
            return
        error = failure.getErrorMessage() if response is None else f"HTTP {status}"
        yield PageItem(FetchInfo(url=request.url, status=status, fetched_at=fetched_at,
                                 error=f"{failure.type.__name__}: {error}"), kind="error")

    def _canonical(self, url: str, declared: str | None) -> str:
        if declared:
            candidate = canonicalize(urljoin(url, declared))
            if self.scope.allows(candidate):
                return candidate
        return canonicalize(url)


def page_parser(profile_path: str | None) -> Callable[..., Article]:
    """``parse_article``, bound to the site profiles of ``profile_path`` when one is set (the
    profiles pickle as their text, so the bound parser runs in worker processes too)."""
    if not profile_path:
        return parse_article
    return partial(parse_article, profile=load_profiles(profile_path))
