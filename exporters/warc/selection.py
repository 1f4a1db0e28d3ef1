"""Which WARC records belong to a selection of archived articles (filters as for ``list``).

* :func:`latest_responses`: per article, the stored response a re-parse reads (its latest fetch that
  answered 200; when that answer was stored as a revisit of an identical earlier payload, the
  response record it refers to);
* :func:`article_records`: every record of the selected articles' fetches (requests, responses,
  revisits and the responses those refer to), for WARC and WACZ exports.

Both are answered from the index (fetch rows and the WARC catalogue), never by reading the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..export import select_ids
from ..filters import Filters
from ..store.captures import WarcRecord, fetched_urls, record_by_id, records_of_uris
from ..store.captures import latest_responses as _latest
from ..store.schema import Article as ArticleRow


@dataclass
class Source:
    """The stored response of one article."""

    article_url: str
    target_uri: str
    record: dict[str, Any]  # warc_file, warc_offset, warc_length
    captured: datetime  # when that answer was received


@dataclass
class Selection:
    sources: list[Source] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # articles without a stored response
    selected: int = 0


def selected_urls(session: Session, filters: Filters | None) -> list[str]:
    ids = select_ids(session, filters)
    urls: list[str] = []
    for start in range(0, len(ids), 500):
        urls += session.scalars(select(ArticleRow.url).where(ArticleRow.id.in_(ids[start:start + 500]))
                                .order_by(ArticleRow.id))
    return urls


def _catalogued(session: Session, warc_file: str, offset: int) -> WarcRecord | None:
    return session.scalars(select(WarcRecord).where(WarcRecord.warc_file == warc_file,
                                                    WarcRecord.warc_offset == offset).limit(1)).first()


def latest_responses(session: Session, filters: Filters | None = None) -> Selection:
    urls = selected_urls(session, filters)
    latest = _latest(session, urls)
    out = Selection(selected=len(urls))
    for url in urls:
        fetch = latest.get(url)
        if fetch is None or fetch.warc_file is None:
            out.missing.append(url)
            continue
        row = _catalogued(session, fetch.warc_file, fetch.warc_offset or 0)
        if row is not None and row.record_type == "revisit" and row.refers_to:
            row = record_by_id(session, row.refers_to)  # the identical payload stored earlier
            if row is None:
                out.missing.append(url)
                continue
            where = {"warc_file": row.warc_file, "warc_offset": row.warc_offset,
                     "warc_length": row.warc_length}
        else:
            where = {"warc_file": fetch.warc_file, "warc_offset": fetch.warc_offset,
                     "warc_length": fetch.warc_length}
        out.sources.append(Source(url, fetch.url, where, fetch.fetched_at))
    return out


def article_records(session: Session, filters: Filters | None = None) -> tuple[list[WarcRecord], list[str]]:
    """The catalogued records of the selected articles, in file order, each once; and the
    selected articles' URLs (in id order)."""
    urls = selected_urls(session, filters)
    uris = set().union(*fetched_urls(session, urls).values()) if urls else set()
    records = {(r.warc_file, r.warc_offset): r for r in records_of_uris(session, uris)}
    for record in list(records.values()):
        if record.record_type == "revisit" and record.refers_to:
            original = record_by_id(session, record.refers_to)
            if original is not None:
                records.setdefault((original.warc_file, original.warc_offset), original)
    return sorted(records.values(), key=lambda r: (r.warc_file, r.warc_offset)), urls
