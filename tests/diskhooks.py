"""A disk that fills up, for the storage tests on machines where a small tmpfs cannot be mounted.

``python -c "import tests.diskhooks as d; d.main()" crawl …`` with these environment variables:

* ``DISK_LIMIT``: bytes the archive's files may take in all; the write that goes past it fails
  with ``DISK_ERROR`` (default ``ENOSPC``; ``EIO`` and ``EROFS`` too), as the kernel would fail it;
* ``DB_MAX_PAGES``: the index may grow to this many pages (SQLite's ``max_page_count``); past it
  SQLite fails the transaction with ``database or disk is full``, as on a full disk.

The hooks wrap the real code paths (``crawler.kernel.files`` writing through ``os.fdopen``, and the
index's SQLite connections); nothing else changes. Markdown files are written in this process
(``ARCHIVE_WORKERS=0`` is set), so that one limit counts every file.
"""

from __future__ import annotations

import errno
import os
from typing import Any

LIMIT = int(os.environ.get("DISK_LIMIT", "0") or 0)
ERROR = getattr(errno, os.environ.get("DISK_ERROR", "ENOSPC"))
MAX_PAGES = int(os.environ.get("DB_MAX_PAGES", "0") or 0)
_written = [0]


class _FillingFile:
    """A file whose writes fail once the disk's limit is reached."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fh, name)

    def write(self, data: bytes) -> int:
        if LIMIT and _written[0] + len(data) > LIMIT:
            raise OSError(ERROR, os.strerror(ERROR))
        _written[0] += len(data)
        return self.fh.write(data)


class _OsOnAFillingDisk:
    """``os`` as ``crawler.kernel.files`` sees it, with files that fill the disk."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
        return _FillingFile(self._real.fdopen(fd, *args, **kwargs))


def install() -> None:
    from sqlalchemy import event

    from crawler.kernel import files
    from exporters.store import sqlite

    files.os = _OsOnAFillingDisk(os)
    if MAX_PAGES:
        original = sqlite.install_sqlite_hooks

        def install_sqlite_hooks(engine: Any) -> None:
            original(engine)

            @event.listens_for(engine, "connect")
            def _limit(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.execute(f"PRAGMA max_page_count={MAX_PAGES}")

        sqlite.install_sqlite_hooks = install_sqlite_hooks
        from exporters.store import index

        index.install_sqlite_hooks = install_sqlite_hooks


def main() -> None:
    install()
    from crawler.cli import main as cli_main

    cli_main()
