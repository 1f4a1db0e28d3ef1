"""Fault injection for the kill tests: run ``archiver`` with a hook that stops at a chosen point.

``python -c "import tests.killhooks as k; k.main()" crawl …`` with these environment variables:

* ``KILL_POINT``: ``item`` (after the Nth page reached the pipeline), ``batch`` (after the Nth batch of
  articles was committed to the index), ``stored`` (in the crawl, once the index writer process
  acknowledged the Nth batch as committed), ``transaction`` (inside the Nth batch's transaction, before its
  commit), ``write`` (in the middle of writing the Nth Markdown file: half of it is in the
  temporary file) or ``warc`` (in the middle of writing the Nth WARC record: half of its gzip member
  is in the file, flushed to disk);
* ``KILL_AFTER``: N (default 1);
* ``KILL_MARKER``: a file the hook creates (holding the pid) once the point is reached;
* ``KILL_PAUSE``: seconds to wait there before going on (default: wait until killed).

The hooks wrap the real code paths (the pipeline, the index, ``crawler.kernel.files.atomic_write``);
nothing is simulated but where the process stops.
"""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path
from typing import Any

POINT = os.environ.get("KILL_POINT", "")
AFTER = int(os.environ.get("KILL_AFTER", "1"))
MARKER = Path(os.environ.get("KILL_MARKER", "kill-marker"))
PAUSE = float(os.environ.get("KILL_PAUSE", "120"))
_counts: dict[str, int] = {}


def _reached(point: str) -> bool:
    _counts[point] = _counts.get(point, 0) + 1
    return POINT == point and _counts[point] == AFTER


def _stop_here() -> None:
    """Tell the test where we are, then wait for the signal (or ``KILL_PAUSE`` seconds)."""
    tmp = MARKER.with_suffix(".part")
    tmp.write_text(str(os.getpid()))
    tmp.replace(MARKER)
    time.sleep(PAUSE)


class _HalfWriter:
    """A file whose ``write`` stores half of the data, then stops: a write cut short by a kill."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()

    def fileno(self) -> int:
        return self.fh.fileno()

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        os.fsync(self.fh.fileno())
        _stop_here()
        return self.fh.write(data[len(data) // 2:])

    def flush(self) -> None:
        self.fh.flush()


class _OsWithHalfWrites:
    """``os`` as ``crawler.kernel.files`` sees it, with ``fdopen`` cutting the Nth write short."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
        fh = self._real.fdopen(fd, *args, **kwargs)
        return _HalfWriter(fh) if _reached("write") else fh


def install() -> None:
    from crawler.kernel import files
    from crawler.pipelines import ArchivePipeline
    from exporters.store import index, writer

    original_item = ArchivePipeline.process_item

    @functools.wraps(original_item)
    async def process_item(self: Any, item: Any, spider: Any = None) -> Any:
        result = await original_item(self, item, spider)
        if _reached("item"):
            _stop_here()
        return result

    from crawler.index_writer import IndexWriter

    original_store = IndexWriter.store

    @functools.wraps(original_store)
    async def store(self: Any, flush: Any) -> Any:
        result = await original_store(self, flush)
        if _reached("stored"):
            _stop_here()
        return result

    original_upsert = index.Index.upsert_articles

    @functools.wraps(original_upsert)
    def upsert_articles(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original_upsert(self, *args, **kwargs)
        if _reached("batch"):
            _stop_here()
        return result

    original_batch = writer.BatchWriter.upsert

    @functools.wraps(original_batch)
    def upsert(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original_batch(self, *args, **kwargs)
        if _reached("transaction"):
            _stop_here()
        return result

    from exporters.warc import files as warc_files

    original_append = warc_files.WarcFiles._append

    @functools.wraps(original_append)
    def _append(self: Any, record: Any) -> Any:
        if _reached("warc") and self.fh is not None:
            member = warc_files.gzip_member(warc_files.serialize(record), self.level)
            self.fh.write(member[: len(member) // 2])
            self.fh.flush()
            os.fsync(self.fh.fileno())
            _stop_here()
        return original_append(self, record)

    warc_files.WarcFiles._append = _append
    ArchivePipeline.process_item = process_item
    IndexWriter.store = store
    index.Index.upsert_articles = upsert_articles
    writer.BatchWriter.upsert = upsert
    files.os = _OsWithHalfWrites(os)


def main() -> None:
    install()
    from crawler.cli import main as cli_main

    cli_main()
