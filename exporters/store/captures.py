"""The WARC catalogue: one row per record the crawl wrote to ``DATA/warc/``.

``warc_records`` says, for every record (``warcinfo``, ``request``, ``response``, ``revisit``,
``metadata``), which file holds it, at which byte offset, how long its gzip member is, its target
URI, date, type, HTTP status and payload digest. The crawl uses it to tell an unchanged answer
(the same payload digest as the URL's last stored response: a ``revisit`` record is written instead
of the body again); exports find the records of the articles they select without reading the WARC
files; ``archiver verify`` checks that every row resolves to the record it names.

Rows are written after the records they describe are on disk (the crawl syncs the WARC file first),
so a row never names a record that is not there; records written just before a crash may lack
their rows, which costs nothing but a response stored in full once more.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, cast

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Table, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .schema import URL_LEN, Base, Fetch, UTCDateTime

#: Record types that carry (or refer to) an HTTP answer.
ANSWERS = ("response", "revisit")


class WarcRecord(Base):
    __tablename__ = "warc_records"
    __table_args__ = (Index("ix_warc_records_uri", "target_uri", "id"),
                      Index("ix_warc_records_file", "warc_file", "warc_offset"))
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"), index=True)
    record_id: Mapped[str] = mapped_column(String(100))  # WARC-Record-ID, <urn:uuid:…>
    record_type: Mapped[str] = mapped_column(String(16))
    target_uri: Mapped[str | None] = mapped_column(String(URL_LEN))
    warc_date: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[int | None] = mapped_column(Integer)
    payload_digest: Mapped[str | None] = mapped_column(String(100))
    refers_to: Mapped[str | None] = mapped_column(String(100))  # a revisit's WARC-Refers-To
    warc_file: Mapped[str] = mapped_column(String(200))
    warc_offset: Mapped[int] = mapped_column(BigInteger)
    warc_length: Mapped[int] = mapped_column(Integer)


#: Keys of a catalogue row (what :func:`add_records` takes).
RECORD_FIELDS = tuple(c.name for c in WarcRecord.__table__.columns if c.name != "id")


def add_records(session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Append catalogue rows (keys as :data:`RECORD_FIELDS`); returns how many."""
    clean = [{k: row.get(k) for k in RECORD_FIELDS} for row in rows]
    if clean:  # one executemany: the ORM's bulk insert would split the rows by which values are None
        session.execute(insert(cast(Table, WarcRecord.__table__)), clean)
    return len(clean)


def last_responses(session: Session) -> dict[str, tuple[str, str, datetime]]:
    """Per target URI, the payload digest, record id and date of its latest ``response`` record:
    what an unchanged answer is a revisit of."""
    latest: dict[str, tuple[str, str, datetime]] = {}
    query = (select(WarcRecord.target_uri, WarcRecord.payload_digest, WarcRecord.record_id,
                    WarcRecord.warc_date)
             .where(WarcRecord.record_type == "response", WarcRecord.payload_digest.is_not(None))
             .order_by(WarcRecord.id))
    for uri, digest, record_id, when in session.execute(query):
        if uri and digest:
            latest[uri] = (digest, record_id, when)
    return latest


def records_of_uris(session: Session, uris: Iterable[str]) -> Iterator[WarcRecord]:
    """Every catalogued record whose target is one of ``uris`` (requests included), in file order."""
    uris = sorted(set(uris))
    found: list[WarcRecord] = []
    for start in range(0, len(uris), 500):
        found += session.scalars(select(WarcRecord).where(WarcRecord.target_uri.in_(uris[start:start + 500])))
    found.sort(key=lambda r: (r.warc_file, r.warc_offset))
    yield from found


def record_by_id(session: Session, record_id: str) -> WarcRecord | None:
    return session.scalars(select(WarcRecord).where(WarcRecord.record_id == record_id).limit(1)).first()


def fetched_urls(session: Session, article_urls: Iterable[str]) -> dict[str, set[str]]:
    """Per archived article, the URLs its pages were fetched from (its canonical URL included)."""
    urls = list(dict.fromkeys(article_urls))
    out: dict[str, set[str]] = {u: {u} for u in urls}
    for start in range(0, len(urls), 500):
        query = (select(Fetch.article_url, Fetch.url).distinct()
                 .where(Fetch.article_url.in_(urls[start:start + 500])))
        for article_url, url in session.execute(query):
            if article_url is not None:
                out[article_url].add(url)
    return out


def latest_responses(session: Session, article_urls: Iterable[str]) -> dict[str, Fetch]:
    """Per archived article, its latest fetch that answered 200 and has a WARC record: the page a
    re-parse reads (articles archived without WARC capture are missing)."""
    urls = list(dict.fromkeys(article_urls))
    out: dict[str, Fetch] = {}
    for start in range(0, len(urls), 500):
        query = (select(Fetch).where(Fetch.article_url.in_(urls[start:start + 500]), Fetch.status == 200,
                                     Fetch.warc_file.is_not(None))
                 .order_by(Fetch.fetched_at, Fetch.id))
        for fetch in session.scalars(query):
            if fetch.article_url is not None:
                out[fetch.article_url] = fetch
    return out
