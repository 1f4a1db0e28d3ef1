"""Run a crawl from Python: the functions behind ``archiver crawl`` and ``archiver demo``.

A crawl is checked once (:func:`prepare`: every option, before anything is created), its settings
are worked out once, its archive is opened once (:func:`open_archive`, after the lock is taken
when run by :mod:`crawler.operations`) and that same index is handed to the crawl's components
(:func:`crawler.storage.attach`). Scrapy is imported by :func:`crawl` only: checking a crawl and
re-validating known pages (:mod:`crawler.recheck`) do without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from exporters.store.index import Index

from . import settings as project_settings
from .kernel.errors import ArchiverError, UsageError
from .kernel.layout import ArchiveLayout
from .kernel.urls import validate_start_url
from .options import FOLLOW_MODES, CrawlOptions, CrawlResult
from .recrawl import check_refresh, parse_duration
from .resolve_rules import parse_resolve_rules
from .storage import DB_LOCK_WAIT, open_index

if TYPE_CHECKING:
    from scrapy.settings import Settings

#: Settings applied by ``--fast``: for crawling one's own servers, never other people's.
FAST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "REACTOR_THREADPOOL_MAXSIZE": 4,
}


@dataclass
class PreparedCrawl:
    """A checked crawl: its options (start URLs canonical), its settings (over the project's, as
    :func:`crawl_values` gives them) and where it archives."""

    opts: CrawlOptions
    values: dict[str, Any]
    layout: ArchiveLayout
    added: dict[str, Any] = field(default_factory=dict)

    def add_settings(self, values: dict[str, Any]) -> None:
        """Settings the crawl's operator adds (resume point, job); those the user set win."""
        for name, value in values.items():
            if name not in self.opts.settings:
                self.values[name] = value
                self.added[name] = value

    def get(self, name: str, default: Any = None) -> Any:
        """A setting's value: the crawl's, else the project's (Scrapy's own defaults are not here)."""
        if name in self.values:
            return self.values[name]
        return getattr(project_settings, name, default)

    @property
    def settings(self) -> Settings:
        """The crawl's Scrapy settings (imports Scrapy)."""
        return scrapy_settings(self.values)


def _recrawl_settings(opts: CrawlOptions) -> dict[str, Any]:
    """The ``ARCHIVE_*`` settings of the re-crawl and discovery options (only those given),
    checked."""
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


def build_settings(opts: CrawlOptions, recrawl: dict[str, Any] | None = None) -> Settings:
    """The crawl's Scrapy settings: the project's, then the options', then ``opts.settings``."""
    return scrapy_settings(crawl_values(opts, recrawl))


def scrapy_settings(values: dict[str, Any]) -> Settings:
    """Scrapy settings: the project's, then ``values`` (as given on the command line)."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(project_settings.scrapy_settings(), priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


def crawl_values(opts: CrawlOptions, recrawl: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings the options give, then ``opts.settings`` (over the project's)."""
    values: dict[str, Any] = {"ARCHIVE_DIR": str(opts.data_dir), "LOG_LEVEL": opts.log_level,
                              "ARCHIVE_PROGRESS": opts.progress,
                              "ARCHIVE_REPORT_PRINT": False}  # the command prints it after its summary
    if opts.db_url:
        values["ARCHIVE_DB_URL"] = opts.db_url
    if opts.resolve:
        values["ARCHIVE_RESOLVE"] = list(opts.resolve)
    if opts.max_depth is not None:
        values["DEPTH_LIMIT"] = opts.max_depth
    if opts.profile is not None:
        values["ARCHIVE_PROFILE"] = str(opts.profile)
    if not opts.warc:
        values["ARCHIVE_WARC"] = False
    if opts.fast:
        values.update(FAST_SETTINGS)
    if opts.frontier:
        values["ARCHIVE_FRONTIER"] = opts.frontier
    if opts.join:
        values["ARCHIVE_FRONTIER_JOIN"] = opts.join
    values.update(recrawl or {})
    values.update(opts.settings)
    return values


def prepare(opts: CrawlOptions) -> PreparedCrawl:
    """Every check that can fail before the crawl starts, so bad input never costs a crawl (and
    never creates anything but the data folder); the settings, built once."""
    if not opts.start_urls and not (opts.sitemaps or opts.feeds):
        raise UsageError("give at least one start URL, e.g. archiver crawl https://example.com/ "
                         "(or --sitemap / --feed)")
    opts.start_urls = [validate_start_url(u) for u in opts.start_urls]
    recrawl = _recrawl_settings(opts)
    if opts.follow not in FOLLOW_MODES:
        raise UsageError(f"--follow must be one of {', '.join(FOLLOW_MODES)}")
    for name in ("max_pages", "max_depth"):
        value = getattr(opts, name)
        if value is not None and value < 0:
            raise UsageError(f"--{name.replace('_', '-')} must be 0 or more")
    parse_resolve_rules(opts.resolve)
    check_frontier(opts)
    if opts.profile is not None:
        from .parsers.profiles import load_profiles

        load_profiles(opts.profile)  # a bad profile fails here, with its file and line
    layout = ArchiveLayout(opts.data_dir, opts.db_url).ensure_writable()
    return PreparedCrawl(opts, crawl_values(opts, recrawl), layout)


def check_frontier(opts: CrawlOptions) -> None:
    """A frontier named on the command line or in a job is one the crawl can use."""
    from .frontier import DEFAULT_FRONTIER
    from .options import is_shared_url as is_shared

    value = opts.frontier or opts.settings.get("ARCHIVE_FRONTIER")
    if value and str(value).strip() != DEFAULT_FRONTIER and not is_shared(str(value)):
        raise UsageError(f"--frontier: expected a Redis URL such as redis://127.0.0.1:6379/0, got {value!r}")
    if opts.join and not value:
        raise UsageError("joining a crawl needs its frontier: --frontier redis://HOST:6379/0")


def open_archive(crawl: PreparedCrawl) -> Index:
    """The crawl's index, opened (and migrated) once; a bad database fails here."""
    return open_index(crawl.layout, float(crawl.get("ARCHIVE_DB_LOCK_WAIT", DB_LOCK_WAIT)))


def crawl(prepared: PreparedCrawl, index: Index, job: str | None = None,
          resumed_from_queue: bool = False, new_archive: bool = False) -> CrawlResult:
    """Crawl into ``index`` and return the run's counters: known pages are re-validated first
    (:mod:`crawler.recheck`), the crawl engine does the rest, if anything is left. Blocks until the
    crawl ends; runs the Twisted reactor, so call it once per process. The index is closed when
    the crawl ends. ``new_archive``: the index was created for this crawl (see
    :mod:`crawler.prestart`)."""
    from .recheck import begin

    passed = begin(index, prepared.opts, prepared.get, job, resumed_from_queue)
    if passed is not None and passed.complete:
        return passed.finish(index, prepared.opts, prepared.get, job)
    if passed is not None:
        prepared.add_settings(passed.engine_settings())
    result = engine_crawl(prepared, index, passed.state if passed is not None else None, new_archive)
    if passed is not None:  # the run's time is the pass's and the engine's
        result.stats["elapsed_time_seconds"] = passed.duration
    return result


def engine_crawl(prepared: PreparedCrawl, index: Index, state: Any = None,
                 new_archive: bool = False) -> CrawlResult:
    """Run the crawl engine (Scrapy) into ``index``; ``state``: the re-crawl state, when loaded."""
    from .prestart import Prestarted, prestart, wanted

    early = wanted(prepared.get("ARCHIVE_PRESTART", "auto"), new_archive)
    started = prestart(prepared.get, index.url) if early else Prestarted([])
    try:
        return _engine_crawl(prepared, index, state, started)
    finally:
        started.close()  # what the crawl did not adopt


def _engine_crawl(prepared: PreparedCrawl, index: Index, state: Any, started: Any) -> CrawlResult:
    from scrapy.crawler import CrawlerProcess

    from .spiders.articles import ArticlesSpider
    from .storage import attach

    opts = prepared.opts
    process = CrawlerProcess(prepared.settings)
    crawler = process.create_crawler(ArticlesSpider)
    attach(crawler, index)
    setattr(crawler, "_archive_prestarted", started)  # noqa: B010 - read by the pool and the writer
    if state is not None:
        setattr(crawler, "_archive_recrawl_state", state)  # noqa: B010 - read by RecrawlState.from_crawler
    failed: list[BaseException] = []
    started = process.crawl(crawler, start_urls=opts.start_urls, follow=opts.follow,
                            allow_domains=opts.allow_domains, max_pages=opts.max_pages)
    started.addErrback(lambda failure: failed.append(failure.value))  # e.g. a frontier in use
    process.start()
    if failed:
        index.close()
        if isinstance(failed[0], ArchiverError):
            raise failed[0]
        raise ArchiverError(f"the crawl could not start: {type(failed[0]).__name__}: {failed[0]}")
    stats = crawler.stats.get_stats() if _has_stats(crawler) else {}
    return CrawlResult(stats.get("archive/run_id"), stats, opts.data_dir, index.url)


def _has_stats(crawler: Any) -> bool:
    try:
        return bool(crawler.stats)
    except RuntimeError:  # the crawl never started
        return False


def run_crawl(opts: CrawlOptions) -> CrawlResult:
    """Check the options, open the archive and crawl (without the operator's lock and resume
    point: see :func:`crawler.operations.run_operated`)."""
    prepared = prepare(opts)
    new_archive = not prepared.layout.has_index
    return crawl(prepared, open_archive(prepared), new_archive=new_archive)
