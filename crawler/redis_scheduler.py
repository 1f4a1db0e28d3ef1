"""The scheduler of a shared crawl: scrapy-redis's, on the shared frontier (:mod:`crawler.redis_frontier`).

:class:`RedisScheduler` (chosen by :class:`crawler.scheduler.ArchiveScheduler` when
``ARCHIVE_FRONTIER = "redis://…"``) is scrapy-redis's scheduler, adapted
where scrapy-redis does not fit a crawl of several workers that must end together and lose
nothing:

* requests are fingerprinted by our canonical URL (:func:`crawler.redis_frontier.fingerprint`),
  not scrapy-redis's, so ``?utm_source=…`` or ``index.html`` variants are one request;
* queueing claims the URL in the same atomic step (:meth:`RedisFrontier.push`), against the
  shared page budget; a retry of a request goes back to the queue instead of being filtered;
* taking a request moves it to the worker's processing set; it leaves it when its page is stored
  (the archive pipeline's :data:`~crawler.archive_signals.ARCHIVE_STORED` signal), and goes back to the
  queue when the worker stops first, gracefully or not;
* the queue persists (scrapy-redis deletes it when a worker closes unless ``SCHEDULER_PERSIST``);
* an idle worker polls the queue every few tenths of a second instead of Scrapy's 5-second
  heartbeat, while other workers may still queue work.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy_redis import picklecompat
from scrapy_redis.queue import Base as RedisQueueBase
from scrapy_redis.scheduler import Scheduler as ScrapyRedisScheduler
from twisted.internet import task

from .archive_signals import ARCHIVE_STORED
from .redis_frontier import HEARTBEAT_EVERY, META_QUEUED, RedisFrontier, fingerprint

logger = logging.getLogger(__name__)
#: Seconds between looks at the shared queue while this worker is idle.
IDLE_POLL = 0.25


class FrontierQueue(RedisQueueBase):
    """scrapy-redis's queue interface over the shared frontier's atomic scripts."""

    def __init__(self, frontier: RedisFrontier, spider: Any) -> None:
        super().__init__(frontier.client, spider, frontier.crawl.base + "queue", serializer=picklecompat)
        self.frontier = frontier

    def __len__(self) -> int:
        return self.frontier.queued()

    def push(self, request: Request) -> int:  # type: ignore[override]
        fp = fingerprint(request.url)
        origin = request.meta.get(META_QUEUED)
        counted = fp in self.frontier.claims
        self.frontier.claims.discard(fp)
        meta = {k: v for k, v in request.meta.items() if k != META_QUEUED}
        stored = request.replace(meta=meta)
        return self.frontier.push(fp, self._encode_request(stored), int(request.priority), origin, counted)

    def pop(self, timeout: int = 0) -> Request | None:
        found = self.frontier.pop()
        if found is None:
            return None
        fp, data = found
        request = self._decode_request(data)
        request.meta[META_QUEUED] = fp
        self.frontier.popped[fp] = request
        return request

    def clear(self) -> None:
        """Never: the queue belongs to every worker of the crawl."""


class RedisScheduler(ScrapyRedisScheduler):
    """scrapy-redis's scheduler on the shared frontier (see the module doc)."""

    def __init__(self, crawler: Any, frontier: RedisFrontier) -> None:
        super().__init__(server=frontier.client, persist=True, idle_before_close=0)
        self.crawler = crawler
        self.stats = crawler.stats
        self.frontier = frontier
        self.queue: FrontierQueue | None = None
        self._heartbeat = task.LoopingCall(self._beat)
        self._poll: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisScheduler:
        scheduler = cls(crawler, crawler.spider.frontier)
        crawler.signals.connect(scheduler.stored, signal=ARCHIVE_STORED)
        crawler.signals.connect(scheduler.idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Any) -> None:  # type: ignore[override]
        self.spider = spider
        self.queue = FrontierQueue(self.frontier, spider)
        self.df = None
        self._heartbeat.start(HEARTBEAT_EVERY, now=True)

    def _beat(self) -> None:
        try:
            self.frontier.heartbeat()
        except Exception as exc:  # noqa: BLE001 - Redis away for a moment: the next beat tries again
            logger.warning("heartbeat to the frontier failed: %s", exc)

    def close(self, reason: str) -> None:  # type: ignore[override]
        if self._heartbeat.running:
            self._heartbeat.stop()
        if self._poll is not None and self._poll.active():
            self._poll.cancel()
        if not self.frontier.finished:
            back = self.frontier.leave()  # graceful stop: what was not finished goes back to the queue
            if back:
                logger.info("%d unfinished request(s) went back to the shared queue", back)

    def enqueue_request(self, request: Request) -> bool:  # type: ignore[override]
        assert self.queue is not None
        outcome = self.queue.push(request)
        if outcome <= 0:
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:  # type: ignore[override]
        assert self.queue is not None
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return self.queue is not None and len(self.queue) > 0

    # -- done requests, and polling while idle -----------------------------------------------
    def stored(self) -> None:
        """The pipeline stored what it had: requests no longer in the engine are done."""
        in_progress = _in_progress(self.crawler)
        if in_progress is None:
            return  # acknowledged when the worker is idle instead (see RedisFrontier.idle)
        done = [fp for fp, request in list(self.frontier.popped.items())
                if request not in in_progress and fp not in self.frontier.pinned]
        if done:
            self.frontier.ack(done)

    def idle(self) -> None:
        """Look at the shared queue again soon (another worker may queue links meanwhile)."""
        if self.frontier.finished:
            return
        from twisted.internet import reactor

        if self._poll is None or not self._poll.active():
            self._poll = reactor.callLater(IDLE_POLL, self._wake)  # type: ignore[attr-defined]

    def _wake(self) -> None:
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:  # else Scrapy's own heartbeat wakes the engine (every 5 s)
            nextcall.schedule()


def _in_progress(crawler: Any) -> set[Request] | None:
    """The requests the engine is downloading or processing (None where Scrapy hides them)."""
    slot = getattr(crawler.engine, "_slot", None)
    found = getattr(slot, "inprogress", None)
    return found if isinstance(found, set) else None
