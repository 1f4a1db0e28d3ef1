"""The crawl's WARC files, shared by the components that write them or name their records.

:class:`WarcCapture` (one per crawl, :meth:`WarcCapture.of`) turns an exchange Scrapy saw into WARC
records (:mod:`exporters.warc.records`) in the run's rotating files (:mod:`exporters.warc.files`):
a ``request`` and a ``response`` record, or a ``revisit`` record when the answer adds nothing (a
``304``, or a body whose payload digest equals that of the URL's last stored response). Before the
first record it repairs the files a killed crawl left open and learns each URL's last stored
response from the index. The capture middleware (:mod:`crawler.middlewares.warc`) feeds it; the
archive pipeline calls :meth:`WarcCapture.commit` before each index batch, which syncs the open
file before the batch (and the catalogue rows of its records) can name a record.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, TypeVar

from scrapy.http import Request, Response

from exporters.warc.files import DEFAULT_MAX_SIZE, Pointer, WarcFiles, repair_open_files
from exporters.warc.records import (
    IDENTICAL_PROFILE,
    NOT_MODIFIED_PROFILE,
    Exchange,
    Previous,
    builder,
    fields_record,
    request_record,
    response_record,
    revisit_record,
)

from .storage import index_of, layout_of

_CAPTURE = "_archive_warc_capture"
T = TypeVar("T")


def _headers(headers: Any) -> list[tuple[str, str]]:
    out = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for value in values:
            out.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return out


def exchange_of(request: Request, response: Response, when: datetime) -> Exchange:
    """The exchange Scrapy saw, as plain values."""
    return Exchange(url=response.url, method=request.method, request_headers=_headers(request.headers),
                    status=response.status, response_headers=_headers(response.headers), body=response.body,
                    date=when, protocol=getattr(response, "protocol", None) or "HTTP/1.1",
                    ip_address=str(response.ip_address) if getattr(response, "ip_address", None) else None,
                    truncated="dataloss" in response.flags)


class WarcCapture:
    """The crawl's WARC files and what they already hold; shared by the middleware and the pipeline
    (which calls :meth:`commit` before each index batch).

    Building, compressing and writing records runs on one writer thread, in the order the answers
    arrive (zlib and the digests release the GIL, so that work overlaps the crawl's own); a sync and
    the catalogue rows are taken on that thread too, after every record submitted before them. With
    another reactor than asyncio's, the same work runs inline."""

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.layout = layout_of(settings)
        self.max_size = settings.getint("ARCHIVE_WARC_MAX_SIZE", DEFAULT_MAX_SIZE)
        self.files: WarcFiles | None = None
        self.previous: dict[str, Previous] = {}  # writer thread only, once open
        self.pending: list[dict[str, Any]] = []  # catalogue rows of records not yet committed
        self.build = builder()
        self.run_id: int | None = None
        self.writer: ThreadPoolExecutor | None = None

    @classmethod
    def of(cls, crawler: Any) -> WarcCapture | None:
        """The crawl's capture (None when ``ARCHIVE_WARC`` is off)."""
        if not crawler.settings.getbool("ARCHIVE_WARC", True) or not crawler.settings.get("ARCHIVE_DIR"):
            return None
        capture = getattr(crawler, _CAPTURE, None)
        if capture is None:
            capture = cls(crawler)
            setattr(crawler, _CAPTURE, capture)
        return capture

    def open(self) -> None:
        """Before the first record: close what a killed crawl left open, learn the stored digests."""
        if self.files is not None:
            return
        from scrapy.utils.reactor import is_asyncio_reactor_installed

        stats = self.crawler.stats
        for _name, cut in repair_open_files(self.layout):
            stats.inc_value("archive/warc_repaired")
            if cut:
                stats.inc_value("archive/warc_bytes_cut", cut)
        index = index_of(self.crawler)
        self.previous = {url: Previous(*value) for url, value in index.warc_state().items()}
        self.run_id = stats.get_value("archive/run_id")
        settings = self.crawler.settings
        info = {"robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                "http-header-user-agent": settings.get("USER_AGENT") or ""}
        self.files = WarcFiles(self.layout, self.run_id, self.max_size, info)
        if is_asyncio_reactor_installed():
            self.writer = ThreadPoolExecutor(1, thread_name_prefix="warc-writer")

    def _on_writer(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on the writer thread, after everything submitted before; waits for it."""
        if self.writer is None:
            return fn(*args)
        return self.writer.submit(fn, *args).result()

    async def capture(self, request: Request, response: Response) -> Pointer:
        """Write the exchange's records; returns the pointer of the answer's record."""
        self.open()
        exchange = exchange_of(request, response, datetime.now(UTC))
        if self.writer is None:
            pointer = self._write(exchange)
        else:
            pointer = await asyncio.wrap_future(self.writer.submit(self._write, exchange))
        stats = self.crawler.stats
        stats.inc_value(f"archive/warc_{pointer.record_type}s")
        return pointer

    def _write(self, exchange: Exchange) -> Pointer:
        assert self.files is not None
        previous = self.previous.get(exchange.url)
        if exchange.status == 304:
            answer = revisit_record(self.build, exchange, previous, NOT_MODIFIED_PROFILE)
        else:
            answer = response_record(self.build, exchange)
            digest = answer.rec_headers.get_header("WARC-Payload-Digest")
            if previous is not None and digest == previous.digest and not exchange.truncated:
                answer = revisit_record(self.build, exchange, previous, IDENTICAL_PROFILE)
        answer_id = answer.rec_headers.get_header("WARC-Record-ID")
        pointers = self.files.write([request_record(self.build, exchange, answer_id), answer])
        pointer = pointers[-1]
        if pointer.record_type == "response" and pointer.payload_digest and not exchange.truncated:
            self.previous[exchange.url] = Previous(pointer.payload_digest, pointer.record_id,
                                                   pointer.warc_date)
        self.pending += [p.catalogue_row(self.run_id) for p in pointers]
        return pointer

    def _sync(self) -> list[dict[str, Any]]:
        assert self.files is not None
        self.files.sync()
        rows, self.pending = self.pending, []
        return rows

    def sync_now(self) -> list[dict[str, Any]]:
        """:meth:`sync_soon`, waiting for it here."""
        if self.files is None:
            return []
        rows = self._on_writer(self._sync)
        self.crawler.stats.set_value("archive/warc_bytes", self.files.bytes_written)
        return rows

    async def sync_soon(self) -> list[dict[str, Any]]:
        """Sync the open file (on the writer thread, without holding up the crawl) and return the
        catalogue rows of the records written since the last sync: they may now be named."""
        if self.files is None:
            return []
        if self.writer is None:
            rows = self._sync()
        else:
            rows = await asyncio.wrap_future(self.writer.submit(self._sync))
        self.crawler.stats.set_value("archive/warc_bytes", self.files.bytes_written)
        return rows

    async def commit_soon(self, index: Any) -> None:
        """:meth:`commit`, waiting for the sync without holding up the crawl."""
        if self.files is None:
            return
        if self.writer is None:
            self.commit(index)
            return
        rows = await asyncio.wrap_future(self.writer.submit(self._sync))
        if rows:
            index.record_warc(rows)
        self.crawler.stats.set_value("archive/warc_bytes", self.files.bytes_written)

    def commit(self, index: Any) -> None:
        """Sync the open file, then catalogue its records: the index names only records on disk."""
        if self.files is None:
            return
        rows = self._on_writer(self._sync)
        if rows:
            index.record_warc(rows)
        self.crawler.stats.set_value("archive/warc_bytes", self.files.bytes_written)

    def _close(self, fields: list[tuple[str, str]] | None) -> None:
        assert self.files is not None
        if fields is not None and self.files.fh is not None:
            record = fields_record(self.build, "metadata", f"urn:x-article-archiver:run:{self.run_id or 0}",
                                   fields, datetime.now(UTC))
            self.pending += [p.catalogue_row(self.run_id) for p in self.files.write([record])]
        self.files.close()

    def close(self, fields: list[tuple[str, str]] | None = None) -> None:
        """The run's ``metadata`` record, then the last file closed (synced, marker removed)."""
        if self.files is None:
            return
        self._on_writer(self._close, fields)
        if self.writer is not None:
            self.writer.shutdown(wait=True)
            self.writer = None
        self.crawler.stats.set_value("archive/warc_files", len(self.files.files))
        self.crawler.stats.set_value("archive/warc_bytes", self.files.bytes_written)
