"""One run at a time per archive folder: a lock file holding the running crawl's pid.

The file is ``DATA/.archiver.lock``. It is locked with ``flock`` while a crawl runs, so the kernel
releases it the moment the process dies, even on ``kill -9``; a lock file left behind by a dead
process is therefore taken over silently (its old content is reported as the stale holder). The
file's content (pid, job, host, start time) names the holder in the message a second run prints.

When the index is PostgreSQL, several machines may crawl into it, each with its own folder: the
lock is then a PostgreSQL advisory lock (:class:`DatabaseLock`), held by a connection of the
crawl's own, which the server releases the moment the crawl's process dies. The workers of one
distributed crawl (a shared frontier) hold it together; a crawl of its own holds it alone, so a
crawl and a distributed crawl never write one index at the same time.

``LockExtension`` applies the same lock to crawls started by ``scrapy crawl`` or Scrapyd; a crawl
started by ``archiver crawl`` already holds it, and the extension then does nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from .kernel.errors import LockedError, StorageError
from .kernel.files import remove_temp_files
from .kernel.layout import ArchiveLayout

#: Lock files this process holds, by resolved path: a second acquisition in-process is a no-op.
_HELD: dict[str, RunLock] = {}


class RunLock:
    """``with RunLock(data_dir, job="news"):`` holds the archive folder's lock or raises
    :class:`LockedError` at once (exit code 75) when another live process holds it."""

    def __init__(self, archive: ArchiveLayout | Path | str, job: str | None = None) -> None:
        self.path = _lock_file(archive)
        self.job = job
        self.fd: int | None = None
        self.stale: dict[str, Any] | None = None  # the previous holder, when it died holding the lock

    @property
    def held(self) -> bool:
        return self.fd is not None

    def acquire(self) -> RunLock:
        key = str(self.path.resolve())
        if key in _HELD:
            raise LockedError(f"{self.path.parent} is already being crawled by this process")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StorageError(f"cannot create the lock file {self.path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _read(fd)
            os.close(fd)
            raise LockedError(self._busy_message(holder)) from None
        previous = _read(fd)
        if previous.get("pid") and previous.get("pid") != os.getpid():
            self.stale = previous  # its holder died (or its flock was lost): take it over
        record = {"pid": os.getpid(), "job": self.job, "host": socket.gethostname(),
                  "started_at": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(record) + "\n").encode(), 0)
        os.fsync(fd)
        self.fd = fd
        _HELD[key] = self
        return self

    def _busy_message(self, holder: dict[str, Any]) -> str:
        pid = holder.get("pid")
        who = f"pid {pid}" if pid else "another process"
        if holder.get("job"):
            who += f", job {holder['job']}"
        if holder.get("started_at"):
            who += f", since {holder['started_at']}"
        return f"another crawl is running in {self.path.parent} ({who}); this run exits without crawling"

    def release(self) -> None:
        if self.fd is None:
            return
        _HELD.pop(str(self.path.resolve()), None)
        try:
            os.ftruncate(self.fd, 0)  # an empty lock file marks a clean exit
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


class DatabaseLock:
    """The run lock of an archive whose index is PostgreSQL (see the module doc); ``shared``: a
    worker of a distributed crawl. Same interface as :class:`RunLock`; ``stale`` is always None
    (the server drops a dead holder's lock itself)."""

    def __init__(self, layout: ArchiveLayout, job: str | None = None, shared: bool = False) -> None:
        from exporters.store.postgres import AdvisoryLock

        self.url = layout.db_url
        self.lock = AdvisoryLock(self.url, job, shared)
        self.shared = shared
        self.stale: dict[str, Any] | None = None

    @property
    def held(self) -> bool:
        return self.lock.conn is not None

    def acquire(self) -> DatabaseLock:
        from exporters.store.index import describe_url

        if self.url in _HELD:
            raise LockedError(f"{describe_url(self.url)} is already being crawled by this process")
        if not self.lock.acquire():
            holders = self.lock.holders()
            who = "; ".join(_describe(h) for h in holders[:3]) or "another process"
            shared = any(h.get("mode") == "shared" for h in holders)
            kind = "a distributed crawl" if shared else "another crawl"
            raise LockedError(f"{kind} is writing the index {describe_url(self.url)} ({who}); "
                              "this run exits without crawling")
        _HELD[self.url] = self  # type: ignore[assignment]
        return self

    def release(self) -> None:
        if self.held:
            _HELD.pop(self.url, None)
        self.lock.release()

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _describe(holder: dict[str, Any]) -> str:
    out = f"pid {holder['pid']}" if holder.get("pid") else "a process"
    if holder.get("host"):
        out += f" on {holder['host']}"
    if holder.get("job"):
        out += f", job {holder['job']}"
    if holder.get("started_at"):
        out += f", since {holder['started_at']}"
    return out


def archive_lock(layout: ArchiveLayout, job: str | None = None,
                 shared: bool = False) -> RunLock | DatabaseLock:
    """The run lock of the archive: the folder's lock file, or an advisory lock in its PostgreSQL
    index (``shared`` for a worker of a distributed crawl)."""
    from exporters.store.postgres import is_postgres

    if layout.given_db_url and is_postgres(layout.given_db_url):
        return DatabaseLock(layout, job, shared)
    return RunLock(layout, job)


def _read(fd: int) -> dict[str, Any]:
    try:
        data = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
        value = json.loads(data) if data else {}
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _lock_file(archive: ArchiveLayout | Path | str) -> Path:
    layout = archive if isinstance(archive, ArchiveLayout) else ArchiveLayout(archive)
    return layout.lock_file


def read_holder(archive: ArchiveLayout | Path | str) -> dict[str, Any] | None:
    """Who holds the archive folder's lock now (``None`` when nobody does)."""
    path = _lock_file(archive)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return _read(fd) or {"pid": None}
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def is_held_here(archive: ArchiveLayout | Path | str) -> bool:
    if isinstance(archive, ArchiveLayout) and archive.given_db_url and archive.given_db_url in _HELD:
        return True
    return str(_lock_file(archive).resolve()) in _HELD


class LockExtension:
    """Takes the archive folder's lock for crawls not started by ``archiver crawl`` (Scrapyd)."""

    def __init__(self, lock: RunLock | DatabaseLock) -> None:
        self.lock = lock

    @classmethod
    def from_crawler(cls, crawler: Any) -> LockExtension:
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        settings = crawler.settings
        if not settings.getbool("ARCHIVE_LOCK", True) or not settings.get("ARCHIVE_DIR"):
            raise NotConfigured("the archive lock is off")
        layout = ArchiveLayout.from_settings(settings)
        if is_held_here(layout):
            raise NotConfigured("the archive lock is already held by this process")
        from .options import is_shared_url as is_shared

        shared = is_shared(settings.get("ARCHIVE_FRONTIER"))
        ext = cls(archive_lock(layout, settings.get("ARCHIVE_JOB") or None, shared).acquire())
        if not shared:  # other workers may be writing into a shared folder
            remove_temp_files(layout.atomic_dirs)
        crawler.signals.connect(ext.release, signal=signals.engine_stopped)
        return ext

    def release(self, *args: Any, **kwargs: Any) -> None:
        self.lock.release()
