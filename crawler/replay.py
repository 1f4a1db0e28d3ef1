"""A download handler that answers from the archive's WARC files: the network of a re-parse.

``archiver reparse`` runs the crawl's machinery with this handler for ``http`` and ``https``, so no
request can leave the machine. A request names the record to answer with in its meta
(:data:`META_REPLAY`: file, offset, length); the answer is that ``response`` record's status, headers
and body as they were received, and then goes through the same downloader middlewares as a
crawl's (a gzip-encoded body is inflated by Scrapy's compression middleware, exactly as it was then).
A request without a stored record is refused.
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from exporters.warc.reader import RecordError, read_record
from exporters.warc.records import ORIGINAL_PREFIX

from .storage import layout_of

#: Request meta: the stored record to answer with ({"warc_file", "warc_offset", "warc_length"}).
META_REPLAY = "archive_replay"
#: Flag of every response a re-parse reads from the WARC files.
REPLAYED = "replayed"


class WarcReplayHandler(BaseDownloadHandler):
    """Answers requests with stored WARC response records; never opens a connection."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.layout = layout_of(crawler.settings)

    async def download_request(self, request: Request) -> Response:
        where = request.meta.get(META_REPLAY)
        if not where:
            raise IgnoreRequest(f"{request.url}: no stored response to re-parse (no network here)")
        try:
            record = read_record(self.layout, where["warc_file"], where["warc_offset"], where["warc_length"])
        except RecordError as exc:
            raise IgnoreRequest(f"{request.url}: {exc}") from None
        if record.record_type != "response" or record.http is None:
            raise IgnoreRequest(f"{request.url}: the stored record is a {record.record_type}, not a response")
        headers = Headers([(name, value) for name, value in record.http.headers
                           if not name.startswith(ORIGINAL_PREFIX)])
        url = record.uri or request.url
        cls = responsetypes.from_args(headers=headers, url=url, body=record.payload)
        return cls(url=url, status=record.status or 200, headers=headers, body=record.payload,
                   request=request, flags=[REPLAYED], protocol=record.http.protocol or None)
