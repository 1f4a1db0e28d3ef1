"""PostgreSQL specifics of the archive: the driver, advisory locks, the views, read-only SQL.

* :func:`engine_url`: ``postgresql://`` URLs use psycopg 3 (SQLAlchemy's default driver for the
  scheme is psycopg2, which the archiver does not depend on).
* Advisory locks: the schema is created or migrated by one process at a time
  (:data:`MIGRATION_LOCK`, taken inside the migration's transaction), and a crawl holds
  :data:`RUN_LOCK` for as long as it runs (:class:`AdvisoryLock`, on a connection of its own, so the
  server releases it the moment the crawl's process dies). Workers of one distributed crawl hold it
  shared; a crawl of its own holds it exclusively.
* The views of :mod:`.sqlite` in PostgreSQL's dialect (lists as JSON text, months with ``to_char``).
* :func:`run_readonly`: one statement in a read-only transaction that is rolled back.
"""

from __future__ import annotations

import hashlib
import os
import socket
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from crawler.kernel.errors import StorageError, UsageError

from .sqlite import READ_ONLY_MESSAGE, time_limit_message
from .sqlite import VIEWS as SQLITE_VIEWS

#: URL schemes that mean PostgreSQL without naming a driver.
PLAIN_SCHEMES = ("postgresql", "postgres")
#: SQLSTATEs worth running a transaction again for: deadlock, serialization failure, a unique key
#: taken by a concurrent writer between a look-up and an insert.
RETRY_STATES = frozenset({"40P01", "40001", "23505"})
#: SQLSTATE of a write attempted in a read-only transaction.
READ_ONLY_STATE = "25006"
CANCELED_STATE = "57014"  # query_canceled: a statement_timeout, or a cancel request
#: application_name prefix of the connection that holds a crawl's run lock (names the holder).
HOLDER_PREFIX = "archiver-run"


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for ``name``."""
    digest = hashlib.sha256(f"article-archiver:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


MIGRATION_LOCK = lock_key("schema")
RUN_LOCK = lock_key("run")


def engine_url(url: str) -> str:
    """``postgresql://…`` (or ``postgres://…``) with psycopg 3 as the driver; other URLs unchanged."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return url
    if parsed.drivername in PLAIN_SCHEMES:
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def is_postgres(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "postgresql"
    except (ArgumentError, ValueError):
        return False


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error (psycopg's, through SQLAlchemy's wrapper)."""
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def take_migration_lock(conn: Connection) -> None:
    """Wait for the schema lock; released when ``conn``'s transaction ends."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


# -- views ---------------------------------------------------------------------------------------

_JSON_TERMS = ("(SELECT coalesce(json_agg(v.name ORDER BY x.position), '[]'::json)::text "
               "FROM article_{plural} x "
               "JOIN {plural} v ON v.id = x.{name}_id WHERE x.article_id = a.id)")
#: The views of exporters.store.sqlite.VIEWS, written for PostgreSQL (same names and columns).
VIEWS: dict[str, str] = {
    "articles_with_tags": (
        "SELECT a.id, a.url, s.host AS site, a.title, a.date, a.updated, a.description, a.language, "
        "a.status, (SELECT coalesce(json_agg(au.name ORDER BY x.position), '[]'::json)::text "
        "FROM article_authors x JOIN authors au ON au.id = x.author_id "
        "WHERE x.article_id = a.id) AS authors, "
        + ", ".join(_JSON_TERMS.format(plural=p, name=n) + f" AS {p}"
                    for p, n in (("tags", "tag"), ("categories", "category"), ("keywords", "keyword")))
        + " FROM articles a LEFT JOIN sites s ON s.id = a.site_id"
    ),
    # plain SQL, the same on both databases
    "related_links": SQLITE_VIEWS["related_links"],
    "link_counts": SQLITE_VIEWS["link_counts"],
    "articles_per_month": (
        "SELECT to_char(a.date, 'YYYY-MM') AS month, s.host AS site, count(*) AS articles FROM articles a "
        "LEFT JOIN sites s ON s.id = a.site_id WHERE a.date IS NOT NULL GROUP BY 1, 2"
    ),
}


def ensure_views(conn: Connection, replace: bool = False) -> None:
    present = set(conn.execute(text("SELECT viewname FROM pg_views WHERE schemaname = current_schema()"))
                  .scalars())
    for name, select in VIEWS.items():
        if replace or name not in present:
            conn.exec_driver_sql(f"CREATE OR REPLACE VIEW {name} AS {select}")


# -- read-only SQL -------------------------------------------------------------------------------

def run_readonly(url: str, statement: str, limit: int | None, params: dict[str, Any] | None = None,
                 timeout: float | None = None) -> tuple[list[str], list[tuple[Any, ...]], bool]:
    """Run one statement in a read-only transaction that is rolled back: (columns, rows, truncated).
    ``:name`` parameters as in SQLite. Writes fail in the server (``cannot execute … in a read-only
    transaction``); the statement runs as a prepared statement, which holds exactly one, so a
    ``COMMIT; DELETE …`` cannot end the read-only transaction and write after it. ``timeout``:
    the transaction's ``statement_timeout`` in seconds (None: the server's); Ctrl-C cancels the
    statement in the server (the driver does) and raises KeyboardInterrupt."""
    engine = create_engine(engine_url(url), poolclass=NullPool)
    try:
        compiled = text(statement).compile(dialect=engine.dialect)
        values = {name: (params or {}).get(name) for name in compiled.params}
        missing = sorted(set(compiled.params) - set(params or {}))
        if missing:
            raise UsageError(f"SQL error: no value for the parameter :{missing[0]}")
        with engine.connect() as conn:
            raw: Any = conn.connection.driver_connection
            raw.read_only = True  # every transaction of this connection: BEGIN READ ONLY
            with raw.cursor() as cursor:
                try:
                    if timeout is not None:
                        cursor.execute("SELECT set_config('statement_timeout', %s, true)",
                                       (f"{max(1, round(timeout * 1000))}ms",))
                    cursor.execute(compiled.string, values, prepare=True)
                    columns = [d.name for d in cursor.description or ()]
                    rows = (cursor.fetchmany(limit + 1) if limit is not None else cursor.fetchall()) \
                        if cursor.description else []
                finally:
                    raw.rollback()
    except DBAPIError as exc:
        raise explain_error(exc, timeout) from None
    except SQLAlchemyError as exc:
        raise UsageError(f"SQL error: {str(exc).splitlines()[0]}") from None
    except Exception as exc:  # the driver's own errors, not wrapped by SQLAlchemy here
        if type(exc).__module__.startswith("psycopg"):
            raise explain_error(exc, timeout) from None
        raise
    finally:
        engine.dispose()
    truncated = limit is not None and len(rows) > limit
    return columns, [tuple(r) for r in (rows[:limit] if limit is not None else rows)], truncated


def explain_error(exc: BaseException, timeout: float | None = None) -> UsageError | StorageError:
    """One line for a failed ad-hoc query (a driver error, or SQLAlchemy's wrapper of one) that
    ran with the time limit ``timeout``."""
    orig = getattr(exc, "orig", exc)
    reason = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    state = sqlstate(exc)
    if state == CANCELED_STATE and timeout is not None and "statement timeout" in reason:
        return UsageError(time_limit_message(timeout))
    if state == READ_ONLY_STATE or "read-only transaction" in reason:
        return UsageError(f"refused: {READ_ONLY_MESSAGE}")
    if "multiple commands" in reason or "cannot insert multiple" in reason:
        return UsageError("give one SQL statement at a time")
    if state and state.startswith("08"):
        return StorageError(f"cannot reach the archive database: {reason}")
    return UsageError(f"SQL error: {reason}")


# -- the run lock --------------------------------------------------------------------------------

class AdvisoryLock:
    """A crawl's run lock on a PostgreSQL index: a session-level advisory lock held by a connection
    of its own (the server drops it when the connection ends, so also when the process is killed).
    ``shared``: workers of one distributed crawl hold it together; a crawl of its own holds it
    alone. The holding connection's ``application_name`` says who holds it (pid, job, host, since)."""

    def __init__(self, url: str, job: str | None = None, shared: bool = False) -> None:
        self.url = url
        self.job = job
        self.shared = shared
        self.engine: Engine | None = None
        self.conn: Connection | None = None

    def _holder_name(self) -> str:
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        mode = "shared" if self.shared else "alone"
        host = socket.gethostname()[:16]
        return f"{HOLDER_PREFIX} {os.getpid()} {mode} {since} {host} {self.job or '-'}"[:63]

    def acquire(self) -> bool:
        """Take the lock; False when another crawl holds it (nothing is kept open then)."""
        self.engine = create_engine(engine_url(self.url), poolclass=NullPool,
                                    connect_args={"application_name": self._holder_name()})
        try:
            conn = self.engine.connect()
            fn = "pg_try_advisory_lock_shared" if self.shared else "pg_try_advisory_lock"
            got = conn.execute(text(f"SELECT {fn}(:key)"), {"key": RUN_LOCK}).scalar()
            conn.commit()
        except SQLAlchemyError as exc:
            self.engine.dispose()
            self.engine = None
            raise StorageError(f"cannot take the archive lock in the database: "
                               f"{str(getattr(exc, 'orig', exc)).splitlines()[0]}") from None
        if not got:
            conn.close()
            self.engine.dispose()
            self.engine = None
            return False
        self.conn = conn
        return True

    def holders(self) -> list[dict[str, Any]]:
        """Who holds the run lock now (from the holders' application names)."""
        engine = create_engine(engine_url(self.url), poolclass=NullPool)
        try:
            with engine.connect() as conn:
                rows = conn.execute(text(
                    "SELECT a.application_name, a.client_addr FROM pg_locks l JOIN pg_stat_activity a "
                    "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database()) "
                    "AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint) = :key"),
                    {"key": RUN_LOCK}).all()
        except SQLAlchemyError:
            return []
        finally:
            engine.dispose()
        out = []
        for name, addr in rows:
            parts = (name or "").split(" ")
            if len(parts) >= 6 and parts[0] == HOLDER_PREFIX:
                out.append({"pid": int(parts[1]) if parts[1].isdigit() else None, "mode": parts[2],
                            "started_at": parts[3], "host": parts[4],
                            "job": None if parts[5] == "-" else parts[5]})
            else:
                out.append({"pid": None, "mode": "?", "started_at": None, "host": str(addr or "?"),
                            "job": None})
        return out

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()  # closing the session releases its advisory locks
            except SQLAlchemyError:
                pass
            self.conn = None
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
