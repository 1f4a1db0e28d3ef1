"""A live progress line on stderr while crawling (``ARCHIVE_PROGRESS``)."""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class CrawlProgress:
    """Redraws one status line twice a second: pages fetched, articles archived, queue, errors."""

    interval = 0.5

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.progress: Any = None
        self.task_id: Any = None
        self.loop: task.LoopingCall | None = None
        self.spider: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlProgress:
        if not crawler.settings.getbool("ARCHIVE_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.spider = spider
        budget = getattr(spider, "progress_total", None) or getattr(spider, "max_pages", None)
        columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
        if budget:  # a known total: pages done of the budget, and the time left
            columns += [BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
        self.progress = Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.progress.start()
        self.task_id = self.progress.add_task("starting", total=budget or None)
        self.loop = task.LoopingCall(self.redraw)
        self.loop.start(self.interval)

    def redraw(self) -> None:
        stats = self.crawler.stats
        line = getattr(self.spider, "progress_line", None)
        if line is not None:  # a spider that says itself how far it is (archiver reparse)
            text, done = line(stats)
            self.progress.update(self.task_id, description=text, completed=done)
            return
        queued = stats.get_value("scheduler/enqueued", 0) - stats.get_value("scheduler/dequeued", 0)
        # counted where they happen: answers as they arrive, articles as the spider finds them
        pages = stats.get_value("response_received_count", 0) + stats.get_value("archive/not_fetched", 0)
        found = stats.get_value("archive/found", 0) + stats.get_value("archive/unchanged", 0)
        text = (f"crawling: {pages} pages, {found} articles, {queued} queued, "
                f"{stats.get_value('archive/errors', 0)} errors")
        self.progress.update(self.task_id, description=text, completed=pages)

    def closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.progress is not None:
            self.progress.stop()
