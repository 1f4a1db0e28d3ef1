"""Web-archive exports: the stored WARC records of the selected articles (``warc``), or a WACZ
package of them with a CDXJ index and a page list (``wacz``), for pywb and ReplayWeb.page.

Unlike the other formats they do not render articles: they copy what the crawl received
(:mod:`exporters.warc.bundle`). Each writes one file (``--to NAME.warc.gz`` / ``NAME.wacz``) and its
``NAME.manifest.json`` beside it.
"""

from __future__ import annotations

from datetime import datetime
from typing import BinaryIO

from sqlalchemy.orm import Session

from crawler.kernel.layout import ArchiveLayout

from ..filters import Filters
from ..warc.bundle import Bundle, Progress, write_wacz, write_warc
from .base import Format


class WarcFormat(Format):
    name = "warc"
    description = "the selected articles' WARC records (requests, responses, revisits), as received"
    archive_suffix = ".warc.gz"

    def write(self, session: Session, layout: ArchiveLayout, filters: Filters | None, out: BinaryIO,
              name: str, when: datetime, progress: Progress | None = None) -> Bundle:
        return write_warc(session, layout, filters, out, name, when, progress)


class WaczFormat(Format):
    name = "wacz"
    description = ("WACZ 1.1.1: the selected articles' WARC records, a CDXJ index, pages.jsonl, "
                   "datapackage.json")
    archive_suffix = ".wacz"

    def write(self, session: Session, layout: ArchiveLayout, filters: Filters | None, out: BinaryIO,
              name: str, when: datetime, progress: Progress | None = None) -> Bundle:
        return write_wacz(session, layout, filters, out, when, name, progress)
