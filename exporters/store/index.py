"""The archive index: every article, its parts and the crawl history in one SQL database.

:class:`Index` is the store the crawl writes through (runs, fetches, articles, page states, media)
and the queries read from. SQLite first (WAL, foreign keys, full-text search); PostgreSQL as well,
for many crawl processes writing one index (:mod:`.postgres`); the tables work on any SQLAlchemy
backend. Opening it brings the database to the latest layout (:mod:`.migrations`; on PostgreSQL
under an advisory lock, so concurrent openers migrate once) and picks the search backend
(:mod:`exporters.search`). Writes are grouped: one transaction per batch of articles, so an
interrupted crawl never leaves half an article. On a database shared by concurrent writers every
write is an upsert keyed by its natural key, and a transaction that meets a deadlock or a key
taken meanwhile runs again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import CursorResult, Table, create_engine, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crawler.kernel.errors import ArchiveLocked, StorageError
from crawler.kernel.model import Article

from ..search import SearchBackend, backend_for, install_search
from . import ArchiveStore
from .captures import add_records, last_responses
from .failures import describe_url, error_reason, storage_error
from .history import CRAWL, PageState, save_page_states
from .migrations import migrate
from .postgres import RETRY_STATES, engine_url, is_postgres, sqlstate, take_migration_lock
from .postgres import ensure_views as ensure_pg_views
from .schema import ARTICLES, Fetch, Link, Media, Run
from .schema import Article as ArticleRow
from .sqlite import BUSY_TIMEOUT_MS, ensure_indexes, ensure_views, install_sqlite_hooks
from .upserts import upsert_statement
from .writer import BatchWriter, IdCache

T = TypeVar("T")
#: How often a write transaction runs again after a deadlock or a key taken by a concurrent writer.
WRITE_ATTEMPTS = 6
FETCH_FIELDS = frozenset(c.name for c in Fetch.__table__.columns) - {"id"}
MEDIA_FIELDS = ("url", "path", "sha256", "bytes", "content_type")


def _now() -> datetime:
    return datetime.now(UTC)


class Index:
    """The archive database. ``Index("sqlite:///data/archive.db")`` creates the schema if needed."""

    def __init__(self, url: str, lock_wait: float | None = None) -> None:
        """``lock_wait``: seconds to wait for another writer's lock while opening (SQLite; default
        the busy timeout of every write, 10 s)."""
        self.url = url
        where = describe_url(url)
        try:
            self.engine = create_engine(engine_url(url), pool_pre_ping=not url.startswith("sqlite"))
        except NoSuchModuleError:
            kind = url.split(":", 1)[0]
            raise StorageError(f"cannot open database {where}: unknown database kind {kind!r} "
                               "(expected e.g. sqlite:///data/archive.db)") from None
        except ImportError as exc:
            hint = " (pip install 'article-archiver[scale]')" if is_postgres(url) else ""
            raise StorageError(f"cannot open database {where}: its driver is not installed ({exc}){hint}"
                               ) from None
        except (ArgumentError, ValueError) as exc:
            raise StorageError(f"cannot open database {where}: {error_reason(exc)}") from None
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.is_postgres = self.engine.dialect.name == "postgresql"
        if self.is_sqlite:
            install_sqlite_hooks(self.engine)
        try:
            with self.engine.connect().execution_options(sqlite_immediate=True) as conn:
                self._busy_timeout(conn, lock_wait)
                with conn.begin():  # the write lock: another writer shows here, within lock_wait
                    if self.is_postgres:  # one opener at a time creates or migrates the schema
                        take_migration_lock(conn)
                    self.changes = migrate(conn, self._prepare)
                    # what may be missing in any archive (dropped by hand, an older SQLite): written only then
                    install_search(conn)
                    if self.is_sqlite:
                        ensure_indexes(conn)
                    self.search: SearchBackend = backend_for(conn)
                self._busy_timeout(conn, None if lock_wait is None else BUSY_TIMEOUT_MS / 1000)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            error = storage_error("open it", url, exc)
            if isinstance(error, ArchiveLocked):
                raise error from None
            raise StorageError(f"cannot open database {where}: {error_reason(exc)}") from None
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # writes take SQLite's write lock when they begin (BEGIN IMMEDIATE), so that two writers (the
        # crawl and its index writer, an operator's script) wait for each other instead of failing
        # when a read snapshot turns stale before the first write
        self.write_sessions = sessionmaker(self.engine.execution_options(sqlite_immediate=True),
                                           expire_on_commit=False)
        self._ids = IdCache()

    def _busy_timeout(self, conn: Connection, seconds: float | None) -> None:
        """How long this SQLite connection waits for another writer's lock (None: unchanged)."""
        if self.is_sqlite and seconds is not None:
            dbapi = conn.connection.dbapi_connection
            assert dbapi is not None
            dbapi.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")

    def _prepare(self, conn: Connection, created: bool) -> None:
        """After the layout changed: the views."""
        if self.is_sqlite:
            ensure_views(conn, replace=not created)
        elif self.is_postgres:
            ensure_pg_views(conn, replace=not created)

    @property
    def has_fts(self) -> bool:
        """Whether searches are answered by a ranked full-text index."""
        return self.search.ranked

    # -- plumbing ---------------------------------------------------------------------------

    def session(self) -> Session:
        """A new ORM session (the caller closes it)."""
        return self.sessions()

    @contextmanager
    def _transaction(self, what: str) -> Iterator[Session]:
        try:
            with self.write_sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise storage_error(what, self.url, exc) from None

    def write_transaction(self, what: str) -> Any:
        """A context manager: one write transaction (a session), committed at its end; database
        failures become :class:`StorageError` naming ``what``."""
        return self._transaction(what)

    def _write(self, what: str, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one write transaction; on a database shared by concurrent writers, run it
        again (a few times, after a short pause) when it meets a deadlock, a serialization failure or
        a unique key another writer took meanwhile."""
        attempts = 1 if self.is_sqlite else WRITE_ATTEMPTS
        for attempt in range(attempts):
            try:
                with self.write_sessions.begin() as session:
                    return work(session)
            except SQLAlchemyError as exc:
                self._ids.clear()  # ids cached during a rolled-back transaction may not exist
                if attempt + 1 < attempts and sqlstate(exc) in RETRY_STATES:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                raise storage_error(what, self.url, exc) from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs and fetches -------------------------------------------------------------------

    def start_run(self, start_urls: list[str], options: dict[str, Any]) -> int:
        run = Run(started_at=_now(), start_urls=list(start_urls), status="running",
                  options=json.loads(json.dumps(options or {}, default=str)), counts={})
        with self._transaction("record the run") as s:
            s.add(run)
            s.flush()
            return run.id

    def finish_run(self, run_id: int, status: str, counts: dict[str, Any]) -> None:
        values = {"finished_at": _now(), "status": status,
                  "counts": json.loads(json.dumps(counts or {}, default=str))}
        with self._transaction("record the run") as s:
            s.execute(update(Run).where(Run.id == run_id).values(**values))

    def record_fetches(self, rows: list[dict[str, Any]]) -> None:
        """Append fetch-history rows (keys as in the ``fetches`` table; others are ignored)."""
        clean = []
        for row in rows:
            item = {k: row.get(k) for k in FETCH_FIELDS}
            item["fetched_at"] = item["fetched_at"] or _now()
            clean.append(item)
        if clean:  # one executemany: the ORM's bulk insert would split the rows by which values are None
            with self._transaction("record fetches") as s:
                s.execute(insert(cast(Table, Fetch.__table__)), clean)

    def record_warc(self, rows: list[dict[str, Any]]) -> None:
        """Catalogue WARC records already on disk (keys as :data:`.captures.RECORD_FIELDS`)."""
        if rows:
            with self._transaction("record WARC records") as s:
                add_records(s, rows)

    def warc_state(self) -> dict[str, tuple[str, str, datetime]]:
        """Per URL, the payload digest, record id and date of its latest stored response."""
        with self.session() as s:
            return last_responses(s)

    def archived_at(self, url: str) -> datetime | None:
        """The ``archived_at`` the article's Markdown file carries (None: not archived)."""
        with self.session() as s:
            return s.scalar(select(ArticleRow.archived_at).where(ArticleRow.url == url))

    def duplicates(self) -> dict[str, str]:
        """Per republished copy, the URL of its canonical member (``duplicate_of``): a crawl renders
        a known copy's file with it, so an unchanged copy's file stays as it is."""
        with self.session() as s:
            rows = s.execute(select(ArticleRow.url, ArticleRow.duplicate_of)
                             .where(ArticleRow.duplicate_of.is_not(None)))
            return {url: canonical for url, canonical in rows if canonical}

    def stored_access(self, url: str) -> tuple[str | None, int] | None:
        """The stored article's access (None: archived before it was checked) and body word count;
        None when ``url`` is not archived."""
        with self.session() as s:
            row = s.execute(select(ARTICLES.c.access, ARTICLES.c.word_count)
                            .where(ARTICLES.c.url == url)).first()
        return (row[0], int(row[1] or 0)) if row is not None else None

    def known(self, url: str) -> dict[str, Any] | None:
        """What the archive knows about ``url`` for a conditional re-fetch: the article's status
        and content hash, and the validators of the last successful fetch."""
        with self.session() as s:
            row = s.execute(select(ArticleRow.id, ArticleRow.status, ArticleRow.content_hash,
                                   ArticleRow.last_seen).where(ArticleRow.url == url)).first()
            fetch = s.execute(
                select(Fetch.status, Fetch.etag, Fetch.last_modified, Fetch.content_hash, Fetch.fetched_at)
                .where(Fetch.url == url, Fetch.error.is_(None))
                .order_by(Fetch.fetched_at.desc(), Fetch.id.desc()).limit(1)
            ).first()
        if row is None and fetch is None:
            return None
        return {
            "url": url,
            "article_id": row.id if row else None,
            "status": row.status if row else None,
            "content_hash": (row.content_hash if row else None) or (fetch.content_hash if fetch else None),
            "last_seen": row.last_seen if row else None,
            "etag": fetch.etag if fetch else None,
            "last_modified": fetch.last_modified if fetch else None,
            "http_status": fetch.status if fetch else None,
            "fetched_at": fetch.fetched_at if fetch else None,
        }

    def mark_gone(self, urls: Iterable[str], at: datetime | None = None) -> int:
        """Flag archived articles that vanished from their site; returns how many changed."""
        urls = list(urls)
        if not urls:
            return 0
        urls = sorted(set(urls))
        when = at or _now()
        return self._write("mark articles gone", lambda s: cast(CursorResult[Any], s.execute(
            update(ArticleRow).where(ArticleRow.url.in_(urls), ArticleRow.status != "gone")
            .values(status="gone", gone_at=when))).rowcount or 0)

    def record_media(self, rows: list[dict[str, Any]]) -> None:
        """Remember downloaded images (keys: url, path, sha256, bytes, content_type, fetched_at);
        a URL already known gets the new copy's details."""
        rows = [{k: r.get(k) for k in MEDIA_FIELDS} | {"fetched_at": r.get("fetched_at") or _now()}
                for r in rows if r.get("url") and r.get("path")]
        if not rows:
            return
        latest = {r["url"]: r for r in rows}  # one row per URL: the last copy wins
        ordered = [latest[u] for u in sorted(latest)]

        def work(s: Session) -> None:
            stmt = upsert_statement(s, cast(Any, Media.__table__), ["url"], [*MEDIA_FIELDS[1:], "fetched_at"])
            if stmt is not None:
                s.execute(stmt, ordered)
                return
            known = set(s.scalars(select(Media.url).where(Media.url.in_(list(latest)))))
            fresh = [r for r in ordered if r["url"] not in known]
            if fresh:
                s.execute(insert(Media), fresh)
            for r in ordered:
                if r["url"] in known:
                    s.execute(update(Media).where(Media.url == r["url"]).values(**r))

        self._write("record images", work)

    def stored_media(self, url: str) -> tuple[str, str] | None:
        """(archive-relative path, sha256) of the stored copy of the image at ``url``, if any."""
        with self.session() as s:
            row = s.execute(select(Media.path, Media.sha256).where(Media.url == url)).first()
        return (row.path, row.sha256) if row is not None else None

    # -- re-crawl state ----------------------------------------------------------------------

    def recrawl_state(self) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]], dict[str, str]]:
        """What a re-crawl needs, in three queries: per fetched URL its last validators, check time and
        article URL; per live archived article its stored related links, in page order; per archived
        article its content hash."""
        pages: dict[str, dict[str, Any]] = {}
        links: dict[str, list[str]] = {}
        with self.session() as s:
            for row in s.execute(select(PageState.url, PageState.article_url, PageState.status,
                                        PageState.etag, PageState.last_modified, PageState.checked_at)):
                pages[row.url] = row._asdict()
            live = {id_: url for id_, url in s.execute(select(ArticleRow.id, ArticleRow.url)
                                                       .where(ArticleRow.status == "ok"))}
            links = {url: [] for url in live.values()}
            query = select(Link.from_article_id, Link.to_url).order_by(Link.from_article_id, Link.position)
            for article_id, to_url in s.execute(query):
                if article_id in live:
                    links[live[article_id]].append(to_url)
            hashes = dict(s.execute(select(ArticleRow.url, ArticleRow.content_hash)).all())
        return pages, links, hashes

    def save_page_states(self, rows: list[dict[str, Any]]) -> None:
        """Remember what each URL answered (keys as the ``page_states`` columns)."""
        if rows:
            self._write("record page states", lambda s: save_page_states(s, rows))

    def touch(self, urls: Iterable[str], at: datetime | None = None) -> int:
        """Articles confirmed unchanged (a 304): seen now, and live again if they were gone."""
        urls = list(urls)
        if not urls:
            return 0
        urls = sorted(set(urls))
        when = at or _now()
        return self._write("record unchanged articles", lambda s: cast(CursorResult[Any], s.execute(
            update(ArticleRow).where(ArticleRow.url.in_(urls))
            .values(last_seen=when, status="ok", gone_at=None))).rowcount or 0)

    # -- articles ---------------------------------------------------------------------------

    def upsert_articles(self, batch: list[tuple[Article, str | None, datetime]], run_id: int | None = None,
                        markdown: dict[str, str] | None = None, *, origin: str = CRAWL,
                        parser_version: str | None = None) -> list[str]:
        """Insert or update articles keyed by canonical URL, all in one transaction; returns
        ``"new"``, ``"updated"`` or ``"unchanged"`` for each, in order. A new or changed article gets a
        revision (with its Markdown from ``markdown``, keyed by canonical URL, when given), marked
        with ``origin`` (``crawl``, or ``reparse``: parsed again from a stored response, which
        says nothing of the site, so an article's last_seen and status stay as they are) and
        ``parser_version``."""
        if not batch:
            return []
        try:
            return self._write("store articles",
                               lambda s: BatchWriter(s, self._ids, run_id, markdown or {}, origin=origin,
                                                     parser_version=parser_version).upsert(batch))
        except BaseException:
            self._ids.clear()  # ids cached during a rolled-back transaction may not exist
            raise


if TYPE_CHECKING:  # the index is the store the crawl writes through
    _STORE: type[ArchiveStore] = Index
