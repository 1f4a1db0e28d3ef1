"""SQLite extras of the archive: in-place upgrades, a trigram index for scripts written without
spaces, views for the common joins (Datasette shows them as tables), and a read-only connection
for ad-hoc SQL.

The word index (``articles_fts``, unicode61 with diacritics folded) finds words. Chinese, Japanese,
Thai, Lao, Khmer and Myanmar text has no spaces between words, so unicode61 sees a whole run of it
as one token; the trigram index covers exactly the articles that contain such text and finds any
substring of three characters or more in them.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from crawler.kernel.errors import StorageError, UsageError

from .schema import FTS_COLUMNS, Article, ensure_fts

#: Bumped when the database layout changes; older archives are upgraded when opened.
SCHEMA_VERSION = 2
TRIGRAM_TABLE = "articles_trigram"
#: Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK (ext. A and base).
UNSPACED_SCRIPTS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
UNSPACED = re.compile(f"[{UNSPACED_SCRIPTS}]")
UNSPACED_GLOB = f"*[{UNSPACED_SCRIPTS}]*"

_JSON_TERMS = ("(SELECT json_group_array(name) FROM (SELECT v.name FROM article_{plural} x "
               "JOIN {plural} v ON v.id = x.{name}_id WHERE x.article_id = a.id ORDER BY x.position))")
#: View name -> SELECT. List columns are JSON arrays in page order (Datasette facets them with _facet_array).
VIEWS: dict[str, str] = {
    "articles_with_tags": (
        "SELECT a.id, a.url, s.host AS site, a.title, a.date, a.updated, a.description, a.language, "
        "a.status, (SELECT json_group_array(name) FROM (SELECT au.name FROM article_authors x "
        "JOIN authors au ON au.id = x.author_id WHERE x.article_id = a.id ORDER BY x.position)) AS authors, "
        + ", ".join(_JSON_TERMS.format(plural=p, name=n) + f" AS {p}"
                    for p, n in (("tags", "tag"), ("categories", "category"), ("keywords", "keyword")))
        + " FROM articles a LEFT JOIN sites s ON s.id = a.site_id"
    ),
    "related_links": (
        "SELECT l.id, l.from_article_id, f.url AS from_url, f.title AS from_title, l.position, l.anchor, "
        "l.to_url, t.id AS to_article_id, t.title AS to_title FROM links l "
        "JOIN articles f ON f.id = l.from_article_id LEFT JOIN articles t ON t.url = l.to_url"
    ),
    "link_counts": (
        "SELECT a.id, a.url, a.title, s.host AS site, "
        "(SELECT count(DISTINCT l.from_article_id) FROM links l WHERE l.to_url = a.url "
        "AND l.from_article_id != a.id) AS backlinks, "
        "(SELECT count(*) FROM links l WHERE l.from_article_id = a.id) AS outgoing "
        "FROM articles a LEFT JOIN sites s ON s.id = a.site_id"
    ),
    "articles_per_month": (
        "SELECT substr(a.date, 1, 7) AS month, s.host AS site, count(*) AS articles FROM articles a "
        "LEFT JOIN sites s ON s.id = a.site_id WHERE a.date IS NOT NULL GROUP BY month, site"
    ),
}

#: Covering indexes for the filters by tag, category and author: the ids of a term's articles come
#: from the index alone (the tables' own indexes on the term id need a row lookup per article).
COVERING_INDEXES: dict[str, tuple[str, str]] = {
    "ix_article_tags_cover": ("article_tags", "tag_id, article_id"),
    "ix_article_categories_cover": ("article_categories", "category_id, article_id"),
    "ix_article_authors_cover": ("article_authors", "author_id, article_id"),
}

#: Authorizer actions a read-only query may perform.
READ_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                          sqlite3.SQLITE_RECURSIVE})
#: Pragmas that only read.
READ_PRAGMAS = frozenset({"table_info", "table_xinfo", "table_list", "index_list", "index_info",
                          "index_xinfo", "foreign_key_list", "database_list", "compile_options",
                          "function_list", "collation_list", "data_version", "schema_version",
                          "user_version", "page_count", "page_size", "freelist_count", "encoding"})
READ_ONLY_MESSAGE = "the archive is opened read-only here: only SELECT queries (WITH … SELECT too) run"
#: What SQLite says when the authorizer refuses a statement (VACUUM reports the second).
REFUSALS = frozenset({"not authorized", "authorization denied"})


def _unspaced(row: str) -> str:
    return "(" + " OR ".join(f"{row}.{c} GLOB '{UNSPACED_GLOB}'" for c in FTS_COLUMNS) + ")"


def trigram_ddl() -> list[str]:
    """The trigram index over the articles with unspaced text, and the triggers that keep exactly
    those rows in it. Its ``content`` is single-quoted on purpose: Datasette picks the index whose
    declaration says ``content="articles"``, which must be the word index."""
    t, cols = TRIGRAM_TABLE, ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    add = f"INSERT INTO {t}(rowid, {cols}) SELECT new.id, {new} WHERE {_unspaced('new')};"
    drop = f"INSERT INTO {t}({t}, rowid, {cols}) SELECT 'delete', old.id, {old} WHERE {_unspaced('old')};"
    return [
        f"CREATE VIRTUAL TABLE {t} USING fts5({cols}, content='articles', content_rowid='id', "
        "tokenize='trigram')",
        f"CREATE TRIGGER {t}_ai AFTER INSERT ON articles BEGIN {add} END",
        f"CREATE TRIGGER {t}_ad AFTER DELETE ON articles BEGIN {drop} END",
        f"CREATE TRIGGER {t}_au AFTER UPDATE OF {cols} ON articles BEGIN {drop} {add} END",
    ]


def _names(conn: Connection) -> set[str]:
    return set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())


def ensure_trigram(conn: Connection) -> bool:
    """Create (and fill) the trigram index if any part of it is missing; False when this SQLite
    has no trigram tokenizer."""
    t = TRIGRAM_TABLE
    names = {t, f"{t}_ai", f"{t}_ad", f"{t}_au"}
    present = _names(conn) & names
    if present == names:
        return True
    for name in sorted(present - {t}):
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    if t in present:
        conn.exec_driver_sql(f"DROP TABLE {t}")
    try:
        for statement in trigram_ddl():
            conn.exec_driver_sql(statement)
    except Exception as exc:  # noqa: BLE001 - an SQLite without the trigram tokenizer (< 3.34)
        if "tokenizer" in str(exc).lower():
            return False
        raise
    cols = ", ".join(FTS_COLUMNS)
    conn.exec_driver_sql(f"INSERT INTO {t}(rowid, {cols}) SELECT id, {cols} FROM articles a "
                         f"WHERE {_unspaced('a')}")
    return True


def ensure_views(conn: Connection, replace: bool = False) -> None:
    present = _names(conn)
    for name, select in VIEWS.items():
        if replace and name in present:
            conn.exec_driver_sql(f"DROP VIEW {name}")
        if replace or name not in present:
            conn.exec_driver_sql(f"CREATE VIEW {name} AS {select}")


def ensure_indexes(conn: Connection) -> None:
    """Create the covering indexes that are missing (nothing is written when none is)."""
    present = _names(conn)
    for name, (table_name, columns) in COVERING_INDEXES.items():
        if name not in present and table_name in present:
            conn.exec_driver_sql(f"CREATE INDEX {name} ON {table_name} ({columns})")


def add_missing_columns(conn: Connection) -> list[str]:
    """Columns the ``articles`` table gained since the archive was created, added in place."""
    have = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(articles)")}
    added = []
    for column in Article.__table__.columns:
        if column.name not in have:
            kind = column.type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE articles ADD COLUMN {column.name} {kind}")
            added.append(column.name)
    return added


def prepare_sqlite(conn: Connection) -> bool:
    """Bring an SQLite archive up to date (columns, full-text indexes, views); write nothing when
    it already is. Returns whether FTS5 is available."""
    version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
    upgrade = version < SCHEMA_VERSION
    if upgrade:
        add_missing_columns(conn)
    has_fts = ensure_fts(conn)
    if has_fts:
        ensure_trigram(conn)
    ensure_views(conn, replace=upgrade)
    ensure_indexes(conn)
    if upgrade:
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return has_fts


def has_trigram(conn: Any) -> bool:
    """Whether the archive has the trigram index (``conn``: SQLAlchemy connection or session)."""
    found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": TRIGRAM_TABLE})
    return found.first() is not None


def _authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None,
               _source: str | None) -> int:
    if action in READ_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in READ_PRAGMAS and (
            arg2 is None or (arg1 or "").lower() not in ("user_version", "schema_version")):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def readonly_connection(db_path: Path | str) -> sqlite3.Connection:
    """A connection to the archive file that can only read: opened read-only, ``query_only`` set,
    and an authorizer that refuses every statement but SELECT (so no ATTACH, no VACUUM INTO)."""
    path = Path(db_path)
    if not path.is_file():
        raise StorageError(f"no archive database at {str(path)!r}: run 'archiver crawl' first")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("PRAGMA query_only = 1")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open {str(path)!r} read-only: {exc}") from None
    conn.set_authorizer(_authorize)
    return conn


def explain_sql_error(exc: sqlite3.Error) -> UsageError:
    """A one-line :class:`UsageError` for a failed ad-hoc query."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if reason in REFUSALS or "readonly" in reason or "read-only" in reason:
        return UsageError(f"refused: {READ_ONLY_MESSAGE}")
    if "one statement at a time" in reason:
        return UsageError("give one SQL statement at a time")
    return UsageError(f"SQL error: {reason}")
