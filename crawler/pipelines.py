"""The archive pipeline: every article item becomes a Markdown file and rows in the index.

Settings: ``ARCHIVE_DIR``, ``ARCHIVE_DB_URL``, ``ARCHIVE_BATCH_SIZE``, ``ARCHIVE_MARKDOWN``.
Index writes happen one transaction per batch, so an interrupted crawl never leaves half an article.
Before a batch is written, the crawl's WARC file is synced (:meth:`crawler.capture.WarcCapture.commit`):
the fetch rows of a batch name WARC records, which must be on disk first.

A re-parse (``archiver reparse``, setting ``ARCHIVE_REPARSE``) runs items through the same code: its
articles come from stored responses, so nothing is recorded of a fetch, an unchanged article is only
counted, and a changed one gets a revision marked ``reparse`` with the parser's version.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from exporters.markdown import MarkdownWriter, render_markdown
from exporters.media import with_local_images
from exporters.store.index import Index

from .capture import WarcCapture
from .items import ArticleItem, GoneItem, UnchangedItem
from .kernel.fields import content_hash
from .kernel.files import file_time
from .kernel.model import Article, RelatedLink
from .kernel.urls import canonicalize
from .parsers.profiles import parser_version
from .recrawl import RecrawlState
from .recrawl_store import RecrawlRecorder
from .storage import index_of, layout_of
from .workers import WorkerPool

#: A batch for the index: pending articles (article, file, archived_at), their Markdown, fetch rows.
Batch = tuple[list[tuple[Article, str | None, datetime]], dict[str, str], list[dict[str, Any]]]


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
        self.capture = WarcCapture.of(crawler)
        self.reparse = settings.getbool("ARCHIVE_REPARSE", False)
        self.parser_version = parser_version(settings.get("ARCHIVE_PROFILE"))

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        spider = spider if spider is not None else self.crawler.spider
        self.index = index_of(self.crawler)
        options = {k: v for k, v in vars(spider).items()
                   if k in ("follow", "max_pages") and v is not None}
        scope = getattr(spider, "scope", None)
        if scope is not None:
            options["scope"] = scope.describe()
        if self.reparse:
            options.update(reparse=True, parser_version=self.parser_version)
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
            await self._archive(item, digest)
        elif isinstance(item, UnchangedItem | GoneItem):
            self.recrawl.record(item)
        if (len(self.pending) >= self.batch_size or len(self.fetches) >= 4 * self.batch_size
                or len(self.recrawl) >= 4 * self.batch_size):
            await self.flush_soon()
        return item

    async def _archive(self, item: ArticleItem, digest: str | None) -> None:
        article = item.article
        if digest and self.recrawl.state.unchanged(item.canonical_url, digest) and (
                not self.write_markdown or self.writer.path_for(item.canonical_url).exists()):
            if self.reparse:  # the stored response parses as before: nothing to say of the site
                self.stats.inc_value("archive/articles")
                self.stats.inc_value("archive/unchanged")
                return
            self.recrawl.record(UnchangedItem(item.canonical_url, item.fetch))  # same content: no rewrite
            return
        archived_at = datetime.now(UTC)
        if digest and self.recrawl.state.unchanged(item.canonical_url, digest) and self.index is not None:
            # the same content, but its file is gone: restored as it was, archived_at included
            archived_at = self.index.archived_at(item.canonical_url) or archived_at
            self.stats.inc_value("archive/restored")
        self.stats.inc_value("archive/articles")
        path = None
        if self.write_markdown:  # rendering is CPU work: done by a worker process when there is one
            shown = with_local_images(article, item.media) if item.media else article  # --with-images
            path, text, archived_at = await self.workers.run(write_markdown, str(self.data_dir), shown,
                                                             archived_at)
            self.markdown[item.canonical_url] = text
        self.pending.append((article, path, archived_at))

    def flush(self) -> None:
        """Store pending articles and fetch records; the index has one writer, this process."""
        if self.index is None:
            return
        batch = self._take()
        if self.capture is not None:  # the records this batch names are on disk before it commits
            self.capture.commit(self.index)
        self._store(batch)

    async def flush_soon(self) -> None:
        """:meth:`flush`, with the WARC file synced on its writer thread meanwhile: the crawl goes on
        while the disk catches up, and this batch is stored once its records are on disk (items
        that arrive meanwhile wait for the next batch)."""
        if self.index is None or self.capture is None:
            self.flush()
            return
        batch = self._take()
        await self.capture.commit_soon(self.index)
        self._store(batch)

    def _take(self) -> Batch:
        batch = (self.pending, self.markdown, self.fetches)
        self.pending, self.markdown, self.fetches = [], {}, []
        return batch

    def _store(self, batch: Batch) -> None:
        assert self.index is not None
        pending, markdown, fetches = batch
        if pending:
            origin = "reparse" if self.reparse else "crawl"
            for outcome in self.index.upsert_articles(pending, self.run_id, markdown, origin=origin,
                                                      parser_version=self.parser_version):
                self.stats.inc_value(f"archive/{outcome}")
        if fetches:
            self.index.record_fetches(fetches)
        self.recrawl.flush(self.index)

    def close_spider(self, spider: Any = None, reason: str | None = None) -> None:
        if self.index is None:
            return
        self.flush()
        counts = {k.split("/", 1)[1]: v for k, v in self.stats.get_stats().items()
                  if k.startswith("archive/") and isinstance(v, int) and k != "archive/run_id"}
        self.index.finish_run(self.run_id, "finished", counts)
        self.index = None  # the crawl's index closes when the engine stops (crawler.storage)


def write_markdown(data_dir: str, article: Article, archived_at: datetime) -> tuple[str, str, datetime]:
    """Write (or keep, when unchanged) the article's Markdown file; return its path, the Markdown
    (kept with the article's revision, for diffs) and the ``archived_at`` the file carries: a file
    that already holds this content (written by a run killed before its index batch committed)
    keeps its own, which the index then records too."""
    path, changed, text = MarkdownWriter(data_dir).write_text(article, archived_at)
    if not changed:
        archived_at = file_time(path)
        text = render_markdown(article, archived_at=archived_at)
    return str(path), text, archived_at


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
