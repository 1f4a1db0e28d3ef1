"""What a crawl is asked to do and what it did: plain data, importable without Scrapy.

:class:`CrawlOptions` is filled from the command line or a job of ``archiver.toml``
(:mod:`crawler.jobs`) and run by :func:`crawler.runner.run_crawl`, which returns a
:class:`CrawlResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: ``--refresh``: which known articles a re-crawl fetches again (see :mod:`crawler.recrawl`).
REFRESH_POLICIES = ("never", "changed", "all")
#: What the spider follows: the related lists of articles, or every in-scope link.
FOLLOW_MODES = ("related", "all")


@dataclass
class CrawlOptions:
    start_urls: list[str]
    data_dir: Path = Path("data")
    db_url: str | None = None
    follow: str = "related"
    allow_domains: list[str] = field(default_factory=list)
    max_pages: int | None = None
    max_depth: int | None = None
    resolve: list[str] = field(default_factory=list)
    fast: bool = False
    progress: bool = False
    log_level: str = "ERROR"
    settings: dict[str, Any] = field(default_factory=dict)
    # re-crawls and discovery (crawler/recrawl.py, crawler/discovery.py)
    refresh: str | None = None
    recheck_after: str | None = None
    sitemaps: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    discover: bool = False
    profile: Path | None = None  # site profiles (TOML): selectors that override the heuristics
    warc: bool = True  # keep every answer as WARC records in DATA/warc/ (ARCHIVE_WARC)
    # distributed crawls (crawler/redis_frontier.py): the shared frontier, and the crawl to join
    frontier: str | None = None
    join: str | None = None


@dataclass
class CrawlResult:
    run_id: int | None
    stats: dict[str, Any]
    data_dir: Path
    db_url: str

    def count(self, key: str) -> int:
        return int(self.stats.get(f"archive/{key}", 0) or 0)

    @property
    def fetched_nothing(self) -> bool:
        """No page answered at all (an unreachable host, a typo in the URL)."""
        return self.count("pages") == 0 or self.count("pages") == self.count("errors")

    @property
    def shared_crawl_archived(self) -> bool:
        """A worker of a distributed crawl that ended with articles archived by its workers (this
        one may have had nothing left to do)."""
        return bool(self.stats.get("archive/frontier_finished")) and self.count("frontier_articles") > 0


def setting_on(value: Any) -> bool:
    """A boolean setting's value (``True``, ``"1"``, ``"yes"``, ``"on"``… as Scrapy reads them)."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def is_shared_url(url: str | None) -> bool:
    """Whether ``url`` (``--frontier``, ``ARCHIVE_FRONTIER``) names a frontier shared by several
    crawl processes: a Redis URL."""
    return bool(url) and urlsplit(str(url)).scheme in ("redis", "rediss", "unix")
