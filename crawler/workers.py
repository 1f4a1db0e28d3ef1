"""A process pool for the CPU work of a crawl (``ARCHIVE_WORKERS``).

Scrapy's networking runs in one thread; parsing pages and rendering Markdown are CPU work. Running
that work in other processes lets the crawl use more than one core: the spider parses pages and
the pipeline renders and writes files through :meth:`WorkerPool.run`. With 0 workers, or without
the asyncio reactor, the same functions run inline.

The workers start only once a crawl has real work for them (:data:`INLINE_FIRST` tasks), and tasks
run inline until the first worker is ready: a re-crawl of an unchanged network, which parses next to
nothing, never pays for starting processes, and a first crawl never waits for them.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
#: Tasks run inline before the worker processes are started.
INLINE_FIRST = 16
#: How often a worker checks that the crawling process is still there.
PARENT_CHECK_SECONDS = 1.0


def default_workers() -> int:
    """One worker per spare core, at most two: the main process keeps a core for Scrapy."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def _ready() -> bool:
    return True


def _watch_parent(parent: int) -> None:
    """End this worker once the crawl that started it is gone (killed with ``kill -9``, say):
    a worker waits on its task queue forever otherwise."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _warm_up(parent: int | None = None) -> None:
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    from .parsers import parse_article

    parse_article("http://example.invalid/", "<html><body><p>warm up</p></body></html>")


class WorkerPool:
    """One pool per crawl, shared by every component that asks for it with :meth:`from_crawler`."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None
        self.ready: Future | None = None  # done once a worker has warmed up
        self.enabled = False
        self.tasks = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> WorkerPool:
        pool = getattr(crawler, "_archive_worker_pool", None)
        if pool is None:
            from scrapy import signals

            setting = crawler.settings.get("ARCHIVE_WORKERS")
            workers = default_workers() if setting in (None, "", "auto") else int(setting)
            pool = cls(workers)
            crawler._archive_worker_pool = pool
            crawler.signals.connect(pool.open, signal=signals.engine_started)
            crawler.signals.connect(pool.close, signal=signals.engine_stopped)
        return pool

    def open(self, *args: Any, **kwargs: Any) -> None:
        """Allow workers, once the reactor is known to be asyncio's (they start on demand)."""
        from scrapy.utils.reactor import is_asyncio_reactor_installed

        self.enabled = self.workers > 0 and is_asyncio_reactor_installed()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a threaded reactor
        self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm_up,
                                            initargs=(os.getpid(),))
        self.ready = self.executor.submit(_ready)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process (``fn`` and its arguments must pickle), else inline."""
        self.tasks += 1
        if self.enabled and self.executor is None and self.tasks > INLINE_FIRST:
            self._start()
        if self.ready is None or not self.ready.done() or self.executor is None:
            return fn(*args)
        return await asyncio.wrap_future(self.executor.submit(fn, *args))

    def close(self, *args: Any, **kwargs: Any) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
            self.ready = None
        self.enabled = False
