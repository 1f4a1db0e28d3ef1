"""Numbered schema migrations: how an archive's database gets to the layout this version writes.

The ``schema_migrations`` table lists the migrations an archive has had (number, name, when). On
opening, :func:`migrate`:

* creates a new, empty database at the latest layout directly (every table, the search backend's
  indexes) and records every migration as applied;
* finds an archive of version 0.1.0 or earlier (tables, but no ``schema_migrations``) and takes it
  as being at migration 1, after bringing it to 0.1.0's layout;
* applies, in order, each migration with a higher number than the archive's, each recorded in the
  same transaction as its changes;
* writes nothing at all when the archive is up to date (a read-only query stays read-only).

Everything runs in one transaction taken for writing before anything is read (SQLite: ``BEGIN
IMMEDIATE``), so two processes opening a new archive at once cannot both create it.

A small table of our own rather than Alembic: migrations are a few Python functions on a
SQLAlchemy connection that must run embedded (every command opens the archive), on SQLite and
PostgreSQL alike, without configuration files or a migration environment in the user's folder.
A migration must work on every archive reaching it, and be safe to run on one that already has
its change (columns are added only when missing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Column, Integer, String, Table, bindparam, insert, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from crawler.kernel import fields
from crawler.kernel.model import Article

from . import captures, clusters, history, runlog  # noqa: F401 - they declare tables on Base
from .records import load_records
from .schema import ARTICLES, FETCH_WARC_COLUMNS, ArticleAuthor, Author, Base, Fetch, UTCDateTime

SCHEMA_MIGRATIONS = Table(
    "schema_migrations", Base.metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", UTCDateTime, nullable=False),
)
BACKFILL_BATCH = 500


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    apply: Callable[[Connection], None]


def _columns(conn: Connection, table: str) -> set[str]:
    return {c["name"] for c in inspect(conn).get_columns(table)}


def add_columns(conn: Connection, table: Table, names: list[str]) -> list[str]:
    """Add the named columns of ``table`` (as the schema declares them) that the database lacks."""
    have = _columns(conn, table.name)
    added = []
    for name in names:
        if name not in have:
            kind = table.c[name].type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}")
            added.append(name)
    return added


#: Columns of ``articles`` that later migrations add empty (nothing to compute for stored articles).
#: Migrations that read whole rows with today's layout add them first (``add_columns`` skips them
#: afterwards), so they can run on an archive of any age.
EMPTY_COLUMNS = ["canonical_claim", "duplicate_of", "access", "access_reason"]


def backfill(conn: Connection, names: list[str]) -> None:
    """Compute derived columns (fields of the field table) for every stored article."""
    add_columns(conn, ARTICLES, EMPTY_COLUMNS)  # rows are read with today's layout
    getters = {f.name: f.get for f in fields.FIELDS if f.name in names}
    last = 0
    while True:
        rows = conn.execute(select(ARTICLES).where(ARTICLES.c.id > last).order_by(ARTICLES.c.id)
                            .limit(BACKFILL_BATCH)).all()
        if not rows:
            return
        changes = []
        for row in rows:
            article = fields.apply_row(Article(url=row.url), row)
            changes.append({"row_id": row.id, **{name: get(article) for name, get in getters.items()}})
        conn.execute(update(ARTICLES).where(ARTICLES.c.id == bindparam("row_id")), changes)
        last = rows[-1].id


# -- the migrations ------------------------------------------------------------------------------

def _v1_layout(conn: Connection) -> None:
    """The layout of version 0.1.0: archives made before it lack some tables and columns."""
    Base.metadata.create_all(conn, tables=[t for t in Base.metadata.sorted_tables
                                           if t.name in V1_TABLES], checkfirst=True)
    add_columns(conn, ARTICLES, ["date_text", "updated_text", "archived_at", "file_hash"])


def _word_count(conn: Connection) -> None:
    """``word_count`` and ``reading_time`` columns, computed for the articles already stored."""
    if add_columns(conn, ARTICLES, ["word_count", "reading_time"]):
        backfill(conn, ["word_count", "reading_time"])


def _revision_hashes(conn: Connection) -> None:
    """Revisions name changed fields by comparing per-field hashes, now made from the field table
    (authors with their avatars; url, site name and language tracked too): the latest revision of
    every article, which holds its current content, gets its hashes recomputed so the next version
    is compared field by field with what is stored."""
    revisions = cast(Table, history.Revision.__table__)
    latest = (select(revisions.c.article_id, revisions.c.id)
              .order_by(revisions.c.article_id, revisions.c.number.desc()))
    newest: dict[int, int] = {}
    for article_id, revision_id in conn.execute(latest):
        newest.setdefault(article_id, revision_id)
    ids = list(newest)
    add_columns(conn, ARTICLES, EMPTY_COLUMNS)  # records are read with today's layout
    with Session(bind=conn) as session:
        for start in range(0, len(ids), BACKFILL_BATCH):
            records = load_records(session, ids[start:start + BACKFILL_BATCH])
            changes = [{"rev_id": newest[r.id], "field_hashes": fields.field_hashes(r.article)}
                       for r in records]
            if changes:
                conn.execute(update(revisions).where(revisions.c.id == bindparam("rev_id")), changes)


def _canonical_claim(conn: Connection) -> None:
    """``canonical_claim``: a canonical URL an article's page declared but is not archived under
    (empty for the articles already stored)."""
    add_columns(conn, ARTICLES, ["canonical_claim"])


def _author_key(conn: Connection) -> None:
    """A unique index on (name, url or '') of ``authors``: writers running at once (several crawl
    processes on one PostgreSQL index) insert authors with ``ON CONFLICT DO NOTHING``, which a
    missing URL would slip past (NULLs differ in a unique constraint). Duplicates left by earlier
    versions are merged into the first row first."""
    authors = cast(Table, Author.__table__)
    links = cast(Table, ArticleAuthor.__table__)
    first: dict[tuple[str, str], int] = {}
    merge: dict[int, int] = {}
    for id_, name, url in conn.execute(select(authors.c.id, authors.c.name, authors.c.url)
                                       .order_by(authors.c.id)):
        key = (name, url or "")
        if key in first:
            merge[id_] = first[key]
        else:
            first[key] = id_
    for old, new in merge.items():
        conn.execute(update(links).where(links.c.author_id == old).values(author_id=new))
        conn.execute(authors.delete().where(authors.c.id == old))
    index = next(i for i in authors.indexes if i.name == "ux_authors_name_url")
    index.create(conn, checkfirst=True)


def _warc(conn: Connection) -> None:
    """WARC capture: each fetch's article and the WARC record of its answer (file, offset, length,
    payload digest), the catalogue of WARC records, and where each revision came from (a crawl or
    a re-parse of a stored response) and which parser made it."""
    fetches = cast(Table, Fetch.__table__)
    add_columns(conn, fetches, list(FETCH_WARC_COLUMNS))
    revisions = cast(Table, history.Revision.__table__)
    add_columns(conn, revisions, list(history.REVISION_ORIGIN_COLUMNS))
    catalogue = cast(Table, captures.WarcRecord.__table__)
    Base.metadata.create_all(conn, tables=[catalogue], checkfirst=True)
    for index in fetches.indexes:
        if "article_url" in index.columns:
            index.create(conn, checkfirst=True)


def _dupes(conn: Connection) -> None:
    """Republished copies: ``duplicate_of`` of articles, the MinHash signatures and their LSH bands,
    the clusters and their members. Stored articles have no signature yet: the next crawl (or
    ``archiver regroup``) places them."""
    add_columns(conn, ARTICLES, ["duplicate_of"])
    Base.metadata.create_all(conn, tables=[Base.metadata.tables[name] for name in clusters.TABLES],
                             checkfirst=True)


def _access(conn: Connection) -> None:
    """``access`` and ``access_reason``: whether the page showed its article (free, restricted,
    wall). Empty for the articles already stored: they were archived before it was checked."""
    add_columns(conn, ARTICLES, ["access", "access_reason"])


#: Tables of the 0.1.0 layout.
V1_TABLES = frozenset({"sites", "authors", "articles", "article_authors", "sections", "links", "runs",
                       "fetches", "media", "tags", "article_tags", "categories", "article_categories",
                       "keywords", "article_keywords", "revisions", "page_states", "run_reports"})

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "layout of version 0.1.0", _v1_layout),
    Migration(2, "word_count and reading_time", _word_count),
    Migration(3, "revision field hashes from the field table", _revision_hashes),
    Migration(4, "canonical_claim of articles", _canonical_claim),
    Migration(5, "authors keyed by name and url for concurrent writers", _author_key),
    Migration(6, "WARC pointers of fetches, the WARC record catalogue, revision origins", _warc),
    Migration(7, "republished copies: duplicate_of, signatures, LSH bands, clusters", _dupes),
    Migration(8, "access and access_reason of articles", _access),
)
LATEST = MIGRATIONS[-1].number


def applied_version(conn: Connection) -> int | None:
    """The archive's migration number; 0 for an archive made before migrations; None when empty."""
    tables = set(inspect(conn).get_table_names())
    if SCHEMA_MIGRATIONS.name in tables:
        return conn.scalar(select(SCHEMA_MIGRATIONS.c.version).order_by(SCHEMA_MIGRATIONS.c.version.desc())
                           .limit(1)) or 0
    return 0 if "articles" in tables else None


def _record(conn: Connection, migrations: list[Migration]) -> None:
    now = datetime.now(UTC)
    if migrations:
        conn.execute(insert(SCHEMA_MIGRATIONS), [{"version": m.number, "name": m.name, "applied_at": now}
                                                 for m in migrations])


def pending(conn: Connection) -> list[Migration] | None:
    """The migrations the archive lacks (None: a new database)."""
    version = applied_version(conn)
    if version is None:
        return None
    return [m for m in MIGRATIONS if m.number > version]


def migrate(conn: Connection, on_change: Callable[[Connection, bool], Any] | None = None) -> list[str]:
    """Bring the database behind ``conn`` (inside a write transaction) to the latest layout; returns
    the names of what was done. ``on_change(conn, created)`` runs after any change (the search
    backend's indexes, views)."""
    todo = pending(conn)
    if todo is None:
        Base.metadata.create_all(conn)
        _record(conn, list(MIGRATIONS))
        done = ["created"]
    else:
        if not todo:
            return []
        if SCHEMA_MIGRATIONS.name not in set(inspect(conn).get_table_names()):
            SCHEMA_MIGRATIONS.create(conn)
        for migration in todo:
            migration.apply(conn)
            _record(conn, [migration])
        done = [m.name for m in todo]
    if on_change is not None:
        on_change(conn, todo is None)
    return done
