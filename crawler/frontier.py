"""The crawl frontier: which URLs the crawl has claimed, within which budget, and what waits.

The spider asks the frontier before it requests anything:

* :meth:`Frontier.claim` a URL: True the first time it is asked for while the page budget
  (``--max-pages``) lasts; the spider then requests it (Scrapy's scheduler holds the queue);
* :meth:`Frontier.claim_article` an article's keys (its canonical URL, the URL it was fetched
  from): True for the first page that brings it in this crawl, so an article reached through
  several URLs is archived once;
* :meth:`Frontier.defer` a listing-like link, followed once the crawl runs out of articles
  (:meth:`Frontier.take_deferred`).

:class:`MemoryFrontier` keeps all of it in this process: the default. Another implementation
(shared by several crawl processes) is chosen with ``ARCHIVE_FRONTIER``; :func:`frontier_for`
builds the crawl's.
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


def frontier_for(settings: Any, budget: int | None) -> Frontier:
    """The crawl's frontier, as ``ARCHIVE_FRONTIER`` names it (``memory``: :class:`MemoryFrontier`)."""
    kind = str(settings.get("ARCHIVE_FRONTIER") or DEFAULT_FRONTIER).strip()
    if kind == DEFAULT_FRONTIER:
        return MemoryFrontier(budget)
    raise ConfigError(f"ARCHIVE_FRONTIER: unknown frontier {kind!r} (expected {DEFAULT_FRONTIER!r})")
