"""The crawl's index writes, in a process of their own (``ARCHIVE_INDEX_WRITER``).

Storing a batch of articles is CPU work (their Markdown rendered and staged, rows for every table,
content and file hashes, revisions, the full-text index) that would otherwise run in the crawling
process, between downloads, or in the parsing worker, the crawl's busiest process. The writer runs
at a lower scheduling priority (:data:`WRITER_NICENESS`): its batches wait for nobody.
:class:`IndexWriter` hands each :class:`~exporters.store.batch.Flush` to one writer process that
keeps the archive's index open for the whole crawl; the crawl goes on while a batch is stored.
Batches are stored one at a time, in the order they were handed over, so the index sees the same
writes in the same order as when they are stored in the crawling process.

The writer starts once a crawl has articles to store (a re-crawl that finds nothing changed never
starts it); until it is ready, batches are stored in the crawling process, then never again while
the writer runs, so the two never write at the same time. It stops with the crawl, and by itself
when the crawling process is gone (``kill -9``): a batch it was storing is rolled back whole.
The writer is a child process joined to the crawl's event loop by two pipes, like the parsing
workers (:class:`crawler.workers.Worker`): it imports only what storing needs.
``ARCHIVE_INDEX_WRITER``: ``auto`` (default: a writer process when the crawl has worker processes,
see ``ARCHIVE_WORKERS``, storing here until it is up), ``True`` (always in the writer process:
the first batch waits for it to start) or ``False`` (always here).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from exporters.store.batch import Flush, PlacementJob, place_flush, placement_of, store_flush
from exporters.store.index import Index

from .kernel.errors import StorageError
from .options import is_shared_url, setting_on
from .workers import PARENT_CHECK_SECONDS, Spawned, Worker, WorkerLost, worker_count

logger = logging.getLogger(__name__)

_INDEX: Index | None = None  # the writer process's index
#: How much lower the writer's scheduling priority is than the crawl's (``nice``).
WRITER_NICENESS = 5


def _open(db_url: str, parent: int) -> None:
    global _INDEX
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    _yield_cpu()
    _INDEX = Index(db_url)


def _yield_cpu() -> None:
    """Give way to the crawl and its parsers when cores are scarce (:data:`WRITER_NICENESS`): the
    writer's batches wait for nobody, a page that waits for a parser holds the crawl back."""
    try:
        os.nice(WRITER_NICENESS)
    except (AttributeError, OSError):
        pass


def _watch_parent(parent: int) -> None:
    """End the writer at once when the crawl is gone (``kill -9``): the batch it was storing is
    rolled back whole instead of being committed for a crawl that never learns of it."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _store(flush: Flush) -> list[str]:
    assert _INDEX is not None
    return store_flush(_INDEX, flush, place=False)


def _place(placement: PlacementJob | None) -> None:
    assert _INDEX is not None
    place_flush(_INDEX, placement)


def _close() -> None:
    if _INDEX is not None:
        _INDEX.close()


def _placed(future: asyncio.Future[None]) -> None:
    if not future.cancelled() and (exc := future.exception()) is not None and not isinstance(exc, WorkerLost):
        logger.warning("placing a batch among republished copies failed: %s", exc)


def writer_mode(get: Callable[..., Any]) -> tuple[bool, bool]:
    """Whether a crawl with these settings (``get(name, default)``) stores in a writer process,
    and whether its first batch waits for it (``ARCHIVE_INDEX_WRITER = True``)."""
    setting = str(get("ARCHIVE_INDEX_WRITER", "auto")).strip().lower()
    if is_shared_url(get("ARCHIVE_FRONTIER")):
        return False, False  # a shared crawl's worker stores what it has when it goes idle, at once
    if setting == "auto":
        return worker_count(get("ARCHIVE_WORKERS")) > 0, False
    enabled = setting_on(setting)
    return enabled, enabled


def writer_start(index_url: str) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """The writer process's start task: watch the crawl (this process), open the index."""
    return _open, (index_url, os.getpid())


class IndexWriter:
    """Stores the crawl's batches: in a writer process once it is up, else in this process."""

    def __init__(self, index: Index, enabled: bool, wait: bool = False) -> None:
        self.index = index
        self.enabled = enabled
        self.wait = wait  # the first batch waits for the writer instead of being stored here
        self.worker: Worker | None = None
        self.spawned: Spawned | None = None  # started before the engine (a new archive's crawl)
        # placements of batches stored here while the writer was starting: run by the writer once
        # it is up (this process then never imports numpy), or here at the end if it never is
        self.deferred: list[PlacementJob | None] = []

    @classmethod
    def from_crawler(cls, crawler: Any, index: Index) -> IndexWriter:
        from scrapy import signals

        enabled, wait = writer_mode(crawler.settings.get)
        writer = cls(index, enabled, wait)
        prestarted = getattr(crawler, "_archive_prestarted", None)
        if prestarted is not None:
            writer.spawned = prestarted.take_writer() if enabled else None
        crawler.signals.connect(writer.close, signal=signals.engine_stopped)
        return writer

    def _start(self) -> None:
        from scrapy.utils.reactor import is_asyncio_reactor_installed

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # not in the crawl's loop yet: started with the first batch
        if not is_asyncio_reactor_installed():
            self.enabled = False
            self._close_spawned()
            return
        try:
            self.worker = Worker(loop, writer_start(self.index.url), self.spawned)
        except OSError:  # no process to be had: stored here
            self.enabled = False
        self.spawned = None

    def open(self) -> None:
        """Start the writer now when every batch is to wait for it (``ARCHIVE_INDEX_WRITER = True``)
        or when it was started before the engine."""
        if (self.wait or self.spawned is not None) and self.enabled and self.worker is None:
            self._start()

    async def store(self, flush: Flush) -> list[str]:
        """Store ``flush`` (in the writer once it is ready); returns the articles' outcomes."""
        if self.worker is None and self.enabled and flush.articles:
            self._start()
        worker = self.worker
        if worker is not None and self.wait and not worker.up.done():
            await asyncio.wait([worker.up])  # a failed start is handled below
        if worker is not None and ((worker.up.done() and not worker.ready) or not worker.alive):
            self._stop()  # the writer could not open the index: store here (and say why, if it fails)
            worker = None
        if worker is not None and not worker.up.done():
            outcomes = store_flush(self.index, flush, place=False)  # the writer is starting
            self.deferred.append(placement_of(flush))
            return outcomes
        if worker is None:
            self._place_here()
            return store_flush(self.index, flush)
        self._send_deferred(worker)
        try:
            outcomes = await worker.submit(_store, flush)
        except WorkerLost as exc:
            self._stop()
            raise StorageError(f"the index writer process stopped: {exc}") from None
        # the batch's placement among republished copies is not waited for: it runs in the writer
        # before the next batch is stored (one process, tasks in order), while the crawl goes on
        worker.submit(_place, placement_of(flush)).add_done_callback(_placed)
        return outcomes

    def _send_deferred(self, worker: Worker) -> None:
        for job in self.deferred:  # in the order the batches were stored, before the next one
            worker.submit(_place, job).add_done_callback(_placed)
        self.deferred = []

    def _place_here(self) -> None:
        """Place here the batches whose placement was left to a writer that is not there."""
        deferred, self.deferred = self.deferred, []
        for job in deferred:
            place_flush(self.index, job)

    def _stop(self) -> None:
        self.enabled = False
        if self.worker is not None:
            self.worker.stop(wait=False)
        self.worker = None

    async def aclose(self) -> None:
        """Let the writer finish and close its index (the crawl's last batch is stored by then)."""
        worker = self.worker
        if worker is not None and worker.ready and worker.alive:
            self._send_deferred(worker)
            try:
                await worker.submit(_close)
            except WorkerLost:
                pass
            worker.stop()
            self.worker = None
        self.close()
        self._place_here()  # the writer never came up (a short crawl): placed here

    def _close_spawned(self) -> None:
        if self.spawned is not None:
            self.spawned.close()
            self.spawned = None

    def close(self, *args: Any, **kwargs: Any) -> None:
        """Stop the writer without waiting for it (the reactor must not block while the engine stops)."""
        self._close_spawned()
        if self.worker is not None:
            self.worker.stop(wait=False)
            self.worker = None
