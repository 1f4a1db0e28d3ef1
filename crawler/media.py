"""Article images through Scrapy's media pipeline, stored once per content under ``DATA/media``.

:class:`ArchiveMediaPipeline` (enabled by ``ARCHIVE_IMAGES``) downloads the images of every article
item (body images and thumbnail), stores each as ``media/<ab>/<sha256><ext>`` inside ``ARCHIVE_DIR``,
records it in the index's ``media`` table (original URL -> stored path), and sets the item's
``media`` field to that mapping so the Markdown writer can link the local copies. Images already
stored are not downloaded again.

:func:`fetch_archive_images` does the same for an archive that was crawled without images, then
re-renders the affected Markdown files so they link the local copies.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Request, Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.files import FilesPipeline
from scrapy.utils.defer import deferred_from_coro

from exporters.media import IMAGE_EXTENSIONS, image_urls, media_path, sha256

from .items import ArticleItem
from .kernel.errors import StorageError
from .kernel.layout import ArchiveLayout
from .options import CrawlOptions

#: How many images of one article are fetched at most.
MAX_IMAGES_PER_ARTICLE = 50
#: Content types accepted as images besides image/* (servers that do not say what they send).
LOOSE_TYPES = ("application/octet-stream", "binary/octet-stream", "")
#: Image URLs per item when fetching for an existing archive.
FETCH_BATCH = 20
STAT = "archive/images_{}"
#: The media pipeline runs before the archive pipeline, which then links the local copies.
MEDIA_PRIORITY = 100
#: How often a finished image fetch checks whether the engine has gone idle before closing.
CLOSE_POLL_SECONDS = 0.02


class NotAnImage(Exception):
    """The response is not an image (an HTML error page, say)."""


class ArchiveMediaPipeline(FilesPipeline):
    """Downloads article images into ``ARCHIVE_DIR/media`` by content hash (see the module doc)."""

    LOG_FAILED_RESULTS = False  # failures are counted in the stats, not logged with the whole item

    def __init__(self, store_uri: str, *, crawler: Any) -> None:
        super().__init__(store_uri, crawler=crawler)
        self.root = Path(store_uri)
        self.index: Any = None
        self.max_images = crawler.settings.getint("ARCHIVE_IMAGES_MAX", MAX_IMAGES_PER_ARTICLE)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchiveMediaPipeline:
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_IMAGES"):
            raise NotConfigured("ARCHIVE_IMAGES is off")
        return cls(str(ArchiveLayout.from_settings(settings).root.resolve()), crawler=crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        from .storage import index_of

        super().open_spider()
        self.index = index_of(self.crawler)

    # -- which images -------------------------------------------------------------------------

    def get_media_requests(self, item: Any, info: Any) -> list[Request]:
        if isinstance(item, ArticleItem):
            m = item.article.metadata
            urls = image_urls(item.article.body_markdown, m.thumbnail)
        else:
            urls = list(ItemAdapter(item).get("image_urls") or [])
        return [Request(u, callback=NO_CALLBACK) for u in urls[: self.max_images]]

    def media_to_download(self, request: Request, info: Any, *, item: Any = None) -> Any:
        """An image already in the archive (its stored copy present) is not fetched again."""
        known = self.index.stored_media(request.url)
        if known is not None and (self.root / known[0]).is_file():
            self.crawler.stats.inc_value(STAT.format("known"))
            return {"url": request.url, "path": known[0], "checksum": known[1], "status": "uptodate"}
        return None

    # -- storing ------------------------------------------------------------------------------

    def file_path(self, request: Request, response: Any = None, info: Any = None, *, item: Any = None) -> str:
        if response is None:  # only asked before a download, which media_to_download answers
            return f"media/pending/{sha256(request.url.encode('utf-8'))}"
        kind = response.headers.get(b"Content-Type", b"").decode("latin-1")
        return media_path(sha256(response.body), kind, request.url)

    async def media_downloaded(self, response: Any, request: Request, info: Any, *,
                               item: Any = None) -> dict[str, Any]:
        kind = response.headers.get(b"Content-Type", b"").decode("latin-1").split(";")[0].strip().lower()
        if response.status != 200 or not response.body:  # counted as failed by media_failed
            raise NotAnImage(f"{request.url}: HTTP {response.status}, {len(response.body)} bytes")
        if not (kind.startswith("image/") or kind in IMAGE_EXTENSIONS or kind in LOOSE_TYPES):
            raise NotAnImage(f"{request.url}: {kind or 'no type'}, not an image")
        path = self.file_path(request, response=response, info=info, item=item)
        if not (self.root / path).is_file():  # same bytes from another URL: stored once
            try:
                self.store.persist_file(path, BytesIO(response.body), info)
            except OSError as exc:  # a full or failing disk stops the crawl (crawler.storage)
                from .storage import stop_on_failure

                failure = StorageError(f"cannot write {self.root / path}: {exc.strerror or exc}")
                stop_on_failure(self.crawler, failure)
                raise failure from exc
        self.crawler.stats.inc_value(STAT.format("downloaded"))
        return {"url": request.url, "path": path, "checksum": path.rsplit("/", 1)[-1].split(".")[0],
                "status": "downloaded", "bytes": len(response.body), "content_type": kind or None}

    def media_failed(self, failure: Any, request: Request, info: Any) -> Any:
        self.crawler.stats.inc_value(STAT.format("failed"))
        return super().media_failed(failure, request, info)

    def item_completed(self, results: list[Any], item: Any, info: Any) -> Any:
        done = [value for ok, value in results if ok]
        rows = [{"url": r["url"], "path": r["path"], "sha256": r["checksum"], "bytes": r.get("bytes"),
                 "content_type": r.get("content_type"), "fetched_at": datetime.now(UTC)}
                for r in done if r.get("status") == "downloaded"]
        if rows:
            try:
                self.index.record_media(rows)
            except StorageError as exc:
                from .storage import stop_on_failure

                stop_on_failure(self.crawler, exc)
        mapping = {r["url"]: r["path"] for r in done}
        with suppress(KeyError, AttributeError, TypeError):
            ItemAdapter(item)["media"] = mapping
        return item


class _ImageSpider(Spider):
    """Hands batches of image URLs to the media pipeline; fetches no page itself, and closes as
    soon as the last batch is through (instead of waiting for the engine's idle heartbeat).

    The close is scheduled, not done inside the item signal: the scraper still counts that item
    as in progress until the signal handlers return, and a close requested before then would wait
    for a scraper slot that never reports idle again."""

    name = "archive-images"

    def __init__(self, batches: list[list[str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.batches = batches
        self.done = 0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> _ImageSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._item_done, signal=signal)
        return spider

    def _item_done(self, *args: Any, **kwargs: Any) -> None:
        self.done += 1
        if self.done == len(self.batches):
            self._close_when_idle()

    def _close_when_idle(self) -> None:
        from twisted.internet import reactor

        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return
        if not engine.spider_is_idle():
            reactor.callLater(CLOSE_POLL_SECONDS, self._close_when_idle)
            return
        deferred_from_coro(engine.close_spider_async(reason="finished"))

    async def start(self) -> Any:
        for urls in self.batches:
            yield {"image_urls": urls}


def crawl_settings() -> dict[str, Any]:
    """The settings that make a crawl download its articles' images (``crawl --with-images``).
    The pipeline is only registered then: importing it costs start-up time otherwise."""
    from . import settings as defaults

    pipelines = {**defaults.ITEM_PIPELINES, f"{__name__}.ArchiveMediaPipeline": MEDIA_PRIORITY}
    return {"ARCHIVE_IMAGES": True, "ITEM_PIPELINES": pipelines}


def fetch_archive_images(data_dir: Path | str, db_url: str | None, filters: Any = None, *,
                         resolve: list[str] | None = None, fast: bool = False,
                         log_level: str = "CRITICAL") -> dict[str, int]:
    """Download the missing images of the selected archived articles, then relink their Markdown
    files. Runs the Twisted reactor: call it once per process. Returns counters."""
    from scrapy.crawler import CrawlerProcess

    from exporters.relink import missing_images, relink_archive_files

    from .resolver import parse_resolve_rules
    from .runner import build_settings
    from .storage import attach, open_index

    parse_resolve_rules(list(resolve or []))
    layout = ArchiveLayout(data_dir, db_url).ensure_writable()
    opts = CrawlOptions(start_urls=[], data_dir=layout.root, db_url=db_url, resolve=list(resolve or []),
                        fast=fast, log_level=log_level,
                        settings={"ARCHIVE_IMAGES": True, "EXTENSIONS": {},
                                  "ITEM_PIPELINES": {f"{__name__}.ArchiveMediaPipeline": MEDIA_PRIORITY}})
    index = open_index(layout)
    ids, missing = missing_images(index, filters)
    counts = {"downloaded": 0, "known": 0, "failed": 0, "files": 0}
    if missing:
        process = CrawlerProcess(build_settings(opts))
        crawler = process.create_crawler(_ImageSpider)
        attach(crawler, index)
        batches = [missing[i:i + FETCH_BATCH] for i in range(0, len(missing), FETCH_BATCH)]
        process.crawl(crawler, batches=batches)
        process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
        counts.update({k: int(stats.get(STAT.format(k), 0) or 0) for k in ("downloaded", "known", "failed")})
        index = open_index(layout)  # the crawl closed its index
    with index:
        counts["files"] = relink_archive_files(index, layout, ids)
    return counts
