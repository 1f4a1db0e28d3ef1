"""Redirects that stay inside the crawl: every hop of a 30x chain and every meta refresh is checked
before it is requested.

:class:`ScopedRedirectMiddleware` and :class:`ScopedMetaRefreshMiddleware` take the places of
Scrapy's ``RedirectMiddleware`` and ``MetaRefreshMiddleware`` (same priorities, same settings:
``REDIRECT_ENABLED``, ``REDIRECT_MAX_TIMES``, ``METAREFRESH_*``). Before a hop is followed its target
must be

* in the crawl's scope (``spider.scope``): a site cannot send the crawl to another domain or to a
  literal IP address (:class:`RedirectOutOfScope`);
* new to the chain (:class:`RedirectLoop`), and the chain no longer than ``REDIRECT_MAX_TIMES``
  (:class:`TooManyRedirects`);
* for the spider's own page requests (``META_NAVIGATION``), claimed by the spider like any link
  (``spider.claim_url``): a target already requested in this crawl, or refused by the page budget
  or the trap guard, is not requested again (:class:`RedirectNotFollowed`, not an error).

A refused hop raises one of these ``IgnoreRequest`` subclasses, so the request's errback hears of it
with the hop's status and target; the class name is the kind its fetch is recorded with. The hops
a chain went through are in the request's ``redirect_urls`` / ``redirect_reasons`` (Scrapy's).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest

from ..kernel.urls import canonicalize

#: Request meta: a page request of the spider's navigation (its redirect targets are claimed too).
META_NAVIGATION = "archive_navigation"


class RedirectRefused(IgnoreRequest):
    """A redirect hop the crawl does not follow. ``status``: what the page answered (its 30x, or 200
    for a meta refresh); ``error``: whether the refusal is a fault of the site."""

    error = True

    def __init__(self, source: str, target: str, status: int, why: str) -> None:
        super().__init__(f"{source} -> {target} ({why})")
        self.source = source
        self.target = target
        self.status = status
        self.why = why


class RedirectOutOfScope(RedirectRefused):
    """The hop leaves the crawl's scope (another domain, a literal IP address)."""


class RedirectLoop(RedirectRefused):
    """The hop leads back to a URL of its own chain."""


class TooManyRedirects(RedirectRefused):
    """The chain is longer than ``REDIRECT_MAX_TIMES``."""


class RedirectNotFollowed(RedirectRefused):
    """The target is not requested again (already requested, or refused by a budget)."""

    error = False


def hop_status(reason: Any) -> int:
    """The status of a redirecting page from Scrapy's redirect reason (an int, or "meta refresh")."""
    return reason if isinstance(reason, int) else 200


class ScopedRedirects:
    """The checks shared by both middlewares, on Scrapy's one redirect hook."""

    crawler: Any
    max_redirect_times: int

    def _redirect(self, redirected: Request, request: Request, *rest: Any) -> Request:
        """Scrapy's hook for every hop, ``(redirected, request, reason)``; checks first."""
        spider = self.crawler.spider
        reason = rest[-1]
        status = hop_status(reason)
        try:
            target = canonicalize(redirected.url)
        except ValueError:
            raise RedirectOutOfScope(request.url, redirected.url, status, "malformed URL") from None
        scope = getattr(spider, "scope", None)
        if scope is not None and not scope.allows(target):
            raise RedirectOutOfScope(request.url, target, status, f"outside {scope.describe()}")
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in {canonicalize(u) for u in chain}:
            raise RedirectLoop(request.url, target, status, f"after {len(chain)} hops")
        try:
            followed = super()._redirect(redirected, request, *rest)  # type: ignore[misc]
        except IgnoreRequest:
            too_many = f"more than {self.max_redirect_times} hops"
            raise TooManyRedirects(request.url, target, status, too_many) from None
        claim = getattr(spider, "claim_url", None)
        if request.meta.get(META_NAVIGATION) and claim is not None:
            refusal = claim(target)
            if refusal:
                raise RedirectNotFollowed(request.url, target, status, refusal)
        return followed


class ScopedRedirectMiddleware(ScopedRedirects, RedirectMiddleware):
    """Scrapy's ``RedirectMiddleware`` (30x), with every hop checked first."""


class ScopedMetaRefreshMiddleware(ScopedRedirects, MetaRefreshMiddleware):
    """Scrapy's ``MetaRefreshMiddleware``, with every refresh checked first."""
