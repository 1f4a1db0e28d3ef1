"""Whether the crawl engine has anything left to fetch: read by the components that take on work
the crawl's process would otherwise leave waiting until the end (:mod:`crawler.idle_parse`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def nothing_to_fetch(crawler: Any) -> Callable[[], bool]:
    """A test of whether ``crawler``'s engine has no download in flight and no request scheduled.
    False when the engine's state cannot be read (another Scrapy, or no engine yet)."""

    def idle() -> bool:
        engine = getattr(crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        if engine is None or downloader is None or downloader.active:
            return False
        slot = getattr(engine, "_slot", None)
        scheduler = getattr(slot, "scheduler", None)
        if scheduler is None:
            return False
        try:
            return not scheduler.has_pending_requests()
        except Exception:  # a state we cannot read: as if the crawl were fetching
            return False

    return idle
