"""The re-validation pass's answers as WARC records, as the crawl's capture writes them.

Each 304 is a ``request`` record and a ``revisit`` record (profile *server-not-modified*) that
refers to the URL's last stored response; each robots.txt read is a ``request`` and a ``response``
(or an identical-payload ``revisit``) record. Pages that did not answer 304 are not recorded here:
the pass does not read their bodies, and the crawl engine fetches them again, and captures them.
The files are the run's (``DATA/warc/run-<run>-<seq>.warc.gz``); the engine, if it runs after the
pass, continues with the next sequence number. Without Scrapy.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from exporters.warc.files import DEFAULT_MAX_SIZE, WarcFiles
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

from .kernel.layout import ArchiveLayout
from .revalidate import HTTP_NOT_MODIFIED, Answer


class PassCapture:
    """The WARC records of one pass; :meth:`take` syncs them and hands over their catalogue rows."""

    def __init__(self, layout: ArchiveLayout, run_id: int, index: Any, get: Any, stats: Any) -> None:
        info = {"robots": "obey" if get("ROBOTSTXT_OBEY", True) else "ignore",
                "http-header-user-agent": str(get("USER_AGENT", "") or "")}
        self.files = WarcFiles(layout, run_id, int(get("ARCHIVE_WARC_MAX_SIZE", DEFAULT_MAX_SIZE)), info)
        self.run_id = run_id
        self.previous = {url: Previous(*value) for url, value in index.warc_state().items()}
        self.build = builder()
        self.rows: list[dict[str, Any]] = []
        self.stats = stats  # the crawl's counters of WARC records and bytes, as its capture keeps them

    def record(self, answer: Answer) -> dict[str, Any]:
        """Write the answer's records; returns the fetch row's WARC fields of its answer record."""
        exchange = Exchange(url=answer.url, method="GET", request_headers=list(answer.request_headers),
                            status=answer.status or 0, response_headers=list(answer.response_headers),
                            body=answer.body, date=answer.fetched_at)
        previous = self.previous.get(answer.url)
        if answer.status == HTTP_NOT_MODIFIED:
            record = revisit_record(self.build, exchange, previous, NOT_MODIFIED_PROFILE)
        else:
            record = response_record(self.build, exchange)
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            if previous is not None and digest == previous.digest:
                record = revisit_record(self.build, exchange, previous, IDENTICAL_PROFILE)
        answer_id = record.rec_headers.get_header("WARC-Record-ID")
        pointers = self.files.write([request_record(self.build, exchange, answer_id), record])
        self.rows += [p.catalogue_row(self.run_id) for p in pointers]
        pointer = pointers[-1]
        self.stats.inc_value(f"archive/warc_{pointer.record_type}s")
        self.stats.set_value("archive/warc_bytes", self.files.bytes_written)
        return {"warc_file": pointer.warc_file, "warc_offset": pointer.warc_offset,
                "warc_length": pointer.warc_length, "payload_digest": pointer.payload_digest}

    def take(self) -> list[dict[str, Any]]:
        """Sync the open file; the catalogue rows of the records written since the last call."""
        self.files.sync()
        rows, self.rows = self.rows, []
        return rows

    def close(self, fields: list[tuple[str, str]] | None = None) -> list[dict[str, Any]]:
        """The run's ``metadata`` record when the pass ends the run (``fields``), then the file
        closed; returns the last catalogue rows."""
        if fields is not None and self.files.fh is not None:
            uri = f"urn:x-article-archiver:run:{self.run_id}"
            record = fields_record(self.build, "metadata", uri, fields, datetime.now(UTC))
            self.rows += [p.catalogue_row(self.run_id) for p in self.files.write([record])]
        self.files.close()
        self.stats.set_value("archive/warc_bytes", self.files.bytes_written)
        rows, self.rows = self.rows, []
        return rows
