"""The selected articles' stored records, as one WARC file or as a WACZ package.

:func:`write_warc` starts the file with a ``warcinfo`` record, then copies every catalogued record of
the selected articles (:func:`~.selection.article_records`: their requests, responses and revisits,
and the responses those revisits refer to) gzip member by gzip member, exactly as stored: digests and
record ids are those of the crawl. It returns the CDXJ lines of the new file.

:func:`write_wacz` packages that file as WACZ 1.1.1 (a ZIP): ``archive/data.warc.gz`` (stored, not
deflated, so replay tools can seek into it), ``indexes/index.cdx`` (CDXJ), ``pages/pages.jsonl`` (one
page per article with its title and dates) and ``datapackage.json`` listing every file with its
SHA-256, with ``datapackage-digest.json`` beside it. The same archive and selection give the same
bytes: record ids, dates and ZIP entry times come from the archive, never the clock.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from crawler.kernel.errors import StorageError
from crawler.kernel.layout import ArchiveLayout
from crawler.kernel.timestamps import format_timestamp

from ..filters import Filters
from ..store.schema import Article as ArticleRow
from .cdx import cdxj_line
from .files import gzip_member, serialize
from .reader import RecordError, parse_member, raw_member
from .records import SOFTWARE, builder, warcinfo_record
from .selection import article_records, latest_responses

WACZ_VERSION = "1.1.1"
WACZ_WARC = "data.warc.gz"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
Progress = Callable[[int, int], None]


@dataclass
class Bundle:
    articles: int = 0
    records: int = 0
    bytes: int = 0
    cdxj: list[str] = field(default_factory=list)


def write_warc(session: Session, layout: ArchiveLayout, filters: Filters | None, out: BinaryIO, name: str,
               when: datetime, progress: Progress | None = None) -> Bundle:
    """Copy the selected articles' records into ``out`` (a WARC file called ``name``)."""
    records, urls = article_records(session, filters)
    bundle = Bundle(articles=len(urls))
    info = warcinfo_record(builder(), name, when, {"description": f"{len(urls)} archived articles"},
                           seed=f"warcinfo:{name}:{when.isoformat()}:{len(records)}")
    head = gzip_member(serialize(info))
    out.write(head)
    offset = len(head)
    for done, row in enumerate(records, 1):
        try:
            raw = raw_member(layout, row.warc_file, row.warc_offset, row.warc_length)
            parsed = parse_member(_inflate(raw))
        except (RecordError, OSError) as exc:
            raise StorageError(f"cannot export warc/{row.warc_file} at offset {row.warc_offset}: {exc} "
                               "(run archiver verify)") from None
        out.write(raw)
        line = cdxj_line(parsed, name, offset, len(raw))
        if line is not None:
            bundle.cdxj.append(line)
        offset += len(raw)
        bundle.records += 1
        if progress is not None:
            progress(done, len(records))
    bundle.bytes = offset
    return bundle


def _inflate(raw: bytes) -> bytes:
    import zlib

    try:
        return zlib.decompress(raw, zlib.MAX_WBITS | 16)
    except zlib.error as exc:
        raise RecordError(f"corrupt gzip data ({exc})") from None


def pages(session: Session, filters: Filters | None) -> list[dict[str, str]]:
    """``pages.jsonl`` entries: per selected article with a stored response, the URL replay finds it
    at, the time it was captured, its title, and its published and updated dates."""
    selection = latest_responses(session, filters)
    rows: dict[str, Any] = {}
    urls = [s.article_url for s in selection.sources]
    for start in range(0, len(urls), 500):
        chunk = urls[start:start + 500]
        for found in session.query(ArticleRow.url, ArticleRow.title, ArticleRow.date_text,
                                   ArticleRow.updated_text).filter(ArticleRow.url.in_(chunk)):
            rows[found.url] = found
    out = []
    for source in selection.sources:
        row = rows.get(source.article_url)
        entry = {"id": hashlib.sha256(source.article_url.encode("utf-8")).hexdigest()[:32],
                 "url": source.target_uri,
                 "ts": source.captured.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "title": (row.title if row is not None else None) or source.article_url}
        if row is not None and row.date_text:
            entry["date"] = row.date_text
        if row is not None and row.updated_text:
            entry["updated"] = row.updated_text
        out.append(entry)
    return out


def _zip_entry(name: str, when: datetime, stored: bool = False) -> zipfile.ZipInfo:
    stamp = max(when.astimezone(UTC), datetime(1980, 1, 1, tzinfo=UTC))
    entry = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


def write_wacz(session: Session, layout: ArchiveLayout, filters: Filters | None, out: BinaryIO,
               when: datetime, title: str, progress: Progress | None = None) -> Bundle:
    """A WACZ package of the selected articles (see the module doc) written to ``out``."""
    warc = io.BytesIO()
    bundle = write_warc(session, layout, filters, warc, WACZ_WARC, when, progress)
    files: list[tuple[str, bytes, bool]] = [
        (f"archive/{WACZ_WARC}", warc.getvalue(), True),
        ("indexes/index.cdx", "".join(line + "\n" for line in sorted(bundle.cdxj)).encode("utf-8"), False),
        ("pages/pages.jsonl", "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in
                                      [PAGES_HEADER, *pages(session, filters)]).encode("utf-8"), False),
    ]
    resources = [{"name": path.rsplit("/", 1)[1], "path": path,
                  "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                 for path, data, _stored in files]
    created = format_timestamp(when.astimezone(UTC).replace(microsecond=0))
    package = {"profile": "data-package", "wacz_version": WACZ_VERSION, "title": title, "created": created,
               "modified": created, "software": SOFTWARE, "resources": resources}
    package_data = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_data).hexdigest()}
    files += [("datapackage.json", package_data, False),
              ("datapackage-digest.json", (json.dumps(digest, indent=2) + "\n").encode("utf-8"), False)]
    with zipfile.ZipFile(out, "w") as archive:
        for path, data, stored in files:
            archive.writestr(_zip_entry(path, when, stored), data)
    return bundle
