"""The crawl frontier: which URLs the crawl has claimed, within which budget, and what waits.

The spider asks the frontier before it requests anything:

* :meth:`Frontier.claim` a URL: True the first time it is asked for while the page budget
  (``--max-pages``) lasts; the spider then requests it (Scrapy's scheduler holds the queue);
* :meth:`Frontier.claim_article` an article's keys (its canonical URL, the URL it was fetched
  from): True for the first page that brings it in this crawl, so an article reached through
  several URLs is archived once;
* :meth:`Frontier.defer` a listing-like link, followed once the crawl runs out of articles
  (:meth:`Frontier.take_deferred`).

:class:`MemoryFrontier` keeps all of it in this process: the default. ``ARCHIVE_FRONTIER =
"redis://HOST:6379/0"`` chooses :class:`~crawler.redis_frontier.RedisFrontier`, shared by the worker
processes of one crawl on any number of machines (with its Redis request queue,
:mod:`crawler.scheduler`); :func:`frontier_for` builds the crawl's.

A shared frontier and the archive pipeline talk through two signals (:mod:`crawler.archive_signals`).
"""

from __future__ import annotations

from typing import Any, Protocol

from .kernel.errors import ConfigError

DEFAULT_FRONTIER = "memory"


class Frontier(Protocol):
    budget: int | None
    #: New URLs refused because the budget was spent (the summary says the budget was hit).
    refused: int

    def claim(self, url: str) -> bool:
        """Whether to request ``url`` (canonical): new, and the budget not spent."""
        ...

    def seen(self, url: str) -> bool:
        """Whether ``url`` was claimed already."""
        ...

    def claim_article(self, key: str, *aliases: str) -> bool:
        """True when no page has brought article ``key`` in this crawl yet; ``key`` and ``aliases``
        are then taken (a later page with any of them is a duplicate)."""
        ...

    def defer(self, url: str) -> None:
        """Keep ``url`` for later (listing links under a budget)."""
        ...

    def take_deferred(self) -> list[str]:
        """The deferred URLs, in order, and forget them."""
        ...

    @property
    def claimed(self) -> int:
        """How many URLs were claimed (what the budget counts)."""
        ...

    def started(self) -> None:
        """The start requests are all out (a shared crawl may end from now on)."""
        ...

    def idle(self) -> bool:
        """This process has nothing left to do: True when the crawl is over (a shared crawl is over
        when no worker has anything left either)."""
        ...


class MemoryFrontier:
    """The frontier of one crawl process, in memory."""

    def __init__(self, budget: int | None = None) -> None:
        self.budget = budget
        self.refused = 0
        self._requested: set[str] = set()
        self._articles: set[str] = set()
        self._deferred: dict[str, None] = {}

    def claim(self, url: str) -> bool:
        if url in self._requested:
            return False
        if self.budget is not None and len(self._requested) >= self.budget:
            self.refused += 1
            return False
        self._requested.add(url)
        return True

    def seen(self, url: str) -> bool:
        return url in self._requested

    def claim_article(self, key: str, *aliases: str) -> bool:
        if key in self._articles:
            return False
        self._articles.add(key)
        self._articles.update(aliases)
        return True

    def defer(self, url: str) -> None:
        self._deferred.setdefault(url, None)

    def take_deferred(self) -> list[str]:
        urls, self._deferred = list(self._deferred), {}
        return urls

    @property
    def claimed(self) -> int:
        return len(self._requested)

    def started(self) -> None:
        pass

    def idle(self) -> bool:
        return True


def frontier_for(settings: Any, budget: int | None, crawler: Any = None, spider: Any = None) -> Frontier:
    """The crawl's frontier, as ``ARCHIVE_FRONTIER`` names it: ``memory`` (:class:`MemoryFrontier`)
    or a Redis URL (``redis://HOST:6379/0``: :func:`crawler.redis_frontier.open_frontier` starts
    the crawl there, or joins it with ``ARCHIVE_FRONTIER_JOIN``)."""
    kind = str(settings.get("ARCHIVE_FRONTIER") or DEFAULT_FRONTIER).strip()
    if kind == DEFAULT_FRONTIER:
        return MemoryFrontier(budget)
    from .redis_frontier import is_shared, open_frontier

    if is_shared(kind):
        return open_frontier(kind, settings, budget, crawler, spider)
    raise ConfigError(f"ARCHIVE_FRONTIER: unknown frontier {kind!r} (expected {DEFAULT_FRONTIER!r} "
                      "or a Redis URL such as redis://127.0.0.1:6379/0)")


def is_shared(frontier: Any) -> bool:
    """Whether ``frontier`` is shared by several worker processes."""
    return bool(getattr(frontier, "shared", False))
