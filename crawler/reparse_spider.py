"""The ``reparse`` spider: walks the stored responses of archived articles, one request each.

It navigates nothing: its requests are answered from the WARC files (:mod:`crawler.replay`), each
page is parsed with the current parser (and site profiles) exactly as the ``articles`` spider does,
and the article goes to the archive pipeline under the URL it is archived as. See
:mod:`crawler.reparse` for how the sources are chosen and the crawl is set up. It lives outside
``crawler.spiders`` so that ``scrapy list`` and Scrapyd offer the ``articles`` spider only: this one
runs under ``archiver reparse``, which hands it its sources.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure

from .items import ArticleItem
from .replay import META_REPLAY
from .spiders.articles import page_parser
from .workers import WorkerPool

#: Request meta: the canonical URL of the article a stored response belongs to.
META_ARTICLE = "archive_article"


class ReparseSpider(scrapy.Spider):
    name = "reparse"

    def __init__(self, sources: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources = list(sources or [])
        self.start_urls = []
        self.progress_total = len(self.sources)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ReparseSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.workers = WorkerPool.from_crawler(crawler)
        spider.page_parser = page_parser(crawler.settings.get("ARCHIVE_PROFILE"))
        return spider

    async def start(self) -> Any:
        for source in self.sources:
            yield scrapy.Request(source["target_uri"], callback=self.parse, errback=self.failed,
                                 dont_filter=True, meta={META_REPLAY: source["record"],
                                                         META_ARTICLE: source["article_url"],
                                                         "dont_redirect": True, "dont_retry": True})

    def progress_line(self, stats: Any) -> tuple[str, int]:
        """What the progress line says, and how many of :attr:`progress_total` are done."""
        done = sum(int(stats.get_value(k, 0) or 0) for k in ("archive/found", "archive/reparse_skipped"))
        return (f"re-parsing: {done} of {self.progress_total} articles, "
                f"{stats.get_value('archive/reparse_skipped', 0)} skipped"), done

    async def parse(self, response: Response) -> AsyncIterator[Any]:
        article_url = response.meta[META_ARTICLE]
        if not isinstance(response, HtmlResponse):
            self._skip(article_url, "not an HTML page")
            return
        article = await self.workers.run(self.page_parser, response.url, response.text)
        if not article.is_article:
            self._skip(article_url, f"no longer parsed as an article ({article.reason or 'no body'})")
            return
        self.crawler.stats.inc_value("archive/found")
        yield ArticleItem(article, None, article_url)

    def failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        self._skip(request.meta.get(META_ARTICLE, request.url), failure.getErrorMessage())
        return iter(())

    def _skip(self, url: str, why: str) -> None:
        stats = self.crawler.stats
        stats.inc_value("archive/reparse_skipped")
        if not stats.get_value("archive/reparse_first_skip"):
            stats.set_value("archive/reparse_first_skip", f"{url}: {why}")
