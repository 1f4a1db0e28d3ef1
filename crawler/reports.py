"""Run reports: what a crawl did, stored in the index and printed at the end.

:class:`RunReporter` (a Scrapy extension, so Scrapyd runs get reports too) counts, for every parsed
article, which fields the parser filled, per site; and every failed fetch by kind. When the crawl
closes it stores pages, bytes, duration, articles new / changed / unchanged / gone, errors and the
fill rates in ``run_reports`` (:mod:`exporters.store.runlog`), and compares each site's fill rates with
the last earlier run of the same job that parsed enough articles of that site: a field whose rate
fell by ``ARCHIVE_FILL_DROP`` or more (default 0.2, i.e. 20 points) raises an alert, which makes
``archiver crawl`` exit with :class:`~crawler.kernel.errors.RunAlert`'s code.
"""

from __future__ import annotations

import math
import os
import socket
import time
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urlsplit

from .access_keep import KEPT_URLS_STAT
from .items import ArticleItem, PageItem
from .kernel.errors import StorageError
from .kernel.fields import FILL_FIELDS, filled
from .kernel.model import Article
from .report_text import report_lines
from .storage import FAILURE_STAT, stop_on_failure

#: A site's rates are compared only when both runs parsed at least this many of its articles.
MIN_ARTICLES = 10
#: One-sided z score a drop must reach to count (99%): a few articles that happen to lack a field
#: in a small sample are not a template change.
DROP_Z = 2.326
DEFAULT_FILL_DROP = 0.2
REPORT_STAT = "archive/report"
#: Close reasons of a crawl stopped before its end (SIGINT / SIGTERM, or cancelled).
INTERRUPTED_REASONS = ("shutdown", "cancelled")


def error_kind(fetch: Any) -> str:
    """``HTTP 404``, ``DNSLookupError``, ``TimeoutError``…: what a failed fetch is counted as."""
    status = getattr(fetch, "status", None)
    if status is not None and status >= 400:
        return f"HTTP {status}"
    error = getattr(fetch, "error", None) or "error"
    return error.split(":", 1)[0].strip() or "error"


class FillCounter:
    """Per site: articles parsed, and how many had each field filled."""

    def __init__(self) -> None:
        self.articles: Counter[str] = Counter()
        self.fields: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, url: str, article: Article) -> None:
        site = urlsplit(url).hostname or "unknown"
        self.articles[site] += 1
        for name, ok in filled(article).items():
            if ok:
                self.fields[site][name] += 1

    def rates(self) -> dict[str, dict[str, float]]:
        out = {}
        for site in sorted(self.articles):
            n = self.articles[site]
            out[site] = {"articles": n} | {f: round(self.fields[site][f] / n, 4) for f in FILL_FIELDS}
        return out


def fill_alerts(current: dict[str, dict[str, float]], earlier: list[tuple[int, dict[str, dict[str, float]]]],
                threshold: float, min_articles: int = MIN_ARTICLES) -> list[str]:
    """One message per (site, field) whose rate fell by ``threshold`` or more against the newest
    earlier run (``earlier`` is newest first) that parsed at least ``min_articles`` of the site."""
    alerts = []
    for site, rates in sorted(current.items()):
        if rates.get("articles", 0) < min_articles:
            continue
        before = next(((run, r[site]) for run, r in earlier
                       if r.get(site, {}).get("articles", 0) >= min_articles), None)
        if before is None:
            continue
        run, old = before
        for name in FILL_FIELDS:
            if name in old and name in rates and old[name] - rates[name] >= threshold - 1e-9 and \
                    significant_drop(old[name], old["articles"], rates[name], rates["articles"]):
                alerts.append(f"{site}: fill rate of {name} fell from {old[name]:.0%} to {rates[name]:.0%} "
                              f"(run {run}: {old['articles']:.0f} articles, now {rates['articles']:.0f})")
    return alerts


def significant_drop(old_rate: float, old_n: float, new_rate: float, new_n: float, z: float = DROP_Z) -> bool:
    """Two-proportion z-test: is the new rate lower than the old one beyond sampling noise?"""
    pooled = (old_rate * old_n + new_rate * new_n) / (old_n + new_n)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / old_n + 1 / new_n))
    if spread == 0:
        return old_rate > new_rate
    return (old_rate - new_rate) / spread >= z


def job_key(job: str | None, start_urls: list[str]) -> str:
    """Runs compared with each other: a job's, or URL crawls with the same start URLs."""
    return job if job else "urls:" + " ".join(sorted(start_urls))[:480]


def counts(stats: dict[str, Any]) -> dict[str, int]:
    def get(key: str) -> int:
        return int(stats.get(f"archive/{key}", 0) or 0)

    return {"pages": get("pages"), "bytes": int(stats.get("downloader/response_bytes", 0) or 0),
            "articles_new": get("new"), "articles_changed": get("updated"),
            "articles_unchanged": get("unchanged"), "articles_gone": get("gone"), "errors": get("errors"),
            "articles_kept": get("kept")}


def open_report(index: Any, run_id: int, job: str | None, start_urls: list[str],
                resumed: int | None) -> tuple[str, list[int]]:
    """Open the run's report (runs of the same job still marked running whose process is gone
    become killed); returns the job key and the runs marked killed."""
    from exporters.store import runlog
    from exporters.store.runlog import pid_alive

    key = job_key(job, start_urls)
    host = socket.gethostname()
    killed = runlog.mark_killed(index, key, lambda pid, h: h != host or (pid is not None and pid_alive(pid)))
    runlog.open_report(index, run_id, job=job, job_key=key, pid=os.getpid(), host=host, resumed_from=resumed)
    return key, killed


def close_report(index: Any, run_id: int, stats: dict[str, Any], *, fill: FillCounter,
                 errors_by_kind: dict[str, int], job: str | None, key: str, resumed: int | None,
                 threshold: float, interrupted: bool, duration: float, guards: Any = None,
                 failure: str | None = None) -> dict[str, Any]:
    """Store the run's report (counts, errors, fill rates and their alerts, the crawl guards hit;
    ``failed`` when the archive's storage failed) and return it. When the archive cannot take the
    report, it is still returned (``not_recorded`` says why)."""
    from exporters.store import runlog

    values: dict[str, Any] = counts(stats)
    logged = int(stats.get("log_count/ERROR", 0) or 0)
    errors = dict(errors_by_kind)
    if logged:
        errors["logged errors"] = logged
    values |= {"duration_s": round(duration, 3), "errors_by_kind": errors, "fill_rates": fill.rates()}
    if guards:
        values["guards"] = guards
    if stats.get(KEPT_URLS_STAT):
        values["kept"] = [list(pair) for pair in stats[KEPT_URLS_STAT]]
    status = runlog.FAILED if failure else runlog.INTERRUPTED if interrupted else runlog.FINISHED
    values["alerts"] = []
    not_recorded = None
    try:
        chain = runlog.resumed_chain(index, resumed) if resumed else frozenset()
        earlier = runlog.earlier_fill_rates(index, key, run_id, exclude=chain)
        if threshold > 0 and not failure:
            values["alerts"] = fill_alerts(values["fill_rates"], earlier, threshold)
        runlog.close_report(index, run_id, status, values)
    except StorageError as exc:  # the archive cannot take it: the report is still printed
        not_recorded = str(exc)
        if failure:
            values["storage_failure"] = failure
    report = {"run": run_id, "status": status, "job": job, **values}
    if not_recorded:
        report["not_recorded"] = not_recorded
    return report


class RunReporter:
    """Scrapy extension: collects and stores the run report (``ARCHIVE_REPORT``, on by default)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.fill = FillCounter()
        self.errors: Counter[str] = Counter()
        self.started = time.monotonic()
        self.run_id: int | None = None
        self.key = ""

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunReporter:
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.getbool("ARCHIVE_REPORT", True) or not crawler.settings.get("ARCHIVE_DIR"):
            raise NotConfigured("run reports are off")
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def _index(self) -> Any:
        from .storage import index_of

        return index_of(self.crawler)

    def _resumed(self) -> int | None:
        resumed = self.settings.get("ARCHIVE_RESUMED_FROM")
        return int(resumed) if resumed else None

    def opened(self, spider: Any) -> None:
        stats = self.crawler.stats
        self.run_id = stats.get_value("archive/run_id")
        if self.run_id is None:  # the archive pipeline is off: nothing to report into
            return
        started = stats.get_value("archive/started_monotonic")  # a re-validation pass began the run
        self.started = float(started) if started is not None else time.monotonic()
        job = self.settings.get("ARCHIVE_JOB") or None
        start_urls = list(getattr(spider, "start_urls", []) or [])
        if self.settings.get("ARCHIVE_RUN_ID"):  # begun, and its report opened, by the re-validation pass
            self.key = job_key(job, start_urls)
            return
        try:
            self.key, killed = open_report(self._index(), self.run_id, job, start_urls, self._resumed())
        except StorageError as exc:
            stop_on_failure(self.crawler, exc)
            return
        if killed:
            stats.set_value("archive/killed_runs", killed)

    def scraped(self, item: Any, response: Any = None, spider: Any = None) -> None:
        if isinstance(item, ArticleItem):
            self.fill.add(item.canonical_url, item.article)
        elif isinstance(item, PageItem) and item.kind == "error":
            self.errors[error_kind(item.fetch)] += 1

    def closed(self, spider: Any, reason: str = "finished") -> None:
        if self.run_id is None:
            return
        guard = getattr(spider, "guard", None)  # a spider trap, or a site bigger than the crawl guards
        report = close_report(
            self._index(), self.run_id, self.crawler.stats.get_stats(), fill=self.fill,
            errors_by_kind=dict(self.errors), job=self.settings.get("ARCHIVE_JOB") or None, key=self.key,
            resumed=self._resumed(), threshold=self.settings.getfloat("ARCHIVE_FILL_DROP", DEFAULT_FILL_DROP),
            interrupted=reason in INTERRUPTED_REASONS, duration=time.monotonic() - self.started,
            guards=guard.notes() if guard is not None and guard.hit else None,
            failure=self.crawler.stats.get_value(FAILURE_STAT))
        if report.get("not_recorded"):
            self.crawler.stats.set_value("archive/report_not_recorded", report.pop("not_recorded"))
        self.crawler.stats.set_value(REPORT_STAT, report)
        if self.settings.getbool("ARCHIVE_REPORT_PRINT", True):  # scrapy crawl, Scrapyd: print it too
            print("\n".join(report_lines(report)), flush=True)
