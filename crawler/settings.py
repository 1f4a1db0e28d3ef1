"""Scrapy settings of the archiver. Every ``ARCHIVE_*`` setting is documented here and in the README;
any of them, and any Scrapy setting, can be overridden with ``archiver crawl -s NAME=VALUE``."""

from crawler import __version__

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

# Breadth-first order: articles near the start URLs are archived first when a crawl is bounded.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Host patterns resolved to fixed addresses, like curl's --resolve: ["*.news.test:127.0.0.1"].
DNS_RESOLVER = "crawler.resolver.PatternResolver"
ARCHIVE_RESOLVE: list[str] = []

ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
EXTENSIONS = {"crawler.progress.CrawlProgress": 500}

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
#: Show a live progress line on stderr (the CLI turns it on when stderr is a terminal).
ARCHIVE_PROGRESS = False
