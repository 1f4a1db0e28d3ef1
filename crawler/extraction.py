"""Runs the article parser for the spider, in worker processes when ``ARCHIVE_PARSE_WORKERS`` > 0.

Parsing is CPU work; Scrapy's networking runs in one thread. Moving parsing to another process lets
both use a core each, so the crawl is not held up by extraction. With 0 workers (or without the
asyncio reactor) pages are parsed inline.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from scrapy import signals

from .parsers import parse_article
from .parsers.model import Article


def default_workers() -> int:
    """One worker per spare core, at most two: the main process keeps one core for Scrapy."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def _warm_up() -> None:
    parse_article("http://example.invalid/", "<html><body><p>warm up</p></body></html>")


class PageParser:
    """``await parser.parse(url, html)`` gives the page's :class:`Article`."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None

    def open(self, *args: Any, **kwargs: Any) -> None:
        """Start the workers (on ``spider_opened``, once the reactor is known)."""
        from scrapy.utils.reactor import is_asyncio_reactor_installed

        if self.workers > 0 and self.executor is None and is_asyncio_reactor_installed():
            context = multiprocessing.get_context("spawn")  # no fork of a threaded reactor
            self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm_up)

    @classmethod
    def from_crawler(cls, crawler: Any) -> PageParser:
        setting = crawler.settings.get("ARCHIVE_PARSE_WORKERS")
        workers = default_workers() if setting in (None, "", "auto") else int(setting)
        parser = cls(workers)
        crawler.signals.connect(parser.open, signal=signals.spider_opened)
        crawler.signals.connect(parser.close, signal=signals.spider_closed)
        return parser

    async def parse(self, url: str, html: str | bytes) -> Article:
        if self.executor is None:
            return parse_article(url, html)
        return await asyncio.wrap_future(self.executor.submit(parse_article, url, html))

    def close(self, *args: Any, **kwargs: Any) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
