"""Politeness across the workers of a shared crawl: per host, a request budget they all draw from.

Scrapy's ``CONCURRENT_REQUESTS_PER_DOMAIN`` and ``DOWNLOAD_DELAY`` hold within one process; with N
workers a host would see N times as much. With a shared frontier (``ARCHIVE_FRONTIER =
"redis://…"``) this downloader middleware makes each request take a lease on its host in Redis
before it is downloaded:

* at most ``ARCHIVE_HOST_CONCURRENCY`` leases per host at once, over all workers (default
  ``CONCURRENT_REQUESTS_PER_DOMAIN``);
* two leases on a host at least ``ARCHIVE_HOST_DELAY`` seconds apart (default ``DOWNLOAD_DELAY``);
* a lease ends with the response or the error, or by itself after ``DOWNLOAD_TIMEOUT`` plus a
  margin (a killed worker's leases run out).

The leases live under ``PREFIX:host:HOST`` (not under a crawl), so two crawls on one Redis share a
host's budget too. Times are the Redis server's, the same for every machine.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from ..redis_frontier import DEFAULT_PREFIX, connect, is_shared

META_LEASE = "archive_host_lease"
#: Seconds a lease outlives the download timeout before it runs out by itself.
LEASE_MARGIN = 15.0

ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap, delay, lease = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if cap > 0 and redis.call('ZCARD', KEYS[1]) >= cap then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(10, math.min(250, tonumber(first[2]) - now))
end
local next_at = tonumber(redis.call('GET', KEYS[2]) or '0')
if next_at > now then return next_at - now end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease + 1000)
if delay > 0 then redis.call('SET', KEYS[2], now + delay, 'PX', delay + 1000) end
return 0
"""


class HostLimiter:
    """Leases on hosts in Redis (see the module doc); usable without Scrapy."""

    def __init__(self, client: Any, prefix: str, concurrency: int, delay: float, lease: float) -> None:
        self.client = client
        self.prefix = prefix
        self.concurrency = max(0, int(concurrency))
        self.delay_ms = max(0, int(round(delay * 1000)))
        self.lease_ms = max(1000, int(lease * 1000))
        self._acquire = client.register_script(ACQUIRE)

    def _keys(self, host: str) -> list[str]:
        return [f"{self.prefix}:host:{host}:leases", f"{self.prefix}:host:{host}:next"]

    def try_acquire(self, host: str, lease: str) -> float:
        """0 when ``lease`` was granted on ``host``; else the seconds to wait before trying again."""
        wait = self._acquire(keys=self._keys(host),
                             args=[lease, self.concurrency, self.delay_ms, self.lease_ms])
        return int(wait) / 1000.0

    def release(self, host: str, lease: str) -> None:
        self.client.zrem(self._keys(host)[0], lease)


def host_of(url: str) -> str:
    return (urlsplit(url).netloc or "").lower()


class SharedHostLimit:
    """The downloader middleware (position 950, right before the download)."""

    def __init__(self, limiter: HostLimiter) -> None:
        self.limiter = limiter

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedHostLimit:
        settings = crawler.settings
        url = str(settings.get("ARCHIVE_FRONTIER") or "")
        if not is_shared(url):
            raise NotConfigured("per-host limits across workers need a shared frontier")
        concurrency = settings.get("ARCHIVE_HOST_CONCURRENCY")
        delay = settings.get("ARCHIVE_HOST_DELAY")
        limiter = HostLimiter(
            connect(url), str(settings.get("ARCHIVE_FRONTIER_PREFIX") or DEFAULT_PREFIX),
            int(concurrency) if concurrency not in (None, "")
            else settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
            float(delay) if delay not in (None, "") else settings.getfloat("DOWNLOAD_DELAY"),
            settings.getfloat("DOWNLOAD_TIMEOUT", 180) + LEASE_MARGIN)
        return cls(limiter)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        host = host_of(request.url)
        lease = uuid.uuid4().hex
        while True:
            wait = self.limiter.try_acquire(host, lease)
            if wait <= 0:
                break
            await deferred_to_future(deferLater(reactor, wait, lambda: None))
        request.meta[META_LEASE] = (host, lease)
        return None

    def _release(self, request: Request) -> None:
        held = request.meta.pop(META_LEASE, None)
        if held is not None:
            self.limiter.release(*held)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: BaseException, spider: Any = None) -> None:
        self._release(request)
        return None
