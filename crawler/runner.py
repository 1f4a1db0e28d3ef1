"""Run a crawl from Python: the function behind ``archiver crawl`` and ``archiver demo``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from .kernel.errors import StorageError, UsageError
from .kernel.urls import validate_start_url
from .options import CrawlOptions, CrawlResult
from .parsers.profiles import load_profiles
from .recrawl import check_refresh, parse_duration
from .resolver import parse_resolve_rules
from .spiders.articles import FOLLOW_MODES, ArticlesSpider

#: Settings applied by ``--fast``: for crawling one's own servers, never other people's.
FAST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "REACTOR_THREADPOOL_MAXSIZE": 4,
}


def check_data_dir(path: Path) -> Path:
    """Create the data folder if needed and prove it is writable, or raise :class:`StorageError`."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise StorageError(f"data folder {str(path)!r} is not writable ({exc.strerror or exc}); "
                           "choose another with --data") from None
    return path


def build_settings(opts: CrawlOptions) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    values: dict[str, Any] = {"ARCHIVE_DIR": str(opts.data_dir), "LOG_LEVEL": opts.log_level,
                              "ARCHIVE_PROGRESS": opts.progress}
    if opts.db_url:
        values["ARCHIVE_DB_URL"] = opts.db_url
    if opts.resolve:
        values["ARCHIVE_RESOLVE"] = list(opts.resolve)
    if opts.max_depth is not None:
        values["DEPTH_LIMIT"] = opts.max_depth
    if opts.profile is not None:
        values["ARCHIVE_PROFILE"] = str(opts.profile)
    if opts.fast:
        values.update(FAST_SETTINGS)
    values.update(recrawl_settings(opts))
    values.update(opts.settings)
    settings.setdict(values, priority="cmdline")
    return settings


def recrawl_settings(opts: CrawlOptions) -> dict[str, Any]:
    """The ``ARCHIVE_*`` settings of the re-crawl and discovery options (only those given)."""
    values: dict[str, Any] = {}
    if opts.refresh:
        values["ARCHIVE_REFRESH"] = check_refresh(opts.refresh, "--refresh")
    if opts.recheck_after:
        parse_duration(opts.recheck_after, "--recheck-after")
        values["ARCHIVE_RECHECK_AFTER"] = opts.recheck_after
    if opts.sitemaps:
        values["ARCHIVE_SITEMAPS"] = [validate_start_url(u) for u in opts.sitemaps]
    if opts.feeds:
        values["ARCHIVE_FEEDS"] = [validate_start_url(u) for u in opts.feeds]
    if opts.discover:
        values["ARCHIVE_DISCOVER"] = True
    return values


def validate(opts: CrawlOptions) -> None:
    """Every check that can fail before the crawl starts, so bad input never costs a crawl."""
    if not opts.start_urls and not (opts.sitemaps or opts.feeds):
        raise UsageError("give at least one start URL, e.g. archiver crawl https://example.com/ "
                         "(or --sitemap / --feed)")
    opts.start_urls = [validate_start_url(u) for u in opts.start_urls]
    recrawl_settings(opts)
    if opts.follow not in FOLLOW_MODES:
        raise UsageError(f"--follow must be one of {', '.join(FOLLOW_MODES)}")
    for name in ("max_pages", "max_depth"):
        value = getattr(opts, name)
        if value is not None and value < 0:
            raise UsageError(f"--{name.replace('_', '-')} must be 0 or more")
    parse_resolve_rules(opts.resolve)
    if opts.profile is not None:
        load_profiles(opts.profile)  # a bad profile fails here, with its file and line
    check_data_dir(opts.data_dir)
    from exporters.index import Index

    from .pipelines import database_url

    Index(database_url(build_settings(opts))).close()


def run_crawl(opts: CrawlOptions) -> CrawlResult:
    """Validate the options, crawl, and return the run's counters. Blocks until the crawl ends;
    runs the Twisted reactor, so call it once per process."""
    validate(opts)
    settings = build_settings(opts)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ArticlesSpider)
    process.crawl(crawler, start_urls=opts.start_urls, follow=opts.follow,
                  allow_domains=opts.allow_domains, max_pages=opts.max_pages)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    from .pipelines import database_url

    return CrawlResult(stats.get("archive/run_id"), stats, opts.data_dir, database_url(settings))
