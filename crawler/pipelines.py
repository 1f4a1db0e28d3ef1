"""The archive pipeline: every article item becomes a Markdown file and rows in the index.

Settings: ``ARCHIVE_DIR``, ``ARCHIVE_DB_URL``, ``ARCHIVE_BATCH_SIZE``, ``ARCHIVE_MARKDOWN``.
Index writes happen one transaction per batch, so an interrupted crawl never leaves half an article;
they are stored by :class:`~crawler.index_writer.IndexWriter` (in a process of their own during a
crawl with worker processes) while the crawl goes on.

Files and rows stay in step: where a batch is stored (the index writer), its articles' Markdown is
rendered and written to temporary files beside their places (staged), the staged files are synced
and renamed into place (the files they replace kept aside), the batch goes into the index in one
transaction, and if that fails the files are taken back (:func:`exporters.store.batch.store_flush`).
The crawl's worker processes are left to parse pages, the crawl's heaviest work. On the first storage failure
(a full disk, an I/O error, a read-only disk, another writer's lock on the index), what is not
stored yet is dropped (no file of it is left in place), the crawl is closed
(:func:`crawler.storage.stop_on_failure`: no new request, the run recorded as failed) and
``archiver crawl`` exits 3.

Before a batch is handed over, the crawl's WARC file is synced (:meth:`crawler.capture.WarcCapture.sync_soon`)
and the catalogue of its new records goes with the batch: the fetch rows of a batch name WARC records,
which are on disk before the batch commits.

A re-parse (``archiver reparse``, setting ``ARCHIVE_REPARSE``) runs items through the same code: its
articles come from stored responses, so nothing is recorded of a fetch, an unchanged article is only
counted, and a changed one gets a revision marked ``reparse`` with the parser's version.

After each stored batch the pipeline says so (:data:`~crawler.archive_signals.ARCHIVE_STORED`): on
a shared frontier the requests whose pages are stored are then done; it stores at once when asked
(:data:`~crawler.archive_signals.ARCHIVE_FLUSH`, a worker of a shared crawl going idle; such a
crawl stores its batches in its own process).
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from exporters.markdown import MarkdownWriter
from exporters.media import with_local_images
from exporters.store.batch import Flush, store_flush
from exporters.store.index import Index

from .access_keep import DEFAULT_SHRINK, keep_reason, note_kept
from .archive_signals import ARCHIVE_FLUSH, ARCHIVE_STORED
from .capture import WarcCapture
from .grouping import grouping_of, place_unplaced
from .index_writer import IndexWriter
from .items import ArticleItem, GoneItem, UnchangedItem
from .kernel.errors import StorageError
from .kernel.fields import content_hash
from .kernel.model import Article, RelatedLink
from .kernel.urls import canonicalize
from .parsers.profiles import parser_version
from .recrawl import RecrawlState
from .recrawl_store import RecrawlRecorder
from .storage import FAILURE_STAT, index_of, layout_of, stop_on_failure


class ArchivePipeline:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        if not settings.get("ARCHIVE_DIR"):
            raise NotConfigured("ARCHIVE_DIR is empty")
        self.crawler = crawler
        self.stats = crawler.stats
        self.layout = layout_of(settings)
        self.data_dir = self.layout.root
        self.batch_size = max(1, settings.getint("ARCHIVE_BATCH_SIZE", 50))
        self.write_markdown = settings.getbool("ARCHIVE_MARKDOWN", True)
        self.writer = MarkdownWriter(self.data_dir)
        self.pending: list[tuple[Article, str | None, datetime]] = []
        self.fetches: list[dict[str, Any]] = []
        # pending articles whose Markdown the store renders: (position, the article as its file
        # shows it when that differs from the stored one: with local images)
        self.render: list[tuple[int, Article | None]] = []
        self.recrawl = RecrawlRecorder(RecrawlState.from_crawler(crawler), crawler.stats)
        self.index: Index | None = None
        self.store: IndexWriter | None = None
        self.run_id: int | None = None
        self.failure: StorageError | None = None
        self.capture = WarcCapture.of(crawler)
        self.reparse = settings.getbool("ARCHIVE_REPARSE", False)
        self.parser_version = parser_version(settings.get("ARCHIVE_PROFILE"))
        self.dupes = grouping_of(settings)  # republished copies (ARCHIVE_DUPES), placed as stored
        self.copies: dict[str, str] = {}  # copy URL -> its canonical member's, as the crawl began
        self.keep_shrink = settings.getfloat("ARCHIVE_KEEP_SHRINK", DEFAULT_SHRINK)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchivePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.flush_now, signal=ARCHIVE_FLUSH)
        return pipeline

    def open_spider(self, spider: Any = None) -> None:
        spider = spider if spider is not None else self.crawler.spider
        self.index = index_of(self.crawler)
        self.store = IndexWriter.from_crawler(self.crawler, self.index)
        self.store.open()
        options = {k: v for k, v in vars(spider).items()
                   if k in ("follow", "max_pages") and v is not None}
        scope = getattr(spider, "scope", None)
        if scope is not None:
            options["scope"] = scope.describe()
        if self.reparse:
            options.update(reparse=True, parser_version=self.parser_version)
        # a run the re-validation pass began (crawler/recheck.py) continues here
        self.run_id = self.crawler.settings.getint("ARCHIVE_RUN_ID") or None
        if self.run_id is None:
            try:
                self.run_id = self.index.start_run(list(spider.start_urls), options)
            except StorageError as exc:
                self._fail(exc)
                return
        for name, value in self.crawler.settings.getdict("ARCHIVE_CARRIED_STATS").items():
            if isinstance(value, int | float) and name.startswith(("archive/", "downloader/")):
                self.stats.inc_value(name, value)
            else:
                self.stats.set_value(name, value)
        try:  # copies' files carry duplicate_of: known copies are rendered with theirs
            self.copies = self.index.duplicates()
        except StorageError as exc:
            self._fail(exc)
            return
        self.stats.set_value("archive/run_id", self.run_id)
        self.stats.set_value("archive/data_dir", str(self.data_dir.resolve()))
        self.stats.set_value("archive/db_url", self.index.url)

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if self.failure is None and self.stats.get_value(FAILURE_STAT):  # failed elsewhere (WARC)
            self._fail(StorageError(str(self.stats.get_value(FAILURE_STAT))))
        if self.failure is not None:  # the crawl is closing: nothing more is stored
            self.stats.inc_value("archive/not_stored")
            raise DropItem("not stored: the archive's storage failed")
        info = ItemAdapter(item).get("fetch")
        digest = None
        if isinstance(item, ArticleItem):
            item.article.metadata.canonical_url = item.canonical_url
            item.article.related = dedupe_related(item.article.related)
            digest = content_hash(item.article)
        if info is not None:  # None: a known article that was not fetched again
            fetch = info.row()
            fetch["run_id"] = self.run_id
            fetch["content_hash"] = digest
            if isinstance(item, ArticleItem):
                fetch["article_url"] = item.canonical_url
            elif isinstance(item, UnchangedItem | GoneItem):
                fetch["article_url"] = item.article_url
            self.fetches.append(fetch)
            self.recrawl.page(item, fetch)
            self.stats.inc_value("archive/pages")
            if fetch.get("error"):
                self.stats.inc_value("archive/errors")
                if not self.stats.get_value("archive/first_error"):
                    self.stats.set_value("archive/first_error", f"{fetch['url']}: {fetch['error']}")
        if isinstance(item, ArticleItem):
            try:
                await self._archive(item, digest)
            except StorageError as exc:
                self._fail(exc)
        elif isinstance(item, UnchangedItem | GoneItem):
            self.recrawl.record(item)
        if (len(self.pending) >= self.batch_size or len(self.fetches) >= 4 * self.batch_size
                or len(self.recrawl) >= 4 * self.batch_size):
            await self.flush()
        if self.failure is not None:
            raise DropItem("not stored: the archive's storage failed")
        return item

    async def _archive(self, item: ArticleItem, digest: str | None) -> None:
        article = item.article
        article.metadata.duplicate_of = self.copies.get(item.canonical_url)  # placement may change it
        if digest and self.recrawl.state.unchanged(item.canonical_url, digest) and (
                not self.write_markdown or self.writer.path_for(item.canonical_url).exists()):
            if self.reparse:  # the stored response parses as before: nothing to say of the site
                self.stats.inc_value("archive/articles")
                self.stats.inc_value("archive/unchanged")
                return
            self.recrawl.record(UnchangedItem(item.canonical_url, item.fetch))  # same content: no rewrite
            return
        if self.index is not None and item.canonical_url in self.recrawl.state.hashes:
            # a wall or a teaser where a full body is archived: the stored revision stays
            kept = keep_reason(self.index.stored_access(item.canonical_url), article, self.keep_shrink)
            if kept:
                note_kept(self.stats, item.canonical_url, kept)
                self.stats.inc_value("archive/articles")
                return
        archived_at = datetime.now(UTC)
        if digest and self.recrawl.state.unchanged(item.canonical_url, digest) and self.index is not None:
            # the same content, but its file is gone: restored as it was, archived_at included
            archived_at = self.index.archived_at(item.canonical_url) or archived_at
            self.stats.inc_value("archive/restored")
        if self.write_markdown:  # rendered and staged where the batch is stored
            shown = with_local_images(article, item.media) if item.media else None  # --with-images
            self.render.append((len(self.pending), shown))
        self.stats.inc_value("archive/articles")
        stored = copy.copy(article)
        stored.links = []  # every link of the page: the spider's, not the index's (less to hand over)
        self.pending.append((stored, None, archived_at))

    async def flush(self) -> None:
        """Hand what was collected since the last flush to the index (one batch, stored in order,
        its files put in place with it). A storage failure stops the crawl (:meth:`_fail`)."""
        if self.store is None or self.failure is not None:
            return
        batch = self._batch()
        self.pending, self.render, self.fetches = [], [], []
        self.recrawl.take(batch)
        try:
            if self.capture is not None:  # the records this batch names are on disk before it commits
                batch.warc_records = await self.capture.sync_soon()
            if not batch:
                return
            outcomes = await self.store.store(batch)
        except StorageError as exc:  # the batch is not stored, nor are its files in place
            self._not_stored(batch, exc)
            return
        self._stored(outcomes)

    def _stored(self, outcomes: list[str]) -> None:
        for outcome in outcomes:
            self.stats.inc_value(f"archive/{outcome}")
        self.crawler.signals.send_catch_log(signal=ARCHIVE_STORED)

    def _not_stored(self, batch: Flush, exc: StorageError) -> None:
        self.stats.inc_value("archive/articles", -len(batch.articles))
        self.stats.inc_value("archive/not_stored", len(batch.articles))
        self._fail(exc)

    def _batch(self) -> Flush:
        return Flush(self.run_id, self.pending, fetches=self.fetches, render=self.render,
                     origin="reparse" if self.reparse else "crawl", parser_version=self.parser_version,
                     dupes=self.dupes, data_dir=str(self.data_dir) if self.write_markdown else None)

    def flush_now(self) -> None:
        """Store what was collected, here and now (a shared crawl's worker going idle asks so, and
        its batches are all stored here); a storage failure stops the crawl and is raised."""
        if self.index is None or self.failure is not None:
            return
        batch = self._batch()
        self.pending, self.render, self.fetches = [], [], []
        self.recrawl.take(batch)
        if self.capture is not None:  # the records this batch names are on disk before it commits
            try:
                batch.warc_records = self.capture.sync_now()
            except StorageError as exc:
                self._fail(exc)
                raise
        outcomes: list[str] = []
        if batch:
            try:
                outcomes = store_flush(self.index, batch)
            except StorageError as exc:
                self._not_stored(batch, exc)
                raise
        self._stored(outcomes)

    def _fail(self, exc: StorageError) -> None:
        """The first storage failure: drop what is not stored yet (its files are staged only when
        it is stored, so every file in place has its row), record it, and close the crawl: no new
        request is made."""
        if self.failure is not None:
            return
        self.failure = exc
        if self.pending:
            self.stats.inc_value("archive/articles", -len(self.pending))
            self.stats.inc_value("archive/not_stored", len(self.pending))
        self.pending, self.render, self.fetches = [], [], []
        self.recrawl.clear()
        stop_on_failure(self.crawler, exc)

    async def close_spider(self, spider: Any = None, reason: str | None = None) -> None:
        if self.index is None:
            return
        await self.flush()
        if self.store is not None:
            await self.store.aclose()
        if self.failure is None and self.dupes is not None:
            try:  # articles stored before grouping existed, or not placed: placed now
                folder = self.data_dir if self.write_markdown else None
                placed = place_unplaced(self.index, folder, self.dupes)
                if placed:
                    self.stats.set_value("archive/dupes_placed_late", placed)
            except StorageError as exc:
                self.stats.set_value("archive/dupes_not_placed", str(exc))
        counts = {k.split("/", 1)[1]: v for k, v in self.stats.get_stats().items()
                  if k.startswith("archive/") and isinstance(v, int) and k != "archive/run_id"}
        status = "failed" if self.failure is not None else "finished"
        if self.run_id is not None:
            try:
                self.index.finish_run(self.run_id, status, counts)
            except StorageError as exc:  # the failure itself may keep the run from being recorded
                self.stats.set_value("archive/run_not_recorded", str(exc))
                self.stats.set_value(FAILURE_STAT, self.stats.get_value(FAILURE_STAT) or str(exc))
        self.index = None  # the crawl's index closes when the engine stops (crawler.storage)


def dedupe_related(links: list[RelatedLink]) -> list[RelatedLink]:
    """Related links with canonical URLs, each URL once, in page order."""
    seen: set[str] = set()
    out = []
    for link in links:
        url = canonicalize(link.url)
        if url not in seen:
            seen.add(url)
            out.append(RelatedLink(url=url, title=link.title))
    return out
