"""A process pool for the CPU work of a crawl (``ARCHIVE_WORKERS``).

Scrapy's networking runs in one thread; parsing pages and rendering Markdown are CPU work. Running
that work in other processes lets the crawl use more than one core: the spider parses pages and
the pipeline renders and writes files through :meth:`WorkerPool.run`. With 0 workers, or without
the asyncio reactor, the same functions run inline.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from scrapy import signals

T = TypeVar("T")


def default_workers() -> int:
    """One worker per spare core, at most two: the main process keeps a core for Scrapy."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def _warm_up() -> None:
    from .parsers import parse_article

    parse_article("http://example.invalid/", "<html><body><p>warm up</p></body></html>")


class WorkerPool:
    """One pool per crawl, shared by every component that asks for it with :meth:`from_crawler`."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> WorkerPool:
        pool = getattr(crawler, "_archive_worker_pool", None)
        if pool is None:
            setting = crawler.settings.get("ARCHIVE_WORKERS")
            workers = default_workers() if setting in (None, "", "auto") else int(setting)
            pool = cls(workers)
            crawler._archive_worker_pool = pool
            crawler.signals.connect(pool.open, signal=signals.engine_started)
            crawler.signals.connect(pool.close, signal=signals.engine_stopped)
        return pool

    def open(self, *args: Any, **kwargs: Any) -> None:
        """Start the workers, once the reactor is known to be asyncio's."""
        from scrapy.utils.reactor import is_asyncio_reactor_installed

        if self.workers > 0 and self.executor is None and is_asyncio_reactor_installed():
            context = multiprocessing.get_context("spawn")  # never fork a threaded reactor
            self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm_up)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process (``fn`` and its arguments must pickle), else inline."""
        if self.executor is None:
            return fn(*args)
        return await asyncio.wrap_future(self.executor.submit(fn, *args))

    def close(self, *args: Any, **kwargs: Any) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
