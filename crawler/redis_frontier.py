"""The shared frontier: one crawl, many worker processes on many machines, its state in Redis.

``ARCHIVE_FRONTIER = "redis://HOST:6379/0"`` puts in Redis what :class:`~crawler.frontier.MemoryFrontier`
keeps in a process: the URLs claimed (16-byte fingerprints of canonical URLs), the page budget,
the articles claimed and the deferred links, and beside them the request queue itself
(:mod:`crawler.scheduler`). Every worker of the crawl runs the same spider; whoever fetches a page
queues its links for all.

A crawl lives under ``PREFIX:{NAME}:ID:…`` (``ARCHIVE_FRONTIER_PREFIX``, the job's name or a hash
of the start URLs, a fresh id per crawl; the braces keep a crawl's keys in one Redis Cluster slot):

* ``crawl`` (hash): state ``running`` / ``finished``, the crawl's options (joiners crawl with them);
* ``queue`` (sorted set of fingerprints; Scrapy's priority, then first come first served) and
  ``requests`` (fingerprint -> the serialised request) until the request is done;
* ``processing:WORKER`` (hash): the requests a worker took and has not finished: on a graceful
  stop they go back to the queue; when a worker stops sending its heartbeat (killed, machine lost)
  any other worker puts them back, so a killed worker loses nothing;
* ``workers`` (hash: worker -> last heartbeat, the Redis server's clock), ``holds`` (hash: worker ->
  count; a worker seeding the crawl or re-queueing deferred links holds the crawl open);
* ``claimed`` (set), ``pages`` / ``refused`` (the budget's counters), ``articles`` (hash: article
  key -> the page that brought it, both as fingerprints: the same page fetched again after a kill
  may claim it again),
  ``deferred`` (list and set).

The crawl ends when the queue and the deferred list are empty, no worker holds it open and no
worker has a request in progress; the first worker to see it marks the crawl finished, and every
worker then closes normally (exit 0).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import uuid
from typing import Any
from urllib.parse import urlsplit

from twisted.python.failure import Failure

from .kernel.errors import ConfigError, LockedError, StorageError, UsageError
from .kernel.urls import canonicalize
from .options import is_shared_url, setting_on
from .redis_scripts import (
    ACK,
    CHECK,
    CLAIM_AND_PUSH,
    CLAIM_ARTICLE,
    DEFER,
    LEAVE,
    OUTCOMES,
    POP,
    TAKE_DEFERRED,
)

DEFAULT_PREFIX = "archiver"
#: Request meta: the fingerprint of the queued request this one was taken as (or derived from, for a
#: redirect or a retry, or the page fetched again under its own URL).
META_QUEUED = "archive_queued"
#: Seconds without a heartbeat after which a worker counts as dead (its requests are re-queued).
DEFAULT_WORKER_TIMEOUT = 30.0
HEARTBEAT_EVERY = 2.0
RUNNING, FINISHED = "running", "finished"


def fingerprint(url: str) -> bytes:
    """16 bytes standing for a canonical URL (what ``claimed`` holds)."""
    return hashlib.blake2b(canonicalize(url).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def crawl_name(job: str | None, start_urls: list[str]) -> str:
    """The name a crawl has on the frontier: its job, else a hash of its start URLs."""
    if job:
        return "".join(c if c.isalnum() or c in "_.-" else "_" for c in job)[:64]
    digest = hashlib.sha1(" ".join(sorted(start_urls)).encode()).hexdigest()[:12]
    return f"urls-{digest}"


is_shared = is_shared_url  # a Redis URL


def connect(url: str) -> Any:
    """A Redis client for ``url`` (one line when the client is missing or Redis is unreachable)."""
    try:
        import redis
    except ImportError:
        raise ConfigError("ARCHIVE_FRONTIER: a Redis frontier needs the redis client: "
                          "pip install 'article-archiver[scale]'") from None
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=10, socket_timeout=30,
                                      health_check_interval=30)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise StorageError(f"cannot reach the frontier at {_safe(url)}: {exc}") from None
    return client


def _safe(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{':' + str(parts.port) if parts.port else ''}{parts.path}"


def worker_id() -> str:
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class SharedCrawl:
    """A crawl's place on the frontier: where its keys are, and starting, joining or leaving it."""

    def __init__(self, client: Any, prefix: str, name: str) -> None:
        self.client = client
        self.prefix = prefix or DEFAULT_PREFIX
        self.name = name
        self.current_key = f"{self.prefix}:{{{name}}}:current"
        self.id: str | None = None

    @property
    def base(self) -> str:
        return f"{self.prefix}:{{{self.name}}}:{self.id}:"

    def record(self, crawl_id: str | None = None) -> dict[str, Any]:
        crawl_id = crawl_id or (self.client.get(self.current_key) or b"").decode()
        if not crawl_id:
            return {}
        raw = self.client.hgetall(f"{self.prefix}:{{{self.name}}}:{crawl_id}:crawl")
        out: dict[str, Any] = {k.decode(): v.decode() for k, v in raw.items()}
        if out:
            out["id"] = crawl_id
            out["options"] = json.loads(out.get("options") or "{}")
        return out

    def live_workers(self, timeout: float) -> int:
        now = float(self.client.time()[0])
        return sum(1 for t in self.client.hvals(self.base + "workers") if now - float(t) <= timeout)

    def start(self, options: dict[str, Any], worker: str, timeout: float, resume: bool) -> str:
        """Begin a new crawl (or, with ``resume``, continue one whose workers all stopped); a crawl
        of the same name with live workers is left alone (:class:`LockedError`)."""
        found = self.record()
        if found.get("state") == RUNNING:
            self.id = found["id"]
            live = self.live_workers(timeout)
            if live:
                raise LockedError(f"a crawl {self.name!r} is running on the frontier ({live} worker(s)); "
                                  f"add workers with: archiver worker {self.name} --frontier URL")
            if resume:
                self._hold(worker)
                return "resumed"
            stale = list(self.client.scan_iter(match=self.base + "*", count=1000))
            if stale:
                self.client.unlink(*stale)
        self.id = uuid.uuid4().hex[:12]
        self.client.hset(self.base + "crawl", mapping={"state": RUNNING, "options": json.dumps(options),
                                                       "started_at": str(self.client.time()[0])})
        self._hold(worker)
        self.client.set(self.current_key, self.id)
        return "started"

    def _hold(self, worker: str) -> None:
        """Register ``worker`` and hold the crawl open until its seeds are queued."""
        self.client.hset(self.base + "workers", worker, str(float(self.client.time()[0])))
        self.client.hincrby(self.base + "holds", worker, 1)

    def join(self, worker: str, wait: float) -> dict[str, Any]:
        """Join the running crawl of this name, waiting up to ``wait`` seconds for one to start
        (a finished one may be the previous crawl); returns its record, ``state`` ``finished`` when
        no crawl ran by then but one had finished."""
        import time

        deadline = time.monotonic() + max(0.0, wait)
        while True:
            found = self.record()
            late = time.monotonic() >= deadline
            if found.get("state") == RUNNING or (found.get("state") == FINISHED and late):
                self.id = found["id"]
                if found["state"] == RUNNING and worker:
                    self.client.hset(self.base + "workers", worker, str(float(self.client.time()[0])))
                return found
            if time.monotonic() >= deadline:
                raise UsageError(f"no crawl {self.name!r} on the frontier to join (waited {wait:.0f} s); "
                                 f"start one with: archiver crawl … --frontier URL")
            time.sleep(0.25)


class RedisFrontier:
    """The :class:`~crawler.frontier.Frontier` of a worker of a shared crawl (see the module doc).
    The scheduler (:class:`crawler.scheduler.RedisScheduler`) queues and takes requests through it."""

    shared = True

    def __init__(self, client: Any, crawl: SharedCrawl, budget: int | None, worker: str,
                 timeout: float = DEFAULT_WORKER_TIMEOUT, crawler: Any = None) -> None:
        self.client = client
        self.crawl = crawl
        self.budget = budget
        self.worker = worker
        self.timeout = timeout
        self.crawler = crawler
        self.finished = False
        self.popped: dict[bytes, Any] = {}  # fingerprint -> the request taken, until it is done
        self.claims: set[bytes] = set()  # URLs the spider claimed, counted by the budget once queued
        self.options: dict[str, Any] = {}  # the crawl's options, as its starter recorded them
        self.pinned: set[bytes] = set()  # taken requests kept in progress (pages waiting to be settled)
        self.quiet = False  # at the last look: nothing left anywhere but pinned pages
        self._scripts = {name: client.register_script(body) for name, body in (
            ("push", CLAIM_AND_PUSH), ("pop", POP), ("ack", ACK), ("leave", LEAVE), ("check", CHECK),
            ("article", CLAIM_ARTICLE), ("defer", DEFER), ("take", TAKE_DEFERRED), ("outcomes", OUTCOMES))}

    def _run(self, name: str, *args: Any) -> Any:
        return self._scripts[name](keys=[self.crawl.base + "crawl"], args=[self.crawl.base, *args])

    # -- the Frontier interface ---------------------------------------------------------------
    @property
    def refused(self) -> int:
        return int(self.client.get(self.crawl.base + "refused") or 0)

    @property
    def claimed(self) -> int:
        return int(self.client.get(self.crawl.base + "pages") or 0)

    def claim(self, url: str) -> bool:
        """Whether to request ``url``: not claimed yet and the budget not spent. The claim itself is
        taken when the request is queued (:meth:`push`), atomically with queueing it, so a worker
        killed in between leaves nothing claimed and unqueued."""
        if self.finished or self.seen(url):  # a worker joining a crawl that is over does nothing
            return False
        if self.budget is not None and self.claimed >= self.budget:
            self.client.incr(self.crawl.base + "refused")
            return False
        self.claims.add(fingerprint(url))
        return True

    def seen(self, url: str) -> bool:
        return bool(self.client.sismember(self.crawl.base + "claimed", fingerprint(url)))

    def claim_article(self, key: str, *aliases: str) -> bool:
        """The page that brings an article first owns it (``aliases[0]``, the page's own URL, names
        the page): the same page fetched again after a worker died may claim it again."""
        owner = aliases[0] if aliases else key
        return bool(self._run("article", fingerprint(owner), *(fingerprint(k) for k in (key, *aliases))))

    def defer(self, url: str) -> None:
        self._run("defer", url)

    def take_deferred(self) -> list[str]:
        """The deferred URLs; the crawl is held open until this worker is idle again (they are
        queued by then)."""
        return [u.decode() for u in self._run("take", self.worker)]

    def started(self) -> None:
        """The seeds are queued: this worker no longer holds the crawl open."""
        self.client.hdel(self.crawl.base + "holds", self.worker)

    def idle(self, release: list[bytes] | None = None) -> bool:
        """This worker has nothing in progress: store what it buffered, mark its requests done
        (``release``: pinned ones whose pages are settled now), re-queue the requests of dead
        workers, and say whether the whole crawl is over."""
        from .archive_signals import ARCHIVE_FLUSH

        self.client.hdel(self.crawl.base + "holds", self.worker)
        if self.crawler is not None:
            results = self.crawler.signals.send_catch_log(signal=ARCHIVE_FLUSH)
            if any(isinstance(result, Failure) for _handler, result in results):
                return False  # what was buffered is not stored: keep the requests in progress
        if release:
            self.unpin(release)
        self.ack([fp for fp in self.popped if fp not in self.pinned])
        finished, requeued, _live, quiet = self._run("check", self.worker, self.timeout)
        self.quiet = bool(quiet)
        if requeued and self.crawler is not None and self.crawler.stats:
            self.crawler.stats.inc_value("archive/requeued", int(requeued))
        self.finished = bool(finished)
        return self.finished

    # -- the queue (for the scheduler) --------------------------------------------------------
    def push(self, fp: bytes, data: bytes, priority: int, origin: bytes | None, counted: bool) -> int:
        """Claim and queue a request in one step: 1 queued, 0 already claimed, -1 over the budget,
        2 a retry of a request this worker is processing, queued again."""
        budget = -1 if self.budget is None else self.budget
        return int(self._run("push", fp, data, priority, budget, origin or b"", "1" if counted else "0",
                             self.worker))

    def pop(self) -> tuple[bytes, bytes] | None:
        found = self._run("pop", self.worker)
        return (found[0], found[1]) if found else None

    def pin(self, fp: bytes) -> None:
        """Keep a taken request in progress until :meth:`unpin` (its page waits to be settled)."""
        self.pinned.add(fp)
        self.client.sadd(self.crawl.base + "pins:" + self.worker, fp)

    def unpin(self, fps: list[bytes]) -> None:
        self.pinned.difference_update(fps)
        if fps:
            self.client.srem(self.crawl.base + "pins:" + self.worker, *fps)

    def canonical_outcome(self, url: str) -> bool | None:
        """Whether an article was archived under ``url`` in this crawl (None: not known yet)."""
        found = self.client.hget(self.crawl.base + "canonical", fingerprint(url))
        return None if found is None else found == b"1"

    def record_outcomes(self, urls: list[str], archived: bool) -> None:
        self._run("outcomes", "1" if archived else "0", *(fingerprint(u) for u in urls))

    def ack(self, fps: list[bytes]) -> int:
        """These requests are done (their pages stored): out of the worker's processing set."""
        fps = [fp for fp in fps if fp not in self.pinned]
        for fp in fps:
            self.popped.pop(fp, None)
        done = 0
        for start in range(0, len(fps), 500):
            done += int(self._run("ack", self.worker, *fps[start:start + 500]))
        return done

    def queued(self) -> int:
        return int(self.client.zcard(self.crawl.base + "queue"))

    def heartbeat(self) -> None:
        if not self.finished:
            seconds, micros = self.client.time()
            self.client.hset(self.crawl.base + "workers", self.worker, str(seconds + micros / 1e6))

    def leave(self) -> int:
        """Stop working on the crawl: what this worker took and did not finish goes back."""
        return int(self._run("leave", self.worker))

    def articles_total(self) -> int:
        record = self.crawl.record(self.crawl.id)
        return int(record.get("articles") or 0)


def open_frontier(url: str, settings: Any, budget: int | None, crawler: Any = None,
                  spider: Any = None) -> RedisFrontier:
    """Start the crawl on the frontier at ``url`` (its options from ``spider.crawl_options()``), or
    join the running one named by ``ARCHIVE_FRONTIER_JOIN`` (its options in ``frontier.options``)."""
    client = connect(url)
    joining = str(settings.get("ARCHIVE_FRONTIER_JOIN") or "").strip()
    starts = [*(getattr(spider, "start_urls", None) or []), *(getattr(spider, "discovery_seeds", None) or [])]
    name = crawl_name(joining or settings.get("ARCHIVE_JOB") or None, starts)
    crawl = SharedCrawl(client, str(settings.get("ARCHIVE_FRONTIER_PREFIX") or DEFAULT_PREFIX), name)
    timeout = float(settings.get("ARCHIVE_WORKER_TIMEOUT") or DEFAULT_WORKER_TIMEOUT)
    worker = worker_id()
    frontier = RedisFrontier(client, crawl, budget, worker, timeout, crawler)
    if joining:
        record = crawl.join(worker, float(settings.get("ARCHIVE_FRONTIER_WAIT") or 0))
        frontier.options = record.get("options") or {}
        frontier.finished = record.get("state") == FINISHED
    else:
        options = spider.crawl_options() if spider is not None else {}
        resume = setting_on(settings.get("ARCHIVE_FRONTIER_RESUME") or "")
        crawl.start(options, worker, timeout, resume)
        frontier.options = crawl.record().get("options") or options
    return frontier
