"""The index schema (SQLAlchemy 2 ORM) and the SQLite specifics: pragmas, transactions, FTS5.

Dates are stored as UTC (naive in the database, aware UTC when read back); a page date without a
zone is taken as UTC there, and ``date_text`` / ``updated_text`` keep it as the Markdown file writes
it (original offset, or none), so a file can be re-rendered byte for byte from the database.

SQLite archives also get (see :mod:`exporters.sqlite_extras`): the FTS5 index, a trigram index for
scripts written without spaces, views for the common joins, and in-place upgrades of older archives.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
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
    event,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

URL_LEN = 2048
NAME_LEN = 500
FTS_TABLE = "articles_fts"
#: Columns of ``articles`` indexed for full-text search, in FTS column order.
FTS_COLUMNS = ("title", "description", "body_text")
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000",
                  "PRAGMA synchronous=NORMAL")


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


class Site(Base):
    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(NAME_LEN), unique=True)


class Author(Base):
    __tablename__ = "authors"
    __table_args__ = (UniqueConstraint("name", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LEN))
    url: Mapped[str | None] = mapped_column(String(URL_LEN))
    avatar: Mapped[str | None] = mapped_column(Text)


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_date", "date"), Index("ix_articles_site", "site_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(URL_LEN), unique=True)  # canonical URL
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    title: Mapped[str | None] = mapped_column(Text)
    date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated: Mapped[datetime | None] = mapped_column(UTCDateTime)
    description: Mapped[str | None] = mapped_column(Text)
    excerpt: Mapped[str | None] = mapped_column(Text)
    thumbnail: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(64))
    site_name: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)  # the Markdown file
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="ok")  # "ok" | "gone"
    gone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    date_text: Mapped[str | None] = mapped_column(String(64))  # as in the Markdown file
    updated_text: Mapped[str | None] = mapped_column(String(64))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the file's archived_at
    file_hash: Mapped[str | None] = mapped_column(String(64))  # what the file renders, archived_at aside


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
    __tablename__ = "fetches"
    __table_args__ = (Index("ix_fetches_url_time", "url", "fetched_at"),)
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


#: kind -> (vocabulary table, association table); association columns: article_id, <kind>_id, position.
TERMS: dict[str, tuple[Table, Table]] = {
    "tags": _term_tables("tag", "tags"),
    "categories": _term_tables("category", "categories"),
    "keywords": _term_tables("keyword", "keywords"),
}


def install_sqlite_hooks(engine: Engine) -> None:
    """Pragmas on every new connection, and real BEGINs so a batch is one transaction."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver must not open transactions on its own
        cursor = dbapi_conn.cursor()
        try:
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")


def fts_ddl() -> list[str]:
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    delete_old = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert_new = f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({cols}, content=\"articles\", "
        f"content_rowid='id', tokenize='{FTS_TOKENIZER}')",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON articles BEGIN {insert_new} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON articles BEGIN {delete_old} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF {cols} ON articles "
        f"BEGIN {delete_old} {insert_new} END",
    ]


def ensure_fts(conn: Connection) -> bool:
    """Create the FTS5 index and its sync triggers if any is missing or was declared the old way
    (then refill the index from the table); False when this SQLite has no FTS5."""
    names = {FTS_TABLE} | {f"{FTS_TABLE}_{suffix}" for suffix in ("ai", "ad", "au")}
    found = dict(conn.execute(text("SELECT name, sql FROM sqlite_master")).all())
    current = f'content="{Article.__tablename__}"' in (found.get(FTS_TABLE) or "")
    if names <= set(found) and current:
        return True  # nothing to write: an archive opened for reading stays untouched
    try:
        if FTS_TABLE in found and not current:  # an older declaration: Datasette cannot see it
            for name in sorted(names - {FTS_TABLE}):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            conn.exec_driver_sql(f"DROP TABLE {FTS_TABLE}")
        for statement in fts_ddl():
            conn.exec_driver_sql(statement)
    except OperationalError as exc:
        if "fts5" in str(exc.orig).lower():
            return False
        raise
    # something was missing, so the index may lag behind the table: refill it
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return True
