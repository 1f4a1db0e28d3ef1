"""Retries that wait when a server asks: ``Retry-After`` on 429 and 503, honoured per host.

:class:`RetryAfterMiddleware` takes the place of Scrapy's ``RetryMiddleware`` (same priority, same
settings: ``RETRY_ENABLED``, ``RETRY_TIMES``, ``RETRY_HTTP_CODES``…). When a 429 or 503 answer
carries ``Retry-After`` (seconds, or an HTTP date), the host's downloader slot is paused for that
long, up to ``ARCHIVE_RETRY_AFTER_MAX`` seconds: no request goes to that host meanwhile, the retry
included, while other hosts are fetched as usual. A server asking for more than the cap is not
retried in this run (its answer is recorded as the error it is); the host still rests for the cap.
Answers without ``Retry-After`` are retried as Scrapy does.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from time import monotonic, time
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.asyncio import call_later

#: Statuses whose Retry-After is honoured.
RETRY_AFTER_STATUSES = (429, 503)
DEFAULT_RETRY_AFTER_MAX = 60.0


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` value asks for (delta seconds or an HTTP date); None when absent or
    unreadable. A date in the past asks for 0."""
    if not value:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time() if now is None else now))


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's ``RetryMiddleware``, waiting as long as the server asks (up to a cap), per host."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.cap = max(0.0, settings.getfloat("ARCHIVE_RETRY_AFTER_MAX", DEFAULT_RETRY_AFTER_MAX))
        self.paused_until: dict[str, float] = {}

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Request | Response:
        if response.status in RETRY_AFTER_STATUSES and not request.meta.get("dont_retry", False):
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None:
                self.crawler.stats.inc_value("archive/retry_after")
                self.pause(request, min(wait, self.cap))
                if wait > self.cap:  # not this run: the answer stands as the page's error
                    self.crawler.stats.inc_value("archive/retry_after_refused")
                    return response
        return super().process_response(request, response)

    def pause(self, request: Request, seconds: float) -> None:
        """Send nothing more to ``request``'s host (its downloader slot) for ``seconds``."""
        if seconds <= 0:
            return
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        until = monotonic() + seconds
        if slot is None or self.paused_until.get(key, 0.0) >= until:
            return
        self.paused_until[key] = until
        if slot.latercall is not None:
            slot.latercall.cancel()
        # the downloader holds a slot's queue while its latercall is pending (as for DOWNLOAD_DELAY)
        slot.latercall = call_later(seconds, downloader._latercall, slot)
