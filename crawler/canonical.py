"""Which URL an article is archived under: its own, whatever the page claims.

An article's file and row are only ever written from a fetch of their own URL, so no page can take
another page's place in the archive. A page's ``rel=canonical`` (or ``og:url``) is weighed as:

* **its own URL** (after :func:`~crawler.kernel.urls.canonicalize`): nothing to decide;
* **another URL of the same site** (same host and port, or the ``www``/bare pair): a claim that the
  page is a copy (a print view, a variant the URL rules cannot fold). The crawl fetches that URL
  itself; when it gives an article, this page was its duplicate; when it gives none (a home page
  named by a misconfigured site, a 404), this page is archived under its own URL after all. Until
  then the page waits here (:class:`CanonicalWaits`);
* **another site** (another host, even in scope): never the key; kept as the article's
  ``canonical_claim``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from .items import ArticleItem
from .kernel.urls import Scope, canonicalize, same_site


def declared_canonical(url: str, declared: str | None) -> str | None:
    """The page's declared canonical URL, absolute and canonical (None: none, or unusable)."""
    if not declared:
        return None
    try:
        found = canonicalize(urljoin(url, declared.strip()))
    except ValueError:
        return None
    return found if found.startswith(("http://", "https://")) else None


def canonical_target(own: str, declared: str | None, scope: Scope) -> str | None:
    """The same-site URL ``own``'s page says it is a copy of (None: the page is its own)."""
    if declared is None or declared == own or not same_site(own, declared) or not scope.allows(declared):
        return None
    return declared


class CanonicalWaits:
    """Articles waiting for their canonical URL's own fetch, and what each URL of the crawl gave:
    True when an article is archived under it (or was already), False when it gave none.

    In a distributed crawl (``shared``: the shared frontier) the outcomes are shared by the workers,
    since a canonical URL may be fetched by another worker; a waiting page's request stays in
    progress on the frontier (pinned) until the page is settled, so a worker killed meanwhile
    loses nothing."""

    def __init__(self, shared: Any = None) -> None:
        self.outcomes: dict[str, bool] = {}
        self.waiting: dict[str, list[ArticleItem]] = {}
        self.shared = shared
        self.keys: dict[int, Any] = {}  # id(item) -> the frontier key of its page's request
        self.settled: list[Any] = []  # keys of settled pages, unpinned once their items are stored

    def outcome(self, url: str) -> bool | None:
        found = self.outcomes.get(url)
        if found is None and self.shared is not None:
            found = self.shared.canonical_outcome(url)
            if found is not None:
                self.outcomes[url] = found
        return found

    def wait(self, target: str, item: ArticleItem, key: Any = None) -> None:
        self.waiting.setdefault(target, []).append(item)
        if self.shared is not None and key is not None:
            self.keys[id(item)] = key
            self.shared.pin(key)

    def resolve(self, urls: list[str], archived: bool) -> list[tuple[ArticleItem, str]]:
        """Record what ``urls`` gave; returns the items that waited for one of them, with that URL."""
        released = []
        for url in urls:
            if url not in self.outcomes or archived:
                self.outcomes[url] = archived
            released += [(item, url) for item in self.waiting.pop(url, [])]
        if self.shared is not None and urls:
            self.shared.record_outcomes(urls, archived)
        for item, _url in released:
            if id(item) in self.keys:
                self.settled.append(self.keys.pop(id(item)))
        return released

    def settle_shared(self) -> list[tuple[ArticleItem, str, bool]]:
        """Waiting items whose canonical URL another worker has fetched meanwhile (distributed)."""
        out = []
        for target in list(self.waiting):
            found = self.outcome(target)
            if found is not None:
                out += [(item, target, found) for item in self.waiting.pop(target)]
        return out

    def key_of(self, item: ArticleItem) -> Any:
        """The frontier key of ``item``'s page (None outside a distributed crawl); forgotten here."""
        return self.keys.pop(id(item), None)

    def take_settled(self) -> list[Any]:
        keys, self.settled = self.settled, []
        return keys

    def take_unresolved(self) -> list[ArticleItem]:
        """Items whose canonical URL never answered (its request was dropped); forgotten here."""
        items = [item for items in self.waiting.values() for item in items]
        self.waiting = {}
        return items
