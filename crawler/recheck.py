"""The re-validation pass of a re-crawl: known pages asked before the crawl engine starts.

A scheduled crawl of a network it has archived before spends most of its requests asking known
articles whether they changed. :func:`recheck` asks them first, directly
(:func:`crawler.revalidate.revalidate`, the crawl's politeness), and stores what a 304 means
exactly as the crawl would: a fetch record, the page's state, the article seen again. What did not
answer 304 (changed pages, errors, redirects, pages robots.txt forbids, hosts left alone) goes to
the crawl engine as seeds, with the stored links of the settled articles that lead to pages the
pass did not ask; the settled pages are claimed in the engine's frontier, so it does not ask them
again. When nothing is left for it, the engine is never started (nor Scrapy imported): the run is
finished and reported here.

Which pages are asked: the live articles whose last check was made by a run of the same crawl
(same job, or the same start URLs), within the crawl's scope, and its start pages; pages checked
after the re-check cutoff (``--recheck-after``, or a resumed run's start) count as settled without
a request, as the conditional middleware treats them. The pass does not run (``ARCHIVE_REVALIDATE``
off, or a crawl it cannot stand in for: ``--refresh all`` or ``never``, ``--follow all``, a depth
limit, sitemap or feed seeds, downloaded images, a proxy, a frontier shared with other
processes, a run resumed from its request queue, unconditional requests).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from exporters.store import runlog
from exporters.store.batch import Flush, store_flush
from exporters.store.index import Index

from .guards import DEFAULT_MAX_PAGES_PER_HOST, DEFAULT_MAX_PAGES_PER_PATTERN, TrapGuard
from .items import FetchInfo, PageItem, UnchangedItem
from .kernel.errors import StorageError, UsageError
from .kernel.files import release_space
from .kernel.layout import ArchiveLayout
from .kernel.urls import Scope, canonicalize
from .options import CrawlResult, setting_on
from .recheck_capture import PassCapture
from .recrawl import HTTP_NOT_MODIFIED, RecrawlState
from .recrawl_store import RecrawlRecorder
from .reports import DEFAULT_FILL_DROP, REPORT_STAT, FillCounter, close_report, job_key, open_report
from .revalidate import Known, Politeness, revalidate, validators

#: Scrapy's default request headers, sent by the crawl unless the user sets others.
ENGINE_HEADERS = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                  "Accept-Language": "en"}
PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
#: Fetch records, page states and seen articles stored per transaction.
BATCH = 500


class Counts(dict):
    """The pass's counters, under the crawl's stats names (``archive/pages``…)."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] = self.get(key, start) + count

    def set_value(self, key: str, value: Any) -> None:
        self[key] = value

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.get(key, default)


@dataclass
class RecheckResult:
    """What the pass did, and what it leaves to the crawl engine."""

    run_id: int
    stats: Counts
    started: float  # time.monotonic() when the run began
    state: RecrawlState | None = None
    capture: PassCapture | None = None  # its WARC records (ARCHIVE_WARC)
    guard: TrapGuard = field(default_factory=TrapGuard)
    settled: dict[str, str | None] = field(default_factory=dict)  # page URL -> article URL, done
    seeds: list[str] = field(default_factory=list)  # pages for the engine (not start pages)
    starts: list[str] = field(default_factory=list)  # start pages the engine fetches in full

    @property
    def complete(self) -> bool:
        """Nothing is left for the crawl engine."""
        return not self.seeds and not self.starts

    @property
    def duration(self) -> float:
        return time.monotonic() - self.started

    def finish(self, index: Index, opts: Any, get: Callable[[str, Any], Any], job: str | None) -> CrawlResult:
        """End the run here (nothing was left for the engine): its counts and its report, as the
        archive pipeline and the run reporter store them."""
        stats = self.stats
        counts = {k.split("/", 1)[1]: v for k, v in stats.items()
                  if k.startswith("archive/") and isinstance(v, int) and k != "archive/run_id"}
        if self.capture is not None:  # the run's metadata record, as the crawl's capture writes it
            fields = [("run", str(self.run_id)), ("finish-reason", "finished"),
                      *((name, str(value)) for name, value in sorted(counts.items()))]
            index.record_warc(self.capture.close(fields))
        try:  # nothing changed, but articles of an archive made before grouping get placed
            from .grouping import config_from, place_unplaced

            markdown = str(get("ARCHIVE_MARKDOWN", True)).strip().lower() not in ("false", "0", "no", "off")
            place_unplaced(index, opts.data_dir if markdown else None, config_from(get))
        except (StorageError, UsageError):
            pass
        index.finish_run(self.run_id, "finished", counts)
        if str(get("ARCHIVE_REPORT", True)).strip().lower() not in ("false", "0", "no", "off"):
            resumed = get("ARCHIVE_RESUMED_FROM", None)
            resumed = int(resumed) if resumed else None
            stats[REPORT_STAT] = close_report(
                index, self.run_id, dict(stats), fill=FillCounter(), errors_by_kind={}, job=job,
                key=job_key(job, list(opts.start_urls)),
                resumed=resumed, threshold=float(get("ARCHIVE_FILL_DROP", DEFAULT_FILL_DROP)),
                interrupted=False, duration=self.duration,
                guards=self.guard.notes() if self.guard.hit else None)
        stats.update({"elapsed_time_seconds": self.duration, "finish_reason": "finished"})
        index.close()
        return CrawlResult(self.run_id, dict(stats), opts.data_dir, index.url)

    def engine_settings(self) -> dict[str, Any]:
        """Settings that continue this run in the crawl engine."""
        return {"ARCHIVE_RUN_ID": self.run_id, "ARCHIVE_SETTLED": dict(self.settled),
                "ARCHIVE_SEEDS": list(self.seeds), "ARCHIVE_CARRIED_STATS": dict(self.stats)}


def why_not(get: Callable[[str, Any], Any], opts: Any, resumed_from_queue: bool) -> str | None:
    """Why the pass cannot stand in for the engine on this crawl (None: it can)."""
    def on(name: str, default: Any) -> bool:
        return setting_on(get(name, default))

    if not on("ARCHIVE_REVALIDATE", True):
        return "ARCHIVE_REVALIDATE is off"
    if not on("ARCHIVE_CONDITIONAL", True):
        return "conditional requests are off"
    if str(get("ARCHIVE_REFRESH", "changed") or "changed").lower() != "changed":
        return "the refresh policy is not 'changed'"
    if opts.follow != "related":
        return "--follow all"
    if get("DEPTH_LIMIT", 0):
        return "a depth limit"
    if (opts.sitemaps or opts.feeds or opts.discover or get("ARCHIVE_SITEMAPS", [])
            or get("ARCHIVE_FEEDS", []) or on("ARCHIVE_DISCOVER", False)):
        return "sitemap or feed seeds"
    if on("ARCHIVE_IMAGES", False):
        return "images are downloaded"
    if str(get("ARCHIVE_FRONTIER", "memory") or "memory") != "memory":
        return "a shared frontier"
    if any(os.environ.get(name) for name in PROXY_VARIABLES):
        return "a proxy is set"
    if resumed_from_queue:
        return "the run resumes from its request queue"
    return None


def politeness(get: Callable[[str, Any], Any]) -> Politeness:
    """The crawl's politeness settings, as the engine would apply them."""
    names = ("USER_AGENT", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY",
             "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_START_DELAY", "DOWNLOAD_TIMEOUT", "ROBOTSTXT_OBEY",
             "ARCHIVE_RESOLVE")
    values = {name: get(name, None) for name in names}
    values["DEFAULT_REQUEST_HEADERS"] = get("DEFAULT_REQUEST_HEADERS", None) or ENGINE_HEADERS
    return Politeness.from_settings({k: v for k, v in values.items() if v is not None})


def begin(index: Index, opts: Any, get: Callable[[str, Any], Any], job: str | None,
          resumed_from_queue: bool = False) -> RecheckResult | None:
    """Run the pass when it can stand in for the engine and the archive knows pages of this crawl;
    None otherwise (the engine does all)."""
    if why_not(get, opts, resumed_from_queue) is not None:
        return None
    state = RecrawlState.from_values(get, index)
    if not state.pages:
        return None
    scope = Scope(list(opts.start_urls), list(opts.allow_domains))
    result = recheck(index, state, opts, get, job, scope)
    if result is not None:
        result.state = state
    return result


def recheck(index: Index, state: RecrawlState, opts: Any, get: Callable[[str, Any], Any],
            job: str | None, scope: Scope) -> RecheckResult | None:
    """Run the pass (None when the archive knows no page of this crawl: nothing to ask)."""
    key = job_key(job, list(opts.start_urls))
    ours = runlog.pages_checked_by(index, key)
    starts = [canonicalize(u) for u in opts.start_urls]
    articles: dict[str, str] = {}  # page URL -> article URL: the live articles of this crawl
    taken: set[str] = set()
    for url, known in state.pages.items():
        article = known.get("article_url")
        if url in ours and article in state.links and article not in taken and scope.allows(url):
            articles[url] = article
            taken.add(article)
    if not articles:
        return None
    started = time.monotonic()
    options = {"follow": opts.follow, "scope": scope.describe()}
    if opts.max_pages is not None:
        options["max_pages"] = opts.max_pages
    run_id = index.start_run(list(opts.start_urls), options)
    result = RecheckResult(run_id, Counts({"archive/run_id": run_id, "archive/started_monotonic": started,
                                           "archive/known_articles": len(state.links)}), started)
    if setting_on(get("ARCHIVE_REPORT", True)):  # a run that dies from here on is seen as killed by the next
        resumed = get("ARCHIVE_RESUMED_FROM", None)
        resumed_from = int(resumed) if resumed else None
        _key, killed = open_report(index, run_id, job, list(opts.start_urls), resumed_from)
        if killed:
            result.stats.set_value("archive/killed_runs", killed)
    if setting_on(get("ARCHIVE_WARC", True)):
        result.capture = PassCapture(ArchiveLayout(opts.data_dir, opts.db_url), run_id, index, get,
                                     result.stats)
    try:
        _ask_all(index, state, get, scope, result, starts, articles, opts.max_pages)
        if result.capture is not None and not result.complete:  # the engine writes the next files
            index.record_warc(result.capture.close())
    except StorageError:  # the archive cannot take what the pass learnt: the run failed
        release_space(ArchiveLayout(opts.data_dir, opts.db_url).reserve_file)  # room to say so
        try:
            index.finish_run(run_id, "failed", {k.split("/", 1)[1]: v for k, v in result.stats.items()
                                                if k.startswith("archive/") and isinstance(v, int)})
        except StorageError:
            pass  # the next run marks it killed
        raise
    return result


def _ask_all(index: Index, state: RecrawlState, get: Callable[[str, Any], Any], scope: Scope,
             result: RecheckResult, starts: list[str], articles: dict[str, str], budget: int | None) -> None:
    """Ask the pages, store what the 304s settle, and leave the rest to the engine (``result``)."""
    store = _Store(index, state, result)
    result.guard = TrapGuard(int(get("ARCHIVE_MAX_PAGES_PER_HOST", DEFAULT_MAX_PAGES_PER_HOST)),
                             int(get("ARCHIVE_MAX_PAGES_PER_PATTERN", DEFAULT_MAX_PAGES_PER_PATTERN)))
    ask: list[Known] = []
    for url in [*starts, *articles]:
        if result.guard.admit(url, force=url in starts) is not None:
            result.stats.inc_value("archive/guard_refused")
            continue
        page: dict[str, Any] | None = state.pages.get(url)
        if url in starts and url not in articles:  # a start page: asked only when it can answer 304
            etag, modified = validators(page or {})
            if page and page.get("status") == 200 and (etag or modified):
                ask.append(Known(url, etag, modified))
            else:
                result.starts.append(url)
        elif state.is_fresh(page or {}):  # checked recently: settled without a request
            store.settle(url, articles[url], None)
            result.stats.inc_value("archive/not_fetched")
        elif any(validators(page or {})):
            ask.append(Known(url, *validators(page or {})))
        else:  # nothing to ask conditionally with: the engine fetches it in full
            result.seeds.append(url)
    if budget is not None:
        ask = ask[:max(0, budget - len(result.settled))]
    leftover: list[str] = []
    for answer in revalidate(ask, politeness(get)):
        if answer.robots:
            if result.capture is not None and answer.status is not None:
                result.capture.record(answer)
            continue
        if answer.not_modified:
            warc = result.capture.record(answer) if result.capture is not None else {}
            fetch = FetchInfo(url=answer.url, status=HTTP_NOT_MODIFIED, fetched_at=answer.fetched_at,
                              etag=answer.etag, last_modified=answer.last_modified, bytes=0,
                              duration_ms=answer.duration_ms, **warc)
            store.settle(answer.url, articles.get(answer.url), fetch)
            result.stats.inc_value("downloader/response_count")
            result.stats.inc_value(f"downloader/response_status_count/{HTTP_NOT_MODIFIED}")
            result.stats.inc_value("downloader/response_bytes",
                                   _head_bytes(answer.reason, answer.response_headers))
        elif answer.url in starts and answer.url not in articles:
            result.starts.append(answer.url)
        else:
            leftover.append(answer.url)
    store.flush()
    asked = {k.url for k in ask} | set(result.settled) | set(result.starts) | set(result.seeds)
    links = (link for article in result.settled.values() if article for link in state.links.get(article, []))
    unasked = (u for u in links if u not in asked and scope.allows(u))
    result.seeds = list(dict.fromkeys([*result.seeds, *leftover, *unasked]))


def _head_bytes(reason: str, headers: list[tuple[str, str]]) -> int:
    """The size of a response's status line and headers, as the engine counts a bodiless answer."""
    status_line = len(f"HTTP/1.1 {HTTP_NOT_MODIFIED} {reason}\r\n")
    return status_line + sum(len(k) + len(v) + 4 for k, v in headers) + 2


class _Store:
    """Stores what the pass settles, as the archive pipeline would, in batches."""

    def __init__(self, index: Index, state: RecrawlState, result: RecheckResult) -> None:
        self.index = index
        self.result = result
        self.recorder = RecrawlRecorder(state, result.stats)
        self.fetches: list[dict[str, Any]] = []

    def settle(self, url: str, article: str | None, fetch: FetchInfo | None) -> None:
        """``url`` is done: it answered ``fetch`` (a 304), or it was checked recently (None)."""
        self.result.settled[url] = article
        unchanged = UnchangedItem(article, fetch) if article else None
        if fetch is not None:
            row = fetch.row() | {"run_id": self.result.run_id, "content_hash": None, "article_url": article}
            self.fetches.append(row)
            self.recorder.page(unchanged or PageItem(fetch), row)
            self.result.stats.inc_value("archive/pages")
        if unchanged is not None:
            self.recorder.record(unchanged)
        if len(self.fetches) + len(self.recorder) >= BATCH:
            self.flush()

    def flush(self) -> None:
        batch = Flush(self.result.run_id, fetches=self.fetches, at=datetime.now(UTC))
        self.fetches = []
        self.recorder.take(batch)
        if self.result.capture is not None:  # the records the fetch rows name are on disk first
            batch.warc_records = self.result.capture.take()
        if batch:
            store_flush(self.index, batch)
