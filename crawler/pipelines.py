"""The archive pipeline: every article item becomes a Markdown file and rows in the index.

Settings: ``ARCHIVE_DIR``, ``ARCHIVE_DB_URL``, ``ARCHIVE_BATCH_SIZE``, ``ARCHIVE_MARKDOWN``.
Index writes happen one transaction per batch, so an interrupted crawl never leaves half an article.
After each flush the pipeline says so (:data:`~crawler.archive_signals.ARCHIVE_STORED`): on a shared
frontier the requests whose pages are stored are then done; it flushes when asked
(:data:`~crawler.archive_signals.ARCHIVE_FLUSH`, a worker of a shared crawl going idle).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from exporters.markdown import MarkdownWriter
from exporters.media import with_local_images
from exporters.store.index import Index

from .archive_signals import ARCHIVE_FLUSH, ARCHIVE_STORED
from .items import ArticleItem, GoneItem, UnchangedItem
from .kernel.fields import content_hash
from .kernel.model import Article, RelatedLink
from .kernel.urls import canonicalize
from .recrawl import RecrawlState
from .recrawl_store import RecrawlRecorder
from .storage import index_of, layout_of
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
        self.fetches: list[dict[str, Any]] = []
        self.markdown: dict[str, str] = {}  # canonical URL -> Markdown written, for revisions
        self.recrawl = RecrawlRecorder(RecrawlState.from_crawler(crawler), crawler.stats)
        self.index: Index | None = None
        self.run_id: int | None = None
        self.workers = WorkerPool.from_crawler(crawler)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchivePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.flush, signal=ARCHIVE_FLUSH)
        return pipeline

    def open_spider(self, spider: Any = None) -> None:
        spider = spider if spider is not None else self.crawler.spider
        self.index = index_of(self.crawler)
        options = {k: v for k, v in vars(spider).items()
                   if k in ("follow", "max_pages") and v is not None}
        options["scope"] = spider.scope.describe()
        self.run_id = self.index.start_run(list(spider.start_urls), options)
        self.stats.set_value("archive/run_id", self.run_id)
        self.stats.set_value("archive/data_dir", str(self.data_dir.resolve()))
        self.stats.set_value("archive/db_url", self.index.url)

    async def process_item(self, item: Any, spider: Any = None) -> Any:
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
            await self._archive(item, digest)
        elif isinstance(item, UnchangedItem | GoneItem):
            self.recrawl.record(item)
        if (len(self.pending) >= self.batch_size or len(self.fetches) >= 4 * self.batch_size
                or len(self.recrawl) >= 4 * self.batch_size):
            self.flush()
        return item

    async def _archive(self, item: ArticleItem, digest: str | None) -> None:
        article = item.article
        if digest and self.recrawl.state.unchanged(item.canonical_url, digest) and (
                not self.write_markdown or self.writer.path_for(item.canonical_url).exists()):
            self.recrawl.record(UnchangedItem(item.canonical_url, item.fetch))  # same content: no rewrite
            return
        archived_at = datetime.now(UTC)
        self.stats.inc_value("archive/articles")
        path = None
        if self.write_markdown:  # rendering is CPU work: done by a worker process when there is one
            shown = with_local_images(article, item.media) if item.media else article  # --with-images
            path, text = await self.workers.run(write_markdown, str(self.data_dir), shown, archived_at)
            self.markdown[item.canonical_url] = text
        self.pending.append((article, path, archived_at))

    def flush(self) -> None:
        """Store pending articles, fetch records and page states (each group one transaction)."""
        if self.index is None:
            return
        if self.pending:
            for outcome in self.index.upsert_articles(self.pending, self.run_id, self.markdown):
                self.stats.inc_value(f"archive/{outcome}")
            self.pending = []
            self.markdown = {}
        if self.fetches:
            self.index.record_fetches(self.fetches)
            self.fetches = []
        self.recrawl.flush(self.index)
        self.crawler.signals.send_catch_log(signal=ARCHIVE_STORED)

    def close_spider(self, spider: Any = None, reason: str | None = None) -> None:
        if self.index is None:
            return
        self.flush()
        counts = {k.split("/", 1)[1]: v for k, v in self.stats.get_stats().items()
                  if k.startswith("archive/") and isinstance(v, int) and k != "archive/run_id"}
        self.index.finish_run(self.run_id, "finished", counts)
        self.index = None  # the crawl's index closes when the engine stops (crawler.storage)


def write_markdown(data_dir: str, article: Article, archived_at: datetime) -> tuple[str, str]:
    """Write (or keep, when unchanged) the article's Markdown file; return its path and the Markdown
    (kept with the article's revision, for diffs)."""
    path, _changed, text = MarkdownWriter(data_dir).write_text(article, archived_at)
    return str(path), text


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
