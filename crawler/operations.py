"""Running crawls as an operator does: one at a time, resumable, with a report.

:func:`run_operated` wraps :func:`crawler.runner.run_crawl`: it takes the archive folder's lock
(:mod:`crawler.lock`), removes temporary files left by a killed run, sets up Scrapy's JOBDIR and the
resume point (:mod:`crawler.resume`), crawls, and drops the JOBDIR once the crawl has finished.
:func:`check_report` turns the stored run report into the exit status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .kernel.errors import Interrupted, RunAlert
from .kernel.urls import validate_start_url
from .lock import RunLock
from .reports import INTERRUPTED_REASONS, REPORT_STAT
from .resolver import parse_resolve_rules
from .resume import clean_temp_files, discard, plan
from .runner import CrawlOptions, CrawlResult, build_settings, check_data_dir, run_crawl, validate


def run_operated(opts: CrawlOptions, job: str | None = None, resume: bool = False,
                 echo: Callable[[str], None] = print) -> CrawlResult:
    """Validate, lock the archive folder (or raise :class:`~crawler.kernel.errors.LockedError`), prepare
    the resume point and crawl. ``echo`` receives one-line notes (stale lock, cleanup, resume)."""
    from .pipelines import database_url

    for url in opts.start_urls:  # malformed input fails before anything is created
        validate_start_url(url)
    parse_resolve_rules(opts.resolve)
    check_data_dir(opts.data_dir)
    with RunLock(opts.data_dir, job) as lock:  # before the index is opened: a busy one may block
        validate(opts)
        if lock.stale:
            echo(f"note: took over the lock of a crawl that died (pid {lock.stale.get('pid')}, "
                 f"job {lock.stale.get('job') or '-'})")
        removed = clean_temp_files(opts.data_dir)
        if removed:
            echo(f"note: removed {len(removed)} unfinished temporary file(s) of an interrupted run")
        db_url = database_url(build_settings(opts))
        # jobs keep a JOBDIR (a gracefully stopped crawl resumes from its queue); URL crawls
        # resume from the index only, unless --resume asks for the JOBDIR too
        start = plan(opts.data_dir, job, opts.start_urls, db_url, resume) if job or resume else None
        if start is not None:
            if start.note and resume:
                echo(start.note)
            opts.settings = {**start.settings(), **opts.settings}  # a -s JOBDIR=… of the user's wins
        if job:
            opts.settings.setdefault("ARCHIVE_JOB", job)
        result = run_crawl(opts)
        if start is not None and result.stats.get("finish_reason") not in INTERRUPTED_REASONS:
            discard(start.jobdir)
    return result


def report_of(result: CrawlResult) -> dict[str, Any] | None:
    report = result.stats.get(REPORT_STAT)
    return report if isinstance(report, dict) else None


def check_report(result: CrawlResult, resume_hint: str) -> None:
    """Raise when the run was interrupted (exit 130) or a fill rate fell (exit 5)."""
    report = report_of(result)
    if report is None:
        return
    if report.get("status") == "interrupted":
        raise Interrupted(f"the crawl was interrupted; continue it with: {resume_hint}")
    alerts = report.get("alerts") or []
    if alerts:
        more = f" (and {len(alerts) - 1} more)" if len(alerts) > 1 else ""
        raise RunAlert(f"extraction may be broken: {alerts[0]}{more}")
