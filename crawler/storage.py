"""The crawl's archive: one layout and one open index per crawl, shared by every component.

Every Scrapy component that reads or writes the archive (the pipelines, the conditional-request
middleware's state, the run reporter) asks :func:`index_of` for the crawl's :class:`Index`: it is
opened (and migrated) once, on first use, from ``ARCHIVE_DIR`` / ``ARCHIVE_DB_URL``, and closed
when the engine stops. :func:`crawl` hands in the index :func:`~crawler.runner.validate` already
opened, so an ``archiver crawl`` process opens its archive exactly once.
"""

from __future__ import annotations

from typing import Any

from exporters.store.index import Index

from .kernel.files import release_space
from .kernel.layout import ArchiveLayout

_INDEX = "_archive_index"
#: The close reason of a crawl whose storage failed, and the stat holding the failure's message.
STORAGE_FAILED = "storage_failed"
FAILURE_STAT = "archive/storage_failure"


def layout_of(settings: Any) -> ArchiveLayout:
    """The archive the settings name (``ARCHIVE_DIR``, ``ARCHIVE_DB_URL``)."""
    return ArchiveLayout.from_settings(settings)


#: Seconds a crawl waits, when it opens the archive, for another process's write lock on the
#: database (``ARCHIVE_DB_LOCK_WAIT``); past that it stops at once, saying so.
DB_LOCK_WAIT = 2.0


def open_index(layout: ArchiveLayout, lock_wait: float | None = DB_LOCK_WAIT) -> Index:
    """The archive's index; the folder is created when missing (a crawl started by ``scrapy
    crawl`` or Scrapyd finds it so), and an unusable one is named by the index's error (another
    writer's lock: :class:`~crawler.kernel.errors.ArchiveLocked`, after ``lock_wait`` seconds)."""
    if layout.given_db_url is None:
        try:
            layout.root.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
    return Index(layout.db_url, lock_wait=lock_wait)


def attach(crawler: Any, index: Index) -> None:
    """Make ``index`` the crawl's (closed when the engine stops)."""
    from scrapy import signals

    setattr(crawler, _INDEX, index)
    crawler.signals.connect(index.close, signal=signals.engine_stopped)


def index_of(crawler: Any) -> Index:
    """The crawl's index, opened on first use."""
    index = getattr(crawler, _INDEX, None)
    if index is None:
        index = open_index(layout_of(crawler.settings),
                           crawler.settings.getfloat("ARCHIVE_DB_LOCK_WAIT", DB_LOCK_WAIT))
        attach(crawler, index)
    return index


def stop_on_failure(crawler: Any, exc: Exception) -> None:
    """The archive cannot be written (a full disk, an I/O error, a read-only disk, another
    writer's lock): remember the first such failure in the crawl's stats and close the crawl, so
    that no new request is made; the requests in flight finish without being stored."""
    from scrapy.utils.defer import deferred_from_coro

    if crawler.stats.get_value(FAILURE_STAT):
        return
    crawler.stats.set_value(FAILURE_STAT, str(exc))
    release_space(layout_of(crawler.settings).reserve_file)  # room to record the failure
    engine = crawler.engine
    if engine is None or getattr(engine, "spider", None) is None:
        return
    if hasattr(engine, "close_spider_async"):
        deferred_from_coro(engine.close_spider_async(reason=STORAGE_FAILED))
    else:  # Scrapy before 2.14
        engine.close_spider(engine.spider, STORAGE_FAILED)
