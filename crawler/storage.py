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

from .kernel.layout import ArchiveLayout

_INDEX = "_archive_index"


def layout_of(settings: Any) -> ArchiveLayout:
    """The archive the settings name (``ARCHIVE_DIR``, ``ARCHIVE_DB_URL``)."""
    return ArchiveLayout.from_settings(settings)


def open_index(layout: ArchiveLayout) -> Index:
    """The archive's index; the folder is created when missing (a crawl started by ``scrapy
    crawl`` or Scrapyd finds it so), and an unusable one is named by the index's error."""
    if layout.given_db_url is None:
        try:
            layout.root.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
    return Index(layout.db_url)


def attach(crawler: Any, index: Index) -> None:
    """Make ``index`` the crawl's (closed when the engine stops)."""
    from scrapy import signals

    setattr(crawler, _INDEX, index)
    crawler.signals.connect(index.close, signal=signals.engine_stopped)


def index_of(crawler: Any) -> Index:
    """The crawl's index, opened on first use."""
    index = getattr(crawler, _INDEX, None)
    if index is None:
        index = open_index(layout_of(crawler.settings))
        attach(crawler, index)
    return index
