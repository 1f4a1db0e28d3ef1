"""Resuming interrupted crawls: Scrapy's JOBDIR under the archive folder, and the index's memory.

A job's crawl state lives in ``DATA/.jobs/<job>/scrapy`` (Scrapy's ``JOBDIR``: the pending request
queue and the seen-request fingerprints). Scrapy writes it consistently only when a crawl stops
gracefully (SIGINT or SIGTERM); after ``kill -9`` or a power loss its files may be half written. So:

* a crawl stopped gracefully (run status ``interrupted``) resumes from its JOBDIR;
* a crawl that died (status still ``running`` or ``killed``) has its JOBDIR discarded, and resumes
  from the index instead: ``ARCHIVE_RESUME_SINCE`` tells the re-crawl logic (:mod:`crawler.recrawl`)
  that articles stored since the interrupted run started are fresh, so they are not fetched again
  and the crawl continues through their stored related links to what is still missing;
* in both cases articles are keyed by canonical URL, so nothing is stored twice, and temporary files
  of writes cut short are removed before the crawl starts (the lock guarantees no writer is alive:
  :func:`crawler.kernel.files.remove_temp_files`).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from exporters.store import runlog
from exporters.store.index import Index

from .kernel.layout import ArchiveLayout
from .reports import job_key


def job_slug(job: str | None, start_urls: list[str]) -> str:
    """The folder name of a job's crawl state (URL crawls: a hash of their start URLs)."""
    if job:
        return re.sub(r"[^A-Za-z0-9_.-]", "_", job)[:64]
    digest = hashlib.sha1(" ".join(sorted(start_urls)).encode()).hexdigest()[:12]
    return f"urls-{digest}"


@dataclass
class ResumePlan:
    """How a run starts: fresh, or resuming run ``from_run`` (and whether its JOBDIR is reused)."""

    jobdir: Path
    from_run: int | None = None
    since: datetime | None = None
    reuse_jobdir: bool = False
    note: str = ""

    def settings(self) -> dict[str, object]:
        values: dict[str, object] = {"JOBDIR": str(self.jobdir)}
        if self.from_run is not None:
            values["ARCHIVE_RESUMED_FROM"] = self.from_run
        if self.since is not None:
            values["ARCHIVE_RESUME_SINCE"] = self.since.isoformat()
        return values


def plan(layout: ArchiveLayout, index: Index, job: str | None, start_urls: list[str],
         resume: bool) -> ResumePlan:
    """Decide how the run starts, and prepare its JOBDIR (emptied unless it is resumed)."""
    result = ResumePlan(layout.jobdir(job_slug(job, start_urls)))
    point = None
    if resume:
        point = runlog.resume_point(index, job_key(job, start_urls))
        if point is None:
            result.note = "nothing to resume (the last run finished): starting a new crawl"
    if point is not None:
        result.from_run, result.since = point["run_id"], point["since"]
        result.reuse_jobdir = point["status"] == runlog.INTERRUPTED and result.jobdir.is_dir()
        # "running" means dead: this process holds the lock
        status = point["status"] if point["status"] == runlog.INTERRUPTED else runlog.KILLED
        how = ("its request queue" if result.reuse_jobdir
               else "the index (its request queue is not trusted after a kill)")
        result.note = f"resuming run {point['run_id']} ({status}) from {how}"
    if not result.reuse_jobdir:
        discard(result.jobdir)
    return result


def discard(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)
