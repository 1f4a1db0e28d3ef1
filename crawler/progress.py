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
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
        self.progress.start()
        self.task_id = self.progress.add_task("starting", total=None)
        self.loop = task.LoopingCall(self.redraw)
        self.loop.start(self.interval)

    def redraw(self) -> None:
        stats = self.crawler.stats
        queued = stats.get_value("scheduler/enqueued", 0) - stats.get_value("scheduler/dequeued", 0)
        archived = stats.get_value("archive/articles", 0)
        text = (f"crawling: {stats.get_value('archive/pages', 0)} pages, {archived} articles, "
                f"{queued} queued, {stats.get_value('archive/errors', 0)} errors")
        self.progress.update(self.task_id, description=text)

    def closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.progress is not None:
            self.progress.stop()
