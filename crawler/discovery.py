"""Discovery of new articles besides the related lists: sitemaps and RSS/Atom feeds as extra seeds.

* ``--sitemap URL`` (``ARCHIVE_SITEMAPS``): a ``sitemap.xml``, a sitemap index (followed down to
  :data:`MAX_SITEMAP_DEPTH` levels), gzipped or not, or a ``robots.txt`` whose ``Sitemap:`` lines
  are read. Parsed with Scrapy's own :mod:`scrapy.utils.sitemap`.
* ``--feed URL`` (``ARCHIVE_FEEDS``): an RSS 2.0, RSS 1.0 (RDF) or Atom feed, parsed with lxml.
* ``--discover`` (``ARCHIVE_DISCOVER``): for every host the crawl reaches, its ``robots.txt``
  ``Sitemap:`` lines (``/sitemap.xml`` when it names none), and the feeds its pages announce with
  ``<link rel="alternate" type="application/rss+xml">`` (or Atom).

Every URL found is an ordinary article candidate: in scope only, canonicalised, fetched once, and
conditionally when it is already archived. Sitemaps, feeds and robots files themselves are always
fetched in full (they are how new articles show up). A sitemap's ``<lastmod>`` rides along with the
request, so a page the sitemap says changed is re-checked even when ``--recheck-after`` calls it fresh.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from .fetch_errors import failure_kind
from .items import FetchInfo, PageItem, fetch_info, warc_fields
from .kernel.errors import UsageError
from .kernel.urls import canonicalize, validate_start_url
from .options import setting_on
from .recrawl import META_UNCONDITIONAL

MAX_SITEMAP_DEPTH = 4
#: Largest sitemap or feed read, after gunzip (the sitemap protocol caps files at 50 MB).
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
ROBOTS_PATH = "/robots.txt"
DEFAULT_SITEMAP_PATH = "/sitemap.xml"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
#: ``<link>`` elements announcing a feed in an HTML page's head.
FEED_LINKS_XPATH = ("//head/link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
                    "[@href][contains(@type, 'rss') or contains(@type, 'atom') or contains(@type, 'rdf')]"
                    "/@href")
#: Entry links of RSS 2.0 / RSS 1.0 items and Atom entries, whatever the namespaces.
RSS_ITEM_LINKS = "//*[local-name()='item']/*[local-name()='link']/text()"
RSS_ITEM_ABOUT = "//*[local-name()='item']/@*[local-name()='about']"
RSS_PERMALINK_GUIDS = ("//*[local-name()='item']/*[local-name()='guid'][not(@isPermaLink='false')]"
                       "[starts-with(normalize-space(.), 'http')]/text()")
ATOM_ENTRY_LINKS = ("//*[local-name()='entry']/*[local-name()='link']"
                    "[not(@rel) or @rel='alternate'][@href]/@href")
GZIP_MAGIC = b"\x1f\x8b"


def split_urls(value: Any) -> list[str]:
    """A list of URLs from a comma-separated string or a sequence (empty entries dropped)."""
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(v).strip() for v in items if str(v).strip()]


def _body(response: Response) -> bytes:
    body = response.body or b""
    if body[:2] == GZIP_MAGIC:
        try:
            body = gunzip(body, max_size=MAX_DOCUMENT_BYTES)
        except (OSError, EOFError, ValueError, struct.error, zlib.error):  # broken, truncated or too large
            return b""
    return body[:MAX_DOCUMENT_BYTES]


def sitemap_entries(body: bytes) -> tuple[str, list[tuple[str, str | None]]]:
    """The kind of a sitemap document (``urlset``, ``sitemapindex`` or ``""`` when it is not one)
    and its ``(loc, lastmod)`` entries in document order."""
    if not body.strip():
        return "", []
    try:
        sitemap = Sitemap(body)
        entries = [(e["loc"], e.get("lastmod") or None) for e in sitemap if e.get("loc")]
    except (etree.LxmlError, StopIteration, ValueError):
        return "", []
    kind = sitemap.type if sitemap.type in ("urlset", "sitemapindex") else ""
    return kind, entries if kind else []


def feed_links(body: bytes, base_url: str) -> list[str]:
    """The article links of an RSS or Atom feed, absolute, in feed order, each once."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except (etree.LxmlError, ValueError):
        return []
    if root is None:
        return []
    found: list[str] = []
    for query in (ATOM_ENTRY_LINKS, RSS_ITEM_LINKS, RSS_ITEM_ABOUT, RSS_PERMALINK_GUIDS):
        found += [str(v).strip() for v in root.xpath(query)]
    return list(dict.fromkeys(urljoin(base_url, u) for u in found if u))


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, absolute."""
    return list(dict.fromkeys(sitemap_urls_from_robots(body, base_url=base_url)))


class DiscoveryMixin:
    """Spider methods for sitemap and feed seeds (mixed into the articles spider; callbacks must be
    spider methods so requests survive a paused crawl's on-disk queue)."""

    sitemap_urls: list[str]
    feed_urls: list[str]
    discover: bool

    def configure_discovery(self, settings: Any, sitemaps: Any = None, feeds: Any = None,
                            discover: Any = None) -> None:
        """Merge the spider arguments with ``ARCHIVE_SITEMAPS`` / ``ARCHIVE_FEEDS`` /
        ``ARCHIVE_DISCOVER``; raises :class:`UsageError` for a URL that is not http(s)."""
        def urls(arg: Any, name: str) -> list[str]:
            merged = split_urls(arg) + split_urls(settings.get(name) if settings else None)
            return list(dict.fromkeys(validate_start_url(u) for u in merged))

        self.sitemap_urls = urls(sitemaps, "ARCHIVE_SITEMAPS")
        self.feed_urls = urls(feeds, "ARCHIVE_FEEDS")
        flag = discover
        if flag in (None, "") and settings is not None:
            flag = settings.get("ARCHIVE_DISCOVER")
        self.discover = setting_on(flag)
        self.discovered_hosts: set[str] = set()
        self.feed_hosts: set[str] = set()
        self.seen_documents: set[str] = set()

    @property
    def discovery_seeds(self) -> list[str]:
        return self.sitemap_urls + self.feed_urls

    # -- requests -------------------------------------------------------------------------------
    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """The user's sitemaps and feeds (a robots.txt given as a sitemap is read for its lines)."""
        for url in self.sitemap_urls:
            if urlsplit(url).path == ROBOTS_PATH:
                yield from self._document(url, self.parse_robots)
            else:
                yield from self._document(url, self.parse_sitemap)
        for url in self.feed_urls:
            yield from self._document(url, self.parse_feed)

    def host_discovery(self, url: str) -> Iterator[scrapy.Request]:
        """With ``--discover``, the robots.txt of ``url``'s host the first time the crawl meets it."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if not self.discover or origin in self.discovered_hosts or not self.scope.allows(url):
            return
        self.discovered_hosts.add(origin)
        yield from self._document(origin + ROBOTS_PATH, self.parse_robots, dont_obey_robotstxt=True)

    def page_feeds(self, response: Response) -> Iterator[scrapy.Request]:
        """With ``--discover``, the feeds an HTML page announces, once per host."""
        host = urlsplit(response.url).netloc
        if not self.discover or host in self.feed_hosts:
            return
        self.feed_hosts.add(host)
        for href in response.xpath(FEED_LINKS_XPATH).getall():
            yield from self._document(urljoin(response.url, href.strip()), self.parse_feed)

    def _document(self, url: str, callback: Any, **meta: Any) -> Iterator[scrapy.Request]:
        url = canonicalize(url)
        if url in self.seen_documents or not self.scope.allows(url):
            return
        self.seen_documents.add(url)
        yield scrapy.Request(url, callback=callback, errback=self.discovery_failed, dont_filter=True,
                             meta={META_UNCONDITIONAL: True, **meta})

    def _candidates(self, urls: list[tuple[str, str | None]], source: str) -> Iterator[scrapy.Request]:
        count = 0
        for url, lastmod in urls:
            request = self._request(url, lastmod=lastmod)  # type: ignore[attr-defined]
            if request is not None:
                count += 1
                yield request
        self.crawler.stats.inc_value(f"archive/discovered_{source}", count)  # type: ignore[attr-defined]

    # -- callbacks ------------------------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[Any]:
        _as_seed_source(response)
        yield PageItem(fetch_info(response), kind="other")
        sitemaps = robots_sitemaps(_body(response), response.url)
        if not sitemaps:
            parts = urlsplit(response.url)
            sitemaps = [f"{parts.scheme}://{parts.netloc}{DEFAULT_SITEMAP_PATH}"]
        for url in sitemaps:
            yield from self._document(url, self.parse_sitemap, sitemap_depth=0)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        _as_seed_source(response)
        yield PageItem(fetch_info(response), kind="other")
        kind, entries = sitemap_entries(_body(response))
        if kind == "sitemapindex":
            depth = response.meta.get("sitemap_depth", 0) + 1
            if depth <= MAX_SITEMAP_DEPTH:
                for loc, _lastmod in entries:
                    yield from self._document(urljoin(response.url, loc), self.parse_sitemap,
                                              sitemap_depth=depth)
        elif kind == "urlset":
            found = [(urljoin(response.url, loc), lastmod) for loc, lastmod in entries]
            yield from self._candidates(found, "sitemap")

    def parse_feed(self, response: Response) -> Iterator[Any]:
        _as_seed_source(response)
        yield PageItem(fetch_info(response), kind="other")
        links = feed_links(_body(response), response.url)
        yield from self._candidates([(u, None) for u in links], "feed")

    def discovery_failed(self, failure: Failure) -> Iterator[Any]:
        """A missing robots.txt or default sitemap is normal; other failures are fetch errors."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        path = urlsplit(request.url).path
        if status == 404 and path in (ROBOTS_PATH, DEFAULT_SITEMAP_PATH) and request.url not in {
                canonicalize(u) for u in self.discovery_seeds}:
            if path == ROBOTS_PATH:  # no robots.txt: try the conventional sitemap location
                parts = urlsplit(request.url)
                yield from self._document(f"{parts.scheme}://{parts.netloc}{DEFAULT_SITEMAP_PATH}",
                                          self.parse_sitemap, sitemap_depth=0)
            return
        error = failure.getErrorMessage() if response is None else f"HTTP {status}"
        yield PageItem(FetchInfo(url=request.url, status=status, fetched_at=datetime.now(UTC),
                                 error=f"{failure_kind(failure)}: {error}",
                                 **warc_fields(request.meta, request.url)), kind="error")


def _as_seed_source(response: Response) -> None:
    """What a sitemap or feed lists is a seed, like a start URL: Scrapy's depth middleware gives what
    a callback yields the response's depth plus one, so the response says -1 (``--max-depth`` counts
    hops along related links from the seeds, not through discovery documents)."""
    response.meta["depth"] = -1


def check_seeds(start_urls: list[str], spider: DiscoveryMixin) -> None:
    """A crawl needs at least one seed: a start URL, a sitemap or a feed."""
    if not start_urls and not spider.discovery_seeds:
        raise UsageError("no start URL given (e.g. -a start_urls=https://example.com/, or a sitemap or feed)")
