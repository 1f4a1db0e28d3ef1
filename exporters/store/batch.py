"""One flush of a crawl: what the archive pipeline hands the store at once, and how it is stored.

A :class:`Flush` carries everything collected since the last one: articles (with the Markdown files
written for them), fetch records, page states, articles confirmed unchanged or found gone. It is a
plain picklable value, so the same :func:`store_flush` runs in the crawling process or in the
index writer's own process (:mod:`crawler.index_writer`).

Durability: the Markdown files are written (atomically, renamed into place) without waiting for
the disk; :func:`store_flush` makes them and their folders durable before the transaction that
records their articles commits. An article whose row is committed has its file on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from crawler.kernel.files import sync_files

from . import ArchiveStore, Pending


@dataclass
class Flush:
    run_id: int | None = None
    articles: list[Pending] = field(default_factory=list)
    markdown: dict[str, str] = field(default_factory=dict)  # canonical URL -> Markdown, for revisions
    files: list[str] = field(default_factory=list)  # Markdown files to make durable first
    fetches: list[dict[str, Any]] = field(default_factory=list)
    page_states: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __bool__(self) -> bool:
        return bool(self.articles or self.fetches or self.page_states or self.unchanged or self.gone)


def store_flush(store: ArchiveStore, flush: Flush) -> list[str]:
    """Store ``flush``; returns ``"new"``, ``"updated"`` or ``"unchanged"`` per article, in order."""
    outcomes: list[str] = []
    if flush.articles:
        sync_files(flush.files)
        outcomes = store.upsert_articles(flush.articles, flush.run_id, flush.markdown)
    if flush.fetches:
        store.record_fetches(flush.fetches)
    if flush.page_states:
        store.save_page_states(flush.page_states)
    if flush.unchanged:
        store.touch(flush.unchanged, at=flush.at)
    if flush.gone:
        store.mark_gone(flush.gone, at=flush.at)
    return outcomes
