"""``archiver reparse``: archived articles rebuilt from their stored responses, with no network.

The selected articles' latest stored responses (:func:`exporters.warc.selection.latest_responses`)
are read back from the WARC files by a crawl whose download handler is the archive itself
(:mod:`crawler.replay`): the same downloader middlewares, the same parser and site profiles, the same
archive pipeline as a crawl. What the pipeline does with a re-parsed article (``ARCHIVE_REPARSE``):

* the same content as archived: nothing is written (the file keeps its bytes and time);
* different content: the Markdown file is rewritten and the index updated, with a new revision
  marked ``reparse`` and the parser's version (the archiver's, and the site profile's digest);
* the article's ``last_seen`` and status say what the site answered last: a re-parse leaves them.

The run is recorded in ``runs`` (options ``{"reparse": true, "parser_version": …}``), under the
archive's lock like a crawl.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from exporters.filters import Filters
from exporters.store.index import Index
from exporters.warc.selection import Selection, latest_responses

from .kernel.errors import StorageError
from .kernel.layout import ArchiveLayout
from .lock import RunLock
from .parsers.profiles import load_profiles
from .reparse_spider import ReparseSpider
from .storage import attach

#: The crawl settings of a re-parse: answers from the WARC files only, nothing captured again.
REPARSE_SETTINGS: dict[str, Any] = {
    "ARCHIVE_REPARSE": True,
    "ARCHIVE_WARC": False,
    "ARCHIVE_CONDITIONAL": False,
    "ARCHIVE_REPORT": False,
    "ARCHIVE_REFRESH": "changed",
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "DOWNLOAD_HANDLERS": {"http": "crawler.replay.WarcReplayHandler",
                          "https": "crawler.replay.WarcReplayHandler"},
    "TELNETCONSOLE_ENABLED": False,
}


@dataclass
class ReparseResult:
    selected: int
    missing: int
    run_id: int | None
    stats: dict[str, Any]

    def count(self, key: str) -> int:
        return int(self.stats.get(f"archive/{key}", 0) or 0)


def select_sources(index: Index, filters: Filters | None) -> Selection:
    with index.session() as session:
        return latest_responses(session, filters)


def reparse(data_dir: Path, db_url: str | None, filters: Filters | None, *, profile: Path | None = None,
            progress: bool = False, log_level: str = "ERROR", settings: dict[str, Any] | None = None,
            echo: Any = print) -> ReparseResult:
    """Re-parse the selected articles (see the module doc). Runs the Twisted reactor: once per process."""
    layout = ArchiveLayout(data_dir, db_url)
    layout.require_index()
    if profile is not None:
        load_profiles(profile)  # a bad profile fails here, with its file and line
    with RunLock(layout, "reparse") as lock:
        if lock.stale:
            echo(f"note: took over the lock of a crawl that died (pid {lock.stale.get('pid')})")
        index = Index(layout.db_url)
        selection = select_sources(index, filters)
        if not selection.sources:
            index.close()
            if selection.selected and selection.missing:
                raise StorageError(f"none of the {selection.selected} selected articles has a stored "
                                   "response (they were crawled without WARC capture): nothing to re-parse")
            return ReparseResult(selection.selected, len(selection.missing), None, {})
        values = {"ARCHIVE_DIR": str(data_dir), "LOG_LEVEL": log_level, "ARCHIVE_PROGRESS": progress,
                  **REPARSE_SETTINGS, **(settings or {})}
        if db_url:
            values["ARCHIVE_DB_URL"] = db_url
        if profile is not None:
            values["ARCHIVE_PROFILE"] = str(profile)
        crawl_settings = Settings()
        crawl_settings.setmodule("crawler.settings", priority="project")
        crawl_settings.setdict(values, priority="cmdline")
        process = CrawlerProcess(crawl_settings)
        crawler = process.create_crawler(ReparseSpider)
        attach(crawler, index)
        process.crawl(crawler, sources=[asdict(s) for s in selection.sources])
        process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
    return ReparseResult(selection.selected, len(selection.missing), stats.get("archive/run_id"), stats)
