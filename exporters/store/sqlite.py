"""SQLite specifics of the archive: connection settings and real transactions, the views for the
common joins (Datasette shows them as tables), covering indexes, and a read-only connection for
ad-hoc SQL."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine

from crawler.kernel.errors import StorageError, UsageError

#: How long a write waits for another connection's write lock before failing (milliseconds).
BUSY_TIMEOUT_MS = 10000
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                  f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}", "PRAGMA synchronous=NORMAL")

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


def _names(conn: Connection) -> set[str]:
    return set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())


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


class QueryGuard:
    """Stops a query on a connection once ``timeout`` seconds have passed (None: never) or on
    Ctrl-C. SQLite runs a query in C, where Python's handlers run only when SQLite calls back into
    Python: a progress handler called every few thousand steps of SQLite's engine checks the clock
    and a flag that Ctrl-C sets (a SIGINT handler of its own while the guard is entered, in the
    main thread), and stops the statement, which then fails with ``interrupted``. :meth:`check`
    turns that into the right error. Use it as a context manager around the query."""

    STEPS = 10_000  # engine steps between checks: about a millisecond of work

    def __init__(self, conn: sqlite3.Connection, timeout: float | None) -> None:
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.timed_out = self.interrupted = False
        self._installed = False
        self._previous: Any = None
        conn.set_progress_handler(self._stop, self.STEPS)

    def __enter__(self) -> QueryGuard:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_interrupt)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:  # the previous handler may be None (one not set from Python): restored too
            signal.signal(signal.SIGINT, self._previous if self._previous is not None else signal.SIG_DFL)
            self._installed = False

    def _on_interrupt(self, _signum: int, _frame: object) -> None:
        self.interrupted = True

    def _stop(self) -> int:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.timed_out = True
        return int(self.timed_out or self.interrupted)

    def check(self, exc: sqlite3.Error) -> None:
        """Raise what stopped the query that failed with ``exc``: KeyboardInterrupt, or a
        :class:`UsageError` naming the time limit. Nothing when it failed for another reason."""
        if self.interrupted or (str(exc) == "interrupted" and not self.timed_out):
            raise KeyboardInterrupt  # outside the main thread Ctrl-C reaches the handler itself
        if self.timed_out:
            raise UsageError(time_limit_message(self.timeout or 0))


def time_limit_message(timeout: float) -> str:
    return (f"the query ran past its time limit of {timeout:g} s and was stopped: narrow it, "
            "or give a longer --timeout (0: none)")


def explain_sql_error(exc: sqlite3.Error) -> UsageError:
    """A one-line :class:`UsageError` for a failed ad-hoc query."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if reason in REFUSALS or "readonly" in reason or "read-only" in reason:
        return UsageError(f"refused: {READ_ONLY_MESSAGE}")
    if "one statement at a time" in reason:
        return UsageError("give one SQL statement at a time")
    return UsageError(f"SQL error: {reason}")


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
        # a connection that reads, then writes (opening and migrating) takes the write lock first
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sqlite_immediate")
                             else "BEGIN")
