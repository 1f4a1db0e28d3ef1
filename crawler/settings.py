"""Scrapy settings of the archiver. Every ``ARCHIVE_*`` setting is documented here and in the README;
any of them, and any Scrapy setting, can be overridden with ``archiver crawl -s NAME=VALUE``.

Importing this module does not import Scrapy (a re-crawl that finds nothing changed never loads it):
the few values that depend on the installed Scrapy come from :func:`scrapy_settings`, which
Scrapy's own loading of this module (``scrapy crawl``, Scrapyd) applies at the end, and which
:func:`crawler.runner.build_settings` adds.
"""

import sys
from typing import Any

from crawler.kernel.version import __version__

BOT_NAME = "article-archiver"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- politeness (defaults for other people's sites; `archiver crawl --fast` relaxes them) -----------
USER_AGENT = f"article-archiver/{__version__} (+https://pypi.org/project/article-archiver/)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

# Items and requests of one response handled concurrently: a page yields one item and a few links, and
# Scrapy starts this many tasks per response (its default of 100 costs more than parsing a 304).
CONCURRENT_ITEMS = 16

# Breadth-first order: articles near the start URLs are archived first when a crawl is bounded.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Host patterns resolved to fixed addresses, like curl's --resolve: ["*.news.test:127.0.0.1"]
# (the resolver itself is set by scrapy_settings()).
ARCHIVE_RESOLVE: list[str] = []

ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
# Conditional requests for known pages: after the offsite filter, before robots.txt and the download.
# Scrapy's robots.txt, retry and redirect middlewares are replaced by ours, at their places: robots.txt
# as RFC 9309 reads it, Retry-After honoured per host, every redirect hop checked against the scope.
# WARC capture next to the download handler: answers as received (before decompression, redirects,
# retries).
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 60,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsPolicyMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry_after.RetryAfterMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.redirects.ScopedMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.redirects.ScopedRedirectMiddleware": 600,
    # per-host limits shared by the workers of a distributed crawl: just before the download
    "crawler.middlewares.host_limit.SharedHostLimit": 940,
    "crawler.middlewares.warc.WarcCaptureMiddleware": 950,
}
# If the HTTP cache is turned on, it must never store a 304: the re-crawl decides what a 304 means.
HTTPCACHE_IGNORE_HTTP_CODES = [304]
EXTENSIONS = {"crawler.lock.LockExtension": 0, "crawler.progress.CrawlProgress": 500,
              "crawler.reports.RunReporter": 510}

# --- archive ---------------------------------------------------------------------------------------
#: Output folder: Markdown files under ARCHIVE_DIR/articles/<host>/, the index at ARCHIVE_DIR/archive.db.
ARCHIVE_DIR = "data"
#: SQLAlchemy URL of the index; empty means sqlite:///ARCHIVE_DIR/archive.db.
ARCHIVE_DB_URL = ""
#: Articles written to the index per transaction.
ARCHIVE_BATCH_SIZE = 50
#: Write Markdown files (False keeps only the index).
ARCHIVE_MARKDOWN = True
#: Processes that parse pages and render Markdown beside the crawl ("auto": one per spare core,
#: at most 2; 0: all work inline in the crawling process).
ARCHIVE_WORKERS = "auto"
#: The parse budget: elements of one page the extractor reads. Parsing costs time in proportion
#: to a page's elements and text; a page with more elements is archived with what the first ones
#: hold, and a warning (the summary counts such pages). 0: no budget.
ARCHIVE_PARSE_MAX_ELEMENTS = 100_000
#: Store the index's batches in a process of their own while the crawl goes on ("auto": when there
#: are worker processes; True: always, the first batch waiting for it; False: in the crawling process).
ARCHIVE_INDEX_WRITER = "auto"
#: Start the parsing workers and the index writer while the crawl engine loads ("auto": for a crawl
#: into a new archive, which parses every page; True: always; False: on demand).
ARCHIVE_PRESTART = "auto"
#: Parse pages waiting for a worker in the crawling process itself while it has nothing to fetch
#: (no download in flight, no request scheduled).
ARCHIVE_IDLE_PARSE = True
#: Show a live progress line on stderr (the CLI turns it on when stderr is a terminal).
ARCHIVE_PROGRESS = False

#: Keep every answer received as WARC/1.1 records in ARCHIVE_DIR/warc/ (`archiver crawl --no-warc`: off).
ARCHIVE_WARC = True
#: Bytes at which a WARC file is closed and the next one begun.
ARCHIVE_WARC_MAX_SIZE = 100_000_000
#: Set by `archiver reparse`: the items are stored responses parsed again (no fetch is recorded, an
#: unchanged article is only counted, a changed one gets a revision marked "reparse").
ARCHIVE_REPARSE = False

#: Group republished copies (the same article published again under a new title, lightly edited)
#: into clusters as articles are stored (exporters/dupes; False: off, `archiver regroup` later).
ARCHIVE_DUPES = True
#: Jaccard similarity of two bodies' 5-word shingle sets from which they are one story (0-1]: a
#: lightly edited copy scores above 0.7, different stories sharing boilerplate below 0.2.
ARCHIVE_DUPES_THRESHOLD = 0.4

#: Where the crawl keeps its frontier (claimed URLs, page budget, deferred links): "memory" (this
#: process; see crawler/frontier.py), or a Redis URL ("redis://HOST:6379/0") shared by the worker
#: processes of one crawl, with the request queue (crawler/redis_frontier.py, crawler/scheduler.py).
ARCHIVE_FRONTIER = "memory"
#: Key prefix of the crawls on a Redis frontier.
ARCHIVE_FRONTIER_PREFIX = "archiver"
#: Join the running crawl of this name on the Redis frontier instead of starting one (`archiver
#: worker NAME`, `archiver crawl --join`): its start URLs and options are the crawl's.
ARCHIVE_FRONTIER_JOIN = ""
#: Seconds a joining worker waits for the crawl to be started.
ARCHIVE_FRONTIER_WAIT = 60
#: Continue a crawl on the frontier whose workers all stopped, instead of starting it again.
ARCHIVE_FRONTIER_RESUME = False
#: Seconds without a heartbeat after which a worker of a shared crawl counts as dead and its
#: requests in progress go back to the queue.
ARCHIVE_WORKER_TIMEOUT = 30
#: Politeness across the workers of a shared crawl: at most this many requests at once per host
#: (default: CONCURRENT_REQUESTS_PER_DOMAIN) and this many seconds between two requests to a host
#: (default: DOWNLOAD_DELAY), counted over all workers (crawler/middlewares/host_limit.py).
ARCHIVE_HOST_CONCURRENCY = None
ARCHIVE_HOST_DELAY = None
SCHEDULER = "crawler.scheduler.ArchiveScheduler"

# --- crawl guards (see crawler/guards.py and the README's "Reliability") ------------------------------
#: Pages requested from one host in one run, at most (0: no bound).
ARCHIVE_MAX_PAGES_PER_HOST = 10_000
#: Pages of one URL pattern (digits as #, repeated segments folded) in one run, at most (0: no bound).
ARCHIVE_MAX_PAGES_PER_PATTERN = 1_000
#: Links of an article's related list kept (and followed); a longer list keeps its first ones, with a
#: warning (0: all).
ARCHIVE_MAX_RELATED = 100
#: Longest wait a 429 or 503 answer's Retry-After is honoured for (seconds); the host rests that long.
#: A server asking for more is not retried in this run.
ARCHIVE_RETRY_AFTER_MAX = 60

# --- re-crawls and discovery (see crawler/recrawl.py and crawler/discovery.py) ----------------------
#: Known pages: "changed" (conditional requests), "all" (fetch and re-process everything), "never"
#: (only fetch pages the archive does not know).
ARCHIVE_REFRESH = "changed"
#: Minimum age before a known page is checked again (3600, 30m, 6h, 2d, 1w; 0: every run).
ARCHIVE_RECHECK_AFTER = 0
#: Send conditional requests at all (False: every known page is fetched in full).
ARCHIVE_CONDITIONAL = True
#: Before the crawl engine starts, ask the known pages of earlier runs of the same crawl whether they
#: changed, directly (see crawler/revalidate.py): pages that answer 304 are settled, the others go to
#: the engine; a re-crawl that finds nothing changed never starts it. False: every page through the engine.
ARCHIVE_REVALIDATE = True
#: Extra seeds: sitemap (or robots.txt) URLs and RSS/Atom feed URLs.
ARCHIVE_SITEMAPS: list[str] = []
ARCHIVE_FEEDS: list[str] = []
#: Read robots.txt Sitemap: lines (else /sitemap.xml) and announced feeds of every host reached.
ARCHIVE_DISCOVER = False

# --- operations (see crawler/operations.py) ---------------------------------------------------------
#: The job a crawl runs for (set by `archiver crawl JOB`): runs of one job are compared in reports.
ARCHIVE_JOB = ""
#: Store a run report (pages, bytes, articles new/changed/unchanged/gone, errors, fill rates).
ARCHIVE_REPORT = True
#: Print the run report on stdout when the crawl ends (`scrapy crawl`, Scrapyd); `archiver crawl` and
#: `archiver demo` print it themselves, after their summary.
ARCHIVE_REPORT_PRINT = True
#: A field's fill rate falling by this much against the previous run of the job raises an alert
#: (and `archiver crawl` exits 5); 0 turns the check off.
ARCHIVE_FILL_DROP = 0.2
#: Lock the archive folder while crawling (DATA/.archiver.lock); a second crawl exits with code 75.
ARCHIVE_LOCK = True
#: Seconds to wait, when the crawl opens the archive, for another process that holds a write
#: transaction on its database (an sqlite3 shell, a script); then the crawl exits with code 3.
ARCHIVE_DB_LOCK_WAIT = 2.0


def scrapy_settings() -> dict[str, Any]:
    """The settings that depend on the installed Scrapy.

    * The ``--resolve`` DNS resolver: newer Scrapy releases call the setting TWISTED_DNS_RESOLVER
      and warn about the old name.
    * Scrapy imports every component it knows of when reading the settings, used or not. Two are
      never used by the archiver and cost a tenth of a short (re-)crawl's start-up: the
      remote-control extension (it loads aiohttp) and the FTP and S3 download handlers (start URLs
      are http(s) only).
    """
    from scrapy.settings import default_settings as defaults

    resolver = "TWISTED_DNS_RESOLVER" if hasattr(defaults, "TWISTED_DNS_RESOLVER") else "DNS_RESOLVER"
    return {
        resolver: "crawler.resolver.PatternResolver",
        "EXTENSIONS_BASE": {k: v for k, v in defaults.EXTENSIONS_BASE.items()
                            if not k.endswith(".RemoteControl")},
        "DOWNLOAD_HANDLERS_BASE": {k: v for k, v in defaults.DOWNLOAD_HANDLERS_BASE.items()
                                   if k not in ("ftp", "s3")},
    }


if "scrapy.settings" in sys.modules:  # read by Scrapy itself (scrapy crawl, Scrapyd)
    globals().update(scrapy_settings())
