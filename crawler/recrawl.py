"""Incremental re-crawls: conditional requests for known articles, and the stored link graph.

:class:`RecrawlState` is loaded once per crawl from the index: the validators (``ETag``,
``Last-Modified``) each archived article answered with last time, when it was checked, and its
stored related links. :class:`ConditionalRequestMiddleware` uses it to turn a request for a known
article into a conditional one (``If-None-Match`` / ``If-Modified-Since``), or to skip the fetch
altogether when the article was checked recently enough; either way the spider continues through
the stored related links, so an unchanged network costs mostly 304 answers.

Settings:

* ``ARCHIVE_REFRESH``: ``changed`` (default: conditional requests), ``all`` (fetch everything
  again, unconditionally) or ``never`` (never re-fetch a known article; only new ones are fetched).
* ``ARCHIVE_RECHECK_AFTER``: minimum age before a known article is re-checked (seconds, or
  ``30m``, ``6h``, ``2d``); younger ones are not fetched. ``0``: always re-check.
* ``ARCHIVE_RESUME_SINCE``: an ISO timestamp; articles checked since then count as fresh (set by
  ``archiver crawl --resume`` to the start of the interrupted run, so it is not fetched twice).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from .errors import ConfigError
from .urls import canonicalize

REFRESH_POLICIES = ("never", "changed", "all")
#: Flag on responses made up for articles that were not fetched again (fresh, or refresh=never).
NOT_FETCHED = "archive-not-fetched"
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.I)
UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: Any, name: str = "ARCHIVE_RECHECK_AFTER") -> float:
    """Seconds from ``3600``, ``"90s"``, ``"30m"``, ``"6h"``, ``"2d"`` or ``"1w"``; raises
    :class:`ConfigError` naming ``name`` otherwise."""
    if value in (None, ""):
        return 0.0
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    match = DURATION.match(str(value))
    if not match:
        raise ConfigError(f"{name}: expected a duration such as 3600, 30m, 6h or 2d, got {value!r}")
    return float(match.group(1)) * UNITS[match.group(2).lower()]


def check_refresh(value: Any, name: str = "ARCHIVE_REFRESH") -> str:
    policy = str(value or "changed").strip().lower()
    if policy not in REFRESH_POLICIES:
        raise ConfigError(f"{name}: expected one of {', '.join(REFRESH_POLICIES)}, got {value!r}")
    return policy


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class RecrawlState:
    """The archive's memory of earlier crawls, shared by the middleware and the spider."""

    def __init__(self, pages: dict[str, dict[str, Any]], links: dict[str, list[str]], refresh: str = "changed",
                 fresh_after: datetime | None = None) -> None:
        self.pages = pages
        self.links = links
        self.refresh = refresh
        self.fresh_after = fresh_after

    @classmethod
    def from_crawler(cls, crawler: Any) -> RecrawlState:
        state = getattr(crawler, "_archive_recrawl_state", None)
        if state is None:
            state = cls.from_settings(crawler.settings)
            crawler._archive_recrawl_state = state
        return state

    @classmethod
    def from_settings(cls, settings: Any) -> RecrawlState:
        from exporters.index import Index

        from .pipelines import database_url

        refresh = check_refresh(settings.get("ARCHIVE_REFRESH"))
        cutoffs = []
        age = parse_duration(settings.get("ARCHIVE_RECHECK_AFTER"))
        if age:
            cutoffs.append(datetime.now(UTC) - timedelta(seconds=age))
        since = settings.get("ARCHIVE_RESUME_SINCE")
        if since:
            try:
                cutoffs.append(_aware(datetime.fromisoformat(str(since))))
            except ValueError:
                raise ConfigError(f"ARCHIVE_RESUME_SINCE: not an ISO timestamp: {since!r}") from None
        if not settings.get("ARCHIVE_DIR") and not settings.get("ARCHIVE_DB_URL"):
            return cls({}, {}, refresh)
        with Index(database_url(settings)) as index:
            pages, links = index.recrawl_state()
        return cls(pages, links, refresh, min(cutoffs) if cutoffs else None)

    def known_article(self, url: str) -> dict[str, Any] | None:
        """The stored state of ``url`` when it is an archived, live article, else None."""
        page = self.pages.get(url)
        if page is None or not page.get("article_url") or page["article_url"] not in self.links:
            return None
        return page

    def is_fresh(self, page: dict[str, Any]) -> bool:
        if self.refresh == "never":
            return True
        checked = _aware(page.get("checked_at"))
        return self.fresh_after is not None and checked is not None and checked >= self.fresh_after

    def related(self, url: str) -> list[str]:
        """The stored related links of the article fetched from ``url`` (empty when unknown)."""
        page = self.pages.get(url)
        article_url = page.get("article_url") if page else None
        return list(self.links.get(article_url or url, []))


class ConditionalRequestMiddleware:
    """Downloader middleware: conditional requests for known articles, no request for fresh ones."""

    def __init__(self, state: RecrawlState, stats: Any) -> None:
        self.state = state
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalRequestMiddleware:
        if not crawler.settings.getbool("ARCHIVE_CONDITIONAL", True):
            raise NotConfigured("ARCHIVE_CONDITIONAL is off")
        mw = cls(RecrawlState.from_crawler(crawler), crawler.stats)
        crawler.signals.connect(mw.opened, signal=signals.spider_opened)
        return mw

    def opened(self, spider: Any) -> None:
        self.stats.set_value("archive/known_articles", len(self.state.links))

    def process_request(self, request: Request, spider: Any = None) -> Response | None:
        if request.method != "GET" or not request.meta.get("archive_article_candidate", True):
            return None
        page = self.state.known_article(canonicalize(request.url))
        if page is None or self.state.refresh == "all":
            return None
        if self.state.is_fresh(page):
            self.stats.inc_value("archive/not_fetched")
            return Response(request.url, status=304, request=request, flags=[NOT_FETCHED])
        if page.get("etag"):
            request.headers.setdefault("If-None-Match", page["etag"])
        if page.get("last_modified"):
            request.headers.setdefault("If-Modified-Since", page["last_modified"])
        return None
