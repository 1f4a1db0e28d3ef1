"""The archive pipeline: every article item becomes a Markdown file and rows in the index.

Settings: ``ARCHIVE_DIR``, ``ARCHIVE_DB_URL``, ``ARCHIVE_BATCH_SIZE``, ``ARCHIVE_MARKDOWN``.
Index writes happen one transaction per batch, so an interrupted crawl never leaves half an article.

Files and rows stay in step: an article's Markdown is written to a temporary file beside its place
(staged); when a batch is stored, its files are renamed into place (the files they replace kept
aside), the batch goes into the index in one transaction, and if that fails the files are taken
back. When storage fails (a full disk, an I/O error, a read-only disk, another writer's lock on the index),
the batch's staged files are removed, nothing more is stored, the crawl is closed
(:func:`crawler.storage.stop_on_failure`: no new request, the run recorded as failed) and
``archiver crawl`` exits 3.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from exporters.markdown import MarkdownWriter
from exporters.media import with_local_images
from exporters.store.index import Index

from .items import ArticleItem, GoneItem, UnchangedItem
from .kernel.errors import StorageError
from .kernel.fields import content_hash
from .kernel.files import discard_staged, publish, unpublish
from .kernel.model import Article, RelatedLink
from .kernel.urls import canonicalize
from .recrawl import RecrawlState
from .recrawl_store import RecrawlRecorder
from .storage import FAILURE_STAT, index_of, layout_of, stop_on_failure
from .workers import WorkerPool


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
        self.staged: list[tuple[str, str]] = []  # (staged file, its place) of the pending articles
        self.fetches: list[dict[str, Any]] = []
        self.markdown: dict[str, str] = {}  # canonical URL -> Markdown written, for revisions
        self.recrawl = RecrawlRecorder(RecrawlState.from_crawler(crawler), crawler.stats)
        self.index: Index | None = None
        self.run_id: int | None = None
        self.workers = WorkerPool.from_crawler(crawler)
        self.failure: StorageError | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        spider = spider if spider is not None else self.crawler.spider
        self.index = index_of(self.crawler)
        options = {k: v for k, v in vars(spider).items()
                   if k in ("follow", "max_pages") and v is not None}
        options["scope"] = spider.scope.describe()
        try:
            self.run_id = self.index.start_run(list(spider.start_urls), options)
        except StorageError as exc:
            self._fail(exc)
            return
        self.stats.set_value("archive/run_id", self.run_id)
        self.stats.set_value("archive/data_dir", str(self.data_dir.resolve()))
        self.stats.set_value("archive/db_url", self.index.url)

    async def process_item(self, item: Any, spider: Any = None) -> Any:
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
            fetch = asdict(info)
            fetch["run_id"] = self.run_id
            fetch["content_hash"] = digest
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
            self.flush()
        if self.failure is not None:
            raise DropItem("not stored: the archive's storage failed")
        return item

    async def _archive(self, item: ArticleItem, digest: str | None) -> None:
        article = item.article
        if digest and self.recrawl.state.unchanged(item.canonical_url, digest) and (
                not self.write_markdown or self.writer.path_for(item.canonical_url).exists()):
            self.recrawl.record(UnchangedItem(item.canonical_url, item.fetch))  # same content: no rewrite
            return
        archived_at = datetime.now(UTC)
        path = None
        if self.write_markdown:  # rendering is CPU work: done by a worker process when there is one
            shown = with_local_images(article, item.media) if item.media else article  # --with-images
            path, text, staged = await self.workers.run(stage_markdown, str(self.data_dir), shown,
                                                        archived_at)
            if self.failure is not None:  # failed while this one was being written
                if staged:
                    discard_staged(staged)
                self.stats.inc_value("archive/not_stored")
                return
            if staged:
                self.staged.append((staged, path))
            self.markdown[item.canonical_url] = text
        self.stats.inc_value("archive/articles")
        self.pending.append((article, path, archived_at))

    def flush(self) -> None:
        """Store pending articles (then put their staged files in place) and fetch records; the
        index has one writer, this process. A storage failure stops the crawl (:meth:`_fail`)."""
        if self.index is None or self.failure is not None:
            return
        try:
            if self.pending:
                staged, self.staged = self.staged, []
                published = self._publish(staged)
                try:
                    outcomes = self.index.upsert_articles(self.pending, self.run_id, self.markdown)
                except StorageError:
                    for path, kept in reversed(published):  # the batch is not stored: neither its files
                        unpublish(path, kept)
                    raise
                for _path, kept in published:
                    if kept is not None:
                        discard_staged(kept)
                self.pending, self.markdown = [], {}
                for outcome in outcomes:
                    self.stats.inc_value(f"archive/{outcome}")
            if self.fetches:
                self.index.record_fetches(self.fetches)
                self.fetches = []
            self.recrawl.flush(self.index)
        except StorageError as exc:
            self._fail(exc)

    @staticmethod
    def _publish(staged: list[tuple[str, str]]) -> list[tuple[str, Path | None]]:
        """Put the staged files of a batch in place, keeping the files they replace until the
        batch is stored; returns (path, replaced file kept). All or none: when one cannot be put
        in place, those already in place are taken back and the rest dropped."""
        published: list[tuple[str, Path | None]] = []
        for i, (tmp, path) in enumerate(staged):
            try:
                published.append((path, publish(tmp, path, keep=True)))
            except StorageError:
                for rest, _ in staged[i + 1:]:
                    discard_staged(rest)
                for done, kept in reversed(published):
                    unpublish(done, kept)
                raise
        return published

    def _fail(self, exc: StorageError) -> None:
        """The first storage failure: drop what is not stored yet (staged files removed, so every
        file in place has its row), record it, and close the crawl: no new request is made."""
        if self.failure is not None:
            return
        self.failure = exc
        for tmp, _path in self.staged:
            discard_staged(tmp)
        if self.pending:
            self.stats.inc_value("archive/articles", -len(self.pending))
            self.stats.inc_value("archive/not_stored", len(self.pending))
        self.staged, self.pending, self.markdown, self.fetches = [], [], {}, []
        self.recrawl.clear()
        stop_on_failure(self.crawler, exc)

    def close_spider(self, spider: Any = None, reason: str | None = None) -> None:
        if self.index is None:
            return
        self.flush()
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


def stage_markdown(data_dir: str, article: Article, archived_at: datetime) -> tuple[str, str, str | None]:
    """Render the article's Markdown and stage its file (None when the file already holds it);
    return its path, the Markdown (kept with the article's revision, for diffs) and the staged
    file, which the pipeline puts in place once the article's row is stored."""
    path, text, staged = MarkdownWriter(data_dir).stage_text(article, archived_at)
    return str(path), text, str(staged) if staged is not None else None


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
