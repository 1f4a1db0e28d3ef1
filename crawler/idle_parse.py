"""Pages parsed by the crawl's own process while it has nothing to fetch (``ARCHIVE_IDLE_PARSE``).

The crawl fetches pages faster than one parsing worker parses them: pages wait for the worker in
the crawl's process (:attr:`crawler.workers.Worker.queued`). Once everything known has been
fetched, the crawl's process would only pass the worker's answers on while the worker works
through the backlog (at the end of a crawl, or where its known pages run out until parsed pages
name more). :class:`IdleParser` then takes the newest waiting task off a worker's queue and runs
it inline, one task per turn of the event loop, so that answers, items and new requests are still
handled in between; the worker keeps the older tasks in their order.

While the crawl fetches, nothing is taken: a page parsed in the loop would hold up the downloads
(the loop stalls for the whole parse). Nor while the engine only holds off fetching until waiting
pages are handled (Scrapy's scraper slot is full): the downloads resume as soon as it frees, and
taking pages all through a long crawl made the crawl's process hold the parser's memos (10,000
posts: its peak 214 MB against 179 MB) for no gain at 300 posts.

Whether the crawl has nothing to fetch is the engine's business: :func:`nothing_to_fetch` asks it
(no download in flight, no request scheduled).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Protocol


class Waiting(Protocol):
    """What is read of a worker (:class:`crawler.workers.Worker`): whether it is alive, and the
    tasks waiting to be handed to it, as ``(future, fn, args)``."""

    alive: bool
    queued: deque[tuple[asyncio.Future[Any], Callable[..., Any], tuple[Any, ...]]]


def nothing_to_fetch(crawler: Any) -> Callable[[], bool]:
    """A test of whether ``crawler``'s engine has no download in flight and no request scheduled.
    False when the engine's state cannot be read (another Scrapy, or no engine yet)."""

    def idle() -> bool:
        engine = getattr(crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        if engine is None or downloader is None or downloader.active:
            return False
        slot = getattr(engine, "_slot", None)
        scheduler = getattr(slot, "scheduler", None)
        if scheduler is None:
            return False
        try:
            return not scheduler.has_pending_requests()
        except Exception:  # a state we cannot read: as if the crawl were fetching
            return False

    return idle


#: How often a crawl with pages waiting for a worker asks whether it has nothing to fetch (seconds).
POLL_SECONDS = 0.01


class IdleParser:
    """Runs tasks waiting for ``workers`` in this process while ``idle()`` says it has nothing else
    to do (see the module's docstring)."""

    def __init__(self, workers: Callable[[], Sequence[Waiting]], idle: Callable[[], bool],
                 taken: Callable[[], None] | None = None) -> None:
        self.workers = workers
        self.idle = idle
        self.on_taken = taken  # told of each task taken (the crawl counts them in its stats)
        self.pending: asyncio.Handle | None = None
        self.taken = 0

    def wake(self) -> None:
        """Look for idle time soon (a task was queued, or one was taken): at once if the crawl is
        idle now, else after :data:`POLL_SECONDS`, for as long as tasks wait."""
        if self.pending is not None:
            return
        loop = asyncio.get_running_loop()
        if self.idle():
            self.pending = loop.call_soon(self._take)
        elif self._busiest() is not None:
            self.pending = loop.call_later(POLL_SECONDS, self._check)

    def cancel(self) -> None:
        if self.pending is not None:
            self.pending.cancel()
            self.pending = None

    def _check(self) -> None:
        self.pending = None
        self.wake()

    def _busiest(self) -> Waiting | None:
        waiting = [w for w in self.workers() if w.alive and w.queued]
        return max(waiting, key=lambda w: len(w.queued)) if waiting else None

    def _take(self) -> None:
        self.pending = None
        worker = self._busiest()
        if worker is None:
            return
        if self.idle():
            future, fn, args = worker.queued.pop()  # the newest: the worker keeps the order of the rest
            if not future.done():
                self.taken += 1
                if self.on_taken is not None:
                    self.on_taken()
                try:
                    future.set_result(fn(*args))
                except Exception as exc:  # the task's own failure, as from a worker
                    future.set_exception(exc)
        self.wake()
