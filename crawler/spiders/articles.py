"""The ``articles`` spider: navigates a site network through its related-article lists.

It only navigates: extraction is :func:`crawler.parsers.parse_article`, storage is the pipeline.
Under a page budget, links that look like articles go first; the other links of a listing page
(tags, categories, archives, pagination) wait until the crawl has run out of articles, so a
``--max-pages`` budget is spent on articles and their related lists before listing pages.
Run it as ``archiver crawl URL…`` or ``scrapy crawl articles -a start_urls=URL[,URL…]`` (also
``-a sitemaps=URL[,URL…]``, ``-a feeds=URL[,URL…]``, ``-a discover=1``: see :mod:`crawler.discovery`).
Known articles are asked conditionally and, when unchanged, crawled through their stored related
links: see :mod:`crawler.recrawl`. Every URL the crawl requests, redirect targets included, is
claimed through :meth:`ArticlesSpider.claim_url` (scope, frontier, page budget, crawl guards); an
article is archived under its own URL only (:mod:`crawler.canonical`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any, cast

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure

from ..canonical import CanonicalWaits, canonical_target, declared_canonical
from ..discovery import DiscoveryMixin, check_seeds
from ..fetch_errors import failure_kind
from ..frontier import Frontier, MemoryFrontier, frontier_for, is_shared
from ..guards import TrapGuard
from ..items import (
    ArticleItem,
    FetchInfo,
    PageItem,
    UnchangedItem,
    fetch_info,
    hop_warc_fields,
    warc_fields,
)
from ..kernel.errors import UsageError
from ..kernel.model import Article
from ..kernel.urls import Scope, canonicalize, validate_start_url
from ..middlewares.redirects import META_NAVIGATION, RedirectRefused, hop_status
from ..options import FOLLOW_MODES
from ..parsers import load_profiles, parse_article
from ..parsers.article_links import is_article_url
from ..parsers.document import MAX_ELEMENTS, OVER_BUDGET
from ..recrawl import HTTP_NOT_MODIFIED, META_FOLLOWS_LINKS, META_LASTMOD, RecrawlState, gone, revisit
from ..redis_frontier import META_QUEUED
from ..workers import WorkerPool

#: Request meta: the page was requested as another page's canonical URL (its own canonical is not
#: followed in turn).
META_CANONICAL_OF = "archive_canonical_of"
#: Request meta: archive the page under its own URL, whatever its canonical says.
META_OWN_URL = "archive_own_url"
DEFAULT_MAX_RELATED = 100
log = logging.getLogger(__name__)


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
        self.seeds: list[str] = []
        self.guard = TrapGuard()
        self.canonicals = CanonicalWaits()
        self.max_related = DEFAULT_MAX_RELATED

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
        if is_shared(spider.frontier):  # canonical outcomes shared by the workers
            spider.canonicals.shared = spider.frontier
        spider.scope = Scope(spider.start_urls + spider.discovery_seeds, spider.allow_domains)
        spider.workers = WorkerPool.from_crawler(crawler)
        spider.page_parser = page_parser(crawler.settings.get("ARCHIVE_PROFILE"),
                                         crawler.settings.getint("ARCHIVE_PARSE_MAX_ELEMENTS", MAX_ELEMENTS))
        spider.recrawl = RecrawlState.from_crawler(crawler)
        spider.guard = TrapGuard.from_settings(crawler.settings)
        spider.max_related = max(0, crawler.settings.getint("ARCHIVE_MAX_RELATED", DEFAULT_MAX_RELATED))
        spider.take_over(crawler.settings.getdict("ARCHIVE_SETTLED"),
                         crawler.settings.getlist("ARCHIVE_SEEDS"))
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

    def take_over(self, settled: dict[str, str | None], seeds: list[str]) -> None:
        """Continue a run the re-validation pass began (:mod:`crawler.recheck`): the pages it
        settled are claimed (not requested again), the pages it left are requested."""
        for url, article in settled.items():
            self.guard.admit(url, force=True)  # they count towards the crawl guards
            self.frontier.claim(url)
            if article:
                self.frontier.claim_article(article, url)
        self.seeds = list(seeds)

    # --- scheduling -----------------------------------------------------------------------------
    async def start(self) -> Any:
        for url in self.start_urls:
            for request in self._follow([url], start=True):
                yield request
        for request in self._follow(self.seeds):
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
        """Nothing left to fetch: follow the deferred listing links, if any is still new, and fetch
        again, to archive under their own URLs, articles whose canonical URL never answered; with a
        shared frontier, wait while other workers may still find links."""
        requests = list(self._follow(self.frontier.take_deferred()))
        if self.canonicals.shared is None:
            requests += [self._own_url_request(item) for item in self.canonicals.take_unresolved()]
        else:
            requests += self._settle_shared()
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider
        done = self.frontier.idle() if self.canonicals.shared is None else \
            cast(Any, self.frontier).idle(release=self.canonicals.take_settled())
        if not done:
            raise DontCloseSpider

    def _settle_shared(self) -> list[scrapy.Request]:
        """Distributed: pages waiting for a canonical URL another worker fetched are settled now;
        once nothing is left anywhere but waiting pages, those stand for themselves (as the
        in-process crawl does when it is idle)."""
        requests = []
        for item, _target, archived in self.canonicals.settle_shared():
            if archived:  # a copy of an article archived by another worker
                self.crawler.stats.inc_value("archive/canonical_duplicates")
                key = self.canonicals.key_of(item)
                if key is not None:
                    self.canonicals.settled.append(key)
            else:
                requests.append(self._own_url_request(item))
        if not requests and getattr(self.frontier, "quiet", False):
            requests = [self._own_url_request(item) for item in self.canonicals.take_unresolved()]
        return requests

    def closed_stats(self) -> None:
        """What the summary says of the page budget and the crawl guards."""
        stats = self.crawler.stats
        if self.max_pages is not None:
            stats.set_value("archive/budget", self.max_pages)
            stats.set_value("archive/budget_refused", self.frontier.refused)
        if self.guard.hit:
            stats.set_value("archive/guard_notes", self.guard.notes())
        if is_shared(self.frontier):
            frontier: Any = self.frontier
            stats.set_value("archive/frontier", frontier.crawl.name)
            stats.set_value("archive/frontier_finished", frontier.finished)
            stats.set_value("archive/frontier_articles", frontier.articles_total())

    def claim_url(self, url: str, start: bool = False) -> str | None:
        """Claim ``url`` (canonical) for a request: None when the crawl may request it, else why not
        (out of scope, already requested, the page budget, a crawl guard)."""
        if not self.scope.allows(url):
            return "out of scope"
        if self.frontier.seen(url):
            return "already requested in this crawl"
        refusal = self.guard.admit(url, force=start)
        if refusal is not None:
            self.crawler.stats.inc_value("archive/guard_refused")
            return f"crawl guard: {refusal}"
        if not self.frontier.claim(url):
            return "page budget (--max-pages) spent"
        return None

    def _request(self, url: str, start: bool = False, lastmod: str | None = None,
                 **extra: Any) -> scrapy.Request | None:
        url = canonicalize(url)
        if self.claim_url(url, start=start) is not None:
            return None
        meta = {"start": start, "handle_httpstatus_list": [HTTP_NOT_MODIFIED],
                META_FOLLOWS_LINKS: start or self.follow == "all", META_NAVIGATION: True, **extra}
        if lastmod:
            meta[META_LASTMOD] = lastmod
        return scrapy.Request(url, callback=self.parse, errback=self.failed, meta=meta, dont_filter=start)

    def _own_url_request(self, item: ArticleItem) -> scrapy.Request:
        """The page of ``item`` again, to be archived under its own URL (its canonical URL never
        answered)."""
        meta = {"handle_httpstatus_list": [HTTP_NOT_MODIFIED], META_OWN_URL: True, META_NAVIGATION: True,
                "depth": item.depth}
        key = self.canonicals.key_of(item)
        if key is not None:  # distributed: the page's request, in progress until now, goes back to the queue
            meta[META_QUEUED] = key
            cast(Any, self.frontier).unpin([key])
        return scrapy.Request(item.canonical_url, callback=self.parse, errback=self.failed, dont_filter=True,
                              meta=meta)

    # --- callbacks ------------------------------------------------------------------------------
    async def parse(self, response: Response) -> AsyncIterator[Any]:
        for hop in redirect_hops(response.meta):
            yield hop
        fetch = fetch_info(response)
        chain = self._chain(response.request, response.url)
        if response.status == HTTP_NOT_MODIFIED:  # unchanged: go on through the stored related links
            item, links = revisit(self.recrawl, response, fetch, self.frontier)
            if item is not None:
                yield item
            found = isinstance(item, UnchangedItem) or getattr(item, "kind", "") == "duplicate"
            for out in self._resolve(chain, found):
                yield out
            for request in self._follow(links):
                yield request
            return
        if not isinstance(response, HtmlResponse):  # feeds, images, documents: not articles
            yield PageItem(fetch, kind="other")
            for out in self._resolve(chain, False):
                yield out
            return
        # the parser decodes the bytes itself, as `archiver extract` does (crawler.parsers.charset)
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1") or None
        start = response.meta.get("start", False)
        # every link of the page is only followed from start pages, or with --follow all
        parser = partial(self.page_parser, encoding=content_type, links=bool(start or self.follow == "all"))
        article = await self.workers.run(parser, response.url, response.body)
        if any(w.startswith(OVER_BUDGET) for w in article.warnings):  # archived with what was read
            self.crawler.stats.inc_value("archive/over_budget")
            self.logger.warning("%s: %s", response.url, next(w for w in article.warnings
                                                           if w.startswith(OVER_BUDGET)))
        if article.is_article:
            self.crawler.stats.inc_value("archive/found")
            self._cap_related(article)
            own = canonicalize(response.url)
            item = ArticleItem(article, fetch, own, depth=response.meta.get("depth", 0))
            declared = declared_canonical(response.url, article.metadata.canonical_url)
            target = None
            if not (response.meta.get(META_CANONICAL_OF) or response.meta.get(META_OWN_URL)):
                target = canonical_target(own, declared, self.scope)
            if target is None:
                article.metadata.canonical_claim = declared if declared != own else None
                for out in self._archive(item, chain):
                    yield out
            else:
                for out in self._wait_for(target, item, chain, response.request.meta.get(META_QUEUED)):
                    yield out
            related = [link.url for link in article.related]
            if not related and article.metadata.access not in (None, "free"):  # behind a wall: the
                related = self.recrawl.related(own)  # stored related links lead on, as after a 304
            listed = article.links if self.follow == "all" else []
        else:
            yield PageItem(fetch, kind="listing")
            for out in self._resolve(chain, False):
                yield out
            related, listed = [], (article.links if (start or self.follow == "all") else [])
        for request in self.page_feeds(response):
            yield request
        for request in self._follow(related):
            yield request
        for request in self._follow_listing(listed, response.url):
            yield request

    def failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        yield from redirect_hops(request.meta)
        yield from self._resolve(self._chain(request, request.url), False)
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        fetched_at = datetime.now(UTC)
        stored = warc_fields(request.meta, request.url)  # the record of the answer, when one came
        refused = failure.value
        if isinstance(refused, RedirectRefused):  # the hop that was not followed, with its status
            kind = failure_kind(failure) if refused.error else None
            yield PageItem(FetchInfo(url=request.url, status=refused.status, fetched_at=fetched_at,
                                     error=f"{kind}: {refused}" if kind else None, **stored),
                           kind="error" if kind else "redirect")
            return
        item = gone(self.recrawl, request.url, status, FetchInfo(url=request.url, status=status,
                                                                  fetched_at=fetched_at, **stored))
        if item is not None:  # an archived article that disappeared: marked gone, never deleted
            yield item
            return
        error = failure.getErrorMessage() if response is None else f"HTTP {status}"
        yield PageItem(FetchInfo(url=request.url, status=status, fetched_at=fetched_at,
                                 error=f"{failure_kind(failure)}: {error}", **stored), kind="error")

    # --- one article, one URL (crawler/canonical.py) ---------------------------------------------
    @staticmethod
    def _chain(request: scrapy.Request, url: str) -> list[str]:
        """The URLs a page was asked for through (redirects), then its own, canonical."""
        return list(dict.fromkeys(canonicalize(u) for u in [*request.meta.get("redirect_urls", []), url]))

    def _archive(self, item: ArticleItem, chain: list[str]) -> Iterator[Any]:
        """The article under its own URL, unless an article is archived there already in this crawl."""
        if self.frontier.claim_article(item.canonical_url):
            yield item
        else:
            yield PageItem(item.fetch, kind="duplicate")
        yield from self._resolve(chain, True)

    def _wait_for(self, target: str, item: ArticleItem, chain: list[str], key: Any = None) -> Iterator[Any]:
        """``item`` says it is a copy of ``target`` (same site): a duplicate if ``target`` gives an
        article, archived under its own URL if not; until ``target`` has answered, it waits."""
        outcome = self.canonicals.outcome(target)
        if outcome is None:
            self.canonicals.wait(target, item, key)
            if not self.frontier.seen(target):
                request = self._request(target, **{META_CANONICAL_OF: item.canonical_url})
                if request is None:  # refused (budget, guard): the page stands for itself
                    yield from self._resolve([target], False)
                    return
                yield request
            return
        yield from self._settle(item, target, outcome)
        yield from self._resolve(chain, True)

    def _settle(self, item: ArticleItem, target: str, target_archived: bool) -> Iterator[Any]:
        if target_archived:
            self.crawler.stats.inc_value("archive/canonical_duplicates")
            yield PageItem(item.fetch, kind="duplicate")
        else:
            item.article.metadata.canonical_claim = target
            if self.frontier.claim_article(item.canonical_url):
                yield item
            else:
                yield PageItem(item.fetch, kind="duplicate")

    def _resolve(self, urls: list[str], archived: bool) -> Iterator[Any]:
        """``urls`` gave an article (or not): the pages waiting for one of them are settled."""
        for item, target in self.canonicals.resolve(urls, archived):
            yield from self._settle(item, target, archived)
            yield from self._resolve([item.canonical_url], True)

    def _cap_related(self, article: Article) -> None:
        """Keep the first ``ARCHIVE_MAX_RELATED`` links of a related list that is longer."""
        if self.max_related and len(article.related) > self.max_related:
            message = (f"related list of {len(article.related)} links cut to its first {self.max_related} "
                       "(ARCHIVE_MAX_RELATED)")
            log.warning("%s: %s", article.url, message)
            article.warnings.append(message)
            article.related = article.related[:self.max_related]
            self.crawler.stats.inc_value("archive/related_cut")


def redirect_hops(meta: dict[str, Any]) -> Iterator[PageItem]:
    """A fetch record for each redirect a page was reached through (Scrapy's ``redirect_urls``)."""
    now = datetime.now(UTC)
    for url, reason in zip(meta.get("redirect_urls", []), meta.get("redirect_reasons", []), strict=False):
        yield PageItem(FetchInfo(url=url, status=hop_status(reason), fetched_at=now,
                                 **hop_warc_fields(meta, url)), kind="redirect")


def page_parser(profile_path: str | None, max_elements: int = MAX_ELEMENTS) -> Callable[..., Article]:
    """``parse_article``, bound to the site profiles of ``profile_path`` when one is set (the
    profiles pickle as their text, so the bound parser runs in worker processes too) and to the
    parse budget (``ARCHIVE_PARSE_MAX_ELEMENTS``)."""
    if not profile_path:
        return partial(parse_article, max_elements=max_elements)
    return partial(parse_article, profile=load_profiles(profile_path), max_elements=max_elements)
