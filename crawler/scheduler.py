"""The crawl's scheduler: Scrapy's own for a crawl of one process, a Redis queue for a shared one.

``SCHEDULER = "crawler.scheduler.ArchiveScheduler"`` builds Scrapy's scheduler (JOBDIR, memory and
disk queues) when the frontier is in memory, and :class:`crawler.redis_scheduler.RedisScheduler`
when it is shared (``ARCHIVE_FRONTIER = "redis://…"``; scrapy-redis is then needed, from the
``scale`` extra).
"""

from __future__ import annotations

from typing import Any

from scrapy.core.scheduler import Scheduler as ScrapyScheduler

from .frontier import is_shared
from .kernel.errors import ConfigError


class ArchiveScheduler(ScrapyScheduler):
    """Scrapy's scheduler, or :class:`RedisScheduler` when the crawl's frontier is shared
    (``SCHEDULER`` names this class)."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        frontier = getattr(crawler.spider, "frontier", None)
        if is_shared(frontier):
            try:
                from .redis_scheduler import RedisScheduler
            except ImportError as exc:
                raise ConfigError(f"a shared frontier needs scrapy-redis ({exc}): "
                                  "pip install 'article-archiver[scale]'") from None
            return RedisScheduler.from_crawler(crawler)
        return super().from_crawler(crawler)
