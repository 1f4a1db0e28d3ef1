"""robots.txt as RFC 9309 reads it, in place of Scrapy's ``RobotsTxtMiddleware`` (same priority, same
``ROBOTSTXT_*`` settings):

* a robots.txt that answers a server error (5xx, after the retries) means "crawl nothing" for that
  host in this run: its pages are refused with :class:`RobotsUnavailable` instead of being fetched
  as if everything were allowed;
* a robots.txt that is missing (4xx) allows everything, as before; one that cannot be fetched at all
  (refused connection, unknown host) leaves the pages to fail with that same error, as before;
* only the first :data:`MAX_ROBOTS_BYTES` of a huge robots.txt are downloaded and read (the RFC's
  minimum; what Google reads too), whatever ``DOWNLOAD_MAXSIZE`` says: a 50 MB file costs no more
  than a small one, and is not mistaken for a missing one.

A page robots.txt forbids is refused with :class:`RobotsDisallowed`. Both are ``IgnoreRequest``
subclasses: the request's errback hears of them and records the class name as the fetch's kind.
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

#: Bytes of a robots.txt that are parsed (RFC 9309 asks crawlers to read at least 500 KiB).
MAX_ROBOTS_BYTES = 500 * 1024


class RobotsDisallowed(IgnoreRequest):
    """robots.txt forbids the page."""


class RobotsUnavailable(IgnoreRequest):
    """The host's robots.txt answered a server error: nothing of the host is crawled."""


ROBOTS_PATH = "/robots.txt"
#: Request meta: bytes of a robots.txt received so far.
META_ROBOTS_BYTES = "archive_robots_bytes"


def is_robots_request(request: Request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and urlparse_cached(request).path == ROBOTS_PATH


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.unavailable: dict[str, str] = {}  # netloc -> why its robots.txt is unusable
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        if is_robots_request(request):  # read up to MAX_ROBOTS_BYTES, whatever its size
            request.meta["download_maxsize"] = 0
            request.meta[META_ROBOTS_BYTES] = 0
            return
        await super().process_request(request)

    def _bytes_received(self, data: bytes, request: Request, spider: Any = None) -> None:
        if META_ROBOTS_BYTES in request.meta:
            request.meta[META_ROBOTS_BYTES] += len(data)
            if request.meta[META_ROBOTS_BYTES] > MAX_ROBOTS_BYTES:
                raise StopDownload(fail=False)  # the start of the file is all that is read

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self.unavailable[netloc] = f"robots.txt answered HTTP {response.status}"
        elif len(response.body) > MAX_ROBOTS_BYTES:
            response = response.replace(body=response.body[:MAX_ROBOTS_BYTES])
        await super()._parse_robots(response, netloc, request)

    def process_request_2(self, rp: Any, request: Request) -> None:
        why = self.unavailable.get(urlparse_cached(request).netloc)
        if why is not None:
            self._stats.inc_value("robotstxt/unavailable")
            raise RobotsUnavailable(f"{why}: the host is not crawled")
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as exc:
            raise RobotsDisallowed(str(exc)) from None
