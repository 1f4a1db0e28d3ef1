"""Incremental re-crawls: conditional requests for known pages, and the stored link graph.

:class:`RecrawlState` is loaded once per crawl from the index: the validators (``ETag``,
``Last-Modified``) each page answered with last time and when it was checked, the content hash of
every archived article, and the stored related links of every live article.
The downloader middleware :class:`~crawler.middlewares.conditional.ConditionalRequestMiddleware`
uses it to turn a request for a known page into a conditional one (``If-None-Match`` /
``If-Modified-Since``), or to skip the fetch altogether when the page was checked recently enough.
Either way the spider sees a 304 and continues through the article's *stored* related links
(:func:`revisit`), so an unchanged network costs mostly 304 answers and no parsing at all.

Known listing pages (home, tag, category pages) whose links the spider does not follow (not a start
URL, not ``--follow all``) are not fetched again at all: their content would not be used. Start
pages and, with ``--follow all``, every listing are fetched in full, since new articles show up there.

Settings:

* ``ARCHIVE_REFRESH``: ``changed`` (default: conditional requests), ``all`` (fetch and re-process
  everything, unconditionally) or ``never`` (never re-fetch a known page; only new ones are fetched).
* ``ARCHIVE_RECHECK_AFTER``: minimum age before a known page is re-checked (seconds, or ``30m``,
  ``6h``, ``2d``, ``1w``); pages checked more recently are not fetched, unless a sitemap says they
  changed since. ``0``: always re-check.
* ``ARCHIVE_RESUME_SINCE``: an ISO timestamp; pages checked since then count as fresh (for resuming
  an interrupted run without fetching again what it already checked).
* ``ARCHIVE_CONDITIONAL``: ``False`` turns the middleware off (every request unconditional).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .items import FetchInfo, GoneItem, PageItem, UnchangedItem
from .kernel.errors import ConfigError
from .kernel.urls import canonicalize
from .options import REFRESH_POLICIES

if TYPE_CHECKING:
    from scrapy.http import Response

HTTP_NOT_MODIFIED = 304
GONE_STATUSES = (404, 410)
#: Flag on the 304 responses made up for pages that were not fetched again (fresh, or refresh=never).
NOT_FETCHED = "archive-not-fetched"
#: Request meta: the spider follows this page's links when it is a listing (start URL, --follow all),
#: so a known listing must be fetched in full.
META_FOLLOWS_LINKS = "archive_follows_links"
#: Request meta: never make this request conditional (sitemaps, feeds, robots.txt).
META_UNCONDITIONAL = "archive_unconditional"
#: Request meta: the page's ``lastmod`` from a sitemap (ISO text); newer than the last check forces
#: a re-check even when the page is fresh.
META_LASTMOD = "archive_lastmod"
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
    """The refresh policy named by ``value`` (default ``changed``), or raise :class:`ConfigError`."""
    policy = str(value or "changed").strip().lower()
    if policy not in REFRESH_POLICIES:
        raise ConfigError(f"{name}: expected one of {', '.join(REFRESH_POLICIES)}, got {value!r}")
    return policy


def parse_lastmod(value: Any) -> datetime | None:
    """A sitemap or feed timestamp (W3C datetime, date only, or ``Z``) as an aware datetime."""
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return parse_lastmod(datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text[:10]))
    except ValueError:
        return None


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class RecrawlState:
    """The archive's memory of earlier crawls, shared by the middleware, the spider and the pipeline.

    ``pages``: canonical URL -> ``{article_url, status, etag, last_modified, checked_at}``;
    ``links``: article URL -> stored related links, for every live (not gone) article;
    ``hashes``: article URL -> content hash, for every archived article.
    """

    def __init__(self, pages: dict[str, dict[str, Any]], links: dict[str, list[str]],
                 refresh: str = "changed", fresh_after: datetime | None = None,
                 hashes: dict[str, str] | None = None) -> None:
        self.pages = pages
        self.links = links
        self.refresh = refresh
        self.fresh_after = fresh_after
        self.hashes = hashes or {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> RecrawlState:
        """The crawl's state, loaded from the index on first use and shared afterwards."""
        state = getattr(crawler, "_archive_recrawl_state", None)
        if state is None:
            state = cls.load(crawler)
            crawler._archive_recrawl_state = state
        return state

    @classmethod
    def load(cls, crawler: Any) -> RecrawlState:
        from .storage import index_of

        settings = crawler.settings
        if not settings.get("ARCHIVE_DIR") and not settings.get("ARCHIVE_DB_URL"):
            return cls({}, {}, *cls.policy(settings.get))
        return cls.from_values(settings.get, index_of(crawler))

    @classmethod
    def from_values(cls, get: Any, index: Any) -> RecrawlState:
        """The state in ``index``, under the settings ``get(name, default)`` gives."""
        pages, links, hashes = index.recrawl_state()
        return cls(pages, links, *cls.policy(get), hashes)

    @staticmethod
    def policy(get: Any) -> tuple[str, datetime | None]:
        """The refresh policy and the re-check cutoff the settings give."""
        refresh = check_refresh(get("ARCHIVE_REFRESH", None))
        cutoffs = []
        age = parse_duration(get("ARCHIVE_RECHECK_AFTER", None))
        if age:
            cutoffs.append(datetime.now(UTC) - timedelta(seconds=age))
        since = get("ARCHIVE_RESUME_SINCE", None)
        if since:
            try:
                parsed = datetime.fromisoformat(str(since))
                cutoffs.append(parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC))
            except ValueError:
                raise ConfigError(f"ARCHIVE_RESUME_SINCE: not an ISO timestamp: {since!r}") from None
        return refresh, (min(cutoffs) if cutoffs else None)

    # -- questions the crawl asks --------------------------------------------------------------
    def article_of(self, url: str) -> str | None:
        """The canonical URL of the archived article last fetched from ``url`` (live or gone)."""
        page = self.pages.get(url)
        return page.get("article_url") if page else None

    def known_article(self, url: str) -> dict[str, Any] | None:
        """The stored state of ``url`` when it is an archived, live article, else None."""
        page = self.pages.get(url)
        if page is None or page.get("article_url") not in self.links:
            return None
        return page

    def known_listing(self, url: str) -> dict[str, Any] | None:
        """The stored state of ``url`` when it answered 200 last time and was not an article."""
        page = self.pages.get(url)
        if page is None or page.get("article_url") or page.get("status") != 200:
            return None
        return page

    def known_gone(self, url: str) -> dict[str, Any] | None:
        """The stored state of ``url`` when it was an article and answered 404 or 410 last time."""
        page = self.pages.get(url)
        if page is None or not page.get("article_url") or page.get("status") not in GONE_STATUSES:
            return None
        return page

    def is_fresh(self, page: dict[str, Any], lastmod: Any = None) -> bool:
        """Whether ``page`` need not be fetched at all: refresh is ``never``, or it was checked after
        the re-check cutoff (and no sitemap ``lastmod`` says it changed since)."""
        if self.refresh == "never":
            return True
        checked = _aware(page.get("checked_at"))
        if self.fresh_after is None or checked is None or checked < self.fresh_after:
            return False
        changed = parse_lastmod(lastmod)
        return changed is None or changed <= checked

    def related(self, url: str) -> list[str]:
        """The stored related links of the article fetched from ``url`` (empty when unknown)."""
        article_url = self.article_of(url) or url
        return list(self.links.get(article_url, []))

    def unchanged(self, article_url: str, digest: str) -> bool:
        """Whether the archive already holds this exact content for ``article_url`` (a re-fetched
        page that did not change needs no rendering, no file write and no revision)."""
        return self.refresh != "all" and self.hashes.get(article_url) == digest


def revisit(state: RecrawlState, response: Response, fetch: FetchInfo,
            frontier: Any) -> tuple[Any | None, list[str]]:
    """What a 304 answer (real, or made up for a fresh page) yields: the item to store (None when
    there is nothing to record) and the stored related links the crawl continues through."""
    fetched = NOT_FETCHED not in response.flags
    url = canonicalize(response.url)
    article_url = state.article_of(url)
    if not fetched and state.known_gone(url):  # gone, and checked recently: nothing new to say
        return None, []
    if not article_url:  # a listing that did not change: its links are not followed anyway
        return (PageItem(fetch, kind="listing") if fetched else None), []
    if not frontier.claim_article(article_url, url):
        return (PageItem(fetch, kind="duplicate") if fetched else None), []
    return UnchangedItem(article_url, fetch if fetched else None), state.related(url)


def gone(state: RecrawlState, url: str, status: int | None, fetch: FetchInfo) -> GoneItem | None:
    """A :class:`GoneItem` when ``url`` was an archived article and now answers 404 or 410."""
    article_url = state.article_of(canonicalize(url))
    if status in GONE_STATUSES and article_url:
        return GoneItem(article_url, fetch)
    return None
