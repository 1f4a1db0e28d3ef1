"""The pipeline's side of re-crawls: what each page answered, and which articles stayed or went.

:class:`RecrawlRecorder` collects, between two flushes of the archive pipeline, one page-state row per
fetched page (status, ``ETag``, ``Last-Modified``, when it was checked; the next crawl sends them back
as a conditional request), the articles confirmed unchanged (a 304, or the same content hash) and the
articles that now answer 404/410, and writes each group with one statement per flush.
"""

from __future__ import annotations

from typing import Any

from exporters.store.batch import Flush

from .items import ArticleItem, GoneItem, PageItem, UnchangedItem
from .kernel.urls import canonicalize
from .recrawl import RecrawlState

#: Page kinds whose answer says nothing reusable about the URL.
NO_STATE_KINDS = ("duplicate",)


class RecrawlRecorder:
    def __init__(self, state: RecrawlState, stats: Any) -> None:
        self.state = state
        self.stats = stats
        self.page_states: list[dict[str, Any]] = []
        self.unchanged: list[str] = []
        self.gone: list[str] = []

    def __len__(self) -> int:
        return len(self.page_states) + len(self.unchanged) + len(self.gone)

    def page(self, item: Any, fetch: dict[str, Any]) -> None:
        """Remember what the page behind ``fetch`` answered (nothing for failed connections)."""
        status = fetch.get("status")
        if status is None or (isinstance(item, PageItem) and item.kind in NO_STATE_KINDS):
            return
        url = canonicalize(fetch["url"])
        article_url = None
        if isinstance(item, ArticleItem):
            article_url = item.canonical_url
        elif isinstance(item, UnchangedItem | GoneItem):
            article_url = item.article_url
        etag, last_modified = fetch.get("etag"), fetch.get("last_modified")
        if status == 304:  # validators the server did not repeat still hold
            old = self.state.pages.get(url) or {}
            etag, last_modified = etag or old.get("etag"), last_modified or old.get("last_modified")
            status = (old.get("status") or 200) if old else 200
        self.page_states.append({"url": url, "article_url": article_url, "status": status, "etag": etag,
                                 "last_modified": last_modified, "checked_at": fetch.get("fetched_at"),
                                 "run_id": fetch.get("run_id")})

    def record(self, item: UnchangedItem | GoneItem) -> None:
        """Count and queue an article confirmed unchanged, or found gone."""
        if isinstance(item, GoneItem):
            self.gone.append(item.article_url)
            self.stats.inc_value("archive/gone")
            return
        self.unchanged.append(item.article_url)
        self.stats.inc_value("archive/articles")
        self.stats.inc_value("archive/unchanged")
        if item.fetch is not None and item.fetch.status == 304:
            self.stats.inc_value("archive/not_modified")

    def clear(self) -> None:
        """Forget what was collected and not written (the crawl's storage failed)."""
        self.page_states, self.unchanged, self.gone = [], [], []

    def take(self, batch: Flush) -> None:
        """Move what was collected into ``batch`` (stored by the archive pipeline) and start over."""
        batch.page_states, self.page_states = self.page_states, []
        batch.unchanged, self.unchanged = self.unchanged, []
        batch.gone, self.gone = self.gone, []
