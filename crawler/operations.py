"""Running crawls as an operator does: one at a time, resumable, with a report.

:func:`run_operated` runs :func:`crawler.runner.crawl` under the operator's rules: it takes the
archive folder's lock (:mod:`crawler.lock`), removes temporary files left by a killed run, sets up
Scrapy's JOBDIR and the resume point (:mod:`crawler.resume`), crawls, and drops the JOBDIR once
the crawl has finished.
:func:`check_report` turns the stored run report into the exit status.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from exporters.store.failures import LOCKED_BY_WRITER
from exporters.warc.files import repair_open_files

from .kernel.errors import ArchiveLocked, Interrupted, RunAlert, StorageError
from .kernel.files import release_space, remove_temp_files, reserve_space
from .kernel.layout import ArchiveLayout
from .lock import archive_lock
from .options import CrawlOptions, CrawlResult, is_shared_url
from .reports import INTERRUPTED_REASONS, REPORT_STAT
from .resume import discard, plan
from .runner import crawl, open_archive, prepare
from .storage import FAILURE_STAT


def run_operated(opts: CrawlOptions, job: str | None = None, resume: bool = False,
                 echo: Callable[[str], None] = print) -> CrawlResult:
    """Check the options, lock the archive folder (or raise
    :class:`~crawler.kernel.errors.LockedError`), open the archive, prepare the resume point and
    crawl. ``echo`` receives one-line notes (stale
    lock, cleanup, resume)."""
    prepared = prepare(opts)  # malformed input fails before anything but the data folder exists
    layout = prepared.layout
    shared = is_shared_url(prepared.get("ARCHIVE_FRONTIER"))
    if shared and resume:
        prepared.add_settings({"ARCHIVE_FRONTIER_RESUME": True})
    with archive_lock(layout, job, shared) as lock:  # before the index is opened: a busy one may block
        if lock.stale:
            echo(f"note: took over the lock of a crawl that died (pid {lock.stale.get('pid')}, "
                 f"job {lock.stale.get('job') or '-'})")
        if not shared:  # a worker of a distributed crawl may share its folder with live workers
            removed = remove_temp_files(layout.atomic_dirs)
            if removed:
                echo(f"note: removed {len(removed)} unfinished temporary file(s) of an interrupted run")
            repaired = repair_open_files(layout)
            if repaired:
                cut = sum(n for _name, n in repaired)
                echo(f"note: closed {len(repaired)} WARC file(s) of an interrupted run"
                     + (f" (a torn last record of {cut} bytes cut)" if cut else ""))
        new = not layout.has_index
        reserved = not shared and layout.given_db_url is None and reserve_space(layout.reserve_file)
        try:
            result = _crawl(prepared, layout, job, resume, echo, new, shared)
        finally:
            if reserved:
                release_space(layout.reserve_file)
    return result


def _crawl(prepared: Any, layout: ArchiveLayout, job: str | None, resume: bool,
           echo: Callable[[str], None], new: bool, shared: bool) -> CrawlResult:
    """The locked part of :func:`run_operated`."""
    opts = prepared.opts
    index = open_archive(prepared)
    # jobs keep a JOBDIR (a gracefully stopped crawl resumes from its queue); URL crawls resume from
    # the index only, unless --resume asks for the JOBDIR too. A distributed crawl's queue is on its
    # frontier, and resumes from there.
    start = plan(layout, index, job, opts.start_urls, resume) if (job or resume) and not shared else None
    if start is not None:
        if start.note and resume:
            echo(start.note)
        prepared.add_settings(start.settings())  # a -s JOBDIR=… of the user's wins
    if job:
        prepared.add_settings({"ARCHIVE_JOB": job})
    result = crawl(prepared, index, job, resumed_from_queue=start is not None and start.reuse_jobdir,
                   new_archive=new)
    if result.stats.get(FAILURE_STAT) and not shared:  # files staged for pages the crawl did not store
        remove_temp_files(layout.atomic_dirs)
    if start is not None and result.stats.get("finish_reason") not in INTERRUPTED_REASONS:
        discard(start.jobdir)
    if new and not shared and result.fetched_nothing and result.count("articles") == 0:
        discard_archive(layout)  # nothing answered: leave no empty archive behind
    return result


def discard_archive(layout: ArchiveLayout) -> None:
    """Remove an archive this run created and filled with nothing (its index, the lock file, the
    folders it made, the folder itself when empty); anything else in the folder stays."""
    if layout.given_db_url is not None:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{layout.db_file}{suffix}").unlink(missing_ok=True)
    for folder in (layout.jobs_dir, layout.articles_dir, layout.media_dir, layout.warc_dir):
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
    layout.lock_file.unlink(missing_ok=True)
    layout.reserve_file.unlink(missing_ok=True)
    try:
        layout.root.rmdir()
    except OSError:
        pass  # not empty: the user's own files stay


def report_of(result: CrawlResult) -> dict[str, Any] | None:
    report = result.stats.get(REPORT_STAT)
    return report if isinstance(report, dict) else None


def check_storage(result: CrawlResult) -> None:
    """Raise :class:`~crawler.kernel.errors.StorageError` (exit 3) when the archive's storage
    failed during the run: one line saying what failed, what was kept and what to do."""
    failure = result.stats.get(FAILURE_STAT)
    if not failure:
        return
    stored = sum(result.count(k) for k in ("new", "updated", "unchanged"))
    kept = (f"the crawl stopped; the {stored} articles stored before it are complete (every file has "
            "its index row)")
    if failure.startswith(LOCKED_BY_WRITER):
        raise ArchiveLocked(f"{failure}; {kept}")
    raise StorageError(f"the archive's storage failed: {failure}; {kept}. Free some space (or fix the "
                       "disk), then run the same command again: it archives the rest")


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
