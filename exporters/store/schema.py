"""The index schema (SQLAlchemy 2 ORM).

Dates are stored as UTC (naive in the database, aware UTC when read back); a page date without a
zone is taken as UTC there, and ``date_text`` / ``updated_text`` keep it as the Markdown file writes
it (original offset, or none), so a file can be re-rendered byte for byte from the database.

The columns of an article's fields come from the field table (:mod:`crawler.kernel.fields`); an
archive's schema is created, and later changed, by numbered migrations
(:mod:`exporters.store.migrations`). Full-text search belongs to the search backend
(:mod:`exporters.search`); SQLite's connection settings and views to :mod:`exporters.store.sqlite`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine

from crawler.kernel import fields

URL_LEN = 2048
NAME_LEN = 500


class UTCDateTime(TypeDecorator):
    """A datetime stored as naive UTC and read back as aware UTC, on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    pass


#: Database types of the field table's column types.
SQL_TYPES: dict[str, TypeEngine[Any]] = {"text": Text(), "short": String(64), "int": Integer()}


class Site(Base):
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(NAME_LEN), unique=True)


class Author(Base):
    __tablename__ = "authors"
    # (name, url) once, a missing url included: NULLs differ in a plain unique constraint, so a
    # concurrent writer's INSERT … ON CONFLICT needs this index to see the same author
    __table_args__ = (UniqueConstraint("name", "url"),
                      Index("ux_authors_name_url", "name", func.coalesce(text("url"), ""), unique=True))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LEN))
    url: Mapped[str | None] = mapped_column(String(URL_LEN))
    avatar: Mapped[str | None] = mapped_column(Text)


def _field_column(name: str, sql: str, kind: str) -> list[Column[Any]]:
    """The ``articles`` columns of one field of :data:`~crawler.kernel.fields.FIELDS`."""
    if kind == fields.TIMESTAMP:
        return [Column(name, UTCDateTime), Column(f"{name}_text", String(64))]
    return [Column(name, SQL_TYPES[sql])]


def _article_columns() -> list[Column[Any]]:
    columns: list[Column[Any]] = [
        Column("id", Integer, primary_key=True),
        Column("url", String(URL_LEN), unique=True, nullable=False),  # canonical URL
        Column("site_id", ForeignKey("sites.id")),
    ]
    for f in fields.COLUMN_FIELDS:
        columns += _field_column(f.name, f.sql, f.store)
    columns += [
        Column("body_markdown", Text, default=""),
        Column("body_text", Text, default=""),
        Column("path", Text),  # the Markdown file
        Column("content_hash", String(64), nullable=False),
        Column("first_seen", UTCDateTime, nullable=False),
        Column("last_seen", UTCDateTime, nullable=False),
        Column("status", String(16), default="ok"),  # "ok" | "gone"
        Column("gone_at", UTCDateTime),
        Column("archived_at", UTCDateTime),  # the file's archived_at
        Column("file_hash", String(64)),  # what the file renders, archived_at aside
    ]
    return columns


#: One row per canonical URL; the article fields' columns come from the field table.
ARTICLES = Table("articles", Base.metadata, *_article_columns(),
                 Index("ix_articles_date", "date"), Index("ix_articles_site", "site_id"))


class Article(Base):
    __table__ = ARTICLES
    if TYPE_CHECKING:  # the columns every part of the store reads by name
        id: Mapped[int]
        url: Mapped[str]
        site_id: Mapped[int | None]
        title: Mapped[str | None]
        date: Mapped[datetime | None]
        updated: Mapped[datetime | None]
        description: Mapped[str | None]
        excerpt: Mapped[str | None]
        thumbnail: Mapped[str | None]
        language: Mapped[str | None]
        site_name: Mapped[str | None]
        path: Mapped[str | None]
        body_markdown: Mapped[str]
        body_text: Mapped[str]
        content_hash: Mapped[str]
        first_seen: Mapped[datetime]
        last_seen: Mapped[datetime]
        status: Mapped[str]
        gone_at: Mapped[datetime | None]
        date_text: Mapped[str | None]
        updated_text: Mapped[str | None]
        archived_at: Mapped[datetime | None]
        file_hash: Mapped[str | None]
        duplicate_of: Mapped[str | None]


class ArticleAuthor(Base):
    __tablename__ = "article_authors"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)


class Section(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("article_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str | None] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    markdown: Mapped[str] = mapped_column(Text)


class Link(Base):
    """One edge of the related-article graph: an entry of an article's related list."""

    __tablename__ = "links"
    __table_args__ = (UniqueConstraint("from_article_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    from_article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    to_url: Mapped[str] = mapped_column(String(URL_LEN), index=True)
    anchor: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class Run(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    start_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(32), default="running")
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Fetch(Base):
    """One HTTP exchange of a crawl. ``article_url`` is the archived article the page held; the
    ``warc_*`` columns point at the record of the answer in ``DATA/warc/`` (file name, byte offset and
    length of its gzip member) and ``payload_digest`` is that record's ``WARC-Payload-Digest``."""

    __tablename__ = "fetches"
    __table_args__ = (Index("ix_fetches_url_time", "url", "fetched_at"),
                      Index("ix_fetches_article", "article_url", "fetched_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"), index=True)
    url: Mapped[str] = mapped_column(String(URL_LEN))
    status: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    bytes: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)
    article_url: Mapped[str | None] = mapped_column(String(URL_LEN))
    warc_file: Mapped[str | None] = mapped_column(String(200))
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_length: Mapped[int | None] = mapped_column(Integer)
    payload_digest: Mapped[str | None] = mapped_column(String(100))


#: The columns the crawl added to ``fetches`` after version 0.1.0 (added by a migration).
FETCH_WARC_COLUMNS = ("article_url", "warc_file", "warc_offset", "warc_length", "payload_digest")


class Media(Base):
    """A downloaded image, stored by content hash; ``url`` is where it came from."""

    __tablename__ = "media"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_LEN), unique=True)
    path: Mapped[str] = mapped_column(Text)  # relative to the archive folder: media/ab/abcdef….jpg
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    bytes: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(200))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)


def _term_tables(name: str, plural: str) -> tuple[Table, Table]:
    """A normalised vocabulary table (``tags``) and its ordered association (``article_tags``)."""
    vocabulary = Table(
        plural, Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String(NAME_LEN), nullable=False, unique=True),
    )
    association = Table(
        f"article_{plural}", Base.metadata,
        Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{name}_id", ForeignKey(f"{plural}.id"), primary_key=True, index=True),
        Column("position", Integer, nullable=False),
    )
    return vocabulary, association


#: Singular names of the vocabularies (``article_tags.tag_id``).
TERM_SINGULAR = {"tags": "tag", "categories": "category", "keywords": "keyword"}
#: kind -> (vocabulary table, association table); association columns: article_id, <kind>_id, position.
TERMS: dict[str, tuple[Table, Table]] = {kind: _term_tables(TERM_SINGULAR.get(kind, kind), kind)
                                         for kind in fields.TERM_FIELDS}
